/**
 * The `rules` method: rows from the distributions, dependences and formulas written in a
 * blueprint, with no source data. Each column compiles to a sampler; columns are drawn in
 * dependency order (a column after those its expressions read), each row into an array of
 * values that expressions read by column index. Pairs in `correlations` share a Gaussian copula:
 * their uniform draws come from correlated normal scores.
 *
 * Random numbers are drawn from the one `Rng` in a fixed order per row (the copula's normals,
 * then each column in generation order, then its missingness), so output depends only on the
 * blueprint, the seed and the row count.
 */
import { dependenciesOf, generationOrder, valueTypeOf } from '../blueprint/graph';
import { levelsOf, readDate } from '../blueprint/values';
import { MARGINAL_KINDS } from '../blueprint/validateDistribution';
import type { Blueprint, ColumnSpec, Distribution, LogisticDistribution } from '../blueprint/types';
import { RESOLUTION_MS } from '../blueprint/types';
import { SynthError } from '../errors';
import { booleanWord, checkText, compileTyped, envOf, type Evaluator, type Value, type ValueType } from '../expr';
import { DAY_MS } from '../expr/functions';
import { Rng } from '../random';
import { choleskyOfCorrelation } from '../stats/matrix';
import { normalCdf } from '../stats/normal';
import type { Column, Table } from '../table';
import { storageOf } from '../table';
import { categoricalInverse, numericInverse, parametricInverse, textGenerator } from './marginals';
import { type ColumnRestriction, type Plan, type Restriction, STRATUM_ROWS } from './plan';
import { solveInterceptFromOffsets } from './rate';
import {
  MAX_DRAWS_PER_ROW,
  allowsLevel,
  allowsNumber,
  drawU,
  levelUSet,
  meeting,
  numericUSet,
  presentAny,
  presentNone,
  type Meeting,
  type USet,
} from './condition';
import { GaussianCondition } from './conditionGaussian';
import { groupThousands } from '../util/format';

/** Draws one raw value of a column for the current row. `u` is the copula's uniform, when correlated. */
type Sampler = (row: Value[], rng: Rng, u: number, globalRow: number) => Value;

interface CompiledColumn {
  spec: ColumnSpec;
  index: number;
  sample: Sampler;
  /** Position among the copula's variables, or -1. */
  copula: number;
  finish: (v: Value) => Value;
  missing: number;
  /** A restricted logistic column: the probability of true for the row. */
  probability?: (row: Value[]) => number;
}

/** Compile a `rules` blueprint into a plan. Throws a located `SynthError` on an expression that does not check. */
export function compileRules(blueprint: Blueprint): Plan {
  return planOf(blueprint, compileRowSampler(blueprint));
}

function planOf(blueprint: Blueprint, sampler: RowSampler, restriction?: Restriction): Plan {
  const columns = blueprint.columns;
  const outputs = columns.map((spec) => outputFor(spec));
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const writers = outputs.map((o) => o.allocate(n));
      const row: Value[] = new Array(columns.length).fill(null);
      let attempts = 0;
      const cap = MAX_DRAWS_PER_ROW * Math.max(Math.min(n, STRATUM_ROWS), 64);
      for (let r = 0; r < n; r++) {
        while (!sampler.fill(row, rng, offset + r)) {
          if (++attempts > cap)
            throw new SynthError(
              'condition/too-rare',
              `\`${restriction?.text ?? ''}\` is too rare for this blueprint: ${groupThousands(r)} rows made in ${groupThousands(attempts)} attempts.`,
              {},
              'Loosen the condition, or put it on columns drawn from their own distributions.',
            );
        }
        for (let c = 0; c < columns.length; c++) writers[c].set(r, row[c]);
      }
      return { rowCount: n, columns: writers.map((w) => w.column) };
    },
    ...(restriction
      ? {}
      : { condition: (r: Restriction) => planOf(blueprint, compileRowSampler(blueprint, undefined, r), r) }),
  };
}

export interface RowSampler {
  /**
   * Fill `row` (one value per blueprint column, by index) with the next row's values. False when
   * a restriction's acceptance draw rejected the row (only with a restriction): fill it again.
   */
  fill(row: Value[], rng: Rng, globalRow: number): boolean;
}

/**
 * The row-by-row core of the rules method, also used to estimate expected rates. `only`, when
 * given, limits generation to those columns (they must include everything they read).
 */
export function compileRowSampler(blueprint: Blueprint, only?: Set<number>, restriction?: Restriction): RowSampler {
  const specs = blueprint.columns;
  const env = envOf(specs.map((c) => ({ name: c.name, type: valueTypeOf(c.type) })));
  const ordered = generationOrder(specs);
  if ('cycle' in ordered) {
    const names = ordered.cycle.map((c) => specs[c.index].name);
    throw new SynthError(
      'blueprint/cycle',
      `Columns depend on each other in a cycle: ${[...names, names[0]].join(' -> ')}.`,
      { jsonPath: `columns[${ordered.cycle[0].index}]` },
      'Break the cycle in the blueprint.',
    );
  }
  const order = ordered.order.filter((i) => !only || only.has(i));

  // The copula over correlated columns.
  const variables: number[] = [];
  const pairs: { a: number; b: number; r: number }[] = [];
  for (const c of blueprint.correlations ?? []) {
    const [a, b] = c.columns.map((n) => specs.findIndex((s) => s.name === n));
    if (a < 0 || b < 0 || (only && (!only.has(a) || !only.has(b)))) continue;
    for (const x of [a, b]) if (!variables.includes(x)) variables.push(x);
    pairs.push({ a: variables.indexOf(a), b: variables.indexOf(b), r: c.r });
  }
  const v = variables.length;
  const corr = new Float64Array(v * v);
  for (let i = 0; i < v; i++) corr[i * v + i] = 1;
  for (const p of pairs) {
    corr[p.a * v + p.b] = p.r;
    corr[p.b * v + p.a] = p.r;
  }
  const chol = v > 0 ? choleskyOfCorrelation(corr, v) : new Float64Array(0);

  const noise = blueprint.noise ?? 0;
  const compiled: CompiledColumn[] = order.map((index) => {
    const spec = specs[index];
    const columnNoise = spec.noise ?? noise;
    const ctx: Context = { spec, env, noise: columnNoise, blueprint, path: `columns[${index}].distribution` };
    return {
      spec,
      index,
      sample: compileDistribution(spec.distribution, ctx),
      copula: variables.indexOf(index),
      finish: finisher(spec),
      missing: spec.missing ?? 0,
      ...(spec.distribution?.kind === 'logistic' && restriction?.columns.has(spec.name)
        ? { probability: logisticProbability(spec.distribution, ctx) }
        : {}),
    };
  });

  const eps = new Float64Array(v);
  const u = new Float64Array(v);
  if (restriction) return restrictedSampler(compiled, restriction, corr, v);
  return {
    fill(row, rng, globalRow) {
      if (v > 0) {
        for (let i = 0; i < v; i++) eps[i] = rng.normal();
        for (let i = 0; i < v; i++) {
          let z = 0;
          for (let k = 0; k <= i; k++) z += chol[i * v + k] * eps[k];
          const p = normalCdf(z);
          u[i] = p <= 0 ? Number.MIN_VALUE : p >= 1 ? 1 - 1e-16 : p;
        }
      }
      for (const c of compiled) {
        let value = c.finish(c.sample(row, rng, c.copula >= 0 ? u[c.copula] : NaN, globalRow));
        if (c.missing > 0 && rng.next() < c.missing) value = null;
        row[c.index] = value;
      }
      return true;
    },
  };
}

/**
 * Rows of a rules blueprint given a restriction. A column drawn from its own distribution
 * (a marginal: empirical, normal, categorical, dates, ...) draws from it restricted to the
 * allowed values: its u from the allowed set, missing with the allowed share; a correlated one
 * from the copula conditioned on it. A logistic target is set to an allowed value and the row
 * kept with that value's probability. Any other restricted column (conditional, bands) is drawn
 * as usual and the row kept only if it meets its restriction. A rejected row is made again from
 * its first column, which keeps the draws exact.
 */
function restrictedSampler(
  compiled: CompiledColumn[],
  restriction: Restriction,
  corr: Float64Array,
  v: number,
): RowSampler {
  type Mode =
    | { kind: 'free' }
    | { kind: 'marginal'; meet: Meeting }
    | { kind: 'copula'; missingShare: number }
    | { kind: 'logistic'; truth: { t: boolean; f: boolean }; probability: (row: Value[]) => number }
    | { kind: 'check'; r: ColumnRestriction };
  const restrictedVars = new Map<number, USet>();
  const modes: Mode[] = compiled.map((c) => {
    const r = restriction.columns.get(c.spec.name);
    if (!r || (r.missing && presentAny(r))) return { kind: 'free' };
    const dist = c.spec.distribution;
    const simple = !dist || MARGINAL_KINDS.has(dist.kind);
    if (simple) {
      const present = marginalUSet(c, r);
      if (c.copula < 0) {
        const meet = meeting(r, c.missing, present);
        if (!(meet.probability > 0)) throw notProduced(r);
        return { kind: 'marginal', meet };
      }
      if (!r.missing) {
        if (c.missing >= 1 || present.measure <= 0) throw notProduced(r);
        restrictedVars.set(c.copula, present);
        return { kind: 'copula', missingShare: 0 };
      }
      if (presentNone(r)) {
        if (c.missing <= 0) throw notProduced(r);
        return { kind: 'copula', missingShare: 1 };
      }
      return { kind: 'check', r };
    }
    if (dist.kind === 'logistic' && r.levels && !r.missing && c.missing < 1) {
      const truth = { t: r.levels.has('true') || r.levels.has('1'), f: r.levels.has('false') || r.levels.has('0') };
      if (!truth.t && !truth.f) throw notProduced(r);
      return { kind: 'logistic', truth, probability: c.probability! };
    }
    return { kind: 'check', r };
  });
  const gauss = v > 0 ? new GaussianCondition(corr, v, restrictedVars) : undefined;
  if (gauss && !(gauss.probability > 0)) throw notProduced([...restriction.columns.values()][0]);
  const z = new Float64Array(v);
  const u = new Float64Array(v);
  return {
    fill(row, rng, globalRow) {
      if (gauss) {
        gauss.draw(rng, z);
        for (let i = 0; i < v; i++) {
          const p = normalCdf(z[i]);
          u[i] = p <= 0 ? Number.MIN_VALUE : p >= 1 ? 1 - 1e-16 : p;
        }
      }
      for (let k = 0; k < compiled.length; k++) {
        const c = compiled[k];
        const mode = modes[k];
        const cu = c.copula >= 0 ? u[c.copula] : NaN;
        let value: Value;
        switch (mode.kind) {
          case 'marginal': {
            const missing =
              mode.meet.missingShare > 0 && (mode.meet.missingShare >= 1 || rng.next() < mode.meet.missingShare);
            value = missing ? null : c.finish(c.sample(row, rng, drawU(mode.meet.present, rng), globalRow));
            break;
          }
          case 'copula':
            value = mode.missingShare >= 1 ? null : c.finish(c.sample(row, rng, cu, globalRow));
            break;
          case 'logistic': {
            const p = mode.probability(row);
            const w = (mode.truth.t ? p : 0) + (mode.truth.f ? 1 - p : 0);
            if (!(rng.next() < w * (1 - c.missing))) return false;
            const y = mode.truth.t && mode.truth.f ? rng.next() < p : mode.truth.t;
            value = c.spec.type === 'integer' ? (y ? 1 : 0) : y;
            break;
          }
          default: {
            value = c.finish(c.sample(row, rng, cu, globalRow));
            if (c.missing > 0 && rng.next() < c.missing) value = null;
            if (mode.kind === 'check' && !meets(mode.r, value, c.spec)) return false;
          }
        }
        row[c.index] = value;
      }
      return true;
    },
  };
}

/** The u's of a marginal column whose value meets the present part of `r`. */
function marginalUSet(c: CompiledColumn, r: ColumnRestriction): USet {
  const dist = c.spec.distribution;
  if (dist?.kind === 'categorical') {
    const inv = categoricalInverse({ ...c.spec, distribution: dist });
    if (storageOf(c.spec.type) === 'numeric') {
      const ok = inv.levels.map((l) => allowsNumber(r, Number(l)));
      return levelUSet(
        { ...r, levels: new Set(inv.levels.filter((_, i) => ok[i])) },
        inv.levels,
        inv.cumulative,
        false,
      );
    }
    return levelUSet(r, inv.levels, inv.cumulative, c.spec.type === 'boolean');
  }
  const dummy = new Rng(1);
  const empty: Value[] = [];
  return numericUSet(r, (x) => {
    const value = c.finish(c.sample(empty, dummy, x, 0));
    return typeof value === 'number' ? value : NaN;
  });
}

function meets(r: ColumnRestriction, value: Value, spec: ColumnSpec): boolean {
  if (value === null) return r.missing;
  if (typeof value === 'number' && storageOf(spec.type) === 'numeric') return allowsNumber(r, value);
  if (typeof value === 'boolean') return !r.levels || r.levels.has(String(value));
  return allowsLevel(r, String(value), spec.type === 'boolean');
}

function notProduced(r: ColumnRestriction): SynthError {
  return new SynthError(
    'condition/impossible',
    `The blueprint cannot produce \`${r.parts.join(' and ')}\`: the distribution of "${r.column}" gives it probability 0.`,
    {},
    "Loosen the condition, or change the column's distribution.",
  );
}

interface Context {
  spec: ColumnSpec;
  env: ReturnType<typeof envOf>;
  noise: number;
  blueprint: Blueprint;
  /** JSON path of the distribution, for messages. */
  path: string;
}

function compileExpr(text: string, ctx: Context, expected: ValueType | readonly ValueType[], where: string): Evaluator {
  const checked = checkText(text, ctx.env, expected);
  if (!checked.typed) {
    const e = checked.errors[0];
    throw new SynthError(
      'expr/invalid',
      `Column "${ctx.spec.name}": ${e.message} (in "${text}")`,
      { jsonPath: `${ctx.path}.${where}` },
      'Run "synth-studio validate" to see every problem at its place.',
    );
  }
  return compileTyped(checked.typed);
}

/** A draw in (0, 1): the copula's when the column is correlated, otherwise a fresh one. */
function uniform(u: number, rng: Rng): number {
  return Number.isNaN(u) ? rng.nextOpen() : u;
}

function compileDistribution(dist: Distribution | undefined, ctx: Context): Sampler {
  const { spec } = ctx;
  const storage = storageOf(spec.type);
  if (!dist) {
    if (storage === 'numeric') {
      const inv = numericInverse({ ...spec, distribution: undefined });
      return (_row, rng, u) => inv(uniform(u, rng));
    }
    const text = textGenerator({ ...spec, distribution: undefined });
    return (_row, rng, _u, g) => text(g, rng);
  }
  switch (dist.kind) {
    case 'empirical':
    case 'uniform':
    case 'normal':
    case 'lognormal':
    case 'exponential':
    case 'poisson':
    case 'truncatedNormal':
    case 'beta': {
      const inv =
        dist.kind === 'empirical' || spec.type === 'datetime'
          ? numericInverse({ ...spec, distribution: dist })
          : parametricInverse(spec, dist)!;
      return (_row, rng, u) => inv(uniform(u, rng));
    }
    case 'dates':
      return datesSampler(dist, spec);
    case 'categorical': {
      const inv = categoricalInverse({ ...spec, distribution: dist });
      if (spec.type === 'boolean') {
        const truth = inv.levels.map((l) => booleanWord(l) ?? null);
        return (_row, rng, u) => truth[inv.pick(uniform(u, rng))] ?? null;
      }
      if (storage === 'numeric') {
        const numbers = inv.levels.map(Number);
        return (_row, rng, u) => numbers[inv.pick(uniform(u, rng))] ?? null;
      }
      return (_row, rng, u) => inv.levels[inv.pick(uniform(u, rng))] ?? null;
    }
    case 'sequence':
    case 'shape': {
      const text = textGenerator({ ...spec, distribution: dist });
      return (_row, rng, _u, g) => text(g, rng);
    }
    case 'pattern':
      return patternSampler(dist.pattern, dist.start ?? 1, dist.step ?? 1);
    case 'derived': {
      const f = compileExpr(dist.expr, ctx, valueTypeOf(spec.type), 'expr');
      const noise = ctx.noise;
      if (noise > 0 && storageOf(spec.type) === 'numeric' && spec.type !== 'datetime') {
        return (row, rng) => {
          const x = f(row);
          const z = rng.normal();
          return typeof x === 'number' ? x * (1 + noise * z) : x;
        };
      }
      return (row) => f(row);
    }
    case 'conditional': {
      const on = compileExpr(dist.on, ctx, ['string', 'boolean', 'number'], 'on');
      const entries = Object.entries(dist.cases).map(([key, d], i) => ({
        key,
        sample: compileDistribution(d, { ...ctx, path: `${ctx.path}.cases.${key}` }),
        i,
      }));
      const byKey = new Map<string, Sampler>();
      for (const e of entries) {
        byKey.set(e.key, e.sample);
        const b = booleanWord(e.key);
        if (b !== undefined && !byKey.has(String(b))) byKey.set(String(b), e.sample);
        const n = Number(e.key);
        if (e.key.trim() !== '' && Number.isFinite(n) && !byKey.has(String(n))) byKey.set(String(n), e.sample);
      }
      const fallback = dist.default
        ? compileDistribution(dist.default, { ...ctx, path: `${ctx.path}.default` })
        : undefined;
      const samplers = entries.map((e) => e.sample);
      const noise = ctx.noise;
      return (row, rng, u, g) => {
        if (noise > 0 && rng.next() < noise) return samplers[rng.int(samplers.length)](row, rng, u, g);
        const key = on(row);
        const s = key === null ? fallback : (byKey.get(String(key)) ?? fallback);
        return s ? s(row, rng, u, g) : null;
      };
    }
    case 'bands': {
      const on = compileExpr(dist.on, ctx, ['number', 'date'], 'on');
      const limits = dist.bands.map((b) =>
        b.below === undefined ? Infinity : typeof b.below === 'number' ? b.below : readDate(b.below, 'YYYY-MM-DD'),
      );
      const samplers = dist.bands.map((b, i) =>
        compileDistribution(b.distribution, { ...ctx, path: `${ctx.path}.bands[${i}].distribution` }),
      );
      const noise = ctx.noise;
      return (row, rng, u, g) => {
        if (noise > 0 && rng.next() < noise) return samplers[rng.int(samplers.length)](row, rng, u, g);
        const x = on(row);
        if (x === null) return null;
        for (let i = 0; i < limits.length; i++) if ((x as number) < limits[i]) return samplers[i](row, rng, u, g);
        return null;
      };
    }
    case 'logistic':
      return logisticSampler(dist, ctx);
  }
}

/** The linear predictor of a logistic distribution without its intercept: Σ coef·term, a condition counting 1 or 0, a missing term 0. */
export function linearPredictor(
  dist: LogisticDistribution,
  ctx: { spec: ColumnSpec; env: ReturnType<typeof envOf>; path: string; noise: number; blueprint: Blueprint },
): (row: Value[]) => number {
  const terms = dist.terms.map((t, i) => ({
    coef: t.coef,
    f: compileExpr(t.expr, ctx, ['number', 'boolean'], `terms[${i}].expr`),
  }));
  return (row) => {
    let eta = 0;
    for (const t of terms) {
      const x = t.f(row);
      if (x === true) eta += t.coef;
      else if (typeof x === 'number') eta += t.coef * x;
    }
    return eta;
  };
}

function logisticSampler(dist: LogisticDistribution, ctx: Context): Sampler {
  const eta = linearPredictor(dist, ctx);
  const intercept = dist.rate !== undefined ? solveIntercept(dist, ctx) : (dist.intercept ?? 0);
  const noise = ctx.noise;
  const asNumber = ctx.spec.type === 'integer';
  return (row, rng) => {
    let y: boolean;
    if (noise > 0 && rng.next() < noise) y = rng.next() < 0.5;
    else y = rng.next() < 1 / (1 + Math.exp(-(intercept + eta(row))));
    return asNumber ? (y ? 1 : 0) : y;
  };
}

/** P(true) of a logistic column for a row, its noise included (a noisy draw is a fair coin). */
function logisticProbability(dist: LogisticDistribution, ctx: Context): (row: Value[]) => number {
  const eta = linearPredictor(dist, ctx);
  const intercept = dist.rate !== undefined ? solveIntercept(dist, ctx) : (dist.intercept ?? 0);
  const noise = ctx.noise;
  return (row) => noise / 2 + (1 - noise) / (1 + Math.exp(-(intercept + eta(row))));
}

/** Rows drawn to estimate an expected rate (its Monte Carlo standard error is at most 0.5/√n ≈ 0.0035). */
export const RATE_SAMPLES = 20_000;

/** The intercept that makes the expected rate `dist.rate`, over rows drawn from the columns this one reads. */
function solveIntercept(dist: LogisticDistribution, ctx: Context): number {
  const offsets = predictorSample(ctx.blueprint, ctx.spec.name, dist, RATE_SAMPLES);
  return solveInterceptFromOffsets(offsets, dist.rate!, ctx.noise);
}

/**
 * Linear predictors (without intercept) of a logistic column over `n` rows drawn from the
 * columns it depends on (directly or not), with the blueprint's seed.
 */
export function predictorSample(
  blueprint: Blueprint,
  column: string,
  dist: LogisticDistribution,
  n: number,
): Float64Array {
  const specs = blueprint.columns;
  const target = specs.findIndex((c) => c.name === column);
  const needed = ancestors(blueprint, target);
  const sampler = compileRowSampler(blueprint, needed);
  const spec = specs[target];
  const ctx = {
    spec,
    env: envOf(specs.map((c) => ({ name: c.name, type: valueTypeOf(c.type) }))),
    path: `columns[${target}].distribution`,
    noise: 0,
    blueprint,
  };
  const eta = linearPredictor(dist, ctx);
  // A stream of its own, so estimating never shifts the rows that are generated.
  const rng = new Rng(blueprint.seed ^ 0x5bd1e995);
  const row: Value[] = new Array(specs.length).fill(null);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sampler.fill(row, rng, i);
    out[i] = eta(row);
  }
  return out;
}

/** Columns that column `index` reads, directly or through others (itself excluded). */
export function ancestors(blueprint: Blueprint, index: number): Set<number> {
  const specs = blueprint.columns;
  const byName = new Map(specs.map((c, i) => [c.name, i]));
  const out = new Set<number>();
  const stack = [index];
  const corr = blueprint.correlations ?? [];
  while (stack.length) {
    const i = stack.pop()!;
    const names = new Set<string>();
    for (const d of dependenciesOfColumn(specs[i])) names.add(d);
    // Correlated partners share draws: include them so the copula is the same.
    for (const c of corr) if (c.columns.includes(specs[i].name)) for (const n of c.columns) names.add(n);
    for (const n of names) {
      const j = byName.get(n);
      if (j !== undefined && j !== index && !out.has(j)) {
        out.add(j);
        stack.push(j);
      }
    }
  }
  return out;
}

function dependenciesOfColumn(spec: ColumnSpec): string[] {
  return dependenciesOf(spec).map((d) => d.column);
}

/**
 * Dates with trend, yearly seasonality and weekday weights: the day is drawn from a table of
 * per-day weights by inverting its cumulative sum with u (so dates can be correlated), and the
 * time of day from where u falls inside that day's share.
 */
function datesSampler(dist: Extract<Distribution, { kind: 'dates' }>, spec: ColumnSpec): Sampler {
  const format = spec.format ?? 'YYYY-MM-DD';
  const start = Math.floor(readDate(dist.start, format) / DAY_MS);
  const end = Math.floor(readDate(dist.end, format) / DAY_MS);
  const days = end - start + 1;
  const weights = dateWeights(dist, start, days);
  const cum = new Float64Array(days);
  let total = 0;
  for (let i = 0; i < days; i++) {
    total += weights[i];
    cum[i] = total;
  }
  const inv = (u: number): number => {
    const pos = u * total;
    let lo = 0;
    let hi = days - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > pos) hi = mid;
      else lo = mid + 1;
    }
    const before = lo > 0 ? cum[lo - 1] : 0;
    const within = weights[lo] > 0 ? Math.min(1 - 1e-12, Math.max(0, (pos - before) / weights[lo])) : 0;
    return (start + lo) * DAY_MS + within * DAY_MS;
  };
  return (_row, rng, u) => inv(uniform(u, rng));
}

/** Weight of each day from `startDay` (days since the epoch): trend × season × weekday. */
export function dateWeights(
  dist: Extract<Distribution, { kind: 'dates' }>,
  startDay: number,
  days: number,
): Float64Array {
  const trend = dist.trend ?? 0;
  const amplitude = dist.seasonality?.amplitude ?? 0;
  const peakMonth = dist.seasonality?.peakMonth ?? 1;
  const weekdays = dist.weekdays ?? [1, 1, 1, 1, 1, 1, 1];
  const out = new Float64Array(days);
  const growth = Math.log1p(trend);
  for (let i = 0; i < days; i++) {
    const t = (startDay + i) * DAY_MS;
    const d = new Date(t);
    const year = d.getUTCFullYear();
    const dayOfYear = (t - Date.UTC(year, 0, 1)) / DAY_MS;
    const peakDay = (Date.UTC(year, peakMonth - 1, 15) - Date.UTC(year, 0, 1)) / DAY_MS;
    const season = 1 + amplitude * Math.cos((2 * Math.PI * (dayOfYear - peakDay)) / 365.25);
    const weekday = weekdays[(d.getUTCDay() + 6) % 7];
    out[i] = Math.exp(growth * (i / 365.25)) * season * weekday;
  }
  return out;
}

export function patternSampler(pattern: string, start: number, step: number): Sampler {
  const m = /\{(0+)\}/.exec(pattern);
  const width = m ? m[1].length : 0;
  const before = m ? pattern.slice(0, m.index) : pattern;
  const after = m ? pattern.slice(m.index + m[0].length) : '';
  return (_row, _rng, _u, g) => {
    const n = start + g * step;
    const digits = String(Math.abs(n)).padStart(width, '0');
    return `${before}${n < 0 ? '-' : ''}${digits}${after}`;
  };
}

/** Rounding and bounds of numeric columns (the same rules as fitted generation). */
function finisher(spec: ColumnSpec): (v: Value) => Value {
  if (storageOf(spec.type) !== 'numeric') return (v) => v;
  const format = spec.format ?? (spec.type === 'datetime' ? 'YYYY-MM-DD HH:mm:ss' : '');
  const read = (b: number | string | undefined): number =>
    b === undefined ? NaN : typeof b === 'number' ? b : readDate(b, format);
  const min = read(spec.min);
  const max = read(spec.max);
  const lo = Number.isNaN(min) ? -Infinity : min;
  const hi = Number.isNaN(max) ? Infinity : max;
  let round: (x: number) => number = (x) => x;
  if (spec.type === 'integer') round = Math.round;
  else if (spec.type === 'datetime') {
    const resolution = spec.resolution ?? (spec.distribution?.kind === 'dates' ? 'day' : 'second');
    const step = RESOLUTION_MS[resolution];
    round = step === DAY_MS ? (x) => Math.floor(x / step) * step : (x) => Math.round(x / step) * step;
  } else if (spec.decimals !== undefined) {
    const f = 10 ** spec.decimals;
    round = (x) => Math.round(x * f) / f;
  }
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return typeof v === 'boolean' ? (v ? 1 : 0) : null;
    const x = round(v);
    return x < lo ? lo : x > hi ? hi : x;
  };
}

interface OutputColumn {
  allocate(n: number): { column: Column; set(r: number, v: Value): void };
}

/** Typed output storage of a column; category levels are shared by every chunk (new ones appended). */
function outputFor(spec: ColumnSpec): OutputColumn {
  const storage = storageOf(spec.type);
  if (storage === 'numeric') {
    return {
      allocate(n) {
        const values = new Float64Array(n);
        return {
          column: { storage: 'numeric', name: spec.name, type: spec.type as 'integer' | 'number' | 'datetime', values },
          set: (r, v) => {
            values[r] = typeof v === 'number' ? v : NaN;
          },
        };
      },
    };
  }
  if (storage === 'categorical') {
    if (spec.type === 'boolean') {
      const levels = booleanLevels(spec.distribution);
      return {
        allocate(n) {
          const codes = new Int32Array(n);
          return {
            column: { storage: 'categorical', name: spec.name, type: 'boolean', codes, levels },
            set: (r, v) => {
              codes[r] =
                v === null
                  ? -1
                  : v === true || v === 1
                    ? 1
                    : v === false || v === 0
                      ? 0
                      : booleanWord(String(v)) === undefined
                        ? -1
                        : booleanWord(String(v))
                          ? 1
                          : 0;
            },
          };
        },
      };
    }
    const levels = [...(levelsOf(spec.distribution) ?? [])];
    const index = new Map(levels.map((l, i) => [l, i]));
    return {
      allocate(n) {
        const codes = new Int32Array(n);
        return {
          column: { storage: 'categorical', name: spec.name, type: 'category', codes, levels },
          set: (r, v) => {
            if (v === null) {
              codes[r] = -1;
              return;
            }
            const s = String(v);
            let i = index.get(s);
            if (i === undefined) {
              i = levels.length;
              levels.push(s);
              index.set(s, i);
            }
            codes[r] = i;
          },
        };
      },
    };
  }
  return {
    allocate(n) {
      const values = new Array<string | null>(n);
      return {
        column: { storage: 'text', name: spec.name, type: spec.type as 'id' | 'text', values },
        set: (r, v) => {
          values[r] = v === null ? null : String(v);
        },
      };
    },
  };
}

const PAIRS: [string, string][] = [
  ['false', 'true'],
  ['f', 't'],
  ['no', 'yes'],
  ['n', 'y'],
  ['0', '1'],
];

/**
 * How a boolean column writes false and true: a logistic's `values`, or the spellings its
 * categorical probabilities use (completing a pair when only one side appears), else false/true.
 */
export function booleanLevels(dist: Distribution | undefined): string[] {
  if (dist?.kind === 'logistic' && dist.values?.length === 2) return [dist.values[0], dist.values[1]];
  const keys = levelsOf(dist) ?? [];
  let no: string | undefined;
  let yes: string | undefined;
  for (const k of keys) {
    const b = booleanWord(k);
    if (b === true && yes === undefined) yes = k;
    if (b === false && no === undefined) no = k;
  }
  const styled = (word: string, like: string): string =>
    like === like.toUpperCase() && like !== like.toLowerCase()
      ? word.toUpperCase()
      : like[0] === like[0].toUpperCase() && like[0] !== like[0].toLowerCase()
        ? word[0].toUpperCase() + word.slice(1)
        : word;
  if (yes !== undefined && no === undefined) {
    const pair = PAIRS.find((p) => p[1] === yes!.toLowerCase());
    no = pair ? styled(pair[0], yes) : 'false';
  }
  if (no !== undefined && yes === undefined) {
    const pair = PAIRS.find((p) => p[0] === no!.toLowerCase());
    yes = pair ? styled(pair[1], no) : 'true';
  }
  return [no ?? 'false', yes ?? 'true'];
}
