import type { SegmentResult, Unit } from './unit.js';

/** What a cut amounts to, for `cutter cut` and reports. */
export interface CutSummary {
  readonly units: number;
  /** Units per level, in the order the levels first appear. */
  readonly levels: readonly { readonly level: string; readonly count: number }[];
  readonly errors: number;
  readonly warnings: number;
}

export function summarizeCut(result: SegmentResult): CutSummary {
  const counts = new Map<string, number>();
  for (const u of result.units) counts.set(String(u.level), (counts.get(String(u.level)) ?? 0) + 1);
  return {
    units: result.units.length,
    levels: [...counts].map(([level, count]) => ({ level, count })),
    errors: result.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: result.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

/** Depth of each unit in the document's tree (0 at the top), in unit order. */
export function unitDepths(units: readonly Unit[]): number[] {
  const depth = new Map<string, number>();
  return units.map((u) => {
    // A parent always comes before its children; with duplicate ids the first one counts.
    const d = u.parentId === null ? 0 : (depth.get(u.parentId) ?? -1) + 1;
    if (!depth.has(u.id)) depth.set(u.id, d);
    return d;
  });
}
