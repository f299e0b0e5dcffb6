import type { Rng } from '../random';

/**
 * k-means (Lloyd's algorithm, k-means++ seeding; Arthur & Vassilvitskii 2007) of `n` points of
 * dimension `d` (row-major), returning a cluster index per point, numbered 0..k'-1 with k' <= k.
 *
 * Lloyd runs on an evenly spaced sample of at most `sampleSize` points (centroids settle long
 * before all rows are seen), then every point goes to its nearest centroid. Clusters that end
 * with fewer than `minSize` points are dissolved into the nearest remaining ones, largest first
 * kept, so every cluster is big enough to fit a model on.
 */
export function kMeans(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  minSize: number,
  rng: Rng,
  iterations = 10,
  sampleSize = 4000,
): Int32Array {
  const step = Math.max(1, Math.floor(n / sampleSize));
  const sample: number[] = [];
  for (let r = 0; r < n; r += step) sample.push(r);
  const m = sample.length;
  k = Math.max(1, Math.min(k, m));
  const centroids = new Float64Array(k * d);
  // k-means++: each next centre is a point drawn with probability proportional to D(x)^2.
  const nearest = new Float64Array(m).fill(Infinity);
  let first = sample[rng.int(m)];
  for (let j = 0; j < d; j++) centroids[j] = points[first * d + j];
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < m; i++) {
      const dist = distance(points, sample[i], centroids, c - 1, d);
      if (dist < nearest[i]) nearest[i] = dist;
      total += nearest[i];
    }
    let u = rng.next() * total;
    let pick = m - 1;
    for (let i = 0; i < m; i++) {
      u -= nearest[i];
      if (u <= 0) {
        pick = i;
        break;
      }
    }
    first = sample[pick];
    for (let j = 0; j < d; j++) centroids[c * d + j] = points[first * d + j];
  }
  const assign = new Int32Array(m);
  for (let it = 0; it < iterations; it++) {
    let changed = 0;
    for (let i = 0; i < m; i++) {
      const c = closest(points, sample[i], centroids, k, d);
      if (c !== assign[i] || it === 0) changed++;
      assign[i] = c;
    }
    recompute(points, sample, assign, centroids, k, d);
    if (changed === 0) break;
  }
  const all = new Int32Array(n);
  for (let r = 0; r < n; r++) all[r] = closest(points, r, centroids, k, d);
  // Dissolve clusters that are too small, smallest first, and renumber by size.
  const alive = new Array<boolean>(k).fill(true);
  for (;;) {
    const sizes = new Array<number>(k).fill(0);
    for (let r = 0; r < n; r++) sizes[all[r]]++;
    let smallest = -1;
    for (let c = 0; c < k; c++)
      if (alive[c] && sizes[c] < minSize && (smallest < 0 || sizes[c] < sizes[smallest])) smallest = c;
    if (smallest < 0 || alive.filter(Boolean).length === 1) break;
    alive[smallest] = false;
    for (let r = 0; r < n; r++) {
      if (all[r] !== smallest) continue;
      let best = -1;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        if (!alive[c]) continue;
        const dist = distance(points, r, centroids, c, d);
        if (dist < bestD) {
          bestD = dist;
          best = c;
        }
      }
      all[r] = best;
    }
  }
  const sizes = new Array<number>(k).fill(0);
  for (let r = 0; r < n; r++) sizes[all[r]]++;
  const rank = sizes
    .map((s, c) => ({ s, c }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.c - b.c);
  const renumber = new Int32Array(k).fill(-1);
  rank.forEach((x, i) => (renumber[x.c] = i));
  for (let r = 0; r < n; r++) all[r] = renumber[all[r]];
  return all;
}

function distance(points: Float64Array, r: number, centroids: Float64Array, c: number, d: number): number {
  let s = 0;
  const p = r * d;
  const q = c * d;
  for (let j = 0; j < d; j++) {
    const x = points[p + j] - centroids[q + j];
    s += x * x;
  }
  return s;
}

function closest(points: Float64Array, r: number, centroids: Float64Array, k: number, d: number): number {
  let best = 0;
  let bestD = Infinity;
  const p = r * d;
  for (let c = 0; c < k; c++) {
    // The sum only grows: stop once it reaches the best so far (that centre cannot win).
    let s = 0;
    const q = c * d;
    for (let j = 0; j < d && s < bestD; j++) {
      const x = points[p + j] - centroids[q + j];
      s += x * x;
    }
    if (s < bestD) {
      bestD = s;
      best = c;
    }
  }
  return best;
}

function recompute(
  points: Float64Array,
  sample: number[],
  assign: Int32Array,
  centroids: Float64Array,
  k: number,
  d: number,
): void {
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < sample.length; i++) {
    const c = assign[i];
    counts[c]++;
    const p = sample[i] * d;
    for (let j = 0; j < d; j++) sums[c * d + j] += points[p + j];
  }
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue; // an empty cluster keeps its centre
    for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j] / counts[c];
  }
}
