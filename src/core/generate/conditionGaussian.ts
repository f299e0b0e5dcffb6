/**
 * A Gaussian copula conditioned on some of its variables: z ~ N(0, R) given that u_j = Φ(z_j) lies
 * in a set of intervals for each restricted variable j (a restricted column's allowed levels or
 * values, or its missingness). The restricted variables are drawn first, the others from their
 * conditional Gaussian given them (through the Cholesky factor of R with the restricted variables
 * ordered first, so z = L·eps with eps_J fixed by z_J and the rest standard normal), which is
 * exact for any number of unrestricted variables.
 *
 * One restricted variable is drawn exactly (a truncated normal). Several are drawn by a Gibbs
 * sampler on their joint truncated normal (Geweke 1991: each variable in turn from its normal
 * given the others, truncated to its set), started from a sequential draw that already meets
 * every restriction (Geweke–Hajivassiliou–Keane), for `GIBBS_SWEEPS` sweeps. Their joint
 * probability (for weighting segments) is the GHK estimate over `GHK_DRAWS` draws.
 */
import { Rng } from '../random';
import { choleskyOfCorrelation } from '../stats/matrix';
import { normalCdf, normalQuantile } from '../stats/normal';
import type { USet } from './condition';

export const GIBBS_SWEEPS = 10;
export const GHK_DRAWS = 2000;

/** Φ, exact at ±∞. */
function cdf(x: number): number {
  return x === -Infinity ? 0 : x === Infinity ? 1 : normalCdf(x);
}

/** P(a < Z < b) for Z standard normal, accurate in both tails. */
export function massBetween(a: number, b: number): number {
  if (!(b > a)) return 0;
  if (a >= 0) return cdf(-a) - cdf(-b);
  if (b <= 0) return cdf(b) - cdf(a);
  return 1 - cdf(a) - cdf(-b);
}

/** A standard normal draw truncated to (a, b), by inversion on the tail where Φ keeps its precision. */
export function drawBetween(a: number, b: number, rng: Rng): number {
  const u = rng.nextOpen();
  let z: number;
  if (a >= 0) {
    const qa = cdf(-a);
    const qb = cdf(-b);
    z = -normalQuantile(qa - u * (qa - qb));
  } else {
    const pa = cdf(a);
    const pb = cdf(b);
    z = normalQuantile(pa + u * (pb - pa));
  }
  return z < a ? a : z > b ? b : z;
}

/** z-intervals (pairs) of a set of u's. */
function zPieces(set: USet): Float64Array {
  return Float64Array.from(set.pieces, (u) => normalQuantile(u));
}

/**
 * A draw of N(mu, s²) truncated to the union of z-pieces; returns the draw and writes the
 * probability of the union under N(mu, s²) into `mass[0]`.
 */
function drawUnion(pieces: Float64Array, mu: number, s: number, rng: Rng, mass: Float64Array): number {
  const k = pieces.length / 2;
  if (k === 1) {
    const a = (pieces[0] - mu) / s;
    const b = (pieces[1] - mu) / s;
    mass[0] = massBetween(a, b);
    return mass[0] > 0 ? mu + s * drawBetween(a, b, rng) : Math.min(pieces[1], Math.max(pieces[0], mu));
  }
  let total = 0;
  const w = new Float64Array(k);
  for (let i = 0; i < k; i++) total += w[i] = massBetween((pieces[2 * i] - mu) / s, (pieces[2 * i + 1] - mu) / s);
  mass[0] = total;
  if (!(total > 0)) return Math.min(pieces[1], Math.max(pieces[0], mu));
  let x = rng.next() * total;
  let i = 0;
  for (; i < k - 1; i++) {
    if (x < w[i]) break;
    x -= w[i];
  }
  return mu + s * drawBetween((pieces[2 * i] - mu) / s, (pieces[2 * i + 1] - mu) / s, rng);
}

export class GaussianCondition {
  /** P(every restricted variable in its set) under N(0, R). */
  readonly probability: number;
  private readonly v: number;
  /** Variable order: restricted first. */
  private readonly order: Int32Array;
  private readonly l: Float64Array;
  private readonly j: number;
  private readonly sets: Float64Array[];
  /** Precision matrix of the restricted block (j x j), for the Gibbs updates. */
  private readonly precision: Float64Array;
  private readonly eps: Float64Array;
  private readonly zj: Float64Array;
  private readonly mass = new Float64Array(1);

  /** `correlation` is v x v row-major; `restricted` maps a variable to the u's it may take. */
  constructor(correlation: Float64Array, v: number, restricted: Map<number, USet>) {
    this.v = v;
    const first = [...restricted.keys()].sort((a, b) => a - b);
    const rest = [];
    for (let i = 0; i < v; i++) if (!restricted.has(i)) rest.push(i);
    this.order = Int32Array.from([...first, ...rest]);
    this.j = first.length;
    const permuted = new Float64Array(v * v);
    for (let a = 0; a < v; a++)
      for (let b = 0; b < v; b++) permuted[a * v + b] = correlation[this.order[a] * v + this.order[b]];
    this.l = v > 0 ? choleskyOfCorrelation(permuted, v) : new Float64Array(0);
    this.sets = first.map((i) => zPieces(restricted.get(i)!));
    this.eps = new Float64Array(v);
    this.zj = new Float64Array(this.j);
    this.precision = blockPrecision(this.l, v, this.j);
    if (this.j === 0) this.probability = 1;
    else if (this.j === 1) this.probability = restricted.get(first[0])!.measure;
    else {
      const rng = new Rng(0x2545f491);
      let sum = 0;
      for (let d = 0; d < GHK_DRAWS; d++) sum += this.sequential(rng);
      this.probability = sum / GHK_DRAWS;
    }
  }

  /** GHK: z_J drawn one by one, each truncated given those before; returns the product of their masses. */
  private sequential(rng: Rng): number {
    const { l, v, j, eps, zj, mass } = this;
    let w = 1;
    for (let k = 0; k < j; k++) {
      let mu = 0;
      for (let i = 0; i < k; i++) mu += l[k * v + i] * eps[i];
      const s = l[k * v + k];
      const z = drawUnion(this.sets[k], mu, s, rng, mass);
      w *= mass[0];
      zj[k] = z;
      eps[k] = (z - mu) / s;
    }
    return w;
  }

  /** Writes z (in the original variable order) into `out`. */
  draw(rng: Rng, out: Float64Array): void {
    const { l, v, j, eps, zj, order } = this;
    if (j > 0) {
      this.sequential(rng);
      if (j > 1) {
        this.gibbs(rng);
        // eps_J from z_J: forward substitution through L's restricted block.
        for (let k = 0; k < j; k++) {
          let s = zj[k];
          for (let i = 0; i < k; i++) s -= l[k * v + i] * eps[i];
          eps[k] = s / l[k * v + k];
        }
      }
    }
    for (let k = j; k < v; k++) eps[k] = rng.normal();
    for (let a = 0; a < v; a++) {
      let z = 0;
      for (let i = 0; i <= a; i++) z += l[a * v + i] * eps[i];
      out[order[a]] = a < j ? zj[a] : z;
    }
  }

  private gibbs(rng: Rng): void {
    const { j, zj, precision: q, mass } = this;
    for (let sweep = 0; sweep < GIBBS_SWEEPS; sweep++)
      for (let k = 0; k < j; k++) {
        const qkk = q[k * j + k];
        let s = 0;
        for (let i = 0; i < j; i++) if (i !== k) s += q[k * j + i] * zj[i];
        zj[k] = drawUnion(this.sets[k], -s / qkk, 1 / Math.sqrt(qkk), rng, mass);
      }
  }
}

/** (L_JJ L_JJᵀ)⁻¹ for the leading j x j block of a lower-triangular v x v factor. */
function blockPrecision(l: Float64Array, v: number, j: number): Float64Array {
  // Inverse of the lower-triangular block, column by column.
  const inv = new Float64Array(j * j);
  for (let c = 0; c < j; c++) {
    for (let r = c; r < j; r++) {
      let s = r === c ? 1 : 0;
      for (let k = c; k < r; k++) s -= l[r * v + k] * inv[k * j + c];
      inv[r * j + c] = s / l[r * v + r];
    }
  }
  const q = new Float64Array(j * j);
  for (let a = 0; a < j; a++)
    for (let b = 0; b < j; b++) {
      let s = 0;
      for (let k = Math.max(a, b); k < j; k++) s += inv[k * j + a] * inv[k * j + b];
      q[a * j + b] = s;
    }
  return q;
}
