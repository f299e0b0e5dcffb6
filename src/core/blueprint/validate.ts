import type { Problem, Severity } from '../errors';
import { COLUMN_TYPES, storageOf, type ColumnType } from '../table';
import { parseDatetime } from '../csv/datetime';
import { isNumberPattern } from '../csv/numbers';
import { validateModel } from './models';
import { BLUEPRINT_VERSION, METHODS } from './types';

export type JsonPath = (string | number)[];
export type PathProblem = Problem & { path: JsonPath };

const TOP_KEYS = ['$schema', 'version', 'name', 'description', 'method', 'rows', 'seed', 'output', 'source', 'privacy', 'target', 'columns', 'model', 'constraints'];
const COLUMN_KEYS = ['name', 'type', 'description', 'missing', 'min', 'max', 'decimals', 'format', 'resolution', 'unique', 'distribution'];
const DISTRIBUTION_KEYS: Record<string, string[]> = {
  empirical: ['kind', 'quantiles', 'probabilities'],
  categorical: ['kind', 'probabilities'],
  sequence: ['kind', 'start', 'step'],
  shape: ['kind', 'prefix', 'shapes'],
};
const DISTRIBUTIONS_FOR: Record<string, ColumnType[]> = {
  empirical: ['integer', 'number', 'datetime'],
  categorical: ['category', 'boolean'],
  sequence: ['id'],
  shape: ['id', 'text'],
};

/**
 * Check a parsed blueprint for mistakes the engine cannot work around: wrong types, unknown
 * names, bounds that contradict each other, distributions that do not fit the column, a
 * correlation matrix of the wrong size. Each problem carries the JSON path of the offending node.
 */
export function validateBlueprint(value: unknown): PathProblem[] {
  const out: PathProblem[] = [];
  const add = (severity: Severity, code: string, path: JsonPath, message: string, hint?: string): void => {
    out.push({ severity, code, path, message, ...(hint ? { hint } : {}) });
  };
  if (!isObject(value)) {
    add('error', 'blueprint/not-object', [], 'A blueprint is a JSON object ({ ... }).');
    return out;
  }
  unknownKeys(value, TOP_KEYS, [], add);
  if (value.version !== BLUEPRINT_VERSION) add('error', 'blueprint/version', ['version'], `"version" must be ${BLUEPRINT_VERSION}.`);
  if (typeof value.name !== 'string' || !value.name) add('error', 'blueprint/type', ['name'], '"name" must be a non-empty string.');
  if (!METHODS.includes(value.method as never)) add('error', 'blueprint/enum', ['method'], `"method" must be one of ${METHODS.map((m) => `"${m}"`).join(', ')}.`);
  if (!isNonNegativeInteger(value.rows)) add('error', 'blueprint/type', ['rows'], '"rows" must be a whole number of at least 0.');
  if (!Number.isInteger(value.seed)) add('error', 'blueprint/type', ['seed'], '"seed" must be a whole number.');
  if (value.method !== 'rules' && value.method !== undefined && !value.model && METHODS.includes(value.method as never)) {
    add('warning', 'blueprint/no-model', ['method'], `Method "${value.method}" has no fitted "model"; columns are generated independently.`, 'Refit from the source CSV, or set "method" to "rules".');
  }

  const columns = value.columns;
  const names = new Map<string, number>();
  if (!Array.isArray(columns) || columns.length === 0) {
    add('error', 'blueprint/columns', ['columns'], '"columns" must be a non-empty array of column objects.');
  } else {
    columns.forEach((col, i) => {
      const path: JsonPath = ['columns', i];
      if (!isObject(col)) {
        add('error', 'blueprint/type', path, 'A column must be an object with at least "name" and "type".');
        return;
      }
      unknownKeys(col, COLUMN_KEYS, path, add);
      if (typeof col.name !== 'string' || !col.name) add('error', 'blueprint/type', [...path, 'name'], 'Column "name" must be a non-empty string.');
      else if (names.has(col.name)) add('error', 'blueprint/duplicate-column', [...path, 'name'], `Column "${col.name}" is defined twice (also at columns[${names.get(col.name)}]).`, 'Give every column a distinct name.');
      else names.set(col.name, i);
      if (!COLUMN_TYPES.includes(col.type as ColumnType)) {
        add('error', 'blueprint/enum', [...path, 'type'], `Column type must be one of ${COLUMN_TYPES.map((t) => `"${t}"`).join(', ')}.`);
        return;
      }
      validateColumn(col, col.type as ColumnType, path, add);
    });
  }

  if (value.model !== undefined) out.push(...validateModel(value.model, names, Array.isArray(columns) ? columns : []));

  if (typeof value.target === 'string' && !names.has(value.target)) {
    add('error', 'blueprint/unknown-column', ['target'], `Target "${value.target}" is not a column of this blueprint.`);
  }
  if (value.output !== undefined) {
    if (!isObject(value.output)) add('error', 'blueprint/type', ['output'], '"output" must be an object.');
    else {
      unknownKeys(value.output, ['path', 'format'], ['output'], add);
      if (value.output.format !== undefined && !['csv', 'json', 'jsonl', 'bundle'].includes(value.output.format as string)) {
        add('error', 'blueprint/enum', ['output', 'format'], 'Output "format" must be "csv", "json", "jsonl" or "bundle".');
      }
    }
  }
  if (value.source !== undefined) {
    if (!isObject(value.source)) add('error', 'blueprint/type', ['source'], '"source" must be an object.');
    else unknownKeys(value.source, ['path', 'sha256', 'rows', 'trainRows', 'holdout', 'delimiter', 'newline'], ['source'], add);
  }
  if (value.privacy !== undefined && isObject(value.privacy)) {
    unknownKeys(value.privacy, ['minGroupSize'], ['privacy'], add);
    if (value.privacy.minGroupSize !== undefined && !(isNonNegativeInteger(value.privacy.minGroupSize) && (value.privacy.minGroupSize as number) >= 1)) {
      add('error', 'blueprint/type', ['privacy', 'minGroupSize'], '"minGroupSize" must be a whole number of at least 1.');
    }
  }
  return out;
}

function validateColumn(col: Record<string, unknown>, type: ColumnType, path: JsonPath, add: (s: Severity, code: string, path: JsonPath, m: string, hint?: string) => void): void {
  const name = String(col.name);
  if (col.missing !== undefined && !(typeof col.missing === 'number' && col.missing >= 0 && col.missing <= 1)) {
    add('error', 'blueprint/range', [...path, 'missing'], `Column "${name}": "missing" is a probability from 0 to 1.`);
  }
  if (col.decimals !== undefined && !isNonNegativeInteger(col.decimals)) add('error', 'blueprint/type', [...path, 'decimals'], `Column "${name}": "decimals" must be a whole number of at least 0.`);
  const storage = storageOf(type);
  const read = (v: unknown): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && type === 'datetime') return parseDatetime(v, (col.format as string) ?? 'YYYY-MM-DD HH:mm:ss');
    return NaN;
  };
  for (const key of ['min', 'max'] as const) {
    const v = col[key];
    if (v === undefined) continue;
    if (storage !== 'numeric') add('warning', 'blueprint/ignored', [...path, key], `Column "${name}" is ${type}: "${key}" is ignored.`);
    else if (Number.isNaN(read(v))) add('error', 'blueprint/type', [...path, key], type === 'datetime' ? `Column "${name}": "${key}" must be a date written as ${String(col.format ?? 'YYYY-MM-DD HH:mm:ss')}.` : `Column "${name}": "${key}" must be a number.`);
  }
  if (storage === 'numeric' && col.min !== undefined && col.max !== undefined && read(col.min) > read(col.max)) {
    add('error', 'blueprint/min-max', [...path, 'min'], `Column "${name}": min (${String(col.min)}) is greater than max (${String(col.max)}).`, 'Swap them, or fix the one that is wrong.');
  }
  if (col.format !== undefined) {
    if (typeof col.format !== 'string') add('error', 'blueprint/type', [...path, 'format'], `Column "${name}": "format" must be a string.`);
    else if ((type === 'integer' || type === 'number') && !isNumberPattern(col.format)) add('error', 'blueprint/format', [...path, 'format'], `Column "${name}": "${col.format}" is not a number pattern.`, 'Use a pattern like 0.00, #,##0 or $#,##0.00.');
  }
  const dist = col.distribution;
  if (dist === undefined) return;
  const dpath = [...path, 'distribution'];
  if (!isObject(dist) || typeof dist.kind !== 'string' || !(dist.kind in DISTRIBUTION_KEYS)) {
    add('error', 'blueprint/enum', [...dpath, 'kind'], `Distribution "kind" must be one of ${Object.keys(DISTRIBUTION_KEYS).map((k) => `"${k}"`).join(', ')}.`);
    return;
  }
  unknownKeys(dist, DISTRIBUTION_KEYS[dist.kind], dpath, add);
  if (!DISTRIBUTIONS_FOR[dist.kind].includes(type)) {
    add('error', 'blueprint/distribution-type', [...dpath, 'kind'], `Column "${name}" is ${type}; a "${dist.kind}" distribution is for ${DISTRIBUTIONS_FOR[dist.kind].join(' or ')} columns.`);
    return;
  }
  if (dist.kind === 'empirical') {
    const q = dist.quantiles;
    if (!Array.isArray(q) || q.length === 0) add('error', 'blueprint/type', [...dpath, 'quantiles'], `Column "${name}": "quantiles" must be a non-empty array.`);
    else {
      let prev = -Infinity;
      for (let i = 0; i < q.length; i++) {
        const x = read(q[i]);
        if (Number.isNaN(x)) { add('error', 'blueprint/type', [...dpath, 'quantiles', i], `Column "${name}": quantile ${i} is not a ${type === 'datetime' ? 'date in the column format' : 'number'}.`); break; }
        if (x < prev) { add('error', 'blueprint/quantiles-order', [...dpath, 'quantiles', i], `Column "${name}": quantiles must not decrease (item ${i} is below item ${i - 1}).`); break; }
        prev = x;
      }
    }
    const p = dist.probabilities;
    if (p !== undefined) {
      const ok = Array.isArray(p) && Array.isArray(q) && p.length === q.length && p.every((x, i) => typeof x === 'number' && (i === 0 ? x === 0 : x > (p[i - 1] as number))) && p[p.length - 1] === 1;
      if (!ok) add('error', 'blueprint/probabilities', [...dpath, 'probabilities'], `Column "${name}": "probabilities" must increase from 0 to 1, one per quantile.`, 'Remove "probabilities" to use evenly spaced quantiles.');
    }
  } else if (dist.kind === 'categorical') {
    const p = dist.probabilities;
    if (!isObject(p) || Object.keys(p).length === 0) add('error', 'blueprint/type', [...dpath, 'probabilities'], `Column "${name}": "probabilities" must map each category to its probability.`);
    else {
      let sum = 0;
      for (const [k, v] of Object.entries(p)) {
        if (typeof v !== 'number' || v < 0) add('error', 'blueprint/range', [...dpath, 'probabilities', k], `Column "${name}": the probability of "${k}" must be a number of at least 0.`);
        else sum += v;
      }
      if (Math.abs(sum - 1) > 1e-3) add('warning', 'blueprint/probabilities-sum', [...dpath, 'probabilities'], `Column "${name}": probabilities sum to ${+sum.toFixed(6)}, not 1; they are rescaled when generating.`, 'Apply the quick fix to normalise them.');
    }
  } else if (dist.kind === 'sequence') {
    if (typeof dist.start !== 'number') add('error', 'blueprint/type', [...dpath, 'start'], `Column "${name}": "start" must be a number.`);
    if (typeof dist.step !== 'number' || dist.step === 0) add('error', 'blueprint/type', [...dpath, 'step'], `Column "${name}": "step" must be a non-zero number.`);
  } else if (dist.kind === 'shape') {
    if (!Array.isArray(dist.shapes) || dist.shapes.length === 0 || dist.shapes.some((s) => !isObject(s) || typeof s.shape !== 'string' || typeof s.weight !== 'number' || s.weight < 0)) {
      add('error', 'blueprint/type', [...dpath, 'shapes'], `Column "${name}": "shapes" must be a non-empty array of { "shape": "Aaa-999", "weight": 0.5 }.`);
    }
  }
}

function unknownKeys(obj: Record<string, unknown>, allowed: string[], path: JsonPath, add: (s: Severity, code: string, path: JsonPath, m: string, hint?: string) => void): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const close = allowed.find((a) => editDistance(a.toLowerCase(), key.toLowerCase()) <= 2);
    add('warning', 'blueprint/unknown-property', [...path, key], `Unknown property "${key}"${close ? `; did you mean "${close}"?` : '.'}`, close ? undefined : `Allowed here: ${allowed.join(', ')}.`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonNegativeInteger(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}
