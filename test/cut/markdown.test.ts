import { describe, expect, it } from 'vitest';
import { cut, lines, paths } from './support.js';

describe('markdown', () => {
  it('cuts ATX and setext headings by level, numbered or by position', () => {
    const text = lines(
      'Intro before any heading.',
      '',
      '# Handbook',
      '',
      '## 1. Scope',
      'Text.',
      '## 2. Terms',
      '### 2.1 Defined words',
      '### 2.2 Other words ##',
      'Annex',
      '=====',
      'Tables',
      '------',
      'More text.',
    );
    const { units } = cut(text, 'markdown');
    expect(units.map((u) => [u.path, u.level, u.heading])).toEqual([
      ['PREAMBLE', 'preamble', 'Preamble'],
      ['H1', 'h1', 'Handbook'],
      ['H1-S1', 'h2', '1. Scope'],
      ['H1-S2', 'h2', '2. Terms'],
      ['H1-S2-S1', 'h3', '2.1 Defined words'],
      ['H1-S2-S2', 'h3', '2.2 Other words'],
      ['H2', 'h1', 'Annex'],
      ['H2-H1', 'h2', 'Tables'],
    ]);
    // The setext heading starts at its text, not at the underline.
    expect(units[6]!.text).toBe('Annex\n=====\n');
  });

  it('does not take # lines in fenced or indented code, in a quote, or without a space, for headings', () => {
    const text = lines('# Title', '```sh', '# install', '```', '    # indented code', '#hashtag', '> # quoted', '## Next');
    expect(paths(text, 'markdown')).toEqual(['H1', 'H1-H1']);
  });

  it('stops at the unit level: h2 keeps h3 inside', () => {
    expect(paths(lines('# A', '## B', '### C', '## D'), 'markdown', 'h2')).toEqual(['H1', 'H1-H1', 'H1-H2']);
  });

  it('gives unnumbered and numbered siblings tokens that cannot collide', () => {
    expect(paths(lines('# Intro', '# 1 Scope', '# 2 Terms'), 'markdown')).toEqual(['H1', 'S1', 'S2']);
  });
});
