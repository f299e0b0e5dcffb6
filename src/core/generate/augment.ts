import type { AugmentModel } from '../blueprint/models';
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import { SynthError } from '../errors';
import { trainingRows } from '../holdout';
import type { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table, TextColumn } from '../table';
import {
  categoricalInverse,
  numericInverse,
  outputFor,
  percentileRange,
  quantilePoints,
  textGenerator,
} from './marginals';
import type { Plan } from './plan';

/**
 * Augmentation: each synthetic row starts as a training row of the source (drawn uniformly, with
 * replacement). Each number or datetime other than the target moves, with probability `move`, by
 * normal noise of standard deviation `noise` in percentile-rank units (so 0.05 moves a median
 * value to about the 45th-55th percentile), read back through the column's quantiles: atoms stay
 * atoms, bounds, integers and decimals hold. Each category other than the target switches, with
 * probability `flip`, to a level drawn from the column's distribution. Identifiers and text are
 * made fresh in shape, as always; a row that comes out identical to its source is moved again. This keeps rows close to real ones on purpose: it is for
 * enlarging a training set, not for sharing data (see the privacy notes in docs/engine.md).
 */
export function compileAugment(blueprint: Blueprint, model: AugmentModel, source: Table | undefined): Plan {
  if (!source) {
    throw new SynthError(
      'generate/augment-needs-source',
      `Method "augment" jitters the rows of the source CSV${blueprint.source ? ` (${blueprint.source.path})` : ''}, which was not given.`,
      {},
      'Keep the source CSV where the blueprint says it is, or refit with method "copula" or "cart".',
    );
  }
  const names = new Map(source.columns.map((c, i) => [c.name, i] as const));
  const missingColumns = blueprint.columns.filter((s) => !names.has(s.name)).map((s) => s.name);
  if (missingColumns.length) {
    throw new SynthError(
      'generate/augment-source-columns',
      `The source lacks column${missingColumns.length === 1 ? '' : 's'} ${missingColumns.map((c) => `"${c}"`).join(', ')} of the blueprint.`,
      {},
      'Refit the blueprint from the current source CSV.',
    );
  }
  const rows = blueprint.source
    ? trainingRows(source.rowCount, blueprint.source.holdout, blueprint.seed)
    : Int32Array.from({ length: source.rowCount }, (_, i) => i);
  if (rows.length === 0)
    throw new SynthError(
      'generate/augment-empty-source',
      'The source CSV has no rows to augment.',
      {},
      'Check the source CSV.',
    );
  const outputs = blueprint.columns.map((spec) => outputFor(spec));
  const fills = blueprint.columns.map((spec, c) =>
    columnFill(spec, c, source.columns[names.get(spec.name)!], outputs[c].levels, model),
  );
  // Columns that may change, for rows that came out identical to their source row.
  const movable = fills.map((f, c) => (f.movable ? c : -1)).filter((c) => c >= 0);
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const columns = outputs.map((o) => o.allocate(n));
      for (let r = 0; r < n; r++) {
        const from = rows[rng.int(rows.length)];
        let same = true;
        for (let c = 0; c < fills.length; c++)
          if (fills[c].fill(columns, r, from, offset + r, rng, false)) same = false;
        // A copy of a real row is not augmentation: force one column to move (a few tries, as a
        // draw may round back to the same value).
        for (let attempt = 0; same && movable.length > 0 && attempt < 8; attempt++) {
          const c = movable[rng.int(movable.length)];
          if (fills[c].fill(columns, r, from, offset + r, rng, true)) same = false;
        }
      }
      return { rowCount: n, columns };
    },
  };
}

interface Fill {
  /** Write row r from source row `from`; true when the value differs from the source's. */
  fill(columns: Column[], r: number, from: number, globalRow: number, rng: Rng, force: boolean): boolean;
  /** Can this column move (not the target, not missing-only, not an identifier)? */
  movable: boolean;
}

function columnFill(spec: ColumnSpec, c: number, src: Column, levels: string[], model: AugmentModel): Fill {
  const isTarget = spec.name === model.target;
  if ((spec.missing ?? 0) >= 1) {
    // A column the blueprint generates empty (too few values to describe) stays empty.
    return {
      movable: false,
      fill(cols, r) {
        const out = cols[c];
        if (out.storage === 'numeric') out.values[r] = NaN;
        else if (out.storage === 'categorical') out.codes[r] = -1;
        else out.values[r] = null;
        return false;
      },
    };
  }
  if (src.storage === 'numeric') {
    const values = src.values;
    const points = quantilePoints(spec, spec.distribution);
    const inverse = numericInverse(spec);
    const noise = isTarget || !points ? 0 : Math.max(0, model.noise);
    return {
      movable: noise > 0,
      fill(cols, r, from, _g, rng, force) {
        const x = values[from];
        const out = cols[c] as NumericColumn;
        if (Number.isNaN(x) || noise === 0) {
          out.values[r] = x;
          return false;
        }
        if (!force && rng.next() >= model.move) {
          out.values[r] = x;
          return false;
        }
        // Move in rank space: the value's percentile (uniform over an atom's whole interval),
        // plus normal noise, reflected into (0, 1), read back through the column's quantiles.
        const [lo, hi] = percentileRange(points!, x);
        let u = lo + rng.next() * (hi - lo) + noise * rng.normal();
        u = u < 0 ? -u : u > 1 ? 2 - u : u;
        const y = inverse(Math.min(1 - 1e-12, Math.max(1e-12, u)));
        out.values[r] = y;
        return y !== x;
      },
    };
  }
  if (src.storage === 'categorical') {
    const index = new Map(levels.map((l, i) => [l, i] as const));
    const fromSource = Int32Array.from(src.levels, (l) => index.get(l) ?? -1);
    const inv = categoricalInverse(spec);
    const toOutput = Int32Array.from(inv.levels, (l) => index.get(l) ?? -1);
    const flip = isTarget ? 0 : Math.max(0, Math.min(1, model.flip));
    return {
      movable: flip > 0 && inv.levels.length > 1,
      fill(cols, r, from, _g, rng, force) {
        const code = src.codes[from];
        const original = code < 0 ? -1 : fromSource[code];
        let out = original;
        if (out >= 0 && (force || (flip > 0 && rng.next() < flip))) {
          for (let attempt = 0; attempt < (force ? 8 : 1) && out === original; attempt++)
            out = toOutput[inv.pick(rng.nextOpen())] ?? out;
        }
        (cols[c] as CategoricalColumn).codes[r] = out;
        return out !== original;
      },
    };
  }
  const text = textGenerator(spec);
  const values = src.values;
  return {
    movable: false,
    fill(cols, r, from, g, rng) {
      (cols[c] as TextColumn).values[r] = values[from] === null ? null : text(g, rng);
      return false;
    },
  };
}
