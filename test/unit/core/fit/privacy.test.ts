import { describe, expect, it } from 'vitest';
import type { CartNode } from '../../../../src/core/blueprint/models';
import type { Method } from '../../../../src/core/blueprint/types';
import { levelProbabilities, rareLevels } from '../../../../src/core/fit/marginals';
import { dcrShare as dcrShareOf, exactCopies, searchDcr } from '../../../../src/core/quality/privacy';
import { synthesize } from '../../../../src/core/pipeline';
import { fixture } from '../../helpers';
import type { Table } from '../../../../src/core/table';
import { fitted } from './methods';

const K = 5; // privacy.minGroupSize default

/** DCR share (privacy.ts `dcrShare`): how often a synthetic row's closest real record is a training row, against fresh data. */
function dcrShare(train: Table, holdout: Table, synthetic: Table): number {
  const s = searchDcr(train, holdout, synthetic);
  return dcrShareOf(s.syntheticToTrain, s.syntheticToHoldout, s.sizes.train, s.sizes.holdoutReference);
}

/**
 * Fixtures whose DCR share is over the 0.55 goal today (issue 10, open): measured since the share became the
 * holdout test (privacy.ts `dcrShare`, 2026-12-07), small tables sit nearer their training rows than fresh rows
 * do, with both methods. Such a share is noisy (fresh real rows score 0.50 +- 0.049 at tips' size, +- 0.027 at
 * titanic's, +- 0.019 at 1,760 rows; docs/quality.md), and these are 0-3 of those deviations over. They are held
 * over 0.55 and under 0.70 here, so the test fails both when one is fixed (take it off the list) and when it
 * gets worse.
 */
// cart adult-2000 was one (0.553) until a split could pass on its node's gain (cart.ts nodeGain): 0.524.
// One seed each, so a new random stream moves them: when cart's generation began to draw
// differently (stop 32: no missing draw in a leaf with none missing, one 32-bit draw a swap in its
// shuffles, calibration from the leaves' percentiles; the same distributions), cart tips went 0.551 -> 0.544, cart penguins
// 0.500 -> 0.553, titanic 0.589 -> 0.582, adult-2000 0.524 -> 0.541; the medians over 15 seeds
// (`npm run bench:fidelity -- --small-seeds 15`) went 0.554 -> 0.554, 0.553 -> 0.558 and
// 0.589 -> 0.597.
const OVER_GOAL = new Set([
  'copula titanic.csv', // 0.602
  'copula tips.csv', // 0.656
  'cart titanic.csv', // 0.582
  'cart penguins.csv', // 0.553
]);

describe.each(['copula', 'cart'] as Method[])('%s keeps synthetic rows private on the fixtures', (method) => {
  // The privacy thresholds (docs/engine.md): DCR share <= 0.55 (0.5 ideal, copies near 1), and no more exact copies
  // of training rows than the real table's own rate of repeating itself (holdout vs train).
  it.each(['penguins.csv', 'titanic.csv', 'tips.csv', 'adult-2000.csv'])(
    '%s: DCR share <= 0.55 (or a known miss under 0.70), copies <= real repeats',
    (file) => {
      const { fit, synthetic } = fitted(file, method);
      const share = dcrShare(fit.train, fit.holdout, synthetic);
      if (OVER_GOAL.has(`${method} ${file}`)) {
        expect(share).toBeGreaterThan(0.55);
        expect(share).toBeLessThan(0.7);
      } else expect(share).toBeLessThanOrEqual(0.55);
      const copies = exactCopies(fit.train, fit.holdout, synthetic);
      expect(copies.rate).toBeLessThanOrEqual(copies.baselineRate + 1e-9);
    },
  );
});

describe('augment never leaves a row identical to its source row', () => {
  it('no exact copies of training rows on penguins (which never repeats itself)', () => {
    const { fit, synthetic } = fitted('penguins.csv', 'augment');
    expect(exactCopies(fit.train, fit.holdout, synthetic).count).toBe(0);
  });
});

describe('the blueprint stores aggregates of at least minGroupSize rows, never a record', () => {
  it('cart: every leaf holds at least minGroupSize rows, numeric leaves have at most one rank step per minGroupSize rows', () => {
    const { fit } = fitted('adult-2000.csv', 'cart');
    const model = fit.blueprint.model!;
    if (model.kind !== 'cart') throw new Error('not cart');
    let leaves = 0;
    const walk = (n: CartNode): void => {
      if ('column' in n) {
        walk(n.left);
        walk(n.right);
        return;
      }
      leaves++;
      expect(n.rows).toBeGreaterThanOrEqual(K);
      if (n.ranks)
        expect(n.ranks.length - 1).toBeLessThanOrEqual(
          Math.max(1, Math.floor((n.rows * (1 - (n.missing ?? 0)) + 1) / K)),
        );
    };
    for (const tree of Object.values(model.trees)) walk(tree);
    expect(leaves).toBeGreaterThan(20);
  });

  it('copula segments hold at least minGroupSize rows, with quantile steps of at least minGroupSize rows', () => {
    const { fit } = fitted('adult-2000.csv', 'copula');
    const model = fit.blueprint.model!;
    if (model.kind !== 'gaussianCopula') throw new Error('not a copula');
    expect(model.segments?.length).toBeGreaterThan(1);
    for (const seg of model.segments!) {
      expect(seg.rows).toBeGreaterThanOrEqual(K);
      for (const col of Object.values(seg.columns)) {
        if (col.distribution?.kind !== 'empirical') continue;
        // Every step of rising probability spans at least K of the segment's present rows (two
        // points at one probability are a jump and hold no rows; rounding to 8 digits allowed).
        const present = seg.rows * (1 - (col.missing ?? 0));
        const q = col.distribution.quantiles;
        const p = col.distribution.probabilities ?? q.map((_, i) => i / (q.length - 1));
        for (let i = 1; i < p.length; i++)
          if (p[i] > p[i - 1]) expect((p[i] - p[i - 1]) * present).toBeGreaterThan(K - 1e-3);
      }
    }
  });

  it('identifiers and free text appear in no blueprint and no output, whatever the method', () => {
    const names = new TextDecoder()
      .decode(fixture('messy.csv'))
      .split(/\r?\n/)
      .slice(1, 6)
      .map((l) => l.split('"')[1])
      .filter(Boolean);
    expect(names.length).toBeGreaterThan(3);
    for (const method of ['copula', 'cart', 'augment'] as Method[]) {
      const out = synthesize({ csv: fixture('messy.csv'), fileName: 'messy.csv', method });
      for (const name of names) {
        expect(out.blueprintText).not.toContain(name);
        expect(out.csvText).not.toContain(name);
      }
    }
  });

  it('rare levels share one pooled probability, and no probability reveals fewer than minGroupSize rows', () => {
    // counts: a 40, b 30, c 2, d 1 (c and d are rare and pooled: 3 rows, floored to 5).
    const counts = [40, 30, 2, 1];
    const pool = rareLevels(counts, K);
    expect([...pool]).toEqual([2, 3]);
    const p = levelProbabilities(['a', 'b', 'c', 'd'], counts, pool, K);
    expect(p.c).toBe(p.d);
    expect(p.c + p.d).toBeCloseTo(5 / 75, 5);
    expect(p.a).toBeCloseTo(40 / 75, 5);
    // A lone rare level is not pooled, but floored to minGroupSize rows.
    const lone = levelProbabilities(['a', 'b'], [40, 1], rareLevels([40, 1], K), K);
    expect(lone.b).toBeCloseTo(5 / 45, 5);
  });
});
