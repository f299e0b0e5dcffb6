/**
 * The overall score: a weighted mean of the fidelity, utility and privacy sub-scores (defaults
 * 0.4, 0.4, 0.2). A part that could not be computed (no holdout, no usable target) is left out
 * and the remaining weights are renormalised to sum to 1; the report says so in `notes`.
 */
import type { Grade, ScoreBreakdown, ScorePart, SubScore } from './types';
import { round6 } from '../util/round';

export type ScoreWeights = Record<ScorePart, number>;

export const DEFAULT_WEIGHTS: Readonly<ScoreWeights> = { fidelity: 0.4, utility: 0.4, privacy: 0.2 };

export interface PartInput {
  score: number | null;
  meaning: string;
  skipped?: string;
}

/** Validate weights: finite and non-negative, missing ones from the defaults. */
export function resolveWeights(weights: Partial<ScoreWeights> = {}): ScoreWeights {
  const out = { ...DEFAULT_WEIGHTS };
  for (const key of Object.keys(out) as ScorePart[]) {
    const w = weights[key];
    if (w === undefined) continue;
    if (!(Number.isFinite(w) && w >= 0))
      throw new RangeError(`The ${key} weight must be a number of at least 0 (got ${String(w)}).`);
    out[key] = w;
  }
  return out;
}

/** Combine the parts; returns the overall score (0..1), the breakdown and notes on renormalisation. */
export function combineScores(
  parts: Record<ScorePart, PartInput>,
  weights: Partial<ScoreWeights> = {},
): { score: number; breakdown: ScoreBreakdown; notes: string[] } {
  const w = resolveWeights(weights);
  const keys: ScorePart[] = ['fidelity', 'utility', 'privacy'];
  const available = keys.filter((k) => parts[k].score !== null && w[k] > 0);
  const total = available.reduce((a, k) => a + w[k], 0);
  const notes: string[] = [];
  const appliedWeights: Record<ScorePart, number> = { fidelity: 0, utility: 0, privacy: 0 };
  let used = available;
  if (total === 0) {
    // Every weighted part is missing: fall back to fidelity, which is always computed.
    used = ['fidelity'];
    appliedWeights.fidelity = 1;
    notes.push('Score: no weighted part could be computed, so the overall score is the fidelity score alone.');
  } else {
    for (const k of available) appliedWeights[k] = w[k] / total;
  }
  const applied = (k: ScorePart): number => appliedWeights[k];
  let score = 0;
  for (const k of used) score += applied(k) * (parts[k].score ?? 0);
  const skipped = keys.filter((k) => parts[k].score === null && w[k] > 0);
  if (skipped.length) {
    const list = skipped.map((k) => `${k} (${parts[k].skipped ?? 'not computed'})`).join('; ');
    const weightsText = used.map((k) => `${k} ${round2(applied(k))}`).join(', ');
    notes.push(`Score: left out ${list}; the remaining weights were renormalised to ${weightsText}.`);
  }
  const breakdown = Object.fromEntries(
    keys.map((k): [ScorePart, SubScore] => [
      k,
      {
        score: parts[k].score === null ? null : round6(parts[k].score!),
        weight: w[k],
        appliedWeight: round6(applied(k)),
        meaning: parts[k].meaning,
        ...(parts[k].skipped ? { skipped: parts[k].skipped } : {}),
      },
    ]),
  ) as ScoreBreakdown;
  return { score: round6(score), breakdown, notes };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Grades on the 0-100 scale: A+ >= 90, A >= 80, B+ >= 70, B >= 60, C >= 50, F below. */
export function gradeOf(score: number): Grade {
  const s = score * 100;
  if (s >= 90) return 'A+';
  if (s >= 80) return 'A';
  if (s >= 70) return 'B+';
  if (s >= 60) return 'B';
  if (s >= 50) return 'C';
  return 'F';
}

/** Least sub-score every weighed part needs for the overall grade to be A+. */
export const A_PLUS_PARTS = 0.9;

/**
 * The grade of an overall score whose parts are `breakdown`: `gradeOf(score)`, except that A+
 * asks at least `A_PLUS_PARTS` of every part that counts in the score (applied weight above 0),
 * else the grade is A and `note` says which part held it back. A weighted mean hides a weak part:
 * titanic's cart twin scored 91.5 (A+) with privacy 0.84 (DCR share 0.58, synthetic rows nearer
 * the training rows than fresh rows are).
 */
export function gradeOfParts(score: number, breakdown: ScoreBreakdown): { grade: Grade; note?: string } {
  const grade = gradeOf(score);
  if (grade !== 'A+') return { grade };
  const weak = (Object.keys(breakdown) as ScorePart[]).filter((k) => {
    const part = breakdown[k];
    return part.appliedWeight > 0 && part.score !== null && part.score < A_PLUS_PARTS;
  });
  if (weak.length === 0) return { grade };
  const list = weak.map((k) => `${k} ${(breakdown[k].score! * 100).toFixed(1)}`).join(', ');
  return {
    grade: 'A',
    note: `Grade: A, not A+ (score ${(score * 100).toFixed(1)}): A+ asks ${A_PLUS_PARTS * 100} or more of every part, and ${list} ${weak.length > 1 ? 'fall' : 'falls'} short.`,
  };
}

/**
 * The colour band of a score, the same wherever a score is shown (panel, side view, charts):
 * good from 0.9, fair from 0.75, poor below.
 */
export function scoreBand(score: number): 'good' | 'fair' | 'poor' {
  if (score >= 0.9) return 'good';
  if (score >= 0.75) return 'fair';
  return 'poor';
}
