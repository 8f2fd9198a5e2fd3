import type { MarkerRule, Profile } from './profile.js';

const LEVELS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

const lastComponent = (printed: string): string => printed.split('.').pop() ?? printed;

function headingRule(depth: number): MarkerRule {
  return {
    level: LEVELS[depth - 1]!,
    // An ATX heading of exactly `depth` hashes, then an optional section number ("## 2.3 Scope").
    pattern: new RegExp(`#{${depth}}(?!#)(?:[ \\t]+|(?=\\r|\\n|$))(?:(\\d{1,4}(?:\\.\\d{1,4})*)\\.?(?=[ \\t\\r\\n]|$))?`, 'uy'),
    starts: '#',
    parents: LEVELS.slice(0, depth - 1),
    topLevel: true,
    childIds: 'always',
    // A numbered heading keeps its own number (`S3` for "2.3"); an unnumbered one takes its
    // position among its siblings (`H2`). Different letters, so the two never collide.
    ordinalTokens: true,
    token: (printed, ordinal) => (printed === '' ? `H${ordinal}` : `S${lastComponent(printed)}`),
    value: (printed) => (printed === '' ? undefined : { n: Number(lastComponent(printed)), sub: 0 }),
    heading: 'line',
    label: (printed) => printed,
  };
}

/**
 * Plain Markdown: ATX (`#` … `######`) and setext (`===`, `---`) headings, one level each
 * (`h1` … `h6`); fenced code is never searched. Ids nest: `S2-S3` for "2.3" under "2",
 * `H1-H4` for the fourth heading under the first when headings carry no numbers.
 */
export const markdown: Profile = {
  name: 'markdown',
  defaultUnit: 'h6',
  lines: 'commonmark',
  setext: { '=': 'h1', '-': 'h2' },
  setextNumber: (title) => /^(\d{1,4}(?:\.\d{1,4})*)\.?(?=[ \t]|$)/u.exec(title)?.[1] ?? '',
  // `# comment` lines in a shell snippet are not headings, by CommonMark's own rules.
  warnInCode: false,
  inPlace: true,
  rules: LEVELS.map((_, i) => headingRule(i + 1)),
};
