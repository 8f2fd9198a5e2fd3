import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cut, lines } from './support.js';

describe('CutUnit: a handle whose derived fields come from the cut', () => {
  const text = lines('Lời nói đầu', 'Điều 1. Phạm vi', '1. Một;', 'a) x;', '2. Hai.', 'Điều 2. Đối tượng');
  const { units } = cut(text, 'vn-legal', 'point');

  it('reads every field of the unit it stands for', () => {
    const k1 = units.find((u) => u.id === 'X-D1-K1')!;
    expect([k1.path, k1.level, k1.ordinal, k1.parentId, k1.line, k1.column, k1.heading]).toEqual(['D1-K1', 'clause', 3, 'X-D1', 3, 1, 'Điều 1, khoản 1']);
    expect(k1.text).toBe(text.slice(k1.start, k1.end));
    expect(k1.text).toBe('1. Một;\n');
    expect(k1.sha256).toBe(createHash('sha256').update('1. Một;\n', 'utf8').digest('hex'));
    expect(k1.steps).toEqual([{ level: 'article', printed: '1', token: 'D1' }, { level: 'clause', printed: '1', token: 'K1' }]);
    expect(units[0]).toMatchObject({ id: 'X-PREAMBLE', path: 'PREAMBLE', level: 'preamble', heading: 'Preamble', parentId: null, line: 1, column: 1, start: 0 });
    expect(units[0]!.steps).toEqual([]);
    expect(units.at(-1)!.end).toBe(text.length);
  });

  it('cannot be changed through the returned array', () => {
    const result = cut(text, 'vn-legal', 'point');
    const before = JSON.stringify(result.units);
    (result.units as unknown[]).reverse();
    (result.units as unknown[]).pop();
    expect(JSON.stringify([...result.units].sort((a, b) => a.ordinal - b.ordinal))).toBe(JSON.stringify(JSON.parse(before).slice(1)));
    expect(result.units.find((u) => u.id === 'X-D2')!.text).toBe('Điều 2. Đối tượng\n');
  });

  it('serialises as the plain record, every field included', () => {
    const json = JSON.parse(JSON.stringify(units[2])) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['id', 'path', 'steps', 'level', 'ordinal', 'heading', 'parentId', 'start', 'end', 'line', 'column', 'text', 'sha256']);
    expect(json).toMatchObject({ id: 'X-D1-K1', text: '1. Một;\n', heading: 'Điều 1, khoản 1', ordinal: 3 });
    expect(JSON.parse(JSON.stringify(units)).map((u: { text: string }) => u.text).join('')).toBe(text);
  });
});
