/**
 * Constraint checking over a generated (or any) table: which rows break each of a blueprint's
 * constraints. Used after Generate and Synthesize (violations are shown on the constraint) and by
 * the quality report (validity).
 */
import { valueTypeOf } from '../blueprint/graph';
import type { Blueprint } from '../blueprint/types';
import { checkText, compileTyped, envOf, type Value } from '../expr';
import type { Table } from '../table';
import { groupThousands } from '../util/format';

export interface ConstraintCheck {
  /** Index in `blueprint.constraints`. */
  index: number;
  expr: string;
  /** Rows where the condition is false (a missing result passes). */
  violations: number;
  /** Rows checked. */
  rows: number;
  /** 0-based indices of the first violating rows (at most `maxExamples`). */
  firstRows: number[];
  /** Why the constraint could not be checked (it does not parse or type-check, or reads a column the table lacks). */
  skipped?: string;
  /** The constraint's description from the blueprint (why it holds), for the report. */
  description?: string;
}

/**
 * Check every constraint of `blueprint` on `table`. Columns are matched by name; a column the
 * blueprint lists but the table lacks reads as missing (so constraints on it are skipped).
 */
export function checkConstraints(
  blueprint: Pick<Blueprint, 'columns' | 'constraints'>,
  table: Table,
  maxExamples = 5,
): ConstraintCheck[] {
  const constraints = blueprint.constraints ?? [];
  if (!constraints.length) return [];
  const cols = blueprint.columns.map((c) => ({ name: c.name, type: valueTypeOf(c.type) }));
  const env = envOf(cols);
  const readers = blueprint.columns.map((c) => columnReader(table, c.name, c.type === 'boolean'));
  return constraints.map((c, index): ConstraintCheck => {
    const base = {
      index,
      expr: c.expr,
      violations: 0,
      rows: table.rowCount,
      firstRows: [] as number[],
      ...(typeof c.description === 'string' && c.description ? { description: c.description } : {}),
    };
    const checked = checkText(c.expr, env, 'boolean');
    if (!checked.typed) return { ...base, skipped: checked.errors[0]?.message ?? 'it does not check' };
    const absent = checked.columns.filter((n) => !readers[blueprint.columns.findIndex((x) => x.name === n)]);
    if (absent.length) return { ...base, skipped: `the table has no column ${absent.map((a) => `"${a}"`).join(', ')}` };
    const f = compileTyped(checked.typed);
    const used = [...new Set(checked.columns.map((n) => blueprint.columns.findIndex((x) => x.name === n)))];
    const row: Value[] = new Array(cols.length).fill(null);
    for (let r = 0; r < table.rowCount; r++) {
      for (const i of used) row[i] = readers[i]!(r);
      if (f(row) === false) {
        base.violations++;
        if (base.firstRows.length < maxExamples) base.firstRows.push(r);
      }
    }
    return base;
  });
}

/** A function from row index to the value an expression sees, or undefined when the table lacks the column. */
function columnReader(table: Table, name: string, boolean: boolean): ((r: number) => Value) | undefined {
  const col = table.columns.find((c) => c.name === name);
  if (!col) return undefined;
  switch (col.storage) {
    case 'numeric': {
      const v = col.values;
      return (r) => (Number.isNaN(v[r]) ? null : v[r]);
    }
    case 'categorical': {
      const { codes, levels } = col;
      if (boolean) {
        const truth = levels.map((l) =>
          /^(true|t|yes|y|1)$/i.test(l.trim()) ? true : /^(false|f|no|n|0)$/i.test(l.trim()) ? false : null,
        );
        return (r) => (codes[r] < 0 ? null : truth[codes[r]]);
      }
      return (r) => (codes[r] < 0 ? null : levels[codes[r]]);
    }
    case 'text': {
      const v = col.values;
      return (r) => v[r];
    }
  }
}

/** "12 of 1,000 rows break `discount_pct <= 100`; first at row 57." (rows numbered from 1, as a person counts them). */
export function describeViolation(r: ConstraintCheck, fileName?: string): string {
  const n = groupThousands;
  const where = fileName ? ` of ${fileName}` : '';
  return `${n(r.violations)} of ${n(r.rows)} rows break \`${r.expr}\`; first at row ${n(r.firstRows[0] + 1)}${where}${
    r.firstRows.length > 1
      ? ` (then ${r.firstRows
          .slice(1)
          .map((x) => n(x + 1))
          .join(', ')})`
      : ''
  }.`;
}
