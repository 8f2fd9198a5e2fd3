import { describe, expect, it } from 'vitest';
import { applyChangeset } from '../../src/diff/apply-changeset.js';
import { isEmpty } from '../../src/diff/changeset.js';
import { diffUnits, SIMILARITY_THRESHOLD } from '../../src/diff/diff-units.js';
import { articleTexts, kinds, law, lawByClause, rec } from './units.js';

describe('diffUnits: each kind of change', () => {
  const existing = [
    rec('X-D1', 'Điều 1. Phạm vi\n', 1),
    rec('X-D2', 'Điều 2. Công ty phải lưu giữ sổ đăng ký cổ đông tại trụ sở chính.\n', 2),
    rec('X-D3', 'Điều 3. Hội đồng quản trị họp ít nhất mỗi quý một lần.\n', 3),
    rec('X-D4', 'Điều 4. Điều khoản chuyển tiếp.\n', 4),
  ];
  const candidate = [
    rec('X-D1', 'Điều 1. Phạm vi\n', 1),
    rec('X-D2', 'Điều 2. Công ty phải lưu giữ và công bố sổ đăng ký cổ đông tại trụ sở chính.\n', 2),
    rec('X-D3', 'Điều 3. Đại hội đồng cổ đông thường niên.\n', 3),
    rec('X-D4', 'Điều 4. Hội đồng quản trị họp ít nhất mỗi quý một lần.\n', 4),
    rec('X-D5', 'Điều 5. Hiệu lực thi hành.\n', 5),
  ];
  const cs = diffUnits(existing, candidate);

  it('reads as unchanged, change, add (new text under an old id), renumber and add', () => {
    expect(kinds(cs.entries)).toEqual([
      'unchanged X-D1',
      'change X-D2',
      'add X-D3',
      'renumber X-D3→X-D4',
      'retire X-D4',
      'add X-D5',
    ]);
    expect(cs.summary).toEqual({ add: 2, change: 1, renumber: 1, retire: 1, unchanged: 1, moved: 0 });
  });

  it('a renumber whose text differs only in its own number is 100% the same', () => {
    const r = cs.entries.find((e) => e.kind === 'renumber')!;
    expect(r.similarity).toBe(1);
    expect(r.before!.sha256).not.toBe(r.after!.sha256);
  });

  it('the old text of an id taken over by other text is not retired: it lives on under its new id', () => {
    expect(cs.entries.filter((e) => e.kind === 'retire').map((e) => e.id)).toEqual(['X-D4']);
    expect(applyChangeset(existing, cs)).toEqual(candidate);
  });

  it('retires a unit whose text is nowhere any more, in its place', () => {
    const r = diffUnits(existing, candidate.filter((u) => u.id !== 'X-D2'));
    expect(kinds(r.entries).slice(0, 3)).toEqual(['unchanged X-D1', 'retire X-D2', 'add X-D3']);
  });

  it('diff of a set with itself is empty', () => {
    const same = diffUnits(existing, existing);
    expect(isEmpty(same)).toBe(true);
    expect(same.summary).toEqual({ add: 0, change: 0, renumber: 0, retire: 0, unchanged: 4, moved: 0 });
  });
});

describe('diffUnits: the insertion storm', () => {
  it('one article inserted at the top of a law of 200 reads as 1 add + 200 renumbers', () => {
    const texts = articleTexts(200);
    const cs = diffUnits(law(texts), law(['Giải thích từ ngữ.', ...texts]));
    expect(cs.summary).toEqual({ add: 1, change: 0, renumber: 200, retire: 0, unchanged: 0, moved: 0 });
    expect(kinds(cs.entries).slice(0, 3)).toEqual(['add LAW-D1', 'renumber LAW-D1→LAW-D2', 'renumber LAW-D2→LAW-D3']);
    expect(cs.entries.at(-1)).toMatchObject({ kind: 'renumber', fromId: 'LAW-D200', id: 'LAW-D201', similarity: 1 });
    expect(cs.entries.every((e) => e.kind === 'add' || e.similarity === 1)).toBe(true);
  });

  it('also at clause level, where clause texts are identical and article headings differ by number', () => {
    const articles = articleTexts(50).map((t, i) => ({ title: `Chủ đề ${i}`, clauses: [t, `Thời hạn áp dụng quy định ${i}.`] }));
    const cs = diffUnits(lawByClause(articles), lawByClause([{ title: 'Mới', clauses: ['Quy định mới.'] }, ...articles]));
    expect(cs.summary).toMatchObject({ add: 2, change: 0, renumber: 150, retire: 0, unchanged: 0 });
    expect(kinds(cs.entries).slice(0, 4)).toEqual(['add LAW-D1', 'add LAW-D1-K1', 'renumber LAW-D1→LAW-D2', 'renumber LAW-D1-K1→LAW-D2-K1']);
  });

  it('an article inserted and another edited: the edited one is a renumber with its similarity', () => {
    const texts = articleTexts(30);
    const edited = [...texts];
    edited[9] = edited[9]!.replace('báo cáo', 'báo cáo bằng văn bản cho');
    const cs = diffUnits(law(texts), law(['Giải thích từ ngữ.', ...edited]));
    expect(cs.summary).toMatchObject({ add: 1, change: 0, renumber: 30, retire: 0 });
    const e = cs.entries.find((x) => x.id === 'LAW-D11')!;
    expect(e).toMatchObject({ kind: 'renumber', fromId: 'LAW-D10' });
    expect(e.similarity).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    expect(e.similarity).toBeLessThan(1);
  });

  it('a new text somewhat like the old text of its id does not take it from the edited article that moved on', () => {
    const old1 = 'Công ty thực hiện nghĩa vụ báo cáo tài chính hằng năm cho cổ đông trong thời hạn chín mươi ngày kể từ ngày kết thúc năm tài chính.';
    const new1 = 'Công ty thực hiện nghĩa vụ báo cáo tình hình quản trị cho cổ đông trong thời hạn ba mươi ngày kể từ ngày họp Đại hội đồng.';
    const cs = diffUnits(law([old1, 'Điều cuối.']), law([new1, old1.replace('chín mươi', 'một trăm hai mươi'), 'Điều cuối.']));
    // new D1 is 0.67 like old D1 (+0.1 for the same id), new D2 is 0.93 like it: D2 takes it.
    expect(kinds(cs.entries)).toEqual(['add LAW-D1', 'renumber LAW-D1→LAW-D2', 'renumber LAW-D2→LAW-D3']);
  });
});

describe('diffUnits: deletions, moves and order', () => {
  const texts = articleTexts(200);

  it('an article deleted in the middle, the rest renumbered: 1 retire shown in its place + 100 renumbers', () => {
    const cs = diffUnits(law(texts), law([...texts.slice(0, 99), ...texts.slice(100)]));
    expect(cs.summary).toMatchObject({ add: 0, change: 0, renumber: 100, retire: 1, unchanged: 99, moved: 0 });
    const at = cs.entries.findIndex((e) => e.kind === 'retire');
    expect(kinds(cs.entries.slice(at - 1, at + 2))).toEqual(['unchanged LAW-D99', 'retire LAW-D100', 'renumber LAW-D101→LAW-D100']);
  });

  it('a unit deleted in the middle with stable ids retires in its place', () => {
    const existing = [rec('A', 'one', 1), rec('B', 'two', 2), rec('C', 'three', 3)];
    const cs = diffUnits(existing, [rec('A', 'one', 1), rec('C', 'three', 2)]);
    expect(kinds(cs.entries)).toEqual(['unchanged A', 'retire B', 'unchanged C']);
  });

  it('a clause moved to another chapter (the chapter is in its id) is a renumber flagged as moved', () => {
    const existing = [rec('C1-A', 'alpha text', 1), rec('C1-B', 'bravo text', 2), rec('C2-C', 'charlie text', 3), rec('C3-D', 'delta text', 4)];
    const cs = diffUnits(existing, [rec('C1-A', 'alpha text', 1), rec('C2-C', 'charlie text', 2), rec('C3-D', 'delta text', 3), rec('C3-B', 'bravo text', 4)]);
    expect(kinds(cs.entries)).toEqual(['unchanged C1-A', 'unchanged C2-C', 'unchanged C3-D', 'renumber C1-B→C3-B']);
    expect(cs.entries.map((e) => e.moved ?? false)).toEqual([false, false, false, true]);
    expect(cs.summary.moved).toBe(1);
  });

  it('an article moved to another chapter keeping its number (article ids ignore chapters) is unchanged but moved', () => {
    const existing = law(texts.slice(0, 5));
    const moved = [existing[0]!, existing[2]!, existing[3]!, existing[1]!, existing[4]!].map((u, i) => ({ ...u, ordinal: i + 1 }));
    const cs = diffUnits(existing, moved);
    expect(cs.summary).toMatchObject({ unchanged: 5, moved: 1 });
    expect(cs.entries.filter((e) => e.moved).map((e) => e.id)).toEqual(['LAW-D2']);
    expect(isEmpty(cs)).toBe(false);
  });

  it('follows the ordinals, not the order the hub returned its rows in', () => {
    const existing = law(texts.slice(0, 20));
    const candidate = law(['Mới.', ...texts.slice(0, 10), ...texts.slice(11, 20)]);
    const shuffled = [...existing].reverse();
    expect(diffUnits(shuffled, candidate)).toEqual(diffUnits(existing, candidate));
  });
});

describe('diffUnits: same-id preference and ambiguity', () => {
  it('an edited clause stays a change of itself even when a retired look-alike is a little closer', () => {
    const body = 'Cổ đông có quyền tham dự và biểu quyết tại cuộc họp Đại hội đồng cổ đông theo quy định của pháp luật';
    const existing = [rec('K1', `1. ${body} trực tiếp.`, 1), rec('K2', `2. ${body} qua thư.`, 2)];
    // new K1 is 0.88 like old K1 (+0.1 for the same id) and 0.96 like old K2: K1 keeps it.
    const cs = diffUnits(existing, [rec('K1', `1. ${body} qua thư điện tử.`, 1)]);
    expect(kinds(cs.entries)).toEqual(['change K1', 'retire K2']);
  });

  it('identical texts under several ids pair in document order', () => {
    const existing = [rec('A', 'Bãi bỏ.', 1), rec('B', 'Bãi bỏ.', 2), rec('C', 'Khác.', 3)];
    const cs = diffUnits(existing, [rec('Z', 'Khác.', 1), rec('Y', 'Bãi bỏ.', 2), rec('X', 'Bãi bỏ.', 3)]);
    expect(kinds(cs.entries)).toEqual(['renumber C→Z', 'renumber A→Y', 'renumber B→X']);
  });

  it('texts that share few words are an add and a retire, not a renumber', () => {
    const cs = diffUnits([rec('A', 'Công ty phải lưu giữ sổ đăng ký cổ đông.', 1)], [rec('B', 'Hội đồng quản trị họp mỗi quý.', 1)]);
    expect(kinds(cs.entries)).toEqual(['retire A', 'add B']);
  });

  it('does not fail on duplicate candidate ids (the validate gate reports them)', () => {
    const cs = diffUnits([rec('A', 'một', 1)], [rec('A', 'một', 1), rec('A', 'hai', 2)]);
    expect(kinds(cs.entries)).toEqual(['unchanged A', 'add A']);
  });
});
