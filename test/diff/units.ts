import { createHash } from 'node:crypto';
import type { UnitRecord } from '../../src/diff/changeset.js';

export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A unit record as the cut or the hub would give it. */
export function rec(id: string, body: string, ordinal: number, heading = id): UnitRecord {
  return { id, path: id.replace(/^[A-Z]+-/, ''), ordinal, heading, body, sha256: sha(body) };
}

/**
 * A law with one unit per article, numbered in order as a real law is: the article's number is
 * part of its text, so inserting one shifts the number inside every later article's text too.
 */
export function law(contents: readonly string[], prefix = 'LAW'): UnitRecord[] {
  return contents.map((content, i) => rec(`${prefix}-D${i + 1}`, `Điều ${i + 1}. ${content}\n`, i + 1, `Điều ${i + 1}`));
}

/** The same law cut at clause level: an article heading unit, then one unit per clause. */
export function lawByClause(articles: readonly { title: string; clauses: readonly string[] }[], prefix = 'LAW'): UnitRecord[] {
  const out: UnitRecord[] = [];
  articles.forEach(({ title, clauses }, a) => {
    out.push(rec(`${prefix}-D${a + 1}`, `Điều ${a + 1}. ${title}\n`, out.length + 1));
    clauses.forEach((c, k) => out.push(rec(`${prefix}-D${a + 1}-K${k + 1}`, `${k + 1}. ${c}\n`, out.length + 1)));
  });
  return out;
}

/** Distinct, realistic-looking article texts. */
export function articleTexts(n: number): string[] {
  const topics = ['cổ đông', 'Hội đồng quản trị', 'Ban kiểm soát', 'vốn điều lệ', 'cổ phần', 'lợi nhuận', 'người lao động'];
  return Array.from({ length: n }, (_, i) =>
    `Quy định số ${i} về ${topics[i % topics.length]}: Công ty thực hiện nghĩa vụ ${i * 7 + 3} theo trình tự ${i % 11} và báo cáo ${topics[(i * 3) % topics.length]} trong thời hạn ${10 + (i % 20)} ngày.`);
}

export function kinds(entries: readonly { kind: string; id: string; fromId?: string }[]): string[] {
  return entries.map((e) => (e.kind === 'renumber' ? `${e.kind} ${e.fromId}→${e.id}` : `${e.kind} ${e.id}`));
}
