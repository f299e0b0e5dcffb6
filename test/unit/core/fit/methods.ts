/** Shared set-up for the engine tests: fit a fixture with a method and generate from it. */
import type { Method } from '../../../../src/core/blueprint/types';
import { readCsv } from '../../../../src/core/csv/read';
import { fitBlueprint, type FitOptions, type FitResult } from '../../../../src/core/fit';
import { generateTable } from '../../../../src/core/generate';
import type { Table } from '../../../../src/core/table';
import { fixture } from '../../helpers';

export const FITTED: Method[] = ['copula', 'cart', 'augment'];

export interface Fitted {
  fit: FitResult;
  synthetic: Table;
}

const cache = new Map<string, Fitted>();

/** Fit `file` (a fixture) with `method` and generate as many rows as it has; cached per test run. */
export function fitted(file: string, method: Method, options: FitOptions = {}): Fitted {
  const key = `${file}|${method}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    const fit = fitBlueprint(readCsv(fixture(file), { fileName: file }), { method, ...options });
    f = { fit, synthetic: generateTable(fit.blueprint, { source: fit.table }) };
    cache.set(key, f);
  }
  return f;
}

export function fitText(csv: string, method: Method, options: FitOptions = {}): Fitted {
  const fit = fitBlueprint(readCsv(new TextEncoder().encode(csv), { fileName: 'inline.csv' }), { method, ...options });
  return { fit, synthetic: generateTable(fit.blueprint, { source: fit.table }) };
}

export function column(t: Table, name: string) {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

/** Present numeric values of a column. */
export function numbers(t: Table, name: string): number[] {
  const c = column(t, name);
  if (c.storage !== 'numeric') throw new Error(`${name} is not numeric`);
  return Array.from(c.values).filter((v) => !Number.isNaN(v));
}

/** Category labels of a column (null for missing). */
export function labels(t: Table, name: string): (string | null)[] {
  const c = column(t, name);
  if (c.storage !== 'categorical') throw new Error(`${name} is not categorical`);
  return Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]));
}
