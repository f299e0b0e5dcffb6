import type { Severity } from '../errors';
import { COLUMN_TYPES, storageOf, type ColumnType } from '../table';
import { isNumberPattern } from '../csv/numbers';
import { unknownKeys, validateDistribution } from './validateDistribution';
import { isObject, readDate } from './values';
import { validateModel } from './models';
import type { JsonPath, PathProblem } from './problems';
import { validateSemantics } from './semantics';
import { validateOutputControl } from '../generate/condition';
import { PII_KINDS, PII_LOCALES } from '../pii/kinds';
import { BLUEPRINT_VERSION, METHODS, OUTPUT_FORMATS } from './types';
import { MAX_ROWS } from '../limits';

const TOP_KEYS = [
  '$schema',
  'version',
  'name',
  'description',
  'method',
  'rows',
  'seed',
  'noise',
  'output',
  'source',
  'privacy',
  'target',
  'columns',
  'model',
  'correlations',
  'constraints',
];
const COLUMN_KEYS = [
  'name',
  'type',
  'description',
  'missing',
  'min',
  'max',
  'decimals',
  'format',
  'midnightFormat',
  'sorted',
  'rareLevel',
  'midnight',
  'resolution',
  'unique',
  'noise',
  'distribution',
  'pii',
  'locale',
];
const RESOLUTIONS = ['day', 'hour', 'minute', 'second', 'millisecond'];

/**
 * Check a parsed blueprint for mistakes the engine cannot work around: wrong types, unknown
 * names, bounds that contradict each other, distributions that do not fit the column, then the
 * meaning (`semantics.ts`): expressions, dependency cycles, correlations, constraints. Each
 * problem carries the JSON path of the offending node.
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
  if (value.version !== BLUEPRINT_VERSION)
    add(
      'error',
      'blueprint/version',
      value.version === undefined ? [] : ['version'],
      `"version" must be ${BLUEPRINT_VERSION}.`,
      value.version === undefined ? `Add "version": ${BLUEPRINT_VERSION}.` : undefined,
    );
  if (typeof value.name !== 'string' || !value.name)
    add(
      'error',
      'blueprint/type',
      value.name === undefined ? [] : ['name'],
      '"name" must be a non-empty string.',
      value.name === undefined ? 'Add "name": "my_table".' : undefined,
    );
  if (!METHODS.includes(value.method as never))
    add(
      'error',
      'blueprint/enum',
      value.method === undefined ? [] : ['method'],
      `"method" must be one of ${METHODS.map((m) => `"${m}"`).join(', ')}.`,
      value.method === undefined ? 'Add "method": "rules" for a hand-written blueprint.' : undefined,
    );
  if (!isNonNegativeInteger(value.rows))
    add(
      'error',
      'blueprint/type',
      value.rows === undefined ? [] : ['rows'],
      '"rows" must be a whole number of at least 0.',
      value.rows === undefined ? 'Add "rows": 1000.' : undefined,
    );
  else if ((value.rows as number) > MAX_ROWS)
    add(
      'error',
      'blueprint/limit',
      ['rows'],
      `"rows" is ${(value.rows as number).toLocaleString('en-US')}; the limit is ${MAX_ROWS.toLocaleString('en-US')} rows per run.`,
      'Generate in several runs with different seeds.',
    );
  if (!Number.isInteger(value.seed))
    add(
      'error',
      'blueprint/type',
      value.seed === undefined ? [] : ['seed'],
      '"seed" must be a whole number.',
      value.seed === undefined ? 'Add "seed": 42.' : undefined,
    );
  if (value.method !== 'rules' && !value.model && METHODS.includes(value.method as never)) {
    add(
      'warning',
      'blueprint/no-model',
      ['method'],
      `Method "${String(value.method)}" has no fitted "model"; columns are generated independently.`,
      'Refit from the source CSV, or set "method" to "rules".',
    );
  }
  if (value.noise !== undefined && !(typeof value.noise === 'number' && value.noise >= 0 && value.noise <= 1))
    add('error', 'blueprint/range', ['noise'], '"noise" must be a number from 0 to 1.');

  const columns = value.columns;
  const names = new Map<string, number>();
  if (!Array.isArray(columns) || columns.length === 0) {
    add(
      'error',
      'blueprint/columns',
      columns === undefined ? [] : ['columns'],
      '"columns" must be a non-empty array of column objects.',
      columns === undefined ? 'Add "columns": [{ "name": "id", "type": "id" }].' : undefined,
    );
  } else {
    columns.forEach((col, i) => {
      const path: JsonPath = ['columns', i];
      if (!isObject(col)) {
        add('error', 'blueprint/type', path, 'A column must be an object with at least "name" and "type".');
        return;
      }
      unknownKeys(col, COLUMN_KEYS, path, add);
      if (typeof col.name !== 'string' || !col.name)
        add(
          'error',
          'blueprint/type',
          col.name === undefined ? path : [...path, 'name'],
          'Column "name" must be a non-empty string.',
        );
      else if (names.has(col.name))
        add(
          'error',
          'blueprint/duplicate-column',
          [...path, 'name'],
          `Column "${col.name}" is defined twice (also at columns[${names.get(col.name)}]).`,
          'Give every column a distinct name.',
        );
      else names.set(col.name, i);
      if (!COLUMN_TYPES.includes(col.type as ColumnType)) {
        add(
          'error',
          'blueprint/enum',
          col.type === undefined ? path : [...path, 'type'],
          `Column type must be one of ${COLUMN_TYPES.map((t) => `"${t}"`).join(', ')}.`,
        );
        return;
      }
      validateColumn(col, col.type as ColumnType, path, value.method, add);
    });
  }

  if (value.model !== undefined) out.push(...validateModel(value.model, names, Array.isArray(columns) ? columns : []));

  if (typeof value.target === 'string' && !names.has(value.target)) {
    add('error', 'blueprint/unknown-column', ['target'], `Target "${value.target}" is not a column of this blueprint.`);
  }
  const outputPath = isObject(value.output) ? value.output.path : undefined;
  if (outputPath === undefined && typeof value.name === 'string' && /[/\\]|^\.\.?$/.test(value.name))
    add(
      'warning',
      'blueprint/output-outside',
      ['name'],
      `"name" ${JSON.stringify(value.name)} holds a path; without "output.path" the rows go to "${value.name}.synthetic.csv"${leavesFolder(`${value.name}.synthetic.csv`) ? ", outside the blueprint's folder" : ''}.`,
      'Use a plain name, or set "output.path".',
    );
  if (value.output !== undefined) {
    if (!isObject(value.output)) add('error', 'blueprint/type', ['output'], '"output" must be an object.');
    else {
      unknownKeys(value.output, ['path', 'format', 'where', 'rebalance', 'header'], ['output'], add);
      const header = value.output.header;
      const width = Array.isArray(value.columns) ? value.columns.length : undefined;
      if (header !== undefined && (!Array.isArray(header) || !header.every((h) => typeof h === 'string')))
        add('error', 'blueprint/type', ['output', 'header'], 'Output "header" must be a list of names (strings).');
      else if (Array.isArray(header) && width !== undefined && header.length !== width)
        add(
          'error',
          'blueprint/output-header',
          ['output', 'header'],
          `Output "header" has ${header.length} name${header.length === 1 ? '' : 's'}, but there are ${width} columns.`,
          'Give one name per column, in the columns\' order, or remove "header" to write the columns\' names.',
        );
      if (value.output.path !== undefined && (typeof value.output.path !== 'string' || !value.output.path))
        add(
          'error',
          'blueprint/type',
          ['output', 'path'],
          'Output "path" must be a non-empty string (a path relative to the blueprint).',
        );
      else if (typeof value.output.path === 'string' && /[/\\]$|^\.{1,2}$/.test(value.output.path))
        add(
          'error',
          'blueprint/type',
          ['output', 'path'],
          `Output "path" ${JSON.stringify(value.output.path)} names a folder; it must name a file.`,
          'Add a file name, for example "out/rows.csv".',
        );
      else if (typeof value.output.path === 'string' && leavesFolder(value.output.path))
        add(
          'warning',
          'blueprint/output-outside',
          ['output', 'path'],
          `Output "path" ${JSON.stringify(value.output.path)} points outside the blueprint's folder; generating refuses to write there unless you confirm (VS Code) or pass --force (command line).`,
          'Use a path relative to the blueprint, without "..", such as "out/rows.csv".',
        );
      if (value.output.format !== undefined && !OUTPUT_FORMATS.includes(value.output.format as never)) {
        add(
          'error',
          'blueprint/enum',
          ['output', 'format'],
          `Output "format" must be ${OUTPUT_FORMATS.map((f) => `"${f}"`).join(', ')}.`,
        );
      }
    }
  }
  if (value.source !== undefined) {
    if (!isObject(value.source)) add('error', 'blueprint/type', ['source'], '"source" must be an object.');
    else
      unknownKeys(
        value.source,
        ['path', 'sha256', 'rows', 'trainRows', 'holdout', 'sample', 'delimiter', 'newline'],
        ['source'],
        add,
      );
  }
  if (value.privacy !== undefined && isObject(value.privacy)) {
    unknownKeys(value.privacy, ['minGroupSize'], ['privacy'], add);
    if (
      value.privacy.minGroupSize !== undefined &&
      !(isNonNegativeInteger(value.privacy.minGroupSize) && (value.privacy.minGroupSize as number) >= 1)
    ) {
      add(
        'error',
        'blueprint/type',
        ['privacy', 'minGroupSize'],
        '"minGroupSize" must be a whole number of at least 1.',
      );
    }
  }
  if (value.correlations !== undefined) {
    if (!Array.isArray(value.correlations))
      add(
        'error',
        'blueprint/type',
        ['correlations'],
        '"correlations" must be an array of { "columns": ["a", "b"], "r": 0.5 }.',
      );
    else
      value.correlations.forEach((c, i) => {
        const path: JsonPath = ['correlations', i];
        if (!isObject(c)) {
          add('error', 'blueprint/type', path, 'A correlation is { "columns": ["a", "b"], "r": 0.5 }.');
          return;
        }
        unknownKeys(c, ['columns', 'r'], path, add);
        if (!Array.isArray(c.columns) || c.columns.length !== 2 || c.columns.some((x) => typeof x !== 'string'))
          add('error', 'blueprint/type', [...path, 'columns'], '"columns" must name exactly two columns.');
        if (typeof c.r !== 'number' || !(c.r >= -1 && c.r <= 1))
          add(
            'error',
            'blueprint/range',
            [...path, 'r'],
            `"r" must be a correlation from -1 to 1 (found ${JSON.stringify(c.r)}).`,
          );
      });
    if (value.method !== 'rules' && Array.isArray(value.correlations) && value.correlations.length)
      add(
        'error',
        'blueprint/rules-only',
        ['correlations'],
        `"correlations" need method "rules"; a fitted blueprint keeps its dependence in "model".`,
      );
  }
  if (value.constraints !== undefined) {
    if (!Array.isArray(value.constraints))
      add('error', 'blueprint/type', ['constraints'], '"constraints" must be an array of { "expr": "condition" }.');
    else
      value.constraints.forEach((c, i) => {
        const path: JsonPath = ['constraints', i];
        if (!isObject(c)) {
          add(
            'error',
            'blueprint/type',
            path,
            'A constraint is { "expr": "discount_pct <= 100", "description": "..." }.',
          );
          return;
        }
        unknownKeys(c, ['expr', 'description', 'fitted'], path, add);
        if (c.fitted !== undefined && typeof c.fitted !== 'boolean')
          add('error', 'blueprint/type', [...path, 'fitted'], '"fitted" is true or false.');
        if (typeof c.expr !== 'string')
          add(
            'error',
            'blueprint/type',
            c.expr === undefined ? path : [...path, 'expr'],
            'A constraint needs "expr": a condition such as discount_pct <= 100.',
          );
      });
  }
  out.push(...validateSemantics(value));
  out.push(...validateOutputControl(value));
  return out;
}

function validateColumn(
  col: Record<string, unknown>,
  type: ColumnType,
  path: JsonPath,
  method: unknown,
  add: (s: Severity, code: string, path: JsonPath, m: string, hint?: string) => void,
): void {
  const name = String(col.name);
  if (col.missing !== undefined && !(typeof col.missing === 'number' && col.missing >= 0 && col.missing <= 1)) {
    add('error', 'blueprint/range', [...path, 'missing'], `Column "${name}": "missing" is a probability from 0 to 1.`);
  }
  if (col.noise !== undefined && !(typeof col.noise === 'number' && col.noise >= 0 && col.noise <= 1))
    add('error', 'blueprint/range', [...path, 'noise'], `Column "${name}": "noise" must be a number from 0 to 1.`);
  if (col.decimals !== undefined) {
    if (!isNonNegativeInteger(col.decimals))
      add(
        'error',
        'blueprint/type',
        [...path, 'decimals'],
        `Column "${name}": "decimals" must be a whole number of at least 0.`,
      );
    else if (type !== 'number')
      add(
        'warning',
        'blueprint/ignored',
        [...path, 'decimals'],
        `Column "${name}" is ${type}: "decimals" is ignored.`,
        type === 'integer' ? 'Integers have no decimals; make the column a "number" to keep some.' : undefined,
      );
  }
  if (col.resolution !== undefined && !RESOLUTIONS.includes(col.resolution as string))
    add(
      'error',
      'blueprint/enum',
      [...path, 'resolution'],
      `Column "${name}": "resolution" must be one of ${RESOLUTIONS.map((r) => `"${r}"`).join(', ')}.`,
    );
  const storage = storageOf(type);
  validatePii(col, name, type, path, add);
  const format = typeof col.format === 'string' ? col.format : 'YYYY-MM-DD HH:mm:ss';
  const read = (v: unknown): number => (typeof v === 'number' ? v : type === 'datetime' ? readDate(v, format) : NaN);
  for (const key of ['min', 'max'] as const) {
    const v = col[key];
    if (v === undefined) continue;
    if (storage !== 'numeric')
      add('warning', 'blueprint/ignored', [...path, key], `Column "${name}" is ${type}: "${key}" is ignored.`);
    else if (Number.isNaN(read(v)))
      add(
        'error',
        'blueprint/type',
        [...path, key],
        type === 'datetime'
          ? `Column "${name}": "${key}" must be a date written ${format}.`
          : `Column "${name}": "${key}" must be a number.`,
      );
  }
  if (storage === 'numeric' && col.min !== undefined && col.max !== undefined && read(col.min) > read(col.max)) {
    add(
      'error',
      'blueprint/min-max',
      [...path, 'min'],
      `Column "${name}": min (${String(col.min)}) is greater than max (${String(col.max)}).`,
      'Swap them, or fix the one that is wrong.',
    );
  }
  if (col.format !== undefined) {
    if (typeof col.format !== 'string')
      add('error', 'blueprint/type', [...path, 'format'], `Column "${name}": "format" must be a string.`);
    else if ((type === 'integer' || type === 'number') && !isNumberPattern(col.format))
      add(
        'error',
        'blueprint/format',
        [...path, 'format'],
        `Column "${name}": "${col.format}" is not a number pattern.`,
        'Use a pattern like 0.00, #,##0, $#,##0.00 or #,##0.00;(#,##0.00) (negatives in parentheses).',
      );
    else if (storage !== 'numeric' && !(col.pii === 'fullName' && col.format === '{last}, {first}'))
      add('warning', 'blueprint/ignored', [...path, 'format'], `Column "${name}" is ${type}: "format" is ignored.`);
  }
  if (col.midnight !== undefined) {
    if (typeof col.midnight !== 'number' || !(col.midnight >= 0 && col.midnight <= 1))
      add(
        'error',
        'blueprint/range',
        [...path, 'midnight'],
        `Column "${name}": "midnight" must be a share from 0 to 1.`,
      );
    else if (type !== 'datetime')
      add('warning', 'blueprint/ignored', [...path, 'midnight'], `Column "${name}" is ${type}: "midnight" is ignored.`);
  }
  if (col.midnightFormat !== undefined) {
    if (typeof col.midnightFormat !== 'string')
      add(
        'error',
        'blueprint/type',
        [...path, 'midnightFormat'],
        `Column "${name}": "midnightFormat" must be a string.`,
      );
    else if (type !== 'datetime')
      add(
        'warning',
        'blueprint/ignored',
        [...path, 'midnightFormat'],
        `Column "${name}" is ${type}: "midnightFormat" is ignored.`,
      );
  }
  if (col.sorted !== undefined) {
    if (col.sorted !== 'ascending' && col.sorted !== 'descending')
      add(
        'error',
        'blueprint/enum',
        [...path, 'sorted'],
        `Column "${name}": "sorted" must be "ascending" or "descending".`,
      );
    else if (storage !== 'numeric')
      add('warning', 'blueprint/ignored', [...path, 'sorted'], `Column "${name}" is ${type}: "sorted" is ignored.`);
  }
  if (col.rareLevel !== undefined) {
    const dist = col.distribution as { kind?: unknown; probabilities?: unknown } | undefined;
    const probabilities =
      dist?.kind === 'categorical' && dist.probabilities !== null && typeof dist.probabilities === 'object'
        ? (dist.probabilities as object)
        : undefined;
    if (typeof col.rareLevel !== 'string')
      add('error', 'blueprint/type', [...path, 'rareLevel'], `Column "${name}": "rareLevel" must be a string.`);
    else if (type !== 'category')
      add(
        'warning',
        'blueprint/ignored',
        [...path, 'rareLevel'],
        `Column "${name}" is ${type}: "rareLevel" is ignored.`,
      );
    else if (probabilities && !Object.prototype.hasOwnProperty.call(probabilities, col.rareLevel))
      add(
        'error',
        'blueprint/unknown-level',
        [...path, 'rareLevel'],
        `Column "${name}": "rareLevel" names "${col.rareLevel}", which is not one of the column's levels.`,
        'Name a level of "distribution.probabilities" (the fit writes "other"), or remove "rareLevel".',
      );
  }
  if (col.distribution === undefined) {
    if (method === 'rules' && storage !== 'numeric' && type !== 'id')
      add(
        'error',
        'blueprint/missing-property',
        path,
        `Column "${name}" (${type}) needs a "distribution" to be generated by rules.`,
        type === 'category' || type === 'boolean'
          ? 'Add "distribution": { "kind": "categorical", "probabilities": { ... } }.'
          : 'Add a "shape" or "pattern" distribution.',
      );
    return;
  }
  validateDistribution(col.distribution, { name, type, format, method }, [...path, 'distribution'], add);
}

/**
 * True when a path is absolute (`/x`, `C:\\x`, `\\\\server\\x`, `~/x`) or climbs above its folder
 * with `..`: the only way a relative path can leave the folder it is resolved in (symbolic links
 * aside, which the writers check on disk).
 */
export function leavesFolder(p: string): boolean {
  if (/^([/\\~]|[A-Za-z]:)/.test(p)) return true;
  let depth = 0;
  for (const part of p.split(/[/\\]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return true;
  }
  return false;
}

function validatePii(
  col: Record<string, unknown>,
  name: string,
  type: ColumnType,
  path: JsonPath,
  add: (s: Severity, code: string, path: JsonPath, m: string, hint?: string) => void,
): void {
  if (col.pii !== undefined) {
    if (!PII_KINDS.includes(col.pii as never))
      add(
        'error',
        'blueprint/enum',
        [...path, 'pii'],
        `Column "${name}": "pii" must be one of ${PII_KINDS.map((k) => `"${k}"`).join(', ')}.`,
      );
    else if (storageOf(type) !== 'text')
      add(
        'error',
        'blueprint/pii-type',
        [...path, 'pii'],
        `Column "${name}" is ${type === 'integer' ? 'an' : 'a'} ${type} column: "pii" makes fake ${String(col.pii)} values, which are text, so it cannot apply here.`,
        'Set "type": "text" to generate fake values for this column, or remove "pii" to model it as it is.',
      );
  }
  if (col.locale !== undefined) {
    if (!PII_LOCALES.includes(col.locale as never))
      add(
        'error',
        'blueprint/enum',
        [...path, 'locale'],
        `Column "${name}": "locale" must be one of ${PII_LOCALES.map((k) => `"${k}"`).join(', ')}.`,
      );
    else if (col.pii === undefined)
      add('warning', 'blueprint/ignored', [...path, 'locale'], `Column "${name}": "locale" is used only with "pii".`);
  }
}

function isNonNegativeInteger(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
