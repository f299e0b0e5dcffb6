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

/**
 * A model of order k as a state machine, built once: a state is a context of k symbols (state 0:
 * k start marks); from each, the next symbol's cumulative counts and the state it leads to.
 * Symbols are numbered (0: the end mark); a draw walks numbers, no context is built as text.
 */
interface Model {
  /** Symbol text by number (0: the end mark). */
  symbols: string[];
  /** Per state: next symbols, their cumulative counts, and the states they lead to. */
  next: Int32Array[];
  cumulative: Float64Array[];
  to: Int32Array[];
}

/** The model of order `order` of `sequences` (of characters, or of a list's items). */
function modelOf(sequences: readonly string[][], order: number): Model {
  const symbols = [''];
  const number = new Map<string, number>();
  const id = (symbol: string): number => {
    let k = number.get(symbol);
    if (k === undefined) {
      k = symbols.push(symbol) - 1;
      number.set(symbol, k);
    }
    return k;
  };
  // Contexts keyed by their symbols' numbers (-1: a start mark), joined by commas.
  const states = new Map<string, number>();
  const counts: Map<number, number>[] = [];
  const stateOf = (context: number[]): number => {
    const key = context.join(',');
    let s = states.get(key);
    if (s === undefined) {
      s = counts.push(new Map()) - 1;
      states.set(key, s);
    }
    return s;
  };
  stateOf(new Array<number>(order).fill(-1));
  for (const sequence of sequences) {
    const context = new Array<number>(order).fill(-1);
    for (const symbol of [...sequence.map(id), 0]) {
      const after = counts[stateOf(context)];
      after.set(symbol, (after.get(symbol) ?? 0) + 1);
      context.shift();
      context.push(symbol);
    }
  }
  const next: Int32Array[] = [];
  const cumulative: Float64Array[] = [];
  const to: Int32Array[] = [];
  // Every context a draw reaches was seen followed by something: its counts are never empty.
  for (const [key, s] of [...states]) {
    const after = counts[s];
    const context = key === '' ? [] : key.split(',').map(Number);
    next[s] = Int32Array.from(after.keys());
    let total = 0;
    cumulative[s] = Float64Array.from(after.values(), (n) => (total += n));
    to[s] = Int32Array.from(next[s], (k) => (k === 0 ? -1 : (states.get([...context.slice(1), k].join(',')) ?? -1)));
  }
  return { symbols, next, cumulative, to };
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

/** A sequence from `m`, as symbol texts (at most `most` symbols; undefined when longer). */
function draw(m: Model, rng: Rng, most: number): string[] | undefined {
  const out: string[] = [];
  let state = 0;
  for (let length = 0; length <= most; length++) {
    const cumulative = m.cumulative[state];
    const u = rng.next() * cumulative[cumulative.length - 1];
    let i = 0;
    while (cumulative[i] <= u) i++;
    const symbol = m.next[state][i];
    if (symbol === 0) return out;
    out.push(m.symbols[symbol]);
    state = m.to[state][i];
    // A context never seen followed by anything (it ended every level it is in): the value ends.
    if (state < 0) return out;
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
