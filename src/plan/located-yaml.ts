import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** A problem in a file, with where: printed as `file:line:col  /pointer  message`. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** JSON Pointer of the value concerned ('' for the whole document). */
  readonly pointer: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}  ${p.pointer || '/'}  ${p.message}`;
}

/** A YAML file parsed with positions, able to say where a JSON Pointer points. */
export class LocatedYaml {
  readonly file: string;
  readonly #doc: Document.Parsed;
  readonly #lines = new LineCounter();

  private constructor(file: string, text: string) {
    this.file = file;
    this.#doc = parseDocument(text, { lineCounter: this.#lines, prettyErrors: false, uniqueKeys: true });
  }

  /** Parses; YAML syntax errors come back as problems, not exceptions. */
  static parse(file: string, text: string): { yaml: LocatedYaml; value: unknown; problems: Problem[] } {
    const yaml = new LocatedYaml(file, text);
    const problems: Problem[] = yaml.#doc.errors.map((e) => {
      const pos = yaml.#lines.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, pointer: '', message: e.message.split('\n')[0]!, severity: 'error' };
    });
    let value: unknown = null;
    if (problems.length === 0) {
      try {
        value = yaml.#doc.toJS();
      } catch (e) {
        // e.g. an alias bomb: "Excessive alias count indicates a resource exhaustion attack".
        problems.push({ file, line: 1, column: 1, pointer: '', message: (e as Error).message, severity: 'error' });
      }
    }
    return { yaml, value, problems };
  }

  /**
   * Position of the node at `pointer`. With `key`, the position of that key inside the map
   * (for "unknown property" errors); otherwise the nearest existing ancestor's value.
   */
  locate(pointer: string, key?: string): { line: number; column: number } {
    const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = this.#doc.contents;
    let found: Node | null = (this.#doc.contents as Node | null) ?? null;
    for (const seg of segments) {
      const next = (node as { get?: (k: unknown, keep: boolean) => unknown } | null)?.get?.(
        /^\d+$/.test(seg) && !isMap(node) ? Number(seg) : seg,
        true,
      );
      if (next === undefined || next === null) break;
      node = next;
      found = next as Node;
    }
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      if (pair && isScalar(pair.key)) found = pair.key;
    }
    const offset = found?.range?.[0] ?? 0;
    const pos = this.#lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
}
