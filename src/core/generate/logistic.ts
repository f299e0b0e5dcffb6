/**
 * Explanations of logistic targets: the formula in readable form, the expected rate the model
 * gives before any generation, and the intercept that gives a requested rate (the prevalence
 * knob).
 *
 * Expected rate: E[σ(b0 + η)] with η the linear predictor over the joint distribution of the
 * columns it reads. That distribution is only known through the blueprint's own sampler, so the
 * expectation is a Monte Carlo mean over `RATE_SAMPLES` rows drawn from the columns the target
 * depends on (standard error at most 0.5/√n), with noise ν: (1 − ν)·E[σ] + ν/2.
 */
import { parseExpr, formatExpr, checkText, envOf } from '../expr';
import { valueTypeOf } from '../blueprint/graph';
import type { Blueprint, LogisticDistribution } from '../blueprint/types';
import { SynthError } from '../errors';
import { rateFromOffsets, solveInterceptFromOffsets } from './rate';
import { predictorSample, RATE_SAMPLES } from './rules';

export interface LogisticExplanation {
  column: string;
  /** `logit(p) = -1.20 + 0.80*[contract = month-to-month] - 0.04*tenure_months` */
  formula: string;
  /** The intercept in use (solved when `rate` is given). */
  intercept: number;
  /** Expected share of true values. */
  expectedRate: number;
  /** Rows the estimate is based on. */
  samples: number;
}

/** The logistic column `column` of a rules blueprint, explained. Throws a SynthError when its expressions do not check. */
export function explainLogistic(blueprint: Blueprint, column: string, samples = RATE_SAMPLES): LogisticExplanation {
  const spec = blueprint.columns.find((c) => c.name === column);
  const dist = spec?.distribution;
  if (!spec || dist?.kind !== 'logistic')
    throw new SynthError('logistic/not-logistic', `Column "${column}" has no logistic distribution.`);
  const noise = spec.noise ?? blueprint.noise ?? 0;
  const offsets = predictorSample(blueprint, column, dist, samples);
  const intercept =
    dist.rate !== undefined ? solveInterceptFromOffsets(offsets, dist.rate, noise) : (dist.intercept ?? 0);
  return {
    column,
    formula: logisticFormula(dist, intercept, blueprint),
    intercept,
    expectedRate: rateFromOffsets(offsets, intercept, noise),
    samples,
  };
}

/** The intercept that gives `rate` for column `column` (what the prevalence knob writes). */
export function interceptForRate(blueprint: Blueprint, column: string, rate: number, samples = RATE_SAMPLES): number {
  const spec = blueprint.columns.find((c) => c.name === column);
  const dist = spec?.distribution;
  if (!spec || dist?.kind !== 'logistic')
    throw new SynthError('logistic/not-logistic', `Column "${column}" has no logistic distribution.`);
  return solveInterceptFromOffsets(
    predictorSample(blueprint, column, dist, samples),
    rate,
    spec.noise ?? blueprint.noise ?? 0,
  );
}

/**
 * `logit(p) = b0 + c1*term1 - c2*term2 ...`: conditions in Iverson brackets ([x = a] is 1 when
 * true), strings unquoted, compound numeric terms in parentheses.
 */
export function logisticFormula(dist: LogisticDistribution, intercept: number, blueprint?: Blueprint): string {
  const env = blueprint
    ? envOf(blueprint.columns.map((c) => ({ name: c.name, type: valueTypeOf(c.type) })))
    : undefined;
  let out = `logit(p) = ${coef(intercept)}`;
  for (const t of dist.terms) {
    const parsed = parseExpr(t.expr);
    let text = parsed.expr ? formatExpr(parsed.expr, { bareStrings: true }) : t.expr;
    const isCondition =
      parsed.expr && env
        ? checkText(t.expr, env).typed?.type === 'boolean'
        : parsed.expr
          ? ['binary', 'in', 'unary'].includes(parsed.expr.kind) &&
            (parsed.expr.kind !== 'binary' ||
              ['=', '!=', '<', '<=', '>', '>=', 'and', 'or'].includes(parsed.expr.op)) &&
            !(parsed.expr.kind === 'unary' && parsed.expr.op === '-')
          : false;
    if (isCondition) text = `[${text}]`;
    else if (parsed.expr && parsed.expr.kind === 'binary') text = `(${text})`;
    out += ` ${t.coef < 0 ? '-' : '+'} ${coef(Math.abs(t.coef))}*${text}`;
  }
  return out;
}

/** At least two decimals, more when the coefficient needs them (0.035 stays 0.035), at most six. */
function coef(x: number): string {
  for (let d = 2; d < 6; d++) if (Math.abs(Number(x.toFixed(d)) - x) < 1e-12) return x.toFixed(d);
  return x.toFixed(6).replace(/0+$/, '');
}
