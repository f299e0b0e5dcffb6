import type { AugmentModel } from '../blueprint/models';
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import { SynthError } from '../errors';
import { trainingRows } from '../fit/split';
import type { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table, TextColumn } from '../table';
import { categoricalInverse, outputFor, quantileFunction, readValue, rounder, textGenerator } from './marginals';
import type { Plan } from './plan';

/**
 * Augmentation: each synthetic row starts as a training row of the source (drawn uniformly, with
 * replacement), then numbers and datetimes move by N(0, (noise · σ)²), where σ is a robust spread
 * of the column (interquartile range / 1.349, which is σ for normal data), rounded and kept in
 * the column's bounds; categories other than the target switch, with probability `flip`, to a
 * level drawn from the column's distribution; identifiers and text are made fresh in shape, as
 * always; the target never changes. This keeps rows close to real ones on purpose: it is for
 * enlarging a training set, not for sharing data (see the privacy notes in docs/engine.md).
 */
export function compileAugment(blueprint: Blueprint, model: AugmentModel, source: Table | undefined): Plan {
  if (!source) {
    throw new SynthError('generate/augment-needs-source', `Method "augment" jitters the rows of the source CSV${blueprint.source ? ` (${blueprint.source.path})` : ''}, which was not given.`, {}, 'Keep the source CSV where the blueprint says it is, or refit with method "copula" or "cart".');
  }
  const names = new Map(source.columns.map((c, i) => [c.name, i] as const));
  const missingColumns = blueprint.columns.filter((s) => !names.has(s.name)).map((s) => s.name);
  if (missingColumns.length) {
    throw new SynthError('generate/augment-source-columns', `The source lacks column${missingColumns.length === 1 ? '' : 's'} ${missingColumns.map((c) => `"${c}"`).join(', ')} of the blueprint.`, {}, 'Refit the blueprint from the current source CSV.');
  }
  const rows = blueprint.source ? trainingRows(source.rowCount, blueprint.source.holdout, blueprint.seed) : Int32Array.from({ length: source.rowCount }, (_, i) => i);
  if (rows.length === 0) throw new SynthError('generate/augment-empty-source', 'The source CSV has no rows to augment.', {}, 'Check the source CSV.');
  const outputs = blueprint.columns.map((spec) => outputFor(spec));
  const fills = blueprint.columns.map((spec, c) => columnFill(spec, c, source.columns[names.get(spec.name)!], outputs[c].levels, model));
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const columns = outputs.map((o) => o.allocate(n));
      for (let r = 0; r < n; r++) {
        const from = rows[rng.int(rows.length)];
        for (let c = 0; c < fills.length; c++) fills[c](columns, r, from, offset + r, rng);
      }
      return { rowCount: n, columns };
    },
  };
}

type Fill = (columns: Column[], r: number, from: number, globalRow: number, rng: Rng) => void;

function columnFill(spec: ColumnSpec, c: number, src: Column, levels: string[], model: AugmentModel): Fill {
  const isTarget = spec.name === model.target;
  if (src.storage === 'numeric') {
    const values = src.values;
    const q = quantileFunction(spec);
    const sigma = spread(q, spec);
    const scale = isTarget ? 0 : Math.max(0, model.noise) * sigma;
    // numericInverse's rounding and clamping, applied to a value instead of a probability.
    const finish = numericFinisher(spec);
    return (cols, r, from, _g, rng) => {
      const x = values[from];
      (cols[c] as NumericColumn).values[r] = Number.isNaN(x) ? NaN : scale > 0 ? finish(x + scale * rng.normal()) : x;
    };
  }
  if (src.storage === 'categorical') {
    const index = new Map(levels.map((l, i) => [l, i] as const));
    const fromSource = Int32Array.from(src.levels, (l) => index.get(l) ?? -1);
    const inv = categoricalInverse(spec);
    const toOutput = Int32Array.from(inv.levels, (l) => index.get(l) ?? -1);
    const flip = isTarget ? 0 : Math.max(0, Math.min(1, model.flip));
    return (cols, r, from, _g, rng) => {
      const code = src.codes[from];
      let out = code < 0 ? -1 : fromSource[code];
      if (out >= 0 && flip > 0 && rng.next() < flip) out = toOutput[inv.pick(rng.nextOpen())] ?? out;
      (cols[c] as CategoricalColumn).codes[r] = out;
    };
  }
  const text = textGenerator(spec);
  const values = src.values;
  return (cols, r, from, g, rng) => {
    (cols[c] as TextColumn).values[r] = values[from] === null ? null : text(g, rng);
  };
}

/** σ estimated robustly from the column's quantiles: IQR / 1.349, else the 5-95% range / 3.29. */
function spread(q: (u: number) => number, spec: ColumnSpec): number {
  const iqr = q(0.75) - q(0.25);
  if (iqr > 0) return iqr / 1.349;
  const wide = q(0.95) - q(0.05);
  if (wide > 0) return wide / 3.29;
  const range = readValue(spec, spec.max) - readValue(spec, spec.min);
  return range > 0 ? range / 6 : 0;
}

/** Round a value as the column is written (integers, decimals, datetime resolution), keep it in [min, max]. */
function numericFinisher(spec: ColumnSpec): (x: number) => number {
  const round = rounder(spec);
  const lo = readValue(spec, spec.min);
  const hi = readValue(spec, spec.max);
  return (x) => {
    let y = round(x);
    if (!Number.isNaN(lo) && y < lo) y = lo;
    if (!Number.isNaN(hi) && y > hi) y = hi;
    return y;
  };
}
