/**
 * What a blueprint means, beyond its structure: every expression parses and type-checks against
 * the columns, conditional cases match the values they are picked by, bands are in the unit of
 * their `on`, columns do not depend on each other in a cycle, correlations form a valid matrix,
 * and constraints can hold at all.
 */
import type { Severity } from '../errors';
import { checkText, envOf, parseExpr, booleanWord, type ExprError, type ValueType } from '../expr';
import { minEigenvalue } from '../stats/matrix';
import { COLUMN_TYPES, type ColumnType } from '../table';
import { MARGINAL_KINDS } from './validateDistribution';
import { expressionSites, generationOrder, valueTypeOf } from './graph';
import { isObject, levelsOf, readDate } from './values';
import { constraintNeverHolds } from './ranges';
import type { ColumnSpec } from './types';
import type { JsonPath, PathProblem } from './problems';

const ROLE_TYPES: Record<string, readonly ValueType[]> = {
  'on-conditional': ['string', 'boolean', 'number'],
  'on-bands': ['number', 'date'],
  term: ['number', 'boolean'],
};

export function validateSemantics(value: Record<string, unknown>): PathProblem[] {
  const out: PathProblem[] = [];
  const add = (
    severity: Severity,
    code: string,
    path: JsonPath,
    message: string,
    hint?: string,
    span?: { start: number; end: number },
    data?: PathProblem['data'],
  ): void => {
    out.push({
      severity,
      code,
      path,
      message,
      ...(hint ? { hint } : {}),
      ...(span ? { span } : {}),
      ...(data ? { data } : {}),
    });
  };
  const rawColumns = Array.isArray(value.columns) ? value.columns : [];
  // Columns usable in expressions: a name and a known type.
  const usable: { spec: ColumnSpec; index: number }[] = [];
  const seen = new Set<string>();
  rawColumns.forEach((c, index) => {
    if (
      isObject(c) &&
      typeof c.name === 'string' &&
      c.name &&
      COLUMN_TYPES.includes(c.type as ColumnType) &&
      !seen.has(c.name)
    ) {
      seen.add(c.name);
      usable.push({ spec: c as unknown as ColumnSpec, index });
    }
  });
  const env = envOf(usable.map((u) => ({ name: u.spec.name, type: valueTypeOf(u.spec.type) })));
  const specOf = new Map(usable.map((u) => [u.spec.name, u.spec]));
  const exprProblem = (e: ExprError, path: JsonPath, text: string): void => {
    const code =
      e.code === 'syntax'
        ? 'expr/syntax'
        : e.code === 'unknown-column'
          ? 'expr/unknown-column'
          : e.code === 'unknown-function'
            ? 'expr/unknown-function'
            : 'expr/type';
    const where = e.code === 'syntax' ? ` (character ${e.start + 1} of "${excerpt(text, e.start)}")` : '';
    add(
      'error',
      code,
      path,
      `${e.message}${where}`,
      e.hint,
      { start: e.start, end: e.end },
      e.name
        ? { name: e.name, ...(e.suggestion ? { suggestion: e.suggestion } : {}), expectedType: guessType(text, e) }
        : undefined,
    );
  };

  let expressionsOk = true;
  for (const { spec, index } of usable) {
    const base: JsonPath = ['columns', index];
    for (const site of expressionSites(spec.distribution, ['distribution'])) {
      const expected = site.role === 'derived' ? [valueTypeOf(spec.type)] : ROLE_TYPES[site.role];
      const result = checkText(site.text, env, expected);
      for (const e of result.errors) exprProblem(e, [...base, ...site.path], site.text);
      if (result.errors.length) expressionsOk = false;
      if (result.typed && site.role === 'on-conditional')
        checkCases(spec, [...base, ...site.path.slice(0, -1)], result.typed.type as ValueType, site.text, specOf, add);
      if (result.typed && site.role === 'on-bands')
        checkBands(spec, [...base, ...site.path.slice(0, -1)], result.typed.type as ValueType, add);
    }
  }

  if (expressionsOk) {
    const order = generationOrder(usable.map((u) => u.spec));
    if ('cycle' in order) {
      const names = order.cycle.map((c) => usable[c.index].spec.name);
      const first = order.cycle[0];
      const chain = [...names, names[0]].map((n) => `"${n}"`).join(' -> ');
      add(
        'error',
        'blueprint/cycle',
        ['columns', usable[first.index].index, ...first.via.path],
        names.length === 1
          ? `Column "${names[0]}" depends on itself.`
          : `Columns depend on each other in a cycle: ${chain}.`,
        'Break the cycle: one of these columns must be drawn without reading the others.',
        first.via.span,
      );
    }
  }

  checkCorrelations(value, specOf, add);

  if (Array.isArray(value.constraints)) {
    value.constraints.forEach((c, i) => {
      if (!isObject(c) || typeof c.expr !== 'string') return;
      const path: JsonPath = ['constraints', i, 'expr'];
      const result = checkText(c.expr, env, 'boolean');
      for (const e of result.errors) exprProblem(e, path, c.expr);
      if (result.typed && expressionsOk) {
        const never = constraintNeverHolds(
          result.typed,
          usable.map((u) => u.spec),
          value,
        );
        if (never)
          add(
            'error',
            'blueprint/constraint-unsatisfiable',
            path,
            `Constraint \`${c.expr}\` can never hold: ${never}.`,
            'Fix the constraint, or the bounds and distributions of the columns it reads.',
          );
      }
    });
  }
  return out;
}

function checkCases(
  spec: ColumnSpec,
  dpath: JsonPath,
  onType: ValueType,
  onText: string,
  specOf: Map<string, ColumnSpec>,
  add: (s: Severity, code: string, p: JsonPath, m: string, h?: string) => void,
): void {
  const dist = getAt(spec.distribution, dpath.slice(3));
  if (!isObject(dist) || !isObject(dist.cases)) return;
  const keys = Object.keys(dist.cases);
  for (const k of keys) {
    if (onType === 'boolean' && booleanWord(k) === undefined)
      add(
        'error',
        'blueprint/case-type',
        [...dpath, 'cases', k],
        `Column "${spec.name}": "${onText}" is true or false, so case "${k}" never happens.`,
        'Name the cases "true" and "false".',
      );
    if (onType === 'number' && !Number.isFinite(Number(k)))
      add(
        'error',
        'blueprint/case-type',
        [...dpath, 'cases', k],
        `Column "${spec.name}": "${onText}" is a number, so case "${k}" never happens.`,
        'Name each case by a number, e.g. "1", "2".',
      );
  }
  // `on` is a category column whose values are known: cases should match them.
  const parsed = parseExpr(onText);
  const source = parsed.expr?.kind === 'column' ? specOf.get(parsed.expr.name) : undefined;
  const levels = source ? levelsOf(source.distribution) : undefined;
  if (!levels || onType !== 'string') return;
  for (const k of keys) {
    if (!levels.includes(k))
      add(
        'warning',
        'blueprint/case-unknown',
        [...dpath, 'cases', k],
        `Column "${spec.name}": case "${k}" never happens; "${source!.name}" takes ${levels.map((l) => `"${l}"`).join(', ')}.`,
        'Rename the case to one of those values.',
      );
  }
  const uncovered = levels.filter((l) => !keys.includes(l));
  if (uncovered.length && dist.default === undefined) {
    add(
      'warning',
      'blueprint/case-missing',
      [...dpath, 'cases'],
      `Column "${spec.name}": no case for ${uncovered.map((l) => `"${l}"`).join(', ')} of "${source!.name}" and no "default"; those rows get a missing value.`,
      'Add the cases, or a "default" distribution.',
    );
  }
}

function checkBands(
  spec: ColumnSpec,
  dpath: JsonPath,
  onType: ValueType,
  add: (s: Severity, code: string, p: JsonPath, m: string, h?: string) => void,
): void {
  const dist = getAt(spec.distribution, dpath.slice(3));
  if (!isObject(dist) || !Array.isArray(dist.bands)) return;
  dist.bands.forEach((b, i) => {
    if (!isObject(b) || b.below === undefined) return;
    if (onType === 'number' && typeof b.below !== 'number')
      add(
        'error',
        'blueprint/band-type',
        [...dpath, 'bands', i, 'below'],
        `Column "${spec.name}": bands are on a number, so "below" must be a number (found ${JSON.stringify(b.below)}).`,
      );
    if (onType === 'date' && Number.isNaN(readDate(b.below, 'YYYY-MM-DD')))
      add(
        'error',
        'blueprint/band-type',
        [...dpath, 'bands', i, 'below'],
        `Column "${spec.name}": bands are on a date, so "below" must be a date written YYYY-MM-DD (found ${JSON.stringify(b.below)}).`,
      );
  });
}

function checkCorrelations(
  value: Record<string, unknown>,
  specOf: Map<string, ColumnSpec>,
  add: (s: Severity, code: string, p: JsonPath, m: string, h?: string) => void,
): void {
  if (!Array.isArray(value.correlations)) return;
  const vars: string[] = [];
  const pairs = new Map<string, number>();
  const entries: { a: number; b: number; r: number }[] = [];
  value.correlations.forEach((c, i) => {
    if (!isObject(c) || !Array.isArray(c.columns) || c.columns.length !== 2 || typeof c.r !== 'number') return;
    const [a, b] = c.columns as string[];
    let ok = true;
    (c.columns as unknown[]).forEach((name, k) => {
      if (typeof name !== 'string') {
        ok = false;
        return;
      }
      const spec = specOf.get(name);
      if (!spec) {
        add(
          'error',
          'blueprint/unknown-column',
          ['correlations', i, 'columns', k],
          `Correlation names "${name}", which is not a column of this blueprint.`,
        );
        ok = false;
        return;
      }
      const kind = isObject(spec.distribution)
        ? String(spec.distribution.kind)
        : spec.type === 'integer' || spec.type === 'number'
          ? 'uniform'
          : 'none';
      if (!MARGINAL_KINDS.has(kind)) {
        add(
          'error',
          'blueprint/correlation-kind',
          ['correlations', i, 'columns', k],
          `Column "${name}" has a "${kind}" distribution, which cannot be correlated.`,
          'Correlate columns with a marginal distribution (normal, lognormal, uniform, exponential, poisson, truncatedNormal, beta, empirical, categorical, dates); express other dependences with conditional, bands, logistic or derived.',
        );
        ok = false;
      }
    });
    if (!ok) return;
    if (a === b) {
      add(
        'error',
        'blueprint/correlation-self',
        ['correlations', i, 'columns'],
        `A column cannot be correlated with itself ("${a}").`,
      );
      return;
    }
    const key = [a, b].sort().join('\u0000');
    if (pairs.has(key)) {
      add(
        'error',
        'blueprint/correlation-duplicate',
        ['correlations', i],
        `The pair "${a}", "${b}" is already correlated at correlations[${pairs.get(key)}].`,
        'Keep one of them.',
      );
      return;
    }
    pairs.set(key, i);
    for (const n of [a, b]) if (!vars.includes(n)) vars.push(n);
    entries.push({ a: vars.indexOf(a), b: vars.indexOf(b), r: c.r });
  });
  const n = vars.length;
  if (n < 3) return;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  for (const e of entries) {
    m[e.a * n + e.b] = e.r;
    m[e.b * n + e.a] = e.r;
  }
  if (minEigenvalue(m, n) < -1e-9) {
    add(
      'warning',
      'blueprint/correlations-not-psd',
      ['correlations'],
      `These correlations cannot all hold at once (their matrix is not positive semi-definite); generation uses the nearest valid matrix instead.`,
      'Apply the quick fix to write the nearest valid correlations.',
    );
  }
}

function getAt(root: unknown, path: JsonPath): unknown {
  let at = root;
  for (const k of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[k];
  }
  return at;
}

/** The column type an unknown name would need, judged from the text around it. */
function guessType(text: string, e: ExprError): string {
  const after = text.slice(e.end).trimStart();
  const before = text.slice(0, e.start).trimEnd();
  if (
    /^(=|==|!=|<>)\s*['"]/.test(after) ||
    /['"]\s*(=|==|!=|<>)$/.test(before) ||
    /^(not\s+)?in\s*\(\s*['"]/i.test(after)
  )
    return 'category';
  if (/^(<|>|=|!=|<>|[-+*/%^])/.test(after) || /[-+*/%^<>=]$/.test(before)) return 'number';
  if (
    (after === '' || /^(and|or)\b/i.test(after)) &&
    (before === '' || /\b(and|or|not)$/i.test(before)) &&
    !(before === '' && after === '')
  )
    return 'boolean';
  return 'number';
}

/** An expression quoted in a message: whole when short, else 80 characters around `at`. */
function excerpt(text: string, at: number): string {
  if (text.length <= 80) return text;
  const start = Math.max(0, Math.min(at - 40, text.length - 80));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + 80)}${start + 80 < text.length ? '…' : ''}`;
}
