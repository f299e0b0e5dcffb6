/**
 * Fitted dependence models as they appear in a blueprint (`model`), and their validation. Each
 * model kind is readable JSON: a person can inspect what was learned, and no stored number is a
 * single source row's.
 */
import type { Severity } from '../errors';
import { fromRows, minEigenvalue } from '../stats/matrix';
import type { JsonPath, PathProblem } from './validate';

export type FittedModel = GaussianCopulaModel;

/**
 * Gaussian copula: each modelled variable is mapped to a standard normal score through its
 * marginal (categories through their probability intervals), and the scores share this
 * correlation matrix. A variable `name?` is the missingness indicator of column `name`.
 */
export interface GaussianCopulaModel {
  kind: 'gaussianCopula';
  variables: string[];
  correlation: number[][];
}

/** The missingness-indicator variable of a column in a copula model. */
export function missingVariable(column: string): string {
  return `${column}?`;
}

/** Problems in `model`, given the blueprint's column names (name -> index). */
export function validateModel(model: unknown, names: Map<string, number>): PathProblem[] {
  const out: PathProblem[] = [];
  const add = (severity: Severity, code: string, path: JsonPath, message: string, hint?: string): void => {
    out.push({ severity, code, path, message, ...(hint ? { hint } : {}) });
  };
  if (typeof model !== 'object' || model === null || Array.isArray(model) || (model as { kind?: unknown }).kind !== 'gaussianCopula') {
    add('error', 'blueprint/enum', ['model', 'kind'], 'Model "kind" must be "gaussianCopula".');
    return out;
  }
  const m = model as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!['kind', 'variables', 'correlation'].includes(key)) add('warning', 'blueprint/unknown-property', ['model', key], `Unknown property "${key}".`, 'Allowed here: kind, variables, correlation.');
  }
  const vars = Array.isArray(m.variables) ? (m.variables as unknown[]) : [];
  if (!Array.isArray(m.variables)) add('error', 'blueprint/type', ['model', 'variables'], '"variables" must be an array of column names.');
  vars.forEach((v, i) => {
    const base = typeof v === 'string' && v.endsWith('?') ? v.slice(0, -1) : v;
    if (typeof base !== 'string' || !names.has(base)) {
      add('error', 'blueprint/unknown-column', ['model', 'variables', i], `Model variable "${String(v)}" is not a column of this blueprint.`, 'Use a column name, or a column name followed by "?" for its missingness.');
    }
  });
  const corr = m.correlation;
  const n = vars.length;
  if (!Array.isArray(corr) || corr.length !== n || corr.some((row) => !Array.isArray(row) || row.length !== n || row.some((x) => typeof x !== 'number'))) {
    add('error', 'blueprint/correlation-shape', ['model', 'correlation'], `"correlation" must be a ${n} x ${n} matrix of numbers (one row and column per variable).`);
    return out;
  }
  const rows = corr as number[][];
  for (let i = 0; i < n; i++) {
    if (Math.abs(rows[i][i] - 1) > 1e-9) {
      add('error', 'blueprint/correlation-diagonal', ['model', 'correlation', i, i], `The diagonal of a correlation matrix is 1 (found ${rows[i][i]}).`);
      return out;
    }
    for (let j = 0; j < n; j++) {
      if (Math.abs(rows[i][j]) > 1) {
        add('error', 'blueprint/correlation-range', ['model', 'correlation', i, j], `Correlations lie between -1 and 1 (found ${rows[i][j]}).`);
        return out;
      }
      if (Math.abs(rows[i][j] - rows[j][i]) > 1e-9) {
        add('error', 'blueprint/correlation-symmetry', ['model', 'correlation', i, j], `The correlation matrix must be symmetric: [${i}][${j}] is ${rows[i][j]} but [${j}][${i}] is ${rows[j][i]}.`);
        return out;
      }
    }
  }
  if (n > 1 && minEigenvalue(fromRows(rows), n) < -1e-6) {
    add('warning', 'blueprint/correlation-not-psd', ['model', 'correlation'], 'The correlation matrix is not positive semi-definite; generation uses the nearest valid matrix instead.', 'Apply the quick fix to write the repaired matrix into the blueprint.');
  }
  return out;
}
