import type { Profile } from './profile.js';

/**
 * Vietnamese points run in the Vietnamese alphabet: a b c d đ e g h i k l m n o p q r s t u v x y.
 * `đ` becomes the ASCII token `dd` (ids must stay ASCII for the hub's keys and for URLs).
 */
export function pointToken(printed: string): string {
  return 'P' + printed.toLowerCase().replace(/đ/g, 'dd');
}

export const vnLegal: Profile = {
  name: 'vn-legal',
  defaultUnit: 'clause',
  rules: [
    {
      level: 'chapter',
      pattern: /^(?:Chương|CHƯƠNG)\s+([IVXLCDM]+|\d+)\b/u,
      parents: [],
      token: (n) => 'C' + n,
      // Article numbers run through the whole document, so chapters stay out of article ids.
      inPath: false,
      label: (n) => `Chương ${n}`,
    },
    {
      level: 'article',
      pattern: /^Điều\s+(\d+[a-z]?)\s*[.:]/u,
      parents: ['chapter'],
      token: (n) => 'D' + n,
      inPath: true,
      label: (n) => `Điều ${n}`,
    },
    {
      level: 'clause',
      pattern: /^(\d+)\.\s/u,
      parents: ['article'],
      token: (n) => 'K' + n,
      inPath: true,
      label: (n, parent) => `${parent ?? ''}, khoản ${n}`,
    },
    {
      level: 'point',
      pattern: /^([a-zđ])\)\s/u,
      parents: ['clause', 'article'],
      token: pointToken,
      inPath: true,
      label: (n, parent) => `${parent ?? ''}, điểm ${n}`,
    },
  ],
};
