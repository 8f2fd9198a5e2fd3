import type { Writable } from 'node:stream';
import { createLogUpdate } from 'log-update';
import { palette } from './changeset-terminal.js';
import { ProgressBoard, type DocumentProgress, type ProgressView } from './progress.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const TICK_MS = 120;

/**
 * On a terminal: one line per document (phase, units found, changes so far, elapsed), redrawn in
 * place as the run moves, left on screen as it last stood when the view closes.
 */
export function ttyProgress(stream: Writable, options: { color: boolean; title: string }): ProgressView {
  const c = palette(options.color);
  const board = new ProgressBoard(Date.now);
  // A pseudo-terminal without a size (script, some CI runners) reports 0 rows and columns, and
  // log-update would then draw nothing: fall back to a common size.
  const tty = stream as NodeJS.WriteStream;
  const sized = {
    isTTY: true,
    get columns(): number { return tty.columns > 0 ? tty.columns : 100; },
    get rows(): number { return tty.rows > 0 ? tty.rows : 40; },
    write: (chunk: string): boolean => tty.write(chunk),
  };
  const update = createLogUpdate(sized as unknown as NodeJS.WriteStream, { showCursor: false });
  let frame = 0;
  const line = (d: DocumentProgress, width: { doc: number; prefix: number }): string => {
    const mark = d.state === 'running' ? c.cyan(FRAMES[frame % FRAMES.length]!)
      : d.state === 'closed' ? c.green('✔') : d.state === 'paused' ? c.yellow('‖') : d.state === 'failed' ? c.red('✖') : d.state === 'excluded' ? c.dim('-') : c.dim('·');
    const where = d.state === 'paused' ? `at ${d.gate}` : d.state === 'failed' ? `failed in ${d.phase}` : d.state === 'closed' ? 'closed'
      : d.state === 'excluded' ? 'excluded' : d.state === 'running' ? `${d.phase}` : 'waiting';
    const units = d.units === null ? '' : `${d.units} units`;
    const changes = d.changes === null ? '' : `${d.changes} changes`;
    return `  ${mark} ${d.document.padEnd(width.doc)}  ${d.prefix.padEnd(width.prefix)}  ${where.padEnd(18)} ${units.padStart(11)}  ${changes.padStart(11)}  ${board.elapsed(d).padStart(6)}${d.code ? `  ${c.red(d.code)}` : ''}`;
  };
  const draw = (): void => {
    const docs = [...board.documents.values()];
    const width = { doc: Math.max(8, ...docs.map((d) => d.document.length)), prefix: Math.max(6, ...docs.map((d) => d.prefix.length)) };
    update([c.bold(`${options.title}${board.runId ? `  run ${board.runId}` : ''}`), ...visible(docs, sized.rows - 2).map((d) => (typeof d === 'string' ? c.dim(d) : line(d, width)))].join('\n'));
  };
  const timer = setInterval(() => {
    frame += 1;
    if ([...board.documents.values()].some((d) => d.state === 'running')) draw();
  }, TICK_MS);
  timer.unref();
  return {
    sink(e) {
      board.apply(e);
      draw();
    },
    close() {
      clearInterval(timer);
      if (board.documents.size > 0) draw();
      update.done();
    },
  };
}

/**
 * The documents that fit on the screen: all of them when they do; otherwise the moving and failed
 * ones first (what a person watches for), then as many others as fit, and one line counting the rest.
 */
export function visible(docs: readonly DocumentProgress[], room: number): (DocumentProgress | string)[] {
  if (docs.length <= room) return [...docs];
  const urgent = (d: DocumentProgress): boolean => d.state === 'running' || d.state === 'failed';
  const shown = [...docs.filter(urgent), ...docs.filter((d) => !urgent(d))].slice(0, Math.max(1, room - 1));
  const rest = docs.filter((d) => !shown.includes(d));
  const counts = new Map<string, number>();
  for (const d of rest) {
    const key = d.state === 'paused' ? `at ${d.gate}` : d.state;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = new Map(docs.map((d, i) => [d, i]));
  return [...shown.sort((a, b) => order.get(a)! - order.get(b)!), `  … and ${rest.length} more: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`];
}
