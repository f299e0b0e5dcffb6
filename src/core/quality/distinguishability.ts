/**
 * Distinguishability by propensity scores (Woo, Reiter, Oganian & Karr 2009; Snoke, Raab, Nowok,
 * Dibben & Slavkovic, "General and specific utility measures for synthetic data", JRSS A 181,
 * 2018; synthpop's `utility.gen`): stack the real and synthetic rows, label synthetic rows 1,
 * fit a logistic regression on main effects (numbers standardised, with a missing indicator when
 * they have missing values; categories as treatment-coded dummies), and measure how far the
 * fitted propensities p_i stray from the share of synthetic rows c:
 *
 *   pMSE   = (1/N) Σ_i (p_i - c)²
 *   E[pMSE | same distribution] = (k - 1)(1 - c)² c / N      (k = parameters, intercept included)
 *   S_pMSE = pMSE / E[pMSE]                                     (near 1: indistinguishable)
 *
 * synthpop's default logit model adds two-way interactions (maxorder = 1); this is its main-effects
 * model (maxorder = 0), which is fast and keeps k small. Categories keep their 20 commonest levels
 * (the rest share one dummy). A small L2 penalty (λ = 1/N, scikit-learn's default) keeps the fit
 * finite when the two sets are separable.
 */
import { Rng } from '../random';
import type { Table } from '../table';
import { LinearEncoder } from './ml/design';
import { fitLogistic, predictProba } from './ml/linear';
import { rocAuc } from './ml/metrics';
import type { DistinguishabilityReport } from './types';

import { sampleTable } from './sample';
import { groupThousands } from '../util/format';
import { comparableColumns } from './tables';
import { round6 } from '../util/round';

export interface DistinguishabilityOptions {
  /** Rows per side at most (a seeded sample above it). */
  maxRows?: number;
  seed?: number;
}

export const DEFAULT_MAX_PMSE_ROWS = 4000;

export interface PmseResult {
  pMSE: number;
  nullPMSE: number;
  sPMSE: number;
  parameters: number;
  c: number;
  auc: number;
  rows: { real: number; synthetic: number };
}

/** pMSE and S_pMSE of `synthetic` against `real` on the given columns (all rows; sample first if needed). */
export function propensityMse(real: Table, synthetic: Table, columns: string[]): PmseResult {
  const nr = real.rowCount;
  const ns = synthetic.rowCount;
  const N = nr + ns;
  const stacked = stack(real, synthetic, columns);
  const encoder = new LinearEncoder(stacked, columns, { referenceCoding: true, maxLevels: 20 });
  const design = encoder.encode(stacked);
  const y = new Int32Array(N);
  for (let i = nr; i < N; i++) y[i] = 1;
  const model = fitLogistic(design, y);
  const { proba } = predictProba(model, design);
  const c = ns / N;
  let sum = 0;
  const p = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    p[i] = proba[2 * i + 1];
    sum += (p[i] - c) ** 2;
  }
  const pMSE = sum / N;
  const k = encoder.parameters;
  const nullPMSE = ((k - 1) * (1 - c) ** 2 * c) / N;
  return {
    pMSE,
    nullPMSE,
    sPMSE: nullPMSE > 0 ? pMSE / nullPMSE : NaN,
    parameters: k,
    c,
    auc: rocAuc(p, y),
    rows: { real: nr, synthetic: ns },
  };
}

/** Real rows then synthetic rows, columns matched by name (categories re-coded over both sides' levels). */
function stack(real: Table, synthetic: Table, columns: string[]): Table {
  const nr = real.rowCount;
  const n = nr + synthetic.rowCount;
  return {
    rowCount: n,
    columns: columns.map((name) => {
      const a = real.columns.find((c) => c.name === name)!;
      const b = synthetic.columns.find((c) => c.name === name)!;
      if (a.storage === 'numeric' && b.storage === 'numeric') {
        const values = new Float64Array(n);
        values.set(a.values, 0);
        values.set(b.values, nr);
        return { ...a, values };
      }
      if (a.storage === 'categorical' && b.storage === 'categorical') {
        const levels = [...a.levels];
        const index = new Map(levels.map((l, i) => [l, i] as const));
        const map = b.levels.map((l) => {
          let i = index.get(l);
          if (i === undefined) {
            i = levels.length;
            levels.push(l);
            index.set(l, i);
          }
          return i;
        });
        const codes = new Int32Array(n);
        codes.set(a.codes, 0);
        for (let i = 0; i < b.codes.length; i++) codes[nr + i] = b.codes[i] < 0 ? -1 : map[b.codes[i]];
        return { ...a, codes, levels };
      }
      throw new Error(`column ${name}: storage differs`);
    }),
  };
}

export function distinguishabilitySection(
  real: Table,
  synthetic: Table,
  options: DistinguishabilityOptions = {},
): { report: DistinguishabilityReport; notes: string[] } {
  const notes: string[] = [];
  const columns = comparableColumns(real, synthetic);
  const skip = (why: string): { report: DistinguishabilityReport; notes: string[] } => ({
    report: {
      score: null,
      meaning: `Distinguishability was not measured: ${why}.`,
      skipped: why,
      pMSE: null,
      nullPMSE: null,
      sPMSE: null,
      parameters: 0,
      c: null,
      rows: { real: 0, synthetic: 0 },
      auc: null,
    },
    notes,
  });
  if (columns.length === 0) return skip('no column can be compared');
  if (real.rowCount < 2 || synthetic.rowCount < 2) return skip('each table needs at least two rows');
  const max = options.maxRows ?? DEFAULT_MAX_PMSE_ROWS;
  const rng = new Rng(options.seed ?? 17);
  const sample = (t: Table): Table => sampleTable(t, max, rng);
  const r = sample(real);
  const s = sample(synthetic);
  if (r !== real || s !== synthetic)
    notes.push(
      `Distinguishability: the propensity model was fitted on ${groupThousands(r.rowCount)} real and ${groupThousands(s.rowCount)} synthetic rows (random samples of at most ${groupThousands(max)} per table).`,
    );
  const res = propensityMse(r, s, columns);
  const score = Math.max(0, 1 - res.pMSE / (res.c * (1 - res.c)));
  return {
    report: {
      score: round6(score),
      meaning: pmseMeaning(res.sPMSE, res.auc),
      pMSE: round6(res.pMSE),
      nullPMSE: round6(res.nullPMSE),
      sPMSE: Number.isNaN(res.sPMSE) ? null : round6(res.sPMSE),
      parameters: res.parameters,
      c: round6(res.c),
      rows: res.rows,
      auc: Number.isNaN(res.auc) ? null : round6(res.auc),
    },
    notes,
  };
}

function pmseMeaning(s: number, auc: number): string {
  const a = Number.isNaN(auc) ? '' : ` (its ROC-AUC is ${auc.toFixed(2)}; 0.5 is guessing)`;
  if (Number.isNaN(s)) return `A classifier's ability to tell real from synthetic rows could not be measured.`;
  if (s <= 3) return `A classifier cannot tell synthetic rows from real ones better than chance would${a}.`;
  if (auc < 0.6) return `A classifier tells synthetic rows from real ones only slightly better than chance${a}.`;
  if (auc < 0.75) return `A classifier tells synthetic rows from real ones moderately well${a}.`;
  return `A classifier easily tells synthetic rows from real ones${a}.`;
}
