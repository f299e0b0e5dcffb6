/**
 * Small dense symmetric-matrix routines for correlation matrices (a few hundred columns at most).
 * Matrices are row-major `Float64Array`s of size n*n.
 */
import { roundTo } from '../util/round';

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan,
 * Matrix Computations, 4th ed., §8.5). Returns eigenvalues and eigenvectors as columns of `vectors`.
 * Accurate to machine precision for symmetric input; O(n^3) per sweep, a handful of sweeps.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

/** Smallest eigenvalue: a correlation matrix is valid (positive semi-definite) when it is >= 0. */
export function minEigenvalue(matrix: Float64Array, n: number): number {
  if (n === 0) return 0;
  const { values } = symmetricEigen(matrix, n);
  let m = Infinity;
  for (const x of values) m = Math.min(m, x);
  return m;
}

/**
 * The nearest correlation matrix to `matrix` in the sense of clipping negative eigenvalues to
 * `floor` and rescaling to a unit diagonal (the "eigenvalue method" of Rousseeuw & Molenberghs,
 * 1993). Cheaper than Higham's alternating projections and within a few 1e-3 of it on
 * nearly-valid input, which is what pairwise estimates and hand edits produce.
 */
export function nearestCorrelation(matrix: Float64Array, n: number, floor = 1e-6): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[i * n + k] * Math.max(values[k], floor) * vectors[j * n + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.sqrt(out[i * n + i]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 : out[i * n + j] / (d[i] * d[j]);
  }
  return out;
}

/**
 * Lower-triangular Cholesky factor L with L·Lᵀ = matrix. Returns undefined when the matrix is not
 * positive definite (a pivot <= `eps`).
 */
export function cholesky(matrix: Float64Array, n: number, eps = 1e-12): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let sum = matrix[j * n + j];
    for (let k = 0; k < j; k++) sum -= l[j * n + k] * l[j * n + k];
    if (!(sum > eps)) return undefined;
    const ljj = Math.sqrt(sum);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = matrix[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Cholesky factor of a correlation matrix, repairing it first if it is not positive definite. */
export function choleskyOfCorrelation(matrix: Float64Array, n: number): Float64Array {
  const direct = cholesky(matrix, n);
  if (direct) return direct;
  const repaired = nearestCorrelation(matrix, n, 1e-6);
  const l = cholesky(repaired, n, 0);
  if (!l) throw new Error('correlation matrix could not be repaired');
  return l;
}

export function toRows(matrix: Float64Array, n: number, digits?: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      const x = matrix[i * n + j];
      row.push(digits === undefined ? x : roundTo(x, digits));
    }
    rows.push(row);
  }
  return rows;
}

export function fromRows(rows: number[][]): Float64Array {
  const n = rows.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = rows[i]?.[j] ?? (i === j ? 1 : 0);
  return m;
}
