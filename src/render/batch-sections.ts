/**
 * Fits a head, one section per document and a tail under `cap` characters. Each section is
 * rendered with a share of what is left (`render(i, budget)` must stay within `budget`), so a
 * short document leaves room for the next; sections that cannot get a useful share are left out
 * and `leftOut` says how to see them.
 */
export function fitSections(
  head: string, count: number, render: (index: number, budget: number) => string, leftOut: (indexes: readonly number[]) => string, cap: number,
): string {
  const MIN_SECTION = 900;
  const RESERVE = 1_200;
  let body = head;
  const skipped: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const room = cap - body.length - RESERVE;
    const share = Math.floor(room / (count - i));
    if (share < MIN_SECTION) {
      skipped.push(i);
      continue;
    }
    body += render(i, share);
  }
  const tail = skipped.length > 0 ? leftOut(skipped) : '';
  const text = `${body}${tail}`;
  return text.length <= cap ? text : `${text.slice(0, cap - 60)}\n\n> (cut at ${cap.toLocaleString('en')} characters)\n`;
}
