/**
 * Fresh values for a category's pooled rare level (`rareLevel`, fit/marginals.ts). The fit
 * merges the values seen in fewer than `privacy.minGroupSize` rows into one level ("other") so
 * that the blueprint names none of them; written as that one label, the rare rows become a value
 * the source never has, on a quarter of the rows of a column of pet names, and a classifier tells
 * them apart at once (../shared/tools/detect.py on openintro's seattlepets: 0.61). Instead each
 * such row gets a fresh value made like the column's other levels, which the blueprint already
 * lists: the rare rows are then many distinct values spread among the others, as in the source.
 *
 * Definition, from the listed levels other than the pooled one, each counted once (the rare values
 * are many distinct values, not the frequent ones again):
 * - lists (a separator `,` `;` `|` or `/` in at least LISTS of the levels: `IT,FR`, `en,fr`): a
 *   model of order 1 over the items, from a start mark each next item drawn with the frequency it
 *   follows the last one in the levels, until the end mark, at most one item longer than the
 *   longest level; a list holding an item twice is drawn again;
 * - else, and where no fresh list comes in `TRIES` draws: a model of order K = 3 over the
 *   characters, the same way (`Chasey` from `Charlie`, `Lucy`, `Daisy`).
 * A draw equal to a listed level, shorter than the shortest or longer than the longest, or made
 * already in the block (the source's rare values are mostly distinct) is drawn again, up to
 * `TRIES` times at each model (characters: orders 3, 2, then 1); then a value made already, and
 * failing that the pooled label itself. Draws come from the block's stream
 * after the plan's own, so a block's rows still depend on its seed alone, whatever the chunk,
 * process or shard (the plan contract).
 */
import type { Blueprint } from '../blueprint/types';
import type { Rng } from '../random';
import type { CategoricalColumn, Column, Table } from '../table';
import { FORMULA_LEAD } from './marginals';
import type { Plan } from './plan';

const ORDER = 3;
const TRIES = 32;
const START = '\u0002';
const END = '\u0003';

interface Model {
  /** Symbols that follow each context of `order` symbols (joined by JOIN), with cumulative counts. */
  next: Map<string, { symbols: string[]; cumulative: number[] }>;
  order: number;
}

/** Joins a context's symbols into a key (a character no level holds: a control character). */
const JOIN = '\u0001';

/** The model of order `order` of `sequences` (of characters, or of a list's items). */
function modelOf(sequences: readonly string[][], order: number): Model {
  const counts = new Map<string, Map<string, number>>();
  for (const sequence of sequences) {
    const symbols = [...new Array<string>(order).fill(START), ...sequence, END];
    for (let i = order; i < symbols.length; i++) {
      const context = symbols.slice(i - order, i).join(JOIN);
      let after = counts.get(context);
      if (!after) counts.set(context, (after = new Map()));
      after.set(symbols[i], (after.get(symbols[i]) ?? 0) + 1);
    }
  }
  const next = new Map<string, { symbols: string[]; cumulative: number[] }>();
  for (const [context, after] of counts) {
    const symbols = [...after.keys()];
    let total = 0;
    next.set(context, { symbols, cumulative: symbols.map((c) => (total += after.get(c)!)) });
  }
  return { next, order };
}

/** Characters that separate the items of a list in one value (`en,fr`, `Dachshund; Poodle`). */
const SEPARATORS = [',', ';', '|', '/'];
/** Least share of the levels holding a separator for the column to be read as lists of items. */
const LISTS = 0.2;

/**
 * A maker of fresh values in the manner of `levels` (none of them, nor `label`): see the module
 * comment. Undefined when no level is listed to learn from.
 */
export function freshValueMaker(
  levels: readonly string[],
  label: string,
): ((rng: Rng, used: Set<string>) => string) | undefined {
  const source = levels.filter((l) => l !== label && l.length > 0);
  if (source.length === 0) return undefined;
  const taken = new Set([...levels, label]);
  const lengths = source.map((l) => [...l].length);
  const shortest = Math.min(...lengths);
  const longest = Math.max(...lengths);
  const charSequences = source.map((l) => [...l]);
  const chars: Model[] = [];
  for (let k = ORDER; k >= 1; k--) chars.push(modelOf(charSequences, k));
  const separator = SEPARATORS.map((sep) => ({ sep, n: source.filter((l) => l.includes(sep)).length })).sort(
    (a, b) => b.n - a.n,
  )[0];
  // Lists: items in the manner of the levels' items, each at most once in a value.
  const items =
    separator.n >= LISTS * source.length
      ? {
          sep: separator.sep,
          model: modelOf(
            source.map((l) => l.split(separator.sep)),
            1,
          ),
        }
      : undefined;
  // Rare lists are often longer than the frequent ones (a film of four countries): one item more.
  const longestList = items ? Math.max(...source.map((l) => l.split(items.sep).length)) + 1 : 0;
  return (rng, used) => {
    // A value new to the column but made already in this block: kept in case nothing else comes.
    let again: string | undefined;
    const fresh = (value: string | undefined): value is string => {
      if (value === undefined || [...value].length < shortest || taken.has(value)) return false;
      if (!used.has(value)) return true;
      again ??= value;
      return false;
    };
    if (items)
      for (let t = 0; t < TRIES; t++) {
        const list = draw(items.model, rng, longestList);
        if (list && new Set(list).size === list.length) {
          const value = list.join(items.sep).replace(FORMULA_LEAD, '');
          if (fresh(value)) return value;
        }
      }
    for (const model of chars)
      for (let t = 0; t < TRIES; t++) {
        // As every generated text: nothing a spreadsheet would run as a formula.
        const value = draw(model, rng, longest)?.join('').replace(FORMULA_LEAD, '');
        if (fresh(value)) return value;
      }
    return again ?? label;
  };
}

/** A sequence from `m` (at most `most` symbols; undefined when longer). */
function draw(m: Model, rng: Rng, most: number): string[] | undefined {
  const context: string[] = new Array<string>(m.order).fill(START);
  const out: string[] = [];
  for (let length = 0; length <= most; length++) {
    const step = m.next.get(context.join(JOIN))!;
    const u = rng.next() * step.cumulative[step.cumulative.length - 1];
    let i = 0;
    while (step.cumulative[i] <= u) i++;
    const symbol = step.symbols[i];
    if (symbol === END) return out;
    out.push(symbol);
    context.shift();
    context.push(symbol);
  }
  return undefined;
}

/** The plan with each row drawn as a column's `rareLevel` given a fresh value (see the module comment). */
export function withRareValues(blueprint: Blueprint, plan: Plan): Plan {
  const columns = blueprint.columns.flatMap((spec, c) => {
    const label = spec.rareLevel;
    if (label === undefined || spec.type !== 'category' || spec.distribution?.kind !== 'categorical') return [];
    const make = freshValueMaker(Object.keys(spec.distribution.probabilities), label);
    return make ? [{ c, label, make }] : [];
  });
  if (columns.length === 0) return plan;
  const wrap = (inner: Plan): Plan => ({
    generate(n, offset, rng): Table {
      const chunk = inner.generate(n, offset, rng);
      const out: Column[] = chunk.columns.slice();
      for (const { c, label, make } of columns) {
        const col = chunk.columns[c] as CategoricalColumn;
        const pooled = col.levels.indexOf(label);
        if (pooled < 0) continue;
        const levels = col.levels.slice();
        const codeOf = new Map(levels.map((l, i) => [l, i] as const));
        const codes = Int32Array.from(col.codes);
        // A block's fresh values differ from each other, as the source's rare values mostly do.
        const used = new Set<string>();
        for (let r = 0; r < codes.length; r++) {
          if (codes[r] !== pooled) continue;
          const value = make(rng, used);
          used.add(value);
          let code = codeOf.get(value);
          if (code === undefined) {
            code = levels.length;
            levels.push(value);
            codeOf.set(value, code);
          }
          codes[r] = code;
        }
        out[c] = { ...col, codes, levels };
      }
      return { rowCount: chunk.rowCount, columns: out };
    },
    ...(inner.condition ? { condition: (restriction) => wrap(inner.condition!(restriction)) } : {}),
  });
  return wrap(plan);
}
