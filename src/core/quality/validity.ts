/**
 * Validity of synthetic values, column by column, and of the rows against the blueprint's
 * constraints:
 * - type adherence: share of non-missing synthetic cells of the column's type (cells that did not
 *   parse as numbers or dates when the CSV was read, and non-whole values in integer columns,
 *   are the wrong type);
 * - range adherence (SDMetrics `BoundaryAdherence`): share of synthetic rows whose value lies in
 *   [min, max] of the real column (or of the blueprint's declared bounds when given); missing
 *   values adhere when the real column has missing values, otherwise they count as out of bounds;
 * - category adherence (SDMetrics `CategoryAdherence`): share of synthetic rows whose category
 *   occurs in the real column (or the blueprint's categories), missing counted as a category;
 * - outlier rate: share of non-missing values beyond Tukey's fences [Q1 - 1.5 IQR, Q3 + 1.5 IQR]
 *   of the *real* column, for both sides (quartiles by linear interpolation, NumPy's default);
 * - missing rate per column, both sides;
 * - constraints: violations counted by the expression language and passed in.
 */
import type { ConversionIssue } from '../csv/convert';
import { quantileSorted } from '../stats/quantile';
import type { ColumnType, Table } from '../table';
import { sortedPresent } from '../stats/sort';
import type { ConstraintCheck } from '../constraints/check';
import type { ColumnValidity, ConstraintValidity, ValidityReport } from './types';

import { groupThousands, percent } from '../util/format';
import { columnCounts, presentLevels } from './counts';
import { round6 } from '../util/round';

/** What the blueprint declares about a column (bounds in the column's numeric units; datetimes in ms). */
export interface DeclaredColumn {
  name: string;
  type: ColumnType;
  min?: number;
  max?: number;
  /** Allowed categories. */
  levels?: string[];
  /** Values outside `levels` are allowed too: fresh values of the pooled rare level (`rareLevel`). */
  freshLevels?: boolean;
  /** The blueprint allows missing values in this column. */
  missing?: boolean;
  /** Personal data (the blueprint's `pii` kind): the synthetic values are fakes by design. */
  pii?: string;
}

export interface ValidityOptions {
  schema?: DeclaredColumn[];
  /** Cells of the synthetic CSV that could not be read as their column's type. */
  syntheticIssues?: ConversionIssue[];
  constraints?: ConstraintCheck[];
  /** The real column's non-missing values sorted ascending, when the caller has them already. */
  sortedReal?: (name: string) => Float64Array | undefined;
}

/** SDMetrics BoundaryAdherence of one column against [min, max]; NaN for an empty column. */
export function boundaryAdherence(
  values: Float64Array,
  min: number,
  max: number,
  missingAllowed: boolean,
): { adherence: number; outside: number } {
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) {
      if (!missingAllowed) outside++;
    } else if (v < min || v > max) outside++;
  }
  return { adherence: values.length ? 1 - outside / values.length : NaN, outside };
}

/** Present values that are not whole numbers. */
function countNonWhole(v: Float64Array): number {
  let wrong = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== Math.floor(v[i]) && v[i] === v[i]) wrong++;
  return wrong;
}

/** Tukey's fences of the sorted real values: [Q1 - 1.5 IQR, Q3 + 1.5 IQR]. */
export function tukeyFences(sorted: ArrayLike<number>): [number, number] {
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  return [q1 - 1.5 * iqr, q3 + 1.5 * iqr];
}

/** Share of non-missing values outside [lo, hi]; NaN when there are none. */
export function outlierRate(values: Float64Array, lo: number, hi: number): number {
  let n = 0;
  let out = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    n++;
    if (v < lo || v > hi) out++;
  }
  return n ? out / n : NaN;
}

export function validitySection(real: Table, synthetic: Table, options: ValidityOptions = {}): ValidityReport {
  const issues: string[] = [];
  const columns: ColumnValidity[] = [];
  const checks: number[] = [];
  let violations = 0;
  const declared = new Map((options.schema ?? []).map((d) => [d.name, d] as const));
  const parseIssues = new Map<string, number>();
  for (const i of options.syntheticIssues ?? [])
    if (i.kind !== 'unknown-category') parseIssues.set(i.column, (parseIssues.get(i.column) ?? 0) + i.count);

  for (const r of real.columns) {
    const s = synthetic.columns.find((c) => c.name === r.name);
    if (!s) {
      issues.push(`Column "${r.name}" is missing from the synthetic table.`);
      continue;
    }
    if (s.storage !== r.storage) {
      issues.push(`Column "${r.name}" is ${r.type} in the real table but ${s.type} in the synthetic one.`);
      continue;
    }
    const n =
      s.storage === 'numeric' ? s.values.length : s.storage === 'categorical' ? s.codes.length : s.values.length;
    const sMissing = columnCounts(s).missing;
    const rMissing = columnCounts(r).missing;
    const entry: ColumnValidity = {
      name: r.name,
      type: r.type,
      typeAdherence: null,
      wrongType: 0,
      missing: { real: real.rowCount ? round6(rMissing / real.rowCount) : 0, synthetic: n ? round6(sMissing / n) : 0 },
    };
    const decl = declared.get(r.name);
    if (r.storage === 'numeric' && s.storage === 'numeric') {
      // Cells that failed to parse were read as missing: add them back to the cells checked.
      let wrong = parseIssues.get(r.name) ?? 0;
      if (r.type === 'integer') wrong += countNonWhole(s.values);
      const checked = n - sMissing + (parseIssues.get(r.name) ?? 0);
      entry.wrongType = wrong;
      entry.typeAdherence = checked ? round6(1 - wrong / checked) : null;
      const sorted = options.sortedReal?.(r.name) ?? sortedPresent(r.values);
      const useDecl = decl && (decl.min !== undefined || decl.max !== undefined);
      const min = useDecl ? (decl!.min ?? -Infinity) : sorted.length ? sorted[0] : NaN;
      const max = useDecl ? (decl!.max ?? Infinity) : sorted.length ? sorted[sorted.length - 1] : NaN;
      if (!Number.isNaN(min) && n > 0) {
        const b = boundaryAdherence(s.values, min, max, rMissing > 0 || decl?.missing === true);
        entry.range = {
          min,
          max,
          source: useDecl ? 'blueprint' : 'real',
          adherence: round6(b.adherence),
          outside: b.outside,
        };
        checks.push(b.adherence);
        violations += b.outside;
      }
      if (sorted.length >= 4) {
        const [lo, hi] = tukeyFences(sorted);
        const rr = outlierRate(r.values, lo, hi);
        const sr = outlierRate(s.values, lo, hi);
        entry.outliers = {
          low: round6(lo),
          high: round6(hi),
          real: round6(rr),
          synthetic: Number.isNaN(sr) ? 0 : round6(sr),
        };
      }
      if (entry.typeAdherence !== null) checks.push(entry.typeAdherence);
      violations += wrong;
    } else if (r.storage === 'categorical' && s.storage === 'categorical') {
      const allowed = new Set(decl?.levels ?? presentLevels(r));
      const missingOk = rMissing > 0 || decl?.missing === true;
      let outside = missingOk ? 0 : sMissing;
      const unknown = new Map<string, number>();
      const bad = s.levels.map((l) => !allowed.has(l) && !decl?.freshLevels);
      if (bad.some((x) => x)) {
        // Unknown levels in order of first appearance (ties in the list below keep that order).
        const codes = s.codes;
        for (let i = 0; i < codes.length; i++) {
          const c = codes[i];
          if (c >= 0 && bad[c]) {
            outside++;
            unknown.set(s.levels[c], (unknown.get(s.levels[c]) ?? 0) + 1);
          }
        }
      }
      const adherence = n ? 1 - outside / n : NaN;
      entry.typeAdherence = n - sMissing ? 1 : null;
      entry.categories = {
        adherence: round6(adherence),
        outside,
        unknown: [...unknown]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([l]) => l),
      };
      if (!Number.isNaN(adherence)) checks.push(adherence);
      violations += outside;
    } else {
      entry.typeAdherence = n - sMissing ? 1 : null;
    }
    columns.push(entry);
  }
  for (const s of synthetic.columns)
    if (!real.columns.some((c) => c.name === s.name))
      issues.push(`Column "${s.name}" is in the synthetic table but not in the real one.`);

  const constraints: ConstraintValidity[] = (options.constraints ?? []).map((c) => {
    const rate = c.rows && !c.skipped ? c.violations / c.rows : 0;
    if (!c.skipped) {
      checks.push(1 - rate);
      violations += c.violations;
    }
    return { ...c, firstRows: c.firstRows.slice(0, 20), rate: round6(rate) };
  });
  const score = checks.length ? checks.reduce((a, b) => a + b, 0) / checks.length : 1;
  return {
    score: round6(score),
    meaning: validityMeaning(score, violations, constraints),
    violations,
    columns,
    constraints,
    issues,
  };
}

function validityMeaning(score: number, violations: number, constraints: ConstraintValidity[]): string {
  const checked = constraints.filter((c) => !c.skipped);
  const broken = checked.filter((c) => c.violations > 0).length;
  const skipped = constraints.length - checked.length;
  const skippedText = skipped ? ` ${skipped} constraint${skipped === 1 ? ' was' : 's were'} not checked.` : '';
  const cons = checked.length
    ? ` ${broken === 0 ? `All ${checked.length} constraint${checked.length === 1 ? ' holds' : 's hold'}.` : `${broken} of ${checked.length} constraints are broken somewhere.`}${skippedText}`
    : skippedText;
  if (violations === 0)
    return `Every synthetic value has the right type and stays within the real ranges and categories.${cons}`;
  return `${percent(score)} of the validity checks pass on average: ${groupThousands(violations)} value${violations === 1 ? ' falls' : 's fall'} outside the real ranges or categories, or break${violations === 1 ? 's' : ''} a rule.${cons}`;
}
