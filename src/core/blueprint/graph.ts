/**
 * How the columns of a blueprint depend on each other: the expressions each column's
 * distribution holds (derived formulas, `on` of conditionals and bands, logistic terms), the
 * columns they read, and an order to generate them in.
 */
import { parseExpr, columnReferences, type Span, type ValueType } from '../expr';
import type { ColumnType } from '../table';
import type { JsonPath } from './problems';
import { isObject } from './values';
import type { ColumnSpec } from './types';

/** The type an expression sees for a column of this type. */
export function valueTypeOf(type: ColumnType): ValueType {
  switch (type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'datetime':
      return 'date';
    case 'boolean':
      return 'boolean';
    default:
      return 'string';
  }
}

/** Where an expression sits in a distribution, and what it must give. */
export interface ExprSite {
  text: string;
  /** Path from the distribution to the string (e.g. ['terms', 2, 'expr']). */
  path: JsonPath;
  role: 'derived' | 'on-conditional' | 'on-bands' | 'term';
}

/** Every expression in a distribution, nested ones included (paths relative to it). */
export function expressionSites(dist: unknown, base: JsonPath = []): ExprSite[] {
  const out: ExprSite[] = [];
  if (!isObject(dist)) return out;
  switch (dist.kind) {
    case 'derived':
      if (typeof dist.expr === 'string') out.push({ text: dist.expr, path: [...base, 'expr'], role: 'derived' });
      break;
    case 'conditional':
      if (typeof dist.on === 'string') out.push({ text: dist.on, path: [...base, 'on'], role: 'on-conditional' });
      if (isObject(dist.cases))
        for (const [k, v] of Object.entries(dist.cases)) out.push(...expressionSites(v, [...base, 'cases', k]));
      if (dist.default !== undefined) out.push(...expressionSites(dist.default, [...base, 'default']));
      break;
    case 'bands':
      if (typeof dist.on === 'string') out.push({ text: dist.on, path: [...base, 'on'], role: 'on-bands' });
      if (Array.isArray(dist.bands))
        dist.bands.forEach((b, i) => {
          if (isObject(b)) out.push(...expressionSites(b.distribution, [...base, 'bands', i, 'distribution']));
        });
      break;
    case 'logistic':
      if (Array.isArray(dist.terms))
        dist.terms.forEach((t, i) => {
          if (isObject(t) && typeof t.expr === 'string')
            out.push({ text: t.expr, path: [...base, 'terms', i, 'expr'], role: 'term' });
        });
      break;
    default:
      break;
  }
  return out;
}

export interface Dependency {
  column: string;
  /** Where the mention is: the expression's path (from the column) and the span in its text. */
  path: JsonPath;
  span: Span;
}

/** Columns a column reads, with where each is mentioned (expressions that do not parse are skipped). */
export function dependenciesOf(col: ColumnSpec): Dependency[] {
  const out: Dependency[] = [];
  for (const site of expressionSites(col.distribution, ['distribution'])) {
    const parsed = parseExpr(site.text);
    if (!parsed.expr) continue;
    for (const ref of columnReferences(parsed.expr)) out.push({ column: ref.name, path: site.path, span: ref.span });
  }
  return out;
}

/**
 * An order in which every column comes after the columns it reads (Kahn's algorithm, ties in
 * blueprint order), or the columns of a cycle when there is none. Unknown names are ignored.
 */
export function generationOrder(
  columns: readonly ColumnSpec[],
): { order: number[] } | { cycle: { index: number; via: Dependency }[] } {
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!index.has(c.name)) index.set(c.name, i);
  });
  const deps = columns.map((c) => dependenciesOf(c).filter((d) => index.has(d.column)));
  const indegree = deps.map((d) => new Set(d.map((x) => index.get(x.column)!)).size);
  const dependents = columns.map(() => [] as number[]);
  deps.forEach((d, i) => {
    for (const j of new Set(d.map((x) => index.get(x.column)!))) dependents[j].push(i);
  });
  const order: number[] = [];
  const ready = indegree.map((d, i) => (d === 0 ? i : -1)).filter((i) => i >= 0);
  while (ready.length) {
    ready.sort((a, b) => a - b);
    const i = ready.shift()!;
    order.push(i);
    for (const k of dependents[i]) if (--indegree[k] === 0) ready.push(k);
  }
  if (order.length === columns.length) return { order };
  // Walk dependencies among the unordered columns until one repeats: that is a cycle.
  const left = new Set(columns.map((_, i) => i).filter((i) => !order.includes(i)));
  const start = Math.min(...left);
  const seen = new Map<number, number>();
  const path: { index: number; via: Dependency }[] = [];
  let at = start;
  while (!seen.has(at)) {
    seen.set(at, path.length);
    const via = deps[at].find((d) => left.has(index.get(d.column)!))!;
    path.push({ index: at, via });
    at = index.get(via.column)!;
  }
  return { cycle: path.slice(seen.get(at)) };
}
