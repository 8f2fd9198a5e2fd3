import { Option } from 'commander';

export type Format = 'terminal' | 'markdown' | 'json';

export function formatOption(): Option {
  return new Option('--format <format>', 'output format').choices(['terminal', 'markdown', 'json']).default('terminal');
}
