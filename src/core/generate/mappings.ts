import type { MappedColumn } from '../blueprint/models';
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import { booleanWord } from '../expr';
import type { CategoricalColumn, Column } from '../table';
import { allowsLevel, allowsNumber, columnLevels, intersect } from './condition';
import { type ColumnRestriction, type Plan, type Restriction, withComputed } from './plan';
import { outputFor } from './marginals';

/**
 * Generation of a model's mapped columns (`MappedColumn`): the inner plan generates the table
 * without them, as the model was fitted, and each chunk gets every mapped column read off its
 * `from` column's levels, in the blueprint's column order. A level without an entry (a hand edit)
 * and a missing `from` give a missing value.
 */
export function withMappings(blueprint: Blueprint, compile: (blueprint: Blueprint) => Plan): Plan {
  const model = blueprint.model;
  const mappings = model && model.kind !== 'augment' ? (model.mappings ?? []) : [];
  const specOf = new Map(blueprint.columns.map((c) => [c.name, c]));
  const usable = mappings.filter((m) => {
    const from = specOf.get(m.from)?.type;
    const col = specOf.get(m.column)?.type;
    return (
      m.column !== m.from &&
      (from === 'category' || from === 'boolean') &&
      (col === 'category' || col === 'boolean' || col === 'integer' || col === 'number')
    );
  });
  if (usable.length === 0) return compile(blueprint);
  const byColumn = new Map<string, MappedColumn>();
  for (const m of usable) if (!byColumn.has(m.column)) byColumn.set(m.column, m);
  // A mapping from a mapped column (a hand edit the validator reports) reads nothing.
  for (const [name, m] of byColumn) if (byColumn.has(m.from)) byColumn.delete(name);
  const kept = blueprint.columns.filter((c) => !byColumn.has(c.name));
  const keptIndex = new Map(kept.map((c, i) => [c.name, i]));
  const inner = compile({ ...blueprint, columns: kept });
  const fills = blueprint.columns.map((spec) => {
    const m = byColumn.get(spec.name);
    return m ? filler(m, outputFor(spec), spec.type, keptIndex.get(m.from)!) : undefined;
  });
  const finish = withComputed(blueprint.columns, keptIndex, fills);
  return {
    ...finish(inner),
    // A restriction on a mapped column is one on the levels of its `from` column: exact.
    condition(restriction) {
      const columns = new Map(restriction.columns);
      for (const [name, m] of byColumn) {
        const r = columns.get(name);
        if (!r) continue;
        columns.delete(name);
        const fromSpec = specOf.get(m.from)!;
        const translated = fromRestriction(r, m, fromSpec, specOf.get(name)!);
        if (!translated) continue;
        const prev = columns.get(m.from);
        columns.set(m.from, prev ? intersect(prev, translated) : translated);
      }
      const pushed: Restriction = { ...restriction, columns };
      return finish(inner.condition ? inner.condition(pushed) : inner);
    },
  };
}

/** The levels of `from` whose mapped value meets `r` (undefined when the levels are not known). */
function fromRestriction(
  r: ColumnRestriction,
  m: MappedColumn,
  from: ColumnSpec,
  mapped: ColumnSpec,
): ColumnRestriction | undefined {
  const levels =
    from.distribution?.kind === 'categorical' ? Object.keys(from.distribution.probabilities) : columnLevels(from);
  if (!levels) return undefined;
  const numeric = mapped.type === 'integer' || mapped.type === 'number';
  const allowed = new Set<string>();
  for (const level of levels) {
    const v = Object.prototype.hasOwnProperty.call(m.values, level) ? m.values[level] : undefined;
    const ok =
      v === undefined
        ? r.missing
        : numeric
          ? typeof v === 'number' && allowsNumber(r, v)
          : allowsLevel(r, String(v), mapped.type === 'boolean');
    if (!ok) continue;
    if (from.type === 'boolean') {
      const b = booleanWord(level);
      if (b !== undefined) allowed.add(String(b));
    } else allowed.add(level);
  }
  return { column: from.name, missing: r.missing, levels: allowed, parts: r.parts };
}

function filler(
  m: MappedColumn,
  output: ReturnType<typeof outputFor>,
  type: string,
  from: number,
): (columns: Column[], n: number) => Column {
  const numeric = type === 'integer' || type === 'number';
  const levelCode = new Map(output.levels.map((l, i) => [l, i]));
  let cachedLevels: string[] | undefined;
  let table = new Float64Array(0);
  /** The mapped value (a number, or a level code of the output) of each level code of `from`. */
  const lookup = (levels: string[]): Float64Array => {
    if (levels === cachedLevels) return table;
    cachedLevels = levels;
    table = Float64Array.from(levels, (level) => {
      const v = Object.prototype.hasOwnProperty.call(m.values, level) ? m.values[level] : undefined;
      if (v === undefined) return NaN;
      if (numeric) return typeof v === 'number' ? v : NaN;
      return levelCode.get(String(v)) ?? NaN;
    });
    return table;
  };
  return (columns, n) => {
    const src = columns[from] as CategoricalColumn;
    const map = lookup(src.levels);
    const out = output.allocate(n);
    if (out.storage === 'numeric') {
      for (let i = 0; i < n; i++) out.values[i] = src.codes[i] < 0 ? NaN : map[src.codes[i]];
    } else if (out.storage === 'categorical') {
      for (let i = 0; i < n; i++) {
        const v = src.codes[i] < 0 ? NaN : map[src.codes[i]];
        out.codes[i] = v === v ? v : -1;
      }
    }
    return out;
  };
}
