import { sampleKurtosis, sampleSkewness } from 'simple-statistics';
import { throwIfAborted, type AbortSignalLike } from '../errors';
import { quantileSorted } from '../fit/columns';
import { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../table';
import { takeRows } from '../table';
import { contingencySimilarity, correlationSimilarity, discretise, ksComplement, tvComplement } from './fidelity';
import type { CategoricalStats, ColumnFidelity, ColumnProfile, NumericStats, PairFidelity, QualityReport } from './model';
import { gradeOf } from './model';

export interface ReportOptions {
  title?: string;
  realName?: string;
  syntheticName?: string;
  generator?: { method?: string; seed?: number };
  /** Pair metrics use at most this many rows per side (a seeded sample above it). */
  maxPairRows?: number;
  signal?: AbortSignalLike;
  onProgress?: (fraction: number) => void;
}

const HISTOGRAM_BINS = 30;
const MAX_CATEGORY_BARS = 20;
const DEFAULT_MAX_PAIR_ROWS = 100_000;

/**
 * Compare a synthetic table with the real one. Columns are matched by name and typed by the
 * real table. Identifiers and free text are left out of the scores: their values are generated
 * fresh by design, so their distributions are not expected to match.
 */
export function buildReport(real: Table, synthetic: Table, options: ReportOptions = {}): QualityReport {
  const notes: string[] = [];
  const pairs: [Column, Column][] = [];
  const excluded: { column: string; reason: string }[] = [];
  for (const r of real.columns) {
    const s = synthetic.columns.find((c) => c.name === r.name);
    if (!s) {
      excluded.push({ column: r.name, reason: 'not in the synthetic table' });
      continue;
    }
    if (r.storage === 'text') {
      excluded.push({ column: r.name, reason: r.type === 'id' ? 'identifier: values are generated, not modelled' : 'free text: values are generated in shape only' });
      continue;
    }
    if (s.storage !== r.storage) {
      excluded.push({ column: r.name, reason: `type differs (${r.type} in real, ${s.type} in synthetic)` });
      continue;
    }
    pairs.push([r, s]);
  }
  for (const s of synthetic.columns) {
    if (!real.columns.some((c) => c.name === s.name)) excluded.push({ column: s.name, reason: 'not in the real table' });
  }

  const columnScores: Record<string, ColumnFidelity> = {};
  const profiles: ColumnProfile[] = [];
  for (const r of real.columns) {
    const match = pairs.find(([x]) => x === r);
    if (!match) {
      profiles.push({ name: r.name, type: r.type });
      continue;
    }
    const [, s] = match;
    if (r.storage === 'numeric') {
      const sn = s as NumericColumn;
      const score = ksComplement(r.values, sn.values);
      if (!Number.isNaN(score)) columnScores[r.name] = { metric: 'KSComplement', score };
      profiles.push({
        name: r.name,
        type: r.type,
        metric: 'KSComplement',
        ...(Number.isNaN(score) ? {} : { score }),
        numeric: { real: numericStats(r.values), synthetic: numericStats(sn.values) },
        histogram: histogram(r, sn),
      });
    } else if (r.storage === 'categorical') {
      const { real: rc, synthetic: sc, labels } = alignedCounts(r, s as CategoricalColumn);
      const score = tvComplement(rc, sc);
      if (!Number.isNaN(score)) columnScores[r.name] = { metric: 'TVComplement', score };
      profiles.push({
        name: r.name,
        type: r.type,
        metric: 'TVComplement',
        ...(Number.isNaN(score) ? {} : { score }),
        categorical: { real: categoricalStats(rc, labels), synthetic: categoricalStats(sc, labels) },
        categories: categoryBars(labels, rc, sc),
      });
    }
  }
  throwIfAborted(options.signal);
  options.onProgress?.(0.3);

  // Pair trends, on a seeded sample when the tables are large.
  const maxRows = options.maxPairRows ?? DEFAULT_MAX_PAIR_ROWS;
  const rng = new Rng(20240229);
  const realSample = real.rowCount > maxRows ? takeRows(real, sampleIndices(real.rowCount, maxRows, rng)) : real;
  const synthSample = synthetic.rowCount > maxRows ? takeRows(synthetic, sampleIndices(synthetic.rowCount, maxRows, rng)) : synthetic;
  if (realSample !== real || synthSample !== synthetic) {
    notes.push(`Column pair trends were computed on a random sample of ${maxRows.toLocaleString('en-US')} rows per table.`);
  }
  const byName = (t: Table, name: string): Column => t.columns.find((c) => c.name === name)!;
  const scored = pairs.filter(([r]) => columnScores[r.name] !== undefined).map(([r]) => r.name);
  const discrete = new Map<string, { real: Int32Array; synth: Int32Array; size: number }>();
  const discreteOf = (name: string): { real: Int32Array; synth: Int32Array; size: number } => {
    let d = discrete.get(name);
    if (d) return d;
    const r = byName(realSample, name);
    const s = byName(synthSample, name);
    if (r.storage === 'numeric' && s.storage === 'numeric') {
      const full = byName(real, name) as NumericColumn;
      const [min, max] = range(full.values);
      d = { real: discretise(r.values, min, max), synth: discretise(s.values, min, max), size: 10 };
    } else {
      const rc = r as CategoricalColumn;
      const sc = s as CategoricalColumn;
      const index = new Map(rc.levels.map((l, i) => [l, i] as const));
      let next = rc.levels.length;
      const mapped = new Int32Array(sc.codes.length);
      const extra = new Map<string, number>();
      sc.codes.forEach((c, i) => {
        if (c < 0) { mapped[i] = -1; return; }
        const level = sc.levels[c];
        let code = index.get(level) ?? extra.get(level);
        if (code === undefined) { code = next++; extra.set(level, code); }
        mapped[i] = code;
      });
      d = { real: rc.codes, synth: mapped, size: next };
    }
    discrete.set(name, d);
    return d;
  };
  const pairScores: PairFidelity[] = [];
  const total = (scored.length * (scored.length - 1)) / 2;
  let done = 0;
  for (let i = 0; i < scored.length; i++) {
    throwIfAborted(options.signal);
    for (let j = i + 1; j < scored.length; j++) {
      const a = scored[i];
      const b = scored[j];
      const ra = byName(realSample, a);
      const rb = byName(realSample, b);
      if (ra.storage === 'numeric' && rb.storage === 'numeric') {
        const sa = byName(synthSample, a) as NumericColumn;
        const sb = byName(synthSample, b) as NumericColumn;
        const c = correlationSimilarity(ra.values, rb.values, sa.values, sb.values);
        if (!Number.isNaN(c.score)) pairScores.push({ columns: [a, b], metric: 'CorrelationSimilarity', score: c.score, real: c.real, synthetic: c.synthetic });
      } else {
        const da = discreteOf(a);
        const db = discreteOf(b);
        const score = contingencySimilarity(da.real, db.real, da.synth, db.synth, da.size, db.size);
        if (!Number.isNaN(score)) pairScores.push({ columns: [a, b], metric: 'ContingencySimilarity', score });
      }
      done++;
    }
    options.onProgress?.(0.3 + (0.7 * done) / Math.max(1, total));
  }

  const columnShapes = mean(Object.values(columnScores).map((c) => c.score));
  const pairTrends = mean(pairScores.map((p) => p.score));
  const fidelityScore = Number.isNaN(pairTrends) ? columnShapes : Number.isNaN(columnShapes) ? pairTrends : (columnShapes + pairTrends) / 2;
  const score = Number.isNaN(fidelityScore) ? 0 : fidelityScore;
  if (Number.isNaN(pairTrends)) notes.push('No column pairs could be compared (fewer than two scored columns).');
  const grade = gradeOf(score);
  const realName = options.realName ?? 'real';
  const syntheticName = options.syntheticName ?? 'synthetic';
  return {
    version: 1,
    title: options.title ?? `${realName} vs ${syntheticName}`,
    score: round6(score),
    grade,
    verdict: verdictOf(score, columnShapes, pairTrends),
    real: summary(realName, real),
    synthetic: summary(syntheticName, synthetic),
    ...(options.generator ? { generator: options.generator } : {}),
    fidelity: {
      score: round6(score),
      columnShapes: round6(columnShapes),
      pairTrends: round6(pairTrends),
      columns: Object.fromEntries(Object.entries(columnScores).map(([k, v]) => [k, { metric: v.metric, score: round6(v.score) }])),
      pairs: pairScores.map((p) => ({ ...p, score: round6(p.score), ...(p.real !== undefined ? { real: round6(p.real), synthetic: round6(p.synthetic!) } : {}) })),
      excluded,
    },
    columns: profiles,
    notes,
  };
}

function verdictOf(score: number, shapes: number, pairs: number): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const detail = Number.isNaN(pairs) ? `columns match ${pct(shapes)}` : `columns match ${pct(shapes)} and relationships between columns ${pct(pairs)}`;
  if (score >= 0.9) return `Very close to the real data: ${detail}.`;
  if (score >= 0.8) return `Close to the real data: ${detail}.`;
  if (score >= 0.6) return `Roughly like the real data: ${detail}; check the weakest columns below.`;
  return `Far from the real data: ${detail}.`;
}

function summary(name: string, t: Table): { name: string; rows: number; columns: number; missingShare: number } {
  let missing = 0;
  for (const c of t.columns) {
    if (c.storage === 'numeric') { for (const v of c.values) if (Number.isNaN(v)) missing++; }
    else if (c.storage === 'categorical') { for (const v of c.codes) if (v < 0) missing++; }
    else for (const v of c.values) if (v === null) missing++;
  }
  const cells = t.rowCount * t.columns.length;
  return { name, rows: t.rowCount, columns: t.columns.length, missingShare: cells ? round6(missing / cells) : 0 };
}

/** Counts per category over the union of both sides' levels, real levels first. */
function alignedCounts(r: CategoricalColumn, s: CategoricalColumn): { real: number[]; synthetic: number[]; labels: string[] } {
  const labels = [...r.levels];
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const sMap = s.levels.map((l) => {
    let i = index.get(l);
    if (i === undefined) { i = labels.length; labels.push(l); index.set(l, i); }
    return i;
  });
  const real = new Array<number>(labels.length).fill(0);
  const synthetic = new Array<number>(labels.length).fill(0);
  for (const c of r.codes) if (c >= 0) real[c]++;
  for (const c of s.codes) if (c >= 0) synthetic[sMap[c]]++;
  return { real, synthetic, labels };
}

function categoryBars(labels: string[], real: number[], synthetic: number[]): { labels: string[]; real: number[]; synthetic: number[] } {
  const rt = real.reduce((a, b) => a + b, 0) || 1;
  const st = synthetic.reduce((a, b) => a + b, 0) || 1;
  const order = labels.map((_, i) => i).sort((a, b) => real[b] + synthetic[b] * (rt / st) - (real[a] + synthetic[a] * (rt / st)) || a - b);
  const top = order.slice(0, MAX_CATEGORY_BARS);
  const rest = order.slice(MAX_CATEGORY_BARS);
  const out = { labels: top.map((i) => labels[i]), real: top.map((i) => round6(real[i] / rt)), synthetic: top.map((i) => round6(synthetic[i] / st)) };
  if (rest.length) {
    out.labels.push(`Other (${rest.length})`);
    out.real.push(round6(rest.reduce((a, i) => a + real[i], 0) / rt));
    out.synthetic.push(round6(rest.reduce((a, i) => a + synthetic[i], 0) / st));
  }
  return out;
}

function categoricalStats(counts: number[], labels: string[]): CategoricalStats {
  let count = 0;
  let best = -1;
  let distinct = 0;
  counts.forEach((c, i) => {
    count += c;
    if (c > 0) distinct++;
    if (c > 0 && (best < 0 || c > counts[best])) best = i;
  });
  return { count, missing: 0, distinct, mode: best >= 0 ? labels[best] : null };
}

export function numericStats(values: Float64Array): NumericStats {
  const present: number[] = [];
  for (const v of values) if (!Number.isNaN(v)) present.push(v);
  const missing = values.length - present.length;
  if (present.length === 0) {
    return { count: 0, missing, mean: null, std: null, min: null, p25: null, median: null, p75: null, max: null, skewness: null, kurtosis: null };
  }
  const sorted = Float64Array.from(present).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const m = sum / sorted.length;
  let ss = 0;
  for (const v of sorted) ss += (v - m) ** 2;
  const std = sorted.length > 1 ? Math.sqrt(ss / (sorted.length - 1)) : 0;
  const constant = sorted[0] === sorted[sorted.length - 1];
  return {
    count: sorted.length,
    missing,
    mean: round6(m),
    std: round6(std),
    min: sorted[0],
    p25: round6(quantileSorted(sorted, 0.25)),
    median: round6(quantileSorted(sorted, 0.5)),
    p75: round6(quantileSorted(sorted, 0.75)),
    max: sorted[sorted.length - 1],
    skewness: sorted.length >= 3 && !constant ? round6(sampleSkewness(present)) : null,
    kurtosis: sorted.length >= 4 && !constant ? round6(sampleKurtosis(present)) : null,
  };
}

/** Equal-width bins over the range of both sides; integer columns with a small range bin per value. */
function histogram(r: NumericColumn, s: NumericColumn): { edges: number[]; real: number[]; synthetic: number[] } {
  const [rmin, rmax] = range(r.values);
  const [smin, smax] = range(s.values);
  let min = Math.min(rmin, smin);
  let max = Math.max(rmax, smax);
  if (!Number.isFinite(min)) return { edges: [], real: [], synthetic: [] };
  let bins = HISTOGRAM_BINS;
  if (r.type === 'integer' && max - min + 1 <= HISTOGRAM_BINS) {
    bins = max - min + 1;
    min -= 0.5;
    max += 0.5;
  } else if (max === min) {
    min -= 0.5;
    max += 0.5;
    bins = 1;
  }
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => round6(min + i * width));
  const count = (values: Float64Array): number[] => {
    const h = new Array<number>(bins).fill(0);
    let total = 0;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      const b = Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)));
      h[b]++;
      total++;
    }
    return h.map((c) => round6(total ? c / total : 0));
  };
  return { edges, real: count(r.values), synthetic: count(s.values) };
}

function range(values: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function sampleIndices(n: number, k: number, rng: Rng): number[] {
  return Array.from(rng.permutation(n).subarray(0, k)).sort((a, b) => a - b);
}

function mean(xs: number[]): number {
  if (xs.length === 0) return NaN;
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function round6(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}
