/**
 * The rate of a logistic column and the intercept that gives a requested one: shared by
 * generation (`rules.ts`, which solves `rate` into an intercept) and the explanations of
 * `logistic.ts` (hover, code lens, the prevalence knob).
 */
import { SynthError } from '../errors';
import { sigmoid } from '../stats/special';

/** Mean of σ(intercept + offset) over the offsets, mixed with a fair coin at rate `noise`. */
export function rateFromOffsets(offsets: Float64Array, intercept: number, noise = 0): number {
  let s = 0;
  for (const o of offsets) s += sigmoid(intercept + o);
  const mean = offsets.length ? s / offsets.length : sigmoid(intercept);
  return (1 - noise) * mean + noise / 2;
}

/**
 * The intercept b0 with rateFromOffsets(offsets, b0, noise) = rate, by bisection (the rate rises
 * strictly with b0). Throws when noise makes the rate unreachable.
 */
export function solveInterceptFromOffsets(offsets: Float64Array, rate: number, noise = 0): number {
  const lo0 = noise / 2;
  const hi0 = 1 - noise / 2;
  if (!(rate > lo0 && rate < hi0)) {
    throw new SynthError(
      'logistic/rate',
      `A rate of ${rate} cannot be reached: with noise ${noise} the rate stays between ${lo0} and ${hi0}.`,
      {},
      'Lower the noise, or ask for a rate inside that range.',
    );
  }
  let lo = -60;
  let hi = 60;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (rateFromOffsets(offsets, mid, noise) < rate) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
