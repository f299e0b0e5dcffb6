/**
 * Structural checks of a column's `distribution`: the kinds each column type can use, each
 * kind's parameters and their ranges, recursively through conditionals and bands. Expressions
 * inside are checked by `semantics.ts`, which knows the other columns.
 */
import { booleanWord } from '../expr';
import type { ColumnType } from '../table';
import { editDistance } from '../util/text';
import { isObject, readDate } from './values';
import type { AddProblem as Add, JsonPath } from './problems';

export const DISTRIBUTION_KEYS: Record<string, string[]> = {
  empirical: ['kind', 'quantiles', 'probabilities'],
  categorical: ['kind', 'probabilities'],
  sequence: ['kind', 'start', 'step', 'shuffle', 'quantiles'],
  shape: ['kind', 'prefix', 'shapes'],
  pattern: ['kind', 'pattern', 'start', 'step'],
  normal: ['kind', 'mean', 'sd'],
  lognormal: ['kind', 'meanlog', 'sdlog'],
  uniform: ['kind', 'low', 'high'],
  exponential: ['kind', 'rate'],
  poisson: ['kind', 'lambda'],
  truncatedNormal: ['kind', 'mean', 'sd', 'low', 'high'],
  beta: ['kind', 'alpha', 'beta', 'low', 'high'],
  dates: ['kind', 'start', 'end', 'trend', 'seasonality', 'weekdays'],
  conditional: ['kind', 'on', 'cases', 'default'],
  bands: ['kind', 'on', 'bands'],
  logistic: ['kind', 'intercept', 'terms', 'rate', 'values'],
  derived: ['kind', 'expr'],
};

const NUMBERS: ColumnType[] = ['integer', 'number'];
const ALL: ColumnType[] = ['integer', 'number', 'category', 'boolean', 'datetime', 'id', 'text'];

export const DISTRIBUTIONS_FOR: Record<string, ColumnType[]> = {
  empirical: ['integer', 'number', 'datetime'],
  categorical: ['category', 'boolean', 'integer', 'number'],
  sequence: ['id'],
  shape: ['id', 'text'],
  pattern: ['id', 'text'],
  normal: NUMBERS,
  lognormal: NUMBERS,
  uniform: ['integer', 'number', 'datetime'],
  exponential: NUMBERS,
  poisson: NUMBERS,
  truncatedNormal: NUMBERS,
  beta: NUMBERS,
  dates: ['datetime'],
  conditional: ALL,
  bands: ALL,
  logistic: ['boolean', 'integer'],
  derived: ALL,
};

/** Kinds a fitted (non-`rules`) blueprint can generate; the others need `rules`. */
export const FITTED_KINDS = new Set([
  'empirical',
  'categorical',
  'sequence',
  'shape',
  'normal',
  'lognormal',
  'uniform',
  'exponential',
  'poisson',
  'truncatedNormal',
  'beta',
]);

/** Kinds that turn one uniform draw into a value: they can take part in `correlations`. */
export const MARGINAL_KINDS = new Set([
  'empirical',
  'categorical',
  'normal',
  'lognormal',
  'uniform',
  'exponential',
  'poisson',
  'truncatedNormal',
  'beta',
  'dates',
]);

export interface ColumnContext {
  name: string;
  type: ColumnType;
  /** Datetime format of the column. */
  format: string;
  method: unknown;
}

export function validateDistribution(dist: unknown, col: ColumnContext, dpath: JsonPath, add: Add, depth = 0): void {
  const { name, type } = col;
  if (!isObject(dist) || typeof dist.kind !== 'string' || !(dist.kind in DISTRIBUTION_KEYS)) {
    const allowed = Object.keys(DISTRIBUTIONS_FOR).filter((k) => DISTRIBUTIONS_FOR[k].includes(type));
    add(
      'error',
      'blueprint/enum',
      isObject(dist) && dist.kind !== undefined ? [...dpath, 'kind'] : dpath,
      `Column "${name}": distribution "kind" must be one of ${allowed.map((k) => `"${k}"`).join(', ')} for a ${type} column.`,
    );
    return;
  }
  const kind = dist.kind;
  unknownKeys(dist, DISTRIBUTION_KEYS[kind], dpath, add);
  if (!DISTRIBUTIONS_FOR[kind].includes(type)) {
    const allowed = Object.keys(DISTRIBUTIONS_FOR).filter((k) => DISTRIBUTIONS_FOR[k].includes(type));
    add(
      'error',
      'blueprint/distribution-type',
      [...dpath, 'kind'],
      `Column "${name}" is ${type}; a "${kind}" distribution is for ${DISTRIBUTIONS_FOR[kind].join(' or ')} columns.`,
      `For a ${type} column use ${allowed.map((k) => `"${k}"`).join(', ')}, or change the column's "type".`,
    );
    return;
  }
  const numericCategories = kind === 'categorical' && (type === 'integer' || type === 'number');
  if (col.method !== 'rules' && (!FITTED_KINDS.has(kind) || numericCategories) && typeof col.method === 'string') {
    add(
      'error',
      'blueprint/rules-only',
      [...dpath, 'kind'],
      `Column "${name}": a "${kind}" distribution needs method "rules"; this blueprint uses "${col.method}".`,
      'Set "method" to "rules", or use an empirical or categorical distribution.',
    );
  }
  const num = (key: string, check: (x: number) => boolean, what: string, optional = false): number | undefined => {
    const v = dist[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) {
      add(
        'error',
        v === undefined ? 'blueprint/missing-property' : 'blueprint/range',
        v === undefined ? dpath : [...dpath, key],
        v === undefined
          ? `Column "${name}": a "${kind}" distribution needs "${key}" (${what}).`
          : `Column "${name}": "${key}" must be ${what} (found ${JSON.stringify(v)}).`,
      );
      return undefined;
    }
    return v;
  };
  const any = (): boolean => true;
  const bound = (key: string, optional = false): number | undefined => {
    const v = dist[key];
    if (v === undefined && optional) return undefined;
    if (type === 'datetime') {
      const t = readDate(v, col.format);
      if (Number.isNaN(t)) {
        add(
          'error',
          v === undefined ? 'blueprint/missing-property' : 'blueprint/type',
          v === undefined ? dpath : [...dpath, key],
          `Column "${name}": "${key}" must be a date written ${col.format}${v === undefined ? '' : ` (found ${JSON.stringify(v)})`}.`,
        );
        return undefined;
      }
      return t;
    }
    if (typeof v === 'string') {
      add(
        'error',
        'blueprint/type',
        [...dpath, key],
        `Column "${name}" is ${type}: "${key}" must be a number, not the text ${JSON.stringify(v)}.`,
      );
      return undefined;
    }
    return num(key, any, 'a number', optional);
  };
  const ordered = (lo: number | undefined, hi: number | undefined, loKey: string, hiKey: string): void => {
    if (lo !== undefined && hi !== undefined && !(lo < hi))
      add(
        'error',
        'blueprint/min-max',
        [...dpath, loKey],
        `Column "${name}": "${loKey}" (${String(dist[loKey])}) must be below "${hiKey}" (${String(dist[hiKey])}).`,
        'Swap them, or fix the one that is wrong.',
      );
  };
  switch (kind) {
    case 'empirical': {
      const q = dist.quantiles;
      if (!Array.isArray(q) || q.length === 0)
        add(
          'error',
          'blueprint/type',
          [...dpath, 'quantiles'],
          `Column "${name}": "quantiles" must be a non-empty array.`,
        );
      else {
        let prev = -Infinity;
        for (let i = 0; i < q.length; i++) {
          const x =
            type === 'datetime' ? readDate(q[i], col.format) : typeof q[i] === 'number' ? (q[i] as number) : NaN;
          if (Number.isNaN(x)) {
            add(
              'error',
              'blueprint/type',
              [...dpath, 'quantiles', i],
              `Column "${name}": quantile ${i} is not a ${type === 'datetime' ? `date written ${col.format}` : 'number'}.`,
            );
            break;
          }
          if (x < prev) {
            add(
              'error',
              'blueprint/quantiles-order',
              [...dpath, 'quantiles', i],
              `Column "${name}": quantiles must not decrease (item ${i} is below item ${i - 1}).`,
              'Sort them in increasing order.',
            );
            break;
          }
          prev = x;
        }
      }
      const p = dist.probabilities;
      if (p !== undefined) {
        const ok =
          Array.isArray(p) &&
          Array.isArray(q) &&
          p.length === q.length &&
          p.every((x, i) => typeof x === 'number' && (i === 0 ? x === 0 : x >= (p[i - 1] as number))) &&
          p[p.length - 1] === 1;
        if (!ok)
          add(
            'error',
            'blueprint/probabilities',
            [...dpath, 'probabilities'],
            `Column "${name}": "probabilities" must rise from 0 to 1 (never decreasing), one per quantile.`,
            'Remove "probabilities" to use evenly spaced quantiles.',
          );
      }
      break;
    }
    case 'categorical': {
      const p = dist.probabilities;
      if (!isObject(p) || Object.keys(p).length === 0) {
        add(
          'error',
          'blueprint/type',
          [...dpath, 'probabilities'],
          `Column "${name}": "probabilities" must map each category to its probability, e.g. { "a": 0.7, "b": 0.3 }.`,
        );
        break;
      }
      let sum = 0;
      let bad = false;
      for (const [k, v] of Object.entries(p)) {
        if (typeof v !== 'number' || !(v >= 0)) {
          add(
            'error',
            'blueprint/range',
            [...dpath, 'probabilities', k],
            `Column "${name}": the probability of "${k}" must be a number of at least 0.`,
          );
          bad = true;
        } else sum += v;
        if ((type === 'integer' || type === 'number') && (k.trim() === '' || !Number.isFinite(Number(k))))
          add(
            'error',
            'blueprint/numeric-level',
            [...dpath, 'probabilities', k],
            `Column "${name}" is ${type}, so each category must be a number; "${k}" is not.`,
            'Write the values as numbers in quotes, e.g. { "12": 0.2, "36": 0.8 }, or make the column a "category".',
          );
        if (type === 'boolean' && booleanWord(k) === undefined)
          add(
            'error',
            'blueprint/boolean-level',
            [...dpath, 'probabilities', k],
            `Column "${name}" is boolean, but "${k}" is not a spelling of true or false.`,
            'Use true/false, yes/no, Y/N or 1/0, or make the column a "category".',
          );
      }
      if (!bad && sum === 0)
        add(
          'error',
          'blueprint/range',
          [...dpath, 'probabilities'],
          `Column "${name}": every probability is 0.`,
          'Give at least one category a positive probability.',
        );
      else if (!bad && !Number.isFinite(sum))
        add(
          'error',
          'blueprint/range',
          [...dpath, 'probabilities'],
          `Column "${name}": the probabilities add up to more than the largest number there is.`,
          'Write shares such as 0.3, or counts in the millions at most.',
        );
      else if (!bad && Math.abs(sum - 1) > 1e-3)
        add(
          'warning',
          'blueprint/probabilities-sum',
          [...dpath, 'probabilities'],
          `Column "${name}": probabilities sum to ${+sum.toFixed(6)}, not 1; they are rescaled when generating.`,
          'Apply the quick fix to normalise them.',
        );
      break;
    }
    case 'sequence':
      if (typeof dist.start !== 'number')
        add('error', 'blueprint/type', [...dpath, 'start'], `Column "${name}": "start" must be a number.`);
      if (typeof dist.step !== 'number' || dist.step === 0)
        add('error', 'blueprint/type', [...dpath, 'step'], `Column "${name}": "step" must be a non-zero number.`);
      if (
        dist.shuffle !== undefined &&
        !(
          typeof dist.shuffle === 'number' &&
          Number.isInteger(dist.shuffle) &&
          dist.shuffle >= 1 &&
          dist.shuffle <= 2 ** 52
        )
      )
        add(
          'error',
          'blueprint/type',
          [...dpath, 'shuffle'],
          `Column "${name}": "shuffle" must be a whole number of rows from 1 to 2^52 (got ${JSON.stringify(dist.shuffle)}).`,
          "Give the number of rows whose identifiers are shuffled among themselves (a fit uses the source's row count), or remove it for identifiers in row order.",
        );
      if (dist.quantiles !== undefined) {
        const q = dist.quantiles;
        if (
          !Array.isArray(q) ||
          q.length < 2 ||
          q.some((x, i) => typeof x !== 'number' || !(Math.abs(x) < 2 ** 36) || (i > 0 && x < (q[i - 1] as number)))
        )
          add(
            'error',
            'blueprint/type',
            [...dpath, 'quantiles'],
            `Column "${name}": "quantiles" must list at least two numbers, from the smallest identifier to the largest, never falling, each below 2^36 in size.`,
          );
        else if (dist.shuffle === undefined)
          add(
            'warning',
            'blueprint/ignored',
            [...dpath, 'quantiles'],
            `Column "${name}": "quantiles" spread only a shuffled sequence; without "shuffle" they are ignored.`,
          );
      }
      break;
    case 'shape':
      if (
        !Array.isArray(dist.shapes) ||
        dist.shapes.length === 0 ||
        dist.shapes.some(
          (s) => !isObject(s) || typeof s.shape !== 'string' || typeof s.weight !== 'number' || s.weight < 0,
        )
      ) {
        add(
          'error',
          'blueprint/type',
          [...dpath, 'shapes'],
          `Column "${name}": "shapes" must be a non-empty array of { "shape": "Aaa-999", "weight": 0.5 }.`,
        );
      }
      break;
    case 'pattern': {
      const pattern = dist.pattern;
      const holes = typeof pattern === 'string' ? (pattern.match(/\{0+\}/g) ?? []) : [];
      if (typeof pattern !== 'string')
        add(
          'error',
          'blueprint/type',
          [...dpath, 'pattern'],
          `Column "${name}": "pattern" must be a string like "CUST-{00000}".`,
        );
      else if (holes.length !== 1)
        add(
          'error',
          'blueprint/pattern',
          [...dpath, 'pattern'],
          `Column "${name}": the pattern must hold exactly one {000...} placeholder for the row number (found ${holes.length}).`,
          'For example "CUST-{00000}" gives CUST-00001, CUST-00002, ...',
        );
      num('start', Number.isInteger, 'a whole number', true);
      num('step', (x) => Number.isInteger(x) && x !== 0, 'a non-zero whole number', true);
      break;
    }
    case 'normal':
      num('mean', any, 'a number');
      num('sd', (x) => x > 0, 'a number above 0');
      break;
    case 'lognormal':
      num('meanlog', any, 'a number (the mean of the logarithm)');
      num('sdlog', (x) => x > 0, 'a number above 0');
      break;
    case 'uniform':
      ordered(bound('low'), bound('high'), 'low', 'high');
      break;
    case 'exponential':
      num('rate', (x) => x > 0, 'a number above 0 (the mean is 1/rate)');
      break;
    case 'poisson':
      num('lambda', (x) => x >= 0 && x <= 1e7, 'a number from 0 to 10,000,000');
      break;
    case 'truncatedNormal':
      num('mean', any, 'a number');
      num('sd', (x) => x > 0, 'a number above 0');
      ordered(num('low', any, 'a number'), num('high', any, 'a number'), 'low', 'high');
      break;
    case 'beta':
      num('alpha', (x) => x > 0, 'a number above 0');
      num('beta', (x) => x > 0, 'a number above 0');
      ordered(num('low', any, 'a number', true) ?? 0, num('high', any, 'a number', true) ?? 1, 'low', 'high');
      break;
    case 'dates': {
      const start = bound('start');
      const end = bound('end');
      if (start !== undefined && end !== undefined && start > end)
        add(
          'error',
          'blueprint/min-max',
          [...dpath, 'start'],
          `Column "${name}": "start" (${String(dist.start)}) is after "end" (${String(dist.end)}).`,
          'Swap them.',
        );
      num('trend', (x) => x > -1, 'a number above -1 (0.2 = 20% more per year)', true);
      if (dist.seasonality !== undefined) {
        const s = dist.seasonality;
        const spath = [...dpath, 'seasonality'];
        if (!isObject(s))
          add(
            'error',
            'blueprint/type',
            spath,
            `Column "${name}": "seasonality" must be { "amplitude": 0.3, "peakMonth": 12 }.`,
          );
        else {
          unknownKeys(s, ['amplitude', 'peakMonth'], spath, add);
          if (typeof s.amplitude !== 'number' || s.amplitude < 0 || s.amplitude > 1)
            add(
              'error',
              'blueprint/range',
              [...spath, 'amplitude'],
              `Column "${name}": seasonality "amplitude" must be from 0 to 1.`,
            );
          if (typeof s.peakMonth !== 'number' || !Number.isInteger(s.peakMonth) || s.peakMonth < 1 || s.peakMonth > 12)
            add(
              'error',
              'blueprint/range',
              [...spath, 'peakMonth'],
              `Column "${name}": "peakMonth" must be a month number from 1 to 12.`,
            );
        }
      }
      if (dist.weekdays !== undefined) {
        const w = dist.weekdays;
        if (
          !Array.isArray(w) ||
          w.length !== 7 ||
          w.some((x) => typeof x !== 'number' || x < 0) ||
          !w.some((x) => (x as number) > 0)
        ) {
          add(
            'error',
            'blueprint/range',
            [...dpath, 'weekdays'],
            `Column "${name}": "weekdays" must be 7 weights (Monday to Sunday) of at least 0, not all 0.`,
          );
        }
      }
      break;
    }
    case 'conditional': {
      if (typeof dist.on !== 'string')
        add(
          'error',
          'blueprint/type',
          dist.on === undefined ? dpath : [...dpath, 'on'],
          `Column "${name}": a conditional needs "on": the column (or expression) whose value picks the case.`,
        );
      if (!isObject(dist.cases) || Object.keys(dist.cases).length === 0)
        add(
          'error',
          'blueprint/type',
          dist.cases === undefined ? dpath : [...dpath, 'cases'],
          `Column "${name}": "cases" must map values of "on" to distributions.`,
        );
      else if (depth > 8)
        add('error', 'blueprint/depth', dpath, `Column "${name}": distributions are nested too deeply.`);
      else
        for (const [k, v] of Object.entries(dist.cases))
          validateDistribution(v, col, [...dpath, 'cases', k], add, depth + 1);
      if (dist.default !== undefined) validateDistribution(dist.default, col, [...dpath, 'default'], add, depth + 1);
      break;
    }
    case 'bands': {
      if (typeof dist.on !== 'string')
        add(
          'error',
          'blueprint/type',
          dist.on === undefined ? dpath : [...dpath, 'on'],
          `Column "${name}": bands need "on": the number or date column (or expression) that picks the band.`,
        );
      const bands = dist.bands;
      if (!Array.isArray(bands) || bands.length === 0) {
        add(
          'error',
          'blueprint/type',
          bands === undefined ? dpath : [...dpath, 'bands'],
          `Column "${name}": "bands" must be a non-empty array of { "below": 12, "distribution": {...} }.`,
        );
        break;
      }
      let prev: number | undefined;
      bands.forEach((b, i) => {
        const bpath = [...dpath, 'bands', i];
        if (!isObject(b)) {
          add(
            'error',
            'blueprint/type',
            bpath,
            `Column "${name}": each band is { "below": 12, "distribution": {...} }.`,
          );
          return;
        }
        unknownKeys(b, ['below', 'distribution'], bpath, add);
        if (b.below === undefined) {
          if (i !== bands.length - 1)
            add(
              'error',
              'blueprint/bands',
              bpath,
              `Column "${name}": only the last band may leave out "below".`,
              'Give this band an upper limit, or move it to the end.',
            );
        } else {
          const x =
            typeof b.below === 'number' ? b.below : typeof b.below === 'string' ? readDate(b.below, col.format) : NaN;
          if (Number.isNaN(x))
            add(
              'error',
              'blueprint/type',
              [...bpath, 'below'],
              `Column "${name}": "below" must be a number, or a date written YYYY-MM-DD.`,
            );
          else if (prev !== undefined && !(x > prev))
            add(
              'error',
              'blueprint/bands',
              [...bpath, 'below'],
              `Column "${name}": bands must be in increasing order ("below" ${String(b.below)} is not above the band before).`,
              'Sort the bands by "below".',
            );
          else prev = x;
        }
        if (b.distribution === undefined)
          add('error', 'blueprint/missing-property', bpath, `Column "${name}": band ${i + 1} needs a "distribution".`);
        else validateDistribution(b.distribution, col, [...bpath, 'distribution'], add, depth + 1);
      });
      break;
    }
    case 'logistic': {
      num('intercept', any, 'a number (log-odds)', true);
      if (!Array.isArray(dist.terms))
        add(
          'error',
          'blueprint/type',
          dist.terms === undefined ? dpath : [...dpath, 'terms'],
          `Column "${name}": "terms" must be an array of { "coef": 0.8, "expr": "condition or number" }.`,
        );
      else
        dist.terms.forEach((t, i) => {
          const tpath = [...dpath, 'terms', i];
          if (!isObject(t)) {
            add('error', 'blueprint/type', tpath, `Column "${name}": each term is { "coef": 0.8, "expr": "..." }.`);
            return;
          }
          unknownKeys(t, ['coef', 'expr', 'description'], tpath, add);
          if (typeof t.coef !== 'number' || !Number.isFinite(t.coef))
            add(
              'error',
              'blueprint/type',
              t.coef === undefined ? tpath : [...tpath, 'coef'],
              `Column "${name}": term ${i + 1} needs a numeric "coef".`,
            );
          if (typeof t.expr !== 'string')
            add(
              'error',
              'blueprint/type',
              t.expr === undefined ? tpath : [...tpath, 'expr'],
              `Column "${name}": term ${i + 1} needs an "expr" (a number or a condition).`,
            );
        });
      num('rate', (x) => x > 0 && x < 1, 'a share between 0 and 1 (exclusive)', true);
      if (dist.rate !== undefined && dist.intercept !== undefined)
        add(
          'info',
          'blueprint/rate-overrides-intercept',
          [...dpath, 'intercept'],
          `Column "${name}": "rate" is set, so this intercept is ignored (it is solved to give the rate).`,
          'Remove one of the two.',
        );
      if (dist.values !== undefined) {
        const v = dist.values;
        if (type !== 'boolean')
          add(
            'warning',
            'blueprint/ignored',
            [...dpath, 'values'],
            `Column "${name}" is ${type}: "values" is ignored (it is 0 or 1).`,
          );
        else if (!Array.isArray(v) || v.length !== 2 || v.some((x) => typeof x !== 'string'))
          add(
            'error',
            'blueprint/type',
            [...dpath, 'values'],
            `Column "${name}": "values" must be two strings, false then true, e.g. ["No", "Yes"].`,
          );
        else if (booleanWord(v[0] as string) !== false || booleanWord(v[1] as string) !== true)
          add(
            'error',
            'blueprint/boolean-level',
            [...dpath, 'values'],
            `Column "${name}": "values" must spell false then true (e.g. ["No", "Yes"] or ["0", "1"]); found ${JSON.stringify(v)}.`,
            'Use true/false, yes/no, Y/N or 0/1, false first.',
          );
      }
      break;
    }
    case 'derived':
      if (typeof dist.expr !== 'string')
        add(
          'error',
          'blueprint/type',
          dist.expr === undefined ? dpath : [...dpath, 'expr'],
          `Column "${name}": a derived column needs "expr", e.g. "quantity * unit_price".`,
        );
      break;
  }
}

export function unknownKeys(obj: Record<string, unknown>, allowed: string[], path: JsonPath, add: Add): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const close = allowed.find((a) => editDistance(a.toLowerCase(), key.toLowerCase(), 3) <= 2);
    add(
      'warning',
      'blueprint/unknown-property',
      [...path, key],
      `Unknown property "${key}"${close ? `; did you mean "${close}"?` : '.'}`,
      close ? undefined : `Allowed here: ${allowed.join(', ')}.`,
    );
  }
}
