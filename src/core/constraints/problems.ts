/**
 * Findings about data turned into located problems: constraint violations at the constraint's
 * `expr` in the blueprint text, schema violations at the cell in the CSV. The CLI prints them as
 * `file:line:col: severity: message`; the extension shows them as diagnostics.
 */
import { parseTree } from 'jsonc-parser';
import { lineStarts, locate } from '../blueprint/parse';
import type { Problem } from '../errors';
import { describeViolation, type ConstraintCheck } from './check';
import type { SourceViolations } from './source';
import { groupThousands } from '../util/format';

/**
 * One warning per broken (or uncheckable) constraint, placed at its `expr` in `blueprintText`.
 * Constraints are matched by index and text, so findings from an older version of the text are
 * dropped rather than shown at the wrong place.
 */
export function constraintProblems(
  results: ConstraintCheck[],
  blueprintText: string,
  fileName: string,
  dataName?: string,
): Problem[] {
  const out: Problem[] = [];
  const broken = results.filter((r) => r.skipped || r.violations > 0);
  // The syntax tree only when there is something to place (a large blueprint takes a while).
  if (broken.length === 0) return out;
  const tree = parseTree(blueprintText, [], { allowTrailingComma: true, disallowComments: false });
  const lines = lineStarts(blueprintText);
  for (const r of broken) {
    const path = ['constraints', r.index, 'expr'];
    const located = locate(
      {
        severity: 'warning',
        code: r.skipped ? 'data/constraint-skipped' : 'data/constraint-violated',
        message: r.skipped ? `Constraint \`${r.expr}\` was not checked: ${r.skipped}.` : describeViolation(r, dataName),
        hint: r.skipped
          ? undefined
          : 'Tighten the columns it reads (bounds, distributions), or correct the constraint.',
        path,
      },
      tree,
      lines,
      fileName,
      blueprintText,
    );
    // Only when the text still holds this constraint there.
    const raw = blueprintText.slice(located.offset ?? 0, (located.offset ?? 0) + (located.length ?? 0));
    if (located.jsonPath === `constraints[${r.index}].expr` && jsonString(raw) === r.expr) out.push(located);
  }
  return out;
}

function jsonString(raw: string): string | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Cell findings as problems in the CSV, plus one summary at line 1 when there are more than shown. */
export function sourceProblems(v: SourceViolations, fileName: string): Problem[] {
  const out: Problem[] = v.cells.map((c) => ({
    severity: 'warning',
    code: `csv/${c.code}`,
    file: fileName,
    line: c.line,
    column: c.character,
    length: c.length,
    message: `Row ${groupThousands(c.row + 1)}, column "${c.column}": ${c.message}`,
  }));
  if (v.total > v.cells.length || v.missingColumns.length) {
    const parts = Object.entries(v.byColumn)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${groupThousands(n)}`);
    const shown =
      v.total > v.cells.length
        ? `${groupThousands(v.total)} cells break the blueprint's schema; the first ${v.cells.length} are marked (by column: ${parts.join(', ')}).`
        : '';
    const missing = v.missingColumns.length
      ? ` The file has no column ${v.missingColumns.map((c) => `"${c}"`).join(', ')}.`
      : '';
    out.unshift({
      severity: 'warning',
      code: 'csv/schema-summary',
      file: fileName,
      line: 1,
      column: 1,
      length: 1,
      message: `${shown}${missing}`.trim(),
      hint: 'Fix the data, or refit the blueprint from it.',
    });
  }
  return out;
}
