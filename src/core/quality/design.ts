/**
 * The design report of a rules blueprint (hand-written or from a template): what can be shown of
 * its generated rows without a source CSV. No fidelity, privacy or utility score is made up:
 * those compare with real rows, and there are none. Instead:
 * - validity: every range, category list, type, uniqueness and missing rate the blueprint
 *   declares, and every constraint, checked on the generated rows (rows breaking it, the share,
 *   the first such row);
 * - declared rates, expected vs achieved: a logistic column's `rate`, the probabilities of a
 *   categorical distribution (also within each case of a `conditional` on a column), and each
 *   `missing` probability. A share of n independent rows with expected share p has the binomial
 *   standard error √(p(1 − p)/n); a logistic `rate` adds the Monte Carlo error √(p(1 − p)/m) of
 *   solving its intercept on m = `RATE_SAMPLES` rows. A rate is within tolerance when
 *   |achieved − expected| ≤ 3 standard errors (a correct generator is outside about 3 times in
 *   1,000). With `noise`, a conditional's case is drawn at random with probability `noise`, so
 *   the expected share of a level within a case is (1 − noise)·p_case + noise·mean of p over the cases;
 * - EDA of the generated table: the column profiles and correlations the fidelity report shows,
 *   of one table.
 */
import { parseDatetime } from '../csv/datetime';
import type { Blueprint, ColumnSpec, Distribution } from '../blueprint/types';
import type { ConstraintCheck } from '../constraints/check';
import { booleanWord } from '../expr';
import { RATE_SAMPLES } from '../generate/rules';
import type { Column, NumericColumn, Table } from '../table';
import { groupThousands } from '../util/format';
import { round6 } from '../util/round';
import { columnCounts } from './counts';
import { preview, rowSample } from './explore';
import { METRICS } from './metrics';
import { columnShapesSection, matchColumns } from './shapes';
import { withSortedLevels } from './tables';
import type {
  ConstraintValidity,
  DeclaredColumnCheck,
  DeclaredRate,
  DesignReport,
  DesignValidity,
  EdaColumn,
  TableSummary,
} from './types';

/** |z| at most this is within tolerance. */
export const RATE_TOLERANCE_Z = 3;

const DAY = 86_400_000;

export interface DesignOptions {
  /** The blueprint's file name, for the title. */
  fileName?: string;
  /** The seed the rows were generated with (default: the blueprint's). */
  seed?: number;
  /** `checkConstraints`' results on `table` (the report does not evaluate expressions itself). */
  constraints?: ConstraintCheck[];
  /** Rows made under a condition or with rebalanced shares: the declared rates do not apply, and are not compared. */
  conditioned?: string;
}

/** The design report of the rows `table` generated from the rules blueprint `blueprint`. */
export function designReport(blueprint: Blueprint, generated: Table, options: DesignOptions = {}): DesignReport {
  const table = withSortedLevels(generated);
  const notes: string[] = [];
  const validity = designValidity(blueprint, generated, options.constraints ?? []);
  const rates = options.conditioned ? [] : declaredRates(blueprint, generated);
  if (options.conditioned)
    notes.push(
      `The rows were made ${options.conditioned}, so the blueprint's declared rates do not apply to them and are not compared.`,
    );
  const noise = blueprint.noise ?? 0;
  if (noise > 0 || blueprint.columns.some((c) => (c.noise ?? 0) > 0))
    notes.push(
      'Noise: a derived number is multiplied by 1 + noise·Z and a conditional, band or logistic draw ignores its condition with probability noise; the expected shares of conditional cases include this, other declared values do not.',
    );
  const columns = edaColumns(table);
  const correlation = correlationOf(table);
  const sample = rowSample(table, table, blueprint.target);
  const shown = preview(table, table);
  const name = options.fileName ?? `${blueprint.name}.synth.json`;
  const outside = rates.filter((r) => !r.within).length;
  const brokenConstraints = validity.constraints.filter((c) => !c.skipped && c.violations > 0).length;
  const checkedConstraints = validity.constraints.filter((c) => !c.skipped).length;
  const parts: string[] = [];
  if (checkedConstraints)
    parts.push(
      brokenConstraints === 0
        ? `all ${checkedConstraints} constraint${checkedConstraints === 1 ? ' holds' : 's hold'}`
        : `${brokenConstraints} of ${checkedConstraints} constraints are broken somewhere`,
    );
  const columnViolations = validity.columns.reduce(
    (a, c) => a + c.wrongType + (c.range?.outside ?? 0) + (c.categories?.outside ?? 0) + (c.duplicates?.count ?? 0),
    0,
  );
  parts.push(
    columnViolations === 0
      ? 'every value has its declared type and stays within its declared range and categories'
      : `${groupThousands(columnViolations)} value${columnViolations === 1 ? ' breaks' : 's break'} a declared type, range, category list or uniqueness`,
  );
  if (rates.length)
    parts.push(
      outside === 0
        ? `all ${rates.length} declared rate${rates.length === 1 ? ' is' : 's are'} achieved within ${RATE_TOLERANCE_Z} standard errors`
        : `${outside} of ${rates.length} declared rates miss by more than ${RATE_TOLERANCE_Z} standard errors`,
    );
  const lead = brokenConstraints === 0 && columnViolations === 0 && outside === 0 ? 'As designed' : 'Check the design';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return {
    version: 1,
    kind: 'design',
    title: `${name} (rules, no source data)`,
    verdict: `${lead}: on ${groupThousands(generated.rowCount)} generated rows, ${list}.`,
    withoutSource:
      'This blueprint has no source CSV, so there are no real rows to compare with: fidelity, privacy, utility and detection are not measured and there is no overall score. The report checks the rows against what the blueprint declares.',
    synthetic: summary(defaultName(blueprint), generated),
    generator: { method: blueprint.method, seed: options.seed ?? blueprint.seed },
    ...(blueprint.target !== undefined ? { target: blueprint.target } : {}),
    validity,
    rates,
    tolerance: `A rate is within tolerance when it differs from the declared one by at most ${RATE_TOLERANCE_Z} standard errors. The standard error of a share of n independent rows with expected share p is √(p(1 − p)/n); a logistic "rate" adds √(p(1 − p)/${groupThousands(RATE_SAMPLES)}), the error of solving its intercept on ${groupThousands(RATE_SAMPLES)} sampled rows.`,
    columns,
    ...(correlation ? { correlation } : {}),
    ...(sample
      ? { sample: { ...sample, real: [], ...(sample.target ? { target: { ...sample.target, real: [] } } : {}) } }
      : {}),
    preview: { ...shown, real: [] },
    notes,
  };
}

function defaultName(blueprint: Blueprint): string {
  return blueprint.output?.path ?? `${blueprint.name}.synthetic.csv`;
}

function summary(name: string, t: Table): TableSummary {
  let missing = 0;
  for (const c of t.columns) missing += columnCounts(c).missing;
  const cells = t.rowCount * t.columns.length;
  return { name, rows: t.rowCount, columns: t.columns.length, missingShare: cells ? round6(missing / cells) : 0 };
}

// ---- Validity ---------------------------------------------------------------------------------

/** Every declared range, category list, type, uniqueness and constraint, checked on the generated rows. */
export function designValidity(blueprint: Blueprint, table: Table, checks: ConstraintCheck[]): DesignValidity {
  let passed = 0;
  let made = 0;
  let violations = 0;
  const count = (bad: number): void => {
    made++;
    if (bad === 0) passed++;
    violations += bad;
  };
  const columns: DeclaredColumnCheck[] = [];
  for (const spec of blueprint.columns) {
    const col = table.columns.find((c) => c.name === spec.name);
    if (!col) continue;
    const n = table.rowCount;
    const missing = columnCounts(col).missing;
    const entry: DeclaredColumnCheck = {
      name: spec.name,
      type: spec.type,
      wrongType: 0,
      missing: { declared: spec.missing ?? 0, achieved: n ? round6(missing / n) : 0 },
    };
    if (col.storage === 'numeric') {
      if (spec.type === 'integer') {
        for (let i = 0; i < col.values.length; i++) {
          const v = col.values[i];
          if (v === v && v !== Math.floor(v)) entry.wrongType++;
        }
        count(entry.wrongType);
      }
      const bounds = declaredBounds(spec);
      if (bounds) {
        entry.range = rangeCheck(col, bounds.min, bounds.max, bounds.source);
        count(entry.range.outside);
      }
    } else if (col.storage === 'categorical') {
      const declared = declaredLevels(spec);
      // Fresh values of a pooled rare level (`rareLevel`) are not among the declared levels by design.
      if (declared && !(spec.rareLevel !== undefined && spec.type === 'category')) {
        entry.categories = categoryCheck(col, declared, spec.type === 'boolean');
        count(entry.categories.outside);
      }
    }
    if (spec.unique) {
      entry.duplicates = duplicates(col);
      count(entry.duplicates.count);
    }
    columns.push(entry);
  }
  const constraints: ConstraintValidity[] = checks.map((c) => {
    const rate = c.rows && !c.skipped ? c.violations / c.rows : 0;
    if (!c.skipped) count(c.violations);
    return { ...c, firstRows: c.firstRows.slice(0, 20), rate: round6(rate) };
  });
  return { passed, checks: made, violations, columns, constraints };
}

/**
 * The bounds a column's values must lie in: `min`/`max` (values are clipped to them), and a
 * top-level distribution's `low`/`high` (uniform, truncatedNormal, beta) or `start`/`end` (dates,
 * the whole end day), the tighter of the two on each side. Datetimes in ms.
 */
export function declaredBounds(
  spec: ColumnSpec,
): { min: number | null; max: number | null; source: string } | undefined {
  const at = (v: number | string | undefined, endOfDay = false): number | null => {
    if (v === undefined) return null;
    if (typeof v === 'number') return v;
    const ms = parseDatetime(v, spec.format ?? 'YYYY-MM-DD');
    if (Number.isNaN(ms)) return null;
    return endOfDay && ms % DAY === 0 ? ms + DAY - 1 : ms;
  };
  let min = at(spec.min);
  let max = at(spec.max);
  const sources: string[] = [];
  if (min !== null || max !== null)
    sources.push(min !== null && max !== null ? 'min/max' : min !== null ? 'min' : 'max');
  const d = spec.distribution;
  let low: number | null = null;
  let high: number | null = null;
  let what = '';
  if (d?.kind === 'uniform' || d?.kind === 'truncatedNormal') {
    low = at(d.low);
    high = at(d.high);
    what = `${d.kind} low/high`;
  } else if (d?.kind === 'beta') {
    low = d.low ?? 0;
    high = d.high ?? 1;
    what = 'beta low/high';
  } else if (d?.kind === 'dates') {
    low = at(d.start);
    high = at(d.end, true);
    what = 'dates start/end';
  }
  if (low !== null || high !== null) {
    sources.push(what);
    if (low !== null) min = min === null ? low : Math.max(min, low);
    if (high !== null) max = max === null ? high : Math.min(max, high);
  }
  if (min === null && max === null) return undefined;
  return { min, max, source: sources.join(', ') };
}

function rangeCheck(
  col: NumericColumn,
  min: number | null,
  max: number | null,
  source: string,
): NonNullable<DeclaredColumnCheck['range']> {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  // SDMetrics BoundaryAdherence, missing values allowed (the missing rate is checked on its own).
  const b = METRICS.BoundaryAdherence.fn(col.values, lo, hi, true);
  let firstRow: number | null = null;
  let present = 0;
  let achievedMin = Infinity;
  let achievedMax = -Infinity;
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i];
    if (v !== v) continue;
    present++;
    if (v < achievedMin) achievedMin = v;
    if (v > achievedMax) achievedMax = v;
    if (firstRow === null && (v < lo || v > hi)) firstRow = i + 1;
  }
  return {
    min,
    max,
    source,
    achievedMin: present ? achievedMin : null,
    achievedMax: present ? achievedMax : null,
    outside: b.outside,
    rate: present ? round6(b.outside / present) : 0,
    firstRow,
  };
}

/**
 * The categories a column may take: a categorical distribution's, the union over a conditional's
 * cases or a bands' distributions, a logistic's `values` (false, true); undefined when some branch
 * draws something else (a derived value, a number).
 */
export function declaredLevels(spec: ColumnSpec): string[] | undefined {
  const out = new Set<string>();
  const walk = (d: Distribution | undefined): boolean => {
    if (!d) return false;
    switch (d.kind) {
      case 'categorical':
        for (const k of Object.keys(d.probabilities)) out.add(k);
        return true;
      case 'conditional':
        return Object.values(d.cases).every(walk) && (d.default === undefined || walk(d.default));
      case 'bands':
        return d.bands.every((b) => walk(b.distribution));
      case 'logistic':
        for (const v of d.values?.length === 2 ? d.values : ['false', 'true']) out.add(v);
        return true;
      default:
        return false;
    }
  };
  return walk(spec.distribution) ? [...out] : undefined;
}

function categoryCheck(
  col: Extract<Column, { storage: 'categorical' }>,
  declared: string[],
  boolean: boolean,
): NonNullable<DeclaredColumnCheck['categories']> {
  // A boolean column stores false/true; its declared spellings count by what they mean.
  const allowedWords = new Set(declared.map((l) => booleanWord(l)));
  const allowed = new Set(declared);
  const bad = col.levels.map((l) => (boolean ? !allowedWords.has(booleanWord(l)) : !allowed.has(l)));
  let outside = 0;
  let present = 0;
  let firstRow: number | null = null;
  const unknown = new Map<string, number>();
  for (let i = 0; i < col.codes.length; i++) {
    const c = col.codes[i];
    if (c < 0) continue;
    present++;
    if (bad[c]) {
      outside++;
      if (firstRow === null) firstRow = i + 1;
      unknown.set(col.levels[c], (unknown.get(col.levels[c]) ?? 0) + 1);
    }
  }
  return {
    declared,
    outside,
    rate: present ? round6(outside / present) : 0,
    unknown: [...unknown]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([l]) => l),
    firstRow,
  };
}

function duplicates(col: Column): { count: number; firstRow: number | null } {
  const seen = new Set<string | number>();
  let count = 0;
  let firstRow: number | null = null;
  const n = col.storage === 'categorical' ? col.codes.length : col.values.length;
  for (let i = 0; i < n; i++) {
    const v =
      col.storage === 'numeric'
        ? Number.isNaN(col.values[i])
          ? null
          : col.values[i]
        : col.storage === 'categorical'
          ? col.codes[i] < 0
            ? null
            : col.codes[i]
          : col.values[i];
    if (v === null) continue;
    if (seen.has(v)) {
      count++;
      if (firstRow === null) firstRow = i + 1;
    } else seen.add(v);
  }
  return { count, firstRow };
}

// ---- Declared rates ---------------------------------------------------------------------------

/** Every rate the blueprint declares, expected vs achieved on the generated rows. */
export function declaredRates(blueprint: Blueprint, table: Table): DeclaredRate[] {
  const out: DeclaredRate[] = [];
  const noiseOf = (spec: ColumnSpec): number => spec.noise ?? blueprint.noise ?? 0;
  blueprint.columns.forEach((spec, index) => {
    const col = table.columns.find((c) => c.name === spec.name);
    if (!col) return;
    const d = spec.distribution;
    const path = `columns[${index}]`;
    const isTarget = blueprint.target === spec.name;
    if (col.storage === 'categorical' && d?.kind === 'categorical') {
      const rows = allRows(table.rowCount);
      for (const r of categoryRates(col, d.probabilities, rows, spec.type === 'boolean'))
        out.push(
          rate(
            spec.name,
            `${spec.name} = ${r.level}`,
            isTarget ? 'target' : 'category',
            `${path}.distribution.probabilities.${r.level}`,
            r.p,
            r.hits,
            r.n,
            0,
          ),
        );
    }
    if (col.storage === 'categorical' && d?.kind === 'conditional') {
      const on = table.columns.find((c) => c.name === d.on);
      const cases = Object.entries(d.cases);
      const allCategorical = cases.every(([, c]) => c.kind === 'categorical');
      const noise = noiseOf(spec);
      if (on && on.storage !== 'numeric' && (noise === 0 || allCategorical)) {
        // Under noise a row's case is drawn at random with probability `noise`: its expected share mixes in the mean over cases.
        const norm = cases.map(([, c]) => (c.kind === 'categorical' ? normalized(c.probabilities) : undefined));
        for (const [ci, [key, c]] of cases.entries()) {
          if (c.kind !== 'categorical') continue;
          const rows = rowsWhere(on, key);
          const mixed = Object.fromEntries(
            Object.keys(norm[ci]!).map((level) => {
              const mean = norm.reduce((a, p) => a + (p?.[level] ?? 0), 0) / cases.length;
              return [level, (1 - noise) * norm[ci]![level] + noise * mean];
            }),
          );
          for (const r of categoryRates(col, mixed, rows, spec.type === 'boolean'))
            out.push({
              ...rate(
                spec.name,
                `${spec.name} = ${r.level}`,
                isTarget ? 'target' : 'category',
                `${path}.distribution.cases.${key}.probabilities.${r.level}`,
                r.p,
                r.hits,
                r.n,
                0,
              ),
              given: `${d.on} = ${key}`,
            });
        }
      }
    }
    if (d?.kind === 'logistic' && d.rate !== undefined) {
      const truth = trueCount(col);
      if (truth)
        out.push(
          rate(
            spec.name,
            `${spec.name} = ${d.values?.[1] ?? (spec.type === 'boolean' ? 'true' : '1')}`,
            'target',
            `${path}.distribution.rate`,
            d.rate,
            truth.hits,
            truth.n,
            RATE_SAMPLES,
          ),
        );
    }
    if ((spec.missing ?? 0) > 0) {
      const missing = columnCounts(col).missing;
      out.push(
        rate(
          spec.name,
          `${spec.name} is missing`,
          'missing',
          `${path}.missing`,
          spec.missing!,
          missing,
          table.rowCount,
          0,
        ),
      );
    }
  });
  return out;
}

/** Expected p, achieved hits / n; `mcRows`: rows a solved rate was estimated on (0: exact). */
function rate(
  column: string,
  label: string,
  kind: DeclaredRate['kind'],
  path: string,
  p: number,
  hits: number,
  n: number,
  mcRows: number,
): DeclaredRate {
  const variance = n ? (p * (1 - p)) / n + (mcRows ? (p * (1 - p)) / mcRows : 0) : 0;
  const se = Math.sqrt(variance);
  const achieved = n ? hits / n : 0;
  const z = se > 0 ? (achieved - p) / se : null;
  return {
    column,
    label,
    kind,
    path,
    expected: round6(p),
    achieved: round6(achieved),
    rows: n,
    hits,
    standardError: round6(se),
    z: z === null ? null : round6(z),
    within: n > 0 && (z === null ? achieved === p : Math.abs(z) <= RATE_TOLERANCE_Z),
  };
}

function normalized(probabilities: Record<string, number>): Record<string, number> {
  const total = Object.values(probabilities).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(probabilities).map(([k, v]) => [k, total > 0 ? v / total : 0]));
}

function allRows(n: number): Uint8Array {
  return new Uint8Array(n).fill(1);
}

/** Rows whose value of `on` is `key` (booleans by meaning: `Yes` matches true). */
function rowsWhere(on: Column, key: string): Uint8Array {
  const n = on.storage === 'categorical' ? on.codes.length : on.values.length;
  const mask = new Uint8Array(n);
  if (on.storage === 'categorical') {
    const word = booleanWord(key);
    const match = on.levels.map((l) =>
      on.type === 'boolean' && word !== undefined ? booleanWord(l) === word : l === key,
    );
    for (let i = 0; i < n; i++) if (on.codes[i] >= 0 && match[on.codes[i]]) mask[i] = 1;
  } else if (on.storage === 'text') {
    for (let i = 0; i < n; i++) if (on.values[i] === key) mask[i] = 1;
  }
  return mask;
}

/** Per declared level: its (normalised) probability and how many present rows among `rows` have it. */
function categoryRates(
  col: Extract<Column, { storage: 'categorical' }>,
  probabilities: Record<string, number>,
  rows: Uint8Array,
  boolean: boolean,
): { level: string; p: number; hits: number; n: number }[] {
  const p = normalized(probabilities);
  const counts = new Array<number>(col.levels.length).fill(0);
  let n = 0;
  for (let i = 0; i < col.codes.length; i++) {
    if (!rows[i] || col.codes[i] < 0) continue;
    n++;
    counts[col.codes[i]]++;
  }
  return Object.keys(p).map((level) => {
    const word = booleanWord(level);
    let hits = 0;
    col.levels.forEach((l, i) => {
      if (boolean && word !== undefined ? booleanWord(l) === word : l === level) hits += counts[i];
    });
    return { level, p: p[level], hits, n };
  });
}

/** Present rows, and those that are true (booleans) or 1 (integers). */
function trueCount(col: Column): { hits: number; n: number } | undefined {
  let hits = 0;
  let n = 0;
  if (col.storage === 'categorical') {
    const truth = col.levels.map((l, i) => (col.type === 'boolean' ? (booleanWord(l) ?? i === 1) : false));
    for (let i = 0; i < col.codes.length; i++) {
      const c = col.codes[i];
      if (c < 0) continue;
      n++;
      if (truth[c]) hits++;
    }
    return { hits, n };
  }
  if (col.storage === 'numeric') {
    for (let i = 0; i < col.values.length; i++) {
      const v = col.values[i];
      if (v !== v) continue;
      n++;
      if (v === 1) hits++;
    }
    return { hits, n };
  }
  return undefined;
}

// ---- EDA --------------------------------------------------------------------------------------

/** The fidelity report's column profiles, of the generated table alone (one side). */
function edaColumns(table: Table): EdaColumn[] {
  const { pairs } = matchColumns(table, table);
  return columnShapesSection(table, pairs).profiles.map((p): EdaColumn => {
    const c: EdaColumn = { name: p.name, type: p.type, ...(p.resolution ? { resolution: p.resolution } : {}) };
    if (p.numeric) c.numeric = p.numeric.synthetic;
    if (p.categorical) c.categorical = p.categorical.synthetic;
    if (p.histogram) c.histogram = { edges: p.histogram.edges, shares: p.histogram.synthetic };
    if (p.dominant)
      c.dominant = {
        value: p.dominant.value,
        share: p.dominant.synthetic,
        histogram: { edges: p.dominant.histogram.edges, shares: p.dominant.histogram.synthetic },
      };
    if (p.categories) c.categories = { labels: p.categories.labels, shares: p.categories.synthetic };
    return c;
  });
}

/** Pearson r between the numeric columns (rows where both are present). */
function correlationOf(table: Table): DesignReport['correlation'] {
  const cols = table.columns.filter((c): c is NumericColumn => c.storage === 'numeric');
  if (cols.length < 2) return undefined;
  const m = cols.map((a) =>
    cols.map((b) => {
      const r = a === b ? 1 : METRICS.PearsonCorrelation.fn(a.values, b.values);
      return Number.isNaN(r) ? null : round6(r);
    }),
  );
  return { columns: cols.map((c) => c.name), synthetic: m };
}
