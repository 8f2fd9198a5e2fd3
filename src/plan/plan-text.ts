import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** Plans and configurations are a few kilobytes; anything past this is a mistake or an attack. */
export const MAX_PLAN_BYTES = 1024 * 1024;

/** Deeper flow nesting than this is refused before the YAML parser sees it (it recurses). */
export const MAX_FLOW_DEPTH = 64;

/** Where a text problem is, before any YAML is parsed: 1-based like every Problem. */
export interface TextProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type PlanText = { readonly text: string; readonly problem?: undefined } | { readonly text?: undefined; readonly problem: TextProblem };

/**
 * Reads at most MAX_PLAN_BYTES + 1 bytes, whatever the file is (a FIFO, /dev/zero, a huge
 * file): the size is checked while reading, so nothing unbounded is ever held in memory.
 */
export function readPlanBytes(file: string, limit = MAX_PLAN_BYTES): { bytes: Buffer } | { error: NodeJS.ErrnoException } | { tooBig: true } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    return { error: e as NodeJS.ErrnoException };
  }
  try {
    if (fstatSync(fd).isDirectory()) return { error: Object.assign(new Error('is a directory'), { code: 'EISDIR' }) };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) return { tooBig: true };
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { error: e as NodeJS.ErrnoException };
  } finally {
    closeSync(fd);
  }
}

/**
 * Turns a plan file's bytes into text, or says what keeps it from being UTF-8 text: UTF-16, a
 * NUL byte, bytes that are not UTF-8 (textProblem then checks the text itself).
 * A leading UTF-8 byte order mark is allowed: YAML 1.2 permits it and Windows editors write it.
 */
export function decodePlanText(bytes: Buffer): PlanText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: { line: 1, column: 1, message: 'the file is UTF-16 text; save it as UTF-8' } };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, column } = positionOfByte(bytes, nul);
    // UTF-16 without a byte order mark shows up as a NUL beside every ASCII character.
    const looksUtf16 = nul <= 1 && bytes.length > 3 && (bytes[nul + 2] === 0 || bytes[1] === 0);
    return {
      problem: {
        line: looksUtf16 ? 1 : line, column: looksUtf16 ? 1 : column,
        message: looksUtf16 ? 'the file is UTF-16 text; save it as UTF-8' : 'the file holds a NUL byte: it is not a text file',
      },
    };
  }
  if (!isUtf8(bytes)) {
    // Everything before the first replacement character decoded cleanly, so its UTF-8 length
    // is the offset of the first bad byte.
    const decoded = bytes.toString('utf8');
    const bad = Math.max(0, decoded.indexOf('\ufffd'));
    const { line, column } = positionOfChar(decoded, bad);
    const byte = bytes[Buffer.byteLength(decoded.slice(0, bad))] ?? 0;
    return { problem: { line, column, message: `byte 0x${byte.toString(16).padStart(2, '0')} is not UTF-8; save the file as UTF-8` } };
  }
  const text = bytes.toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/**
 * What keeps a decoded text from being read as YAML within bounds: a byte order mark after the
 * start, a NUL, flow collections nested deeper than MAX_FLOW_DEPTH (the YAML parser recurses),
 * more than MAX_PLAN_BYTES of text.
 */
export function textProblem(text: string): TextProblem | undefined {
  if (text.length > MAX_PLAN_BYTES) return { line: 1, column: 1, message: `larger than ${MAX_PLAN_BYTES / 1024 / 1024} MiB: not a plan (a plan is a few lines of YAML)` };
  const bom = text.indexOf('\ufeff', 1);
  if (bom >= 0) {
    const { line, column } = positionOfChar(text, bom);
    return { line, column, message: 'a byte order mark (U+FEFF) in the middle of the file; remove it (files joined together?)' };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return { ...positionOfChar(text, nul), message: 'the text holds a NUL character: it is not a text file' };
  const deep = flowTooDeep(text);
  if (deep >= 0) {
    const { line, column } = positionOfChar(text, deep);
    return { line, column, message: `nested more than ${MAX_FLOW_DEPTH} levels deep; a plan needs only a few levels` };
  }
  return undefined;
}

/**
 * Index of the bracket that opens flow level MAX_FLOW_DEPTH + 1, or -1. A rough lexer in one
 * pass: it skips quoted scalars and comments, and in block context takes `[`/`{` for a flow
 * collection only where one can start (after `: `, `- `, `? `, or at a line start), so a `[` inside
 * a plain scalar is not counted.
 */
function flowTooDeep(text: string): number {
  let depth = 0;
  let lineStart = true;
  let prev = '\n';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\n') { lineStart = true; prev = c; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { prev = c; continue; }
    const canStart = depth > 0 || lineStart || ((prev === ' ' || prev === '\t') && /[:\-?]/.test(text[i - 2] ?? '\n'));
    lineStart = false;
    if (c === '#' && (prev === ' ' || prev === '\t' || prev === '\n')) {
      while (i < text.length && text[i] !== '\n') i += 1;
      i -= 1;
      continue;
    }
    if ((c === '"' || c === "'") && (canStart || depth > 0)) {
      i = endOfQuoted(text, i, c);
      prev = c;
      continue;
    }
    if ((c === '[' || c === '{') && canStart) {
      depth += 1;
      if (depth > MAX_FLOW_DEPTH) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth -= 1;
    }
    prev = c;
  }
  return -1;
}

function endOfQuoted(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i];
    if (quote === '"' && c === '\\') { i += 1; continue; }
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") { i += 1; continue; }
      return i;
    }
  }
  return text.length;
}

function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i += 1) {
    if (bytes[i] === 0x0a) { line += 1; lineStart = i + 1; }
  }
  // Columns count characters: continuation bytes of earlier characters on the line are skipped.
  let column = 1;
  for (let i = lineStart; i < offset; i += 1) if ((bytes[i]! & 0xc0) !== 0x80) column += 1;
  return { line, column };
}

function positionOfChar(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: index - lineStart + 1 };
}
