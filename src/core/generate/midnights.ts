import { RESOLUTION_MS, type Blueprint, type ColumnSpec } from '../blueprint/types';
import { quantilePoints } from './marginals';
import type { Column, NumericColumn, Table } from '../table';
import type { Plan } from './plan';

const DAY = RESOLUTION_MS.day;

/** The share of values at midnight that a datetime column's resolution gives by chance. */
function byChance(spec: ColumnSpec): number {
  return RESOLUTION_MS[spec.resolution ?? 'second'] / DAY;
}

/**
 * The share of a datetime column's values its marginal puts at midnight: the mass of its atoms
 * there (quantiles repeated at a midnight) and, of the rest, what its resolution gives midnight
 * by chance.
 */
function atMidnight(spec: ColumnSpec): number {
  const chance = byChance(spec);
  const points = quantilePoints(spec, spec.distribution);
  if (!points) return chance;
  const { p, q } = points;
  let atoms = 0;
  for (let i = 0; i + 1 < q.length; i++) if (q[i] === q[i + 1] && q[i] % DAY === 0) atoms += p[i + 1] - p[i];
  return atoms + (1 - atoms) * chance;
}

/**
 * Datetime columns with a `midnight` share m (an atom of their time of day, fit/marginals.ts): a
 * marginal read between quantiles puts values at any time of day, and keeps midnights only where
 * its quantiles repeat one; each generated value not at midnight moves to the start of its day
 * with probability q = (m - a) / (1 - a), a the share the marginal already puts there
 * (`atMidnight`), so that about m of the values sit there. A column generated as another one
 * plus a gap (a difference) moves no earlier than that one, so the order between them holds; a
 * sum's column is left as it is. Draws come from the block's stream after the plan's own, so a
 * block's rows still depend on its seed alone.
 */
export function withMidnights(blueprint: Blueprint, plan: Plan): Plan {
  const model = blueprint.model;
  const differences = model && model.kind !== 'augment' ? (model.differences ?? []) : [];
  const index = new Map(blueprint.columns.map((c, i) => [c.name, i] as const));
  const moves: { column: number; q: number; floor: number }[] = [];
  blueprint.columns.forEach((spec, c) => {
    const m = spec.midnight;
    if (spec.type !== 'datetime' || typeof m !== 'number' || !(m > 0)) return;
    const d = differences.find((x) => x.column === spec.name);
    if (d?.plus?.length) return;
    // A difference's column is its other column plus a gap, not a draw from its own marginal.
    const already = d ? byChance(spec) : atMidnight(spec);
    const q = Math.min(1, Math.max(0, (m - already) / (1 - already)));
    if (q > 0) moves.push({ column: c, q, floor: d ? (index.get(d.from) ?? -1) : -1 });
  });
  if (moves.length === 0) return plan;
  const wrap = (inner: Plan): Plan => ({
    generate(n, offset, rng): Table {
      const chunk = inner.generate(n, offset, rng);
      const columns: Column[] = chunk.columns.slice();
      for (const { column, q, floor } of moves) {
        const col = columns[column] as NumericColumn;
        const low = floor >= 0 ? (columns[floor] as NumericColumn).values : undefined;
        const values = Float64Array.from(col.values);
        for (let r = 0; r < values.length; r++) {
          const v = values[r];
          if (v !== v || v % DAY === 0 || rng.next() >= q) continue;
          const day = Math.floor(v / DAY) * DAY;
          const l = low ? low[r] : NaN;
          values[r] = l === l && day < l ? l : day;
        }
        columns[column] = { ...col, values };
      }
      return { rowCount: chunk.rowCount, columns };
    },
    ...(inner.condition ? { condition: (restriction) => wrap(inner.condition!(restriction)) } : {}),
  });
  return wrap(plan);
}
