import { isCollection, isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLError, type YAMLMap } from 'yaml';

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

  /** Each map's keys, indexed on first use, so that locating n keys costs O(n), not O(n²). */
  readonly #keys = new WeakMap<YAMLMap, Map<string, Pair>>();

  private constructor(file: string, text: string) {
    this.file = file;
    // uniqueKeys is checked below in one pass: the yaml package's own check compares each key with
    // every earlier one (50,000 keys took 37 s).
    this.#doc = parseDocument(text, { lineCounter: this.#lines, prettyErrors: false, uniqueKeys: false });
  }

  /** Parses; YAML syntax errors come back as problems, not exceptions. */
  static parse(file: string, text: string): { yaml: LocatedYaml; value: unknown; problems: Problem[] } {
    const yaml = new LocatedYaml(file, text);
    const at = (offset: number, message: string): Problem => {
      const pos = yaml.#lines.linePos(offset);
      return { file, line: pos.line, column: pos.col, pointer: '', message, severity: 'error' };
    };
    // Warnings too: an unknown tag such as `!custom` would otherwise be read as a plain string.
    const reported = [...yaml.#doc.errors, ...yaml.#doc.warnings];
    // Deep nesting fails once per level on the way out: the first says it all.
    const exhausted = reported.find((e) => e.code === 'RESOURCE_EXHAUSTION');
    const problems: Problem[] = (exhausted ? [exhausted] : reported).map((e) => at(e.pos[0], yamlMessage(e)));
    if (problems.length === 0) problems.push(...yaml.#duplicateKeys().map((k) => at(k.offset, `Map keys must be unique; "${k.key}" is given twice`)));
    if (problems.length === 0 && (yaml.#doc.contents === null || (isScalar(yaml.#doc.contents) && yaml.#doc.contents.value === null))) {
      problems.push(at(0, 'the file is empty: it holds no YAML mapping (nothing but blank lines or comments)'));
    }
    let value: unknown = null;
    if (problems.length === 0) {
      try {
        value = yaml.#doc.toJS();
      } catch (e) {
        // e.g. an alias bomb: "Excessive alias count indicates a resource exhaustion attack".
        problems.push(at(0, (e as Error).message));
      }
    }
    return { yaml, value, problems };
  }

  /** Every key given twice in one map, with the offset of its second occurrence; one iterative pass. */
  #duplicateKeys(): { key: string; offset: number }[] {
    const found: { key: string; offset: number }[] = [];
    const pending: unknown[] = [this.#doc.contents];
    while (pending.length > 0) {
      const node = pending.pop();
      if (isPair(node)) {
        pending.push(node.value);
        continue;
      }
      if (!isCollection(node)) continue;
      if (isMap(node)) {
        const seen = new Set<string>();
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : null;
          if (key !== null && seen.has(key)) found.push({ key, offset: (pair.key as Node).range?.[0] ?? 0 });
          if (key !== null) seen.add(key);
        }
      }
      for (const item of node.items) pending.push(item);
    }
    return found.sort((a, b) => a.offset - b.offset);
  }

  #keyIndex(map: YAMLMap): Map<string, Pair> {
    let index = this.#keys.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
      this.#keys.set(map, index);
    }
    return index;
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
      const next = isMap(node)
        ? this.#keyIndex(node).get(seg)?.value
        : (node as { get?: (k: unknown, keep: boolean) => unknown } | null)?.get?.(/^\d+$/.test(seg) ? Number(seg) : seg, true);
      if (next === undefined || next === null) break;
      node = next;
      found = next as Node;
    }
    if (key !== undefined && isMap(node)) {
      const pair = this.#keyIndex(node).get(key);
      if (pair && isScalar(pair.key)) found = pair.key;
    }
    const offset = found?.range?.[0] ?? 0;
    const pos = this.#lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
}

/** The yaml package's messages, reworded where they speak to a programmer rather than to a plan's author. */
function yamlMessage(e: YAMLError): string {
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return 'a second YAML document starts here (after ---); a file holds one plan: remove the --- line or split the file';
    case 'RESOURCE_EXHAUSTION':
      return /call stack/i.test(e.message) ? 'nested too deeply for cutter to read; a plan needs only a few levels' : e.message.split('\n')[0]!;
    case 'TAG_RESOLVE_FAILED':
      return `${e.message.split('\n')[0]!}; plans use no YAML tags: remove it`;
    default:
      return e.message.split('\n')[0]!;
  }
}
