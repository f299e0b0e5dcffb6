import type { ProductColumn } from '../blueprint/models';
import type { Blueprint } from '../blueprint/types';
import type { NumericColumn, Table } from '../table';
import { rounder } from './marginals';
import { type Plan, withComputed } from './plan';

/**
 * Generation of a model's computed columns (`ProductColumn`): the inner plan generates the table
 * without them, as the model was fitted, and each chunk gets every computed column from the row's
 * two values (`left * right` or `left / right`), rounded as the column is written; missing where
 * either value is (or where a quotient has no value). It is not held within the column's `min`
 * and `max`: two values in their ranges may make a product past the largest one seen, and
 * lowered to `max` the row would break the relation (and repeat the largest real value). A
 * condition on a computed column is left to the check every conditioned row passes afterwards.
 */
export function withProducts(blueprint: Blueprint, compile: (blueprint: Blueprint) => Plan): Plan {
  const model = blueprint.model;
  const products = model && model.kind !== 'augment' ? (model.products ?? []) : [];
  const specOf = new Map(blueprint.columns.map((c) => [c.name, c]));
  const numeric = (name: string): boolean => {
    const type = specOf.get(name)?.type;
    return type === 'integer' || type === 'number';
  };
  const computed = new Set(products.map((p) => p.column));
  const byColumn = new Map<string, ProductColumn>();
  for (const p of products)
    if (
      !byColumn.has(p.column) &&
      (p.op === '*' || p.op === '/') &&
      [p.column, p.left, p.right].every(numeric) &&
      !computed.has(p.left) &&
      !computed.has(p.right)
    )
      byColumn.set(p.column, p);
  if (byColumn.size === 0) return compile(blueprint);
  const kept = blueprint.columns.filter((c) => !byColumn.has(c.name));
  const keptIndex = new Map(kept.map((c, i) => [c.name, i]));
  const inner = compile({ ...blueprint, columns: kept });
  const fills = blueprint.columns.map((spec) => {
    const p = byColumn.get(spec.name);
    if (!p) return undefined;
    const round = rounder(spec);
    const left = keptIndex.get(p.left)!;
    const right = keptIndex.get(p.right)!;
    return (columns: Table['columns'], n: number): NumericColumn => {
      const a = (columns[left] as NumericColumn).values;
      const b = (columns[right] as NumericColumn).values;
      const values = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        const x = round(p.op === '*' ? a[r] * b[r] : a[r] / b[r]);
        values[r] = Number.isFinite(x) ? x : NaN;
      }
      return { storage: 'numeric', name: spec.name, type: spec.type as 'integer' | 'number', values };
    };
  });
  const finish = withComputed(blueprint.columns, keptIndex, fills);
  return {
    ...finish(inner),
    condition(restriction) {
      const columns = new Map([...restriction.columns].filter(([name]) => !byColumn.has(name)));
      const pushed = { ...restriction, columns };
      return finish(inner.condition ? inner.condition(pushed) : inner);
    },
  };
}
