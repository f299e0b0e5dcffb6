/**
 * Columns that are a function of a category column (adult: `education-num` of `education`;
 * titanic: `class` of `pclass`, `alive` of `survived`, `embark_town` of `embarked`, `adult_male`
 * of `who`), found in the training rows and kept exactly: the model is fitted without the mapped
 * column, and generation reads it off the mapping (`MappedColumn`). A Gaussian copula blurs such
 * relations (titanic: `alive` agreed with `survived` in 75% of copula rows, `class` with `pclass`
 * in 76%; adult: `education-num` with `education` in 62%), which no reader of the data misses.
 *
 * Which columns: `from` is a category or boolean column whose every level present in the
 * training rows has at least `minGroupSize` rows (so each stored pair "level -> value" describes a
 * group, not a person); `column` is a category, boolean, integer or number column that takes one
 * value per level of `from` in every training row, is missing where `from` is and takes at least
 * two values. It may be missing for whole levels (gt's countrypops: `country_code_2` of
 * `country_name` is blank for Namibia, whose code "NA" reads as missing): such a level has no entry
 * in the mapping, and generation gives its rows a missing value. Columns are visited in table order: a column already mapped is not a
 * `from`, and a `from` is not mapped, so a 1:1 pair keeps its first column in the model.
 */
import type { MappedColumn } from '../blueprint/models';
import type { ColumnSpec } from '../blueprint/types';
import type { CategoricalColumn, Column, Table } from '../table';
import { dict } from '../util/dict';

/** The mapped columns of `table`, in table order of their `from` columns. */
export function findMappings(table: Table, specs: ColumnSpec[], minGroupSize: number): MappedColumn[] {
  const found: MappedColumn[] = [];
  const mapped = new Set<number>();
  const froms = new Set<number>();
  table.columns.forEach((from, f) => {
    if (from.storage !== 'categorical' || mapped.has(f) || !specs[f]?.distribution) return;
    const counts = new Int32Array(from.levels.length);
    for (let i = 0; i < from.codes.length; i++) if (from.codes[i] >= 0) counts[from.codes[i]]++;
    let present = 0;
    for (const c of counts) {
      if (c > 0 && c < minGroupSize) return;
      if (c > 0) present++;
    }
    if (present < 2) return;
    table.columns.forEach((col, c) => {
      if (c === f || mapped.has(c) || froms.has(c) || !specs[c]?.distribution) return;
      if (col.storage === 'text' || col.type === 'datetime') return;
      const values = mappingOf(from, col);
      if (!values) return;
      found.push({ column: col.name, from: from.name, values: describe(from, col, values) });
      mapped.add(c);
      froms.add(f);
    });
  });
  return found;
}

/**
 * The value of `col` for each level code of `from` (NaN: level absent), if `col` is a function of
 * `from` with at least two values, missing where `from` is and, for each level, in all of its rows or
 * in none; otherwise undefined. A level whose rows all miss `col` maps to NaN, as an absent one.
 * Categorical values are level codes of `col`.
 */
function mappingOf(from: CategoricalColumn, col: Column): Float64Array | undefined {
  const map = new Float64Array(from.levels.length).fill(NaN);
  // 0: level not seen yet, 1: seen with a value (in `map`), 2: seen missing.
  const state = new Uint8Array(from.levels.length);
  const codes = from.codes;
  const numeric = col.storage === 'numeric' ? col.values : undefined;
  const categorical = col.storage === 'categorical' ? col.codes : undefined;
  for (let i = 0; i < codes.length; i++) {
    const x = numeric ? numeric[i] : categorical![i] < 0 ? NaN : categorical![i];
    const level = codes[i];
    if (level < 0) {
      if (x === x) return undefined;
      continue;
    }
    const s = state[level];
    if (x !== x) {
      if (s === 1) return undefined;
      state[level] = 2;
      continue;
    }
    if (s === 0) {
      map[level] = x;
      state[level] = 1;
    } else if (s === 2 || map[level] !== x) return undefined;
  }
  let first = NaN;
  for (const v of map) {
    if (v !== v) continue;
    if (first !== first) first = v;
    else if (v !== first) return map;
  }
  return undefined;
}

/** The mapping as the blueprint writes it: level name -> value (a level name, or a number as read). */
function describe(from: CategoricalColumn, col: Column, map: Float64Array): Record<string, string | number> {
  const out: Record<string, string | number> = dict();
  for (let level = 0; level < map.length; level++) {
    const v = map[level];
    if (v !== v) continue;
    out[from.levels[level]] = col.storage === 'categorical' ? col.levels[v] : v;
  }
  return out;
}
