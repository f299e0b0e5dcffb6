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
 * in the mapping, and generation gives its rows a missing value. A few rows may break it (typing
 * slips, at most `MAX_EXCEPTIONS` of the rows): each level's value is then the one most of its rows
 * hold, and every generated row follows it (`near` tells the caller the share that broke it). Columns are visited in table order: a column already mapped is not a
 * `from`, and a `from` is not mapped, so a 1:1 pair keeps its first column in the model.
 */
import type { MappedColumn } from '../blueprint/models';
import type { ColumnSpec } from '../blueprint/types';
import type { CategoricalColumn, Column, Table } from '../table';
import { dict } from '../util/dict';

/** A mapping that some training rows break, and the share of them. */
export interface NearMapping {
  column: string;
  from: string;
  exceptions: number;
}

/**
 * The mapped columns of `table`, in table order of their `from` columns; `near` receives the
 * ones that some rows break (their share), for the caller to tell.
 */
export function findMappings(
  table: Table,
  specs: ColumnSpec[],
  minGroupSize: number,
  near: NearMapping[] = [],
): MappedColumn[] {
  const found: MappedColumn[] = [];
  // Rows off each column's most common value, counted once, for the columns a near mapping needs.
  const offModes = new Map<number, number>();
  const offModeOf = (c: number): number => {
    let off = offModes.get(c);
    if (off === undefined) offModes.set(c, (off = offMode(table.columns[c])));
    return off;
  };
  const mapped = new Set<number>();
  const froms = new Set<number>();
  table.columns.forEach((from, f) => {
    if (from.storage !== 'categorical' || mapped.has(f) || !specs[f]?.distribution) return;
    const counts = new Int32Array(from.levels.length);
    for (let i = 0; i < from.codes.length; i++) if (from.codes[i] >= 0) counts[from.codes[i]]++;
    let present = 0;
    let rows = 0;
    for (const c of counts) {
      if (c > 0 && c < minGroupSize) return;
      if (c > 0) present++;
      rows += c;
    }
    if (present < 2) return;
    table.columns.forEach((col, c) => {
      if (c === f || mapped.has(c) || froms.has(c) || !specs[c]?.distribution) return;
      if (col.storage === 'text' || col.type === 'datetime') return;
      const fit = mappingOf(from, col, minGroupSize, rows, () => offModeOf(c));
      if (!fit) return;
      found.push({ column: col.name, from: from.name, values: describe(from, col, fit.map) });
      if (fit.exceptions > 0) near.push({ column: col.name, from: from.name, exceptions: fit.exceptions });
      mapped.add(c);
      froms.add(f);
    });
  });
  return found;
}

/** Most rows of all that may break a mapping: typing slips, not a second relation. */
export const MAX_EXCEPTIONS = 0.01;
/** Most rows of one level that may break it: a level split two ways is not a mapping. */
const MAX_LEVEL_EXCEPTIONS = 0.05;
/**
 * Most rows breaking it, as a share of the rows off the column's most common value: the mapping
 * must say nearly all a single value does not. A rare outcome (nhefs' diabetes, 0 in 94% of rows
 * and in most rows of every level of `hbp`) breaks a "mapping" in few rows only because it is
 * rare; slips between the values of a code (countrypops' codes) are a sliver of its spread.
 */
const MAX_UNEXPLAINED = 0.1;

/** Rows of `col` whose value (a blank counting as one) is not its most common one. */
function offMode(col: Column): number {
  const counts = new Map<number, number>();
  const n = col.storage === 'numeric' ? col.values.length : col.storage === 'categorical' ? col.codes.length : 0;
  for (let i = 0; i < n; i++) {
    const x = col.storage === 'numeric' ? col.values[i] : (col as CategoricalColumn).codes[i];
    const key = x === x ? x : -Infinity;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let mode = 0;
  for (const c of counts.values()) mode = Math.max(mode, c);
  return n - mode;
}

/**
 * The value of `col` for each level code of `from` (NaN: level absent or mapped to a blank), and
 * the share of rows whose value is another, if `col` follows `from`: for each level, one value
 * (or a blank) in all but `MAX_LEVEL_EXCEPTIONS` of its rows and in at least `minGroupSize`
 * rows, in all but `MAX_EXCEPTIONS` of the rows overall and `MAX_UNEXPLAINED` of `offMode` (the
 * rows off the column's most common value), fewer than `minGroupSize` rows holding a value no
 * level maps to (rare values are pooled before this, so such rows share one value), at least two
 * values, and missing wherever
 * `from` is; otherwise undefined. Categorical values are level codes of `col`.
 */
function mappingOf(
  from: CategoricalColumn,
  col: Column,
  minGroupSize: number,
  present: number,
  offMode: () => number,
): { map: Float64Array; exceptions: number } | undefined {
  const k = from.levels.length;
  const codes = from.codes;
  const numeric = col.storage === 'numeric' ? col.values : undefined;
  const categorical = col.storage === 'categorical' ? col.codes : undefined;
  const valueAt = (i: number): number => (numeric ? numeric[i] : categorical![i] < 0 ? NaN : categorical![i]);
  // Each level's majority value by Boyer-Moore's vote (a blank is the value -Infinity here), then
  // its count: one pass each, memory by level.
  const BLANK = -Infinity;
  const candidate = new Float64Array(k);
  const votes = new Int32Array(k);
  // Each lost vote pairs two rows of different values, at most one of them the level's majority:
  // past MAX_EXCEPTIONS of the rows in lost votes, more rows than that break any mapping, and the
  // pass stops (within the first rows for two unrelated columns, as the exact test did).
  const maxBroken = MAX_EXCEPTIONS * present;
  let lost = 0;
  for (let i = 0; i < codes.length; i++) {
    const level = codes[i];
    const x = valueAt(i);
    if (level < 0) {
      if (x === x) return undefined;
      continue;
    }
    const v = x === x ? x : BLANK;
    if (votes[level] === 0) {
      candidate[level] = v;
      votes[level] = 1;
    } else if (candidate[level] === v) votes[level]++;
    else {
      votes[level]--;
      if (++lost > maxBroken) return undefined;
    }
  }
  const rows = new Int32Array(k);
  const agree = new Int32Array(k);
  for (let i = 0; i < codes.length; i++) {
    const level = codes[i];
    if (level < 0) continue;
    const x = valueAt(i);
    rows[level]++;
    if ((x === x ? x : BLANK) === candidate[level]) agree[level]++;
  }
  const map = new Float64Array(k).fill(NaN);
  let broken = 0;
  let first = NaN;
  let several = false;
  for (let level = 0; level < k; level++) {
    if (rows[level] === 0) continue;
    const off = rows[level] - agree[level];
    if (off > MAX_LEVEL_EXCEPTIONS * rows[level] || agree[level] < minGroupSize) return undefined;
    broken += off;
    const v = candidate[level];
    if (v === BLANK) continue;
    map[level] = v;
    if (first !== first) first = v;
    else if (v !== first) several = true;
  }
  if (!several || broken > maxBroken || (broken > 0 && broken > MAX_UNEXPLAINED * offMode())) return undefined;
  if (broken > 0) {
    // A value that only the breaking rows hold would be lost from the synthetic column: a rare
    // outcome (12 diabetics among nhefs' rows), not a slip, once it is held by a group of rows.
    const mapped = new Set<number>();
    for (let level = 0; level < k; level++) if (rows[level] > 0) mapped.add(candidate[level]);
    let unmapped = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] < 0) continue;
      const x = valueAt(i);
      if (!mapped.has(x === x ? x : BLANK) && ++unmapped >= minGroupSize) return undefined;
    }
  }
  return { map, exceptions: present > 0 ? broken / present : 0 };
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
