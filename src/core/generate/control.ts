/**
 * What a generate run with a condition or rebalanced shares reports: the shares asked and made,
 * the real rows its output is compared with (those meeting the condition; with a rebalance, a
 * sample of them with the asked shares), and each class's rows compared with the real rows of
 * that class, so fidelity still means something when the output is not shaped like the source.
 */
import type { Blueprint } from '../blueprint/types';
import { booleanWord } from '../expr';
import type { ConditioningReport } from '../quality/types';
import { ksComplement, tvComplement } from '../quality/fidelity';
import { Rng } from '../random';
import { takeRows, type Column, type Table } from '../table';
import { groupThousands } from '../util/format';
import { compileCondition, resolveRebalance, rowsMeeting, type RebalanceInput } from './condition';

/** The condition and rebalance of a run (plain data: it crosses to the extension host). */
export interface ControlSummary {
  where?: string;
  rebalance?: { column: string; classes: { level: string; asked: number; achieved: number; rows: number }[] };
}

interface ControlInput {
  where?: string;
  rebalance?: string;
}

function whereOf(blueprint: Blueprint, input: ControlInput): string | undefined {
  return input.where ?? blueprint.output?.where;
}

function rebalanceOf(blueprint: Blueprint, input: ControlInput): string | RebalanceInput | undefined {
  return input.rebalance ?? blueprint.output?.rebalance;
}

/** The level (booleans: "true"/"false") of each row of a categorical column, null when missing. */
export function levelsOfRows(column: Column | undefined): (string | null)[] {
  if (!column || column.storage !== 'categorical') return [];
  const names = column.levels.map((l) => (column.type === 'boolean' ? String(booleanWord(l) ?? l) : l));
  return Array.from(column.codes, (c) => (c < 0 ? null : names[c]));
}

export function controlSummary(blueprint: Blueprint, table: Table, input: ControlInput): ControlSummary | undefined {
  const where = whereOf(blueprint, input);
  const rebalance = rebalanceOf(blueprint, input);
  if (where === undefined && rebalance === undefined) return undefined;
  const out: ControlSummary = {};
  if (where !== undefined) out.where = where;
  if (rebalance !== undefined) {
    const r = resolveRebalance(rebalance, blueprint, { label: 'rebalance', location: {} });
    const rows = levelsOfRows(table.columns.find((c) => c.name === r.column));
    out.rebalance = {
      column: r.column,
      classes: [...r.shares].map(([level, asked]) => {
        const n = rows.filter((x) => x === level).length;
        return { level, asked, achieved: table.rowCount ? n / table.rowCount : 0, rows: n };
      }),
    };
  }
  return out;
}

/** Lines for a terminal: "where  10,000 rows meeting ...", "rebalance  y: yes 50.0% asked, 50.0% made; ...". */
export function describeControl(control: ControlSummary | undefined): string[] {
  if (!control) return [];
  const out: string[] = [];
  if (control.where !== undefined) out.push(`where       every row meets \`${control.where}\``);
  if (control.rebalance)
    out.push(
      `rebalance   ${control.rebalance.column}: ${control.rebalance.classes
        .map((c) => `${c.level} ${pct(c.asked)} asked, ${pct(c.achieved)} made`)
        .join('; ')}`,
    );
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/**
 * The real rows a conditioned or rebalanced output is compared with: those meeting the condition
 * (training and held-out rows alike), and for fidelity, with a rebalance, as many of them per
 * class as the asked shares allow (a seeded sample, no row twice).
 */
export function comparedRows(
  real: Table,
  split: { train: Table; holdout: Table },
  control: ControlSummary,
  blueprint: Blueprint,
): { real: Table; filtered: Table; train: Table; holdout: Table } {
  let filtered = real;
  let { train, holdout } = split;
  if (control.where !== undefined) {
    const restriction = compileCondition(control.where, blueprint, { label: 'where', location: {} });
    const keep = (t: Table): Table => takeRows(t, rowsMeeting(t, restriction));
    filtered = keep(real);
    train = keep(train);
    holdout = keep(holdout);
  }
  if (!control.rebalance) return { real: filtered, filtered, train, holdout };
  const rows = levelsOfRows(filtered.columns.find((c) => c.name === control.rebalance!.column));
  const byLevel = control.rebalance.classes.map((c) => rows.flatMap((x, i) => (x === c.level ? [i] : [])));
  let scale = Infinity;
  control.rebalance.classes.forEach((c, k) => {
    if (c.asked > 0) scale = Math.min(scale, byLevel[k].length / c.asked);
  });
  const rng = new Rng(blueprint.seed);
  const chosen: number[] = [];
  control.rebalance.classes.forEach((c, k) => {
    const take = Number.isFinite(scale) ? Math.floor(scale * c.asked) : 0;
    const perm = rng.permutation(byLevel[k].length);
    for (let i = 0; i < take; i++) chosen.push(byLevel[k][perm[i]]);
  });
  chosen.sort((a, b) => a - b);
  return { real: takeRows(filtered, chosen), filtered, train, holdout };
}

/**
 * The report's conditioning part: the condition and how many real rows meet it; per rebalanced
 * class, the shares asked, made and real, and the column shapes (KS / TV complement, as in
 * fidelity) of the class's synthetic rows against the real rows of the class.
 */
export function conditioningReport(
  real: Table,
  filtered: Table,
  synthetic: Table,
  control: ControlSummary,
): ConditioningReport {
  const out: ConditioningReport = {};
  if (control.where !== undefined)
    out.where = { condition: control.where, realRows: filtered.rowCount, realTotal: real.rowCount };
  if (control.rebalance) {
    const column = control.rebalance.column;
    const realLevels = levelsOfRows(filtered.columns.find((c) => c.name === column));
    const synthLevels = levelsOfRows(synthetic.columns.find((c) => c.name === column));
    out.rebalance = {
      column,
      classes: control.rebalance.classes.map((c) => {
        const realRows = realLevels.flatMap((x, i) => (x === c.level ? [i] : []));
        const synthRows = synthLevels.flatMap((x, i) => (x === c.level ? [i] : []));
        return {
          level: c.level,
          asked: c.asked,
          achieved: c.achieved,
          realShare: filtered.rowCount ? realRows.length / filtered.rowCount : 0,
          realRows: realRows.length,
          syntheticRows: synthRows.length,
          columnShapes: classShapes(takeRows(filtered, realRows), takeRows(synthetic, synthRows), column),
        };
      }),
    };
  }
  return out;
}

/** Mean KS / TV complement over the columns both tables have (identifiers, text and `skip` left out); null without rows. */
function classShapes(real: Table, synthetic: Table, skip: string): number | null {
  if (real.rowCount === 0 || synthetic.rowCount === 0) return null;
  const scores: number[] = [];
  for (const r of real.columns) {
    if (r.name === skip || r.storage === 'text') continue;
    const s = synthetic.columns.find((c) => c.name === r.name);
    if (!s || s.storage !== r.storage) continue;
    if (r.storage === 'numeric' && s.storage === 'numeric') {
      const a = r.values.filter((x) => !Number.isNaN(x));
      const b = s.values.filter((x) => !Number.isNaN(x));
      if (a.length && b.length) scores.push(ksComplement(a, b));
    } else if (r.storage === 'categorical' && s.storage === 'categorical') {
      const names = [...new Set([...r.levels, ...s.levels])];
      const count = (c: typeof r): Float64Array => {
        const out = new Float64Array(names.length);
        const at = c.levels.map((l) => names.indexOf(l));
        for (const code of c.codes) if (code >= 0) out[at[code]]++;
        return out;
      };
      scores.push(tvComplement(count(r), count(s as typeof r)));
    }
  }
  return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
}

/** The report notes that say what the output was compared with. */
export function conditioningNotes(c: ConditioningReport): string[] {
  const out: string[] = [];
  if (c.where)
    out.push(
      `Condition \`${c.where.condition}\`: the synthetic rows are compared with the ${groupThousands(c.where.realRows)} of ${groupThousands(c.where.realTotal)} real rows meeting it.`,
    );
  if (c.rebalance)
    out.push(
      `Rebalanced ${c.rebalance.column}: ${c.rebalance.classes
        .map(
          (k) =>
            `${k.level} ${(k.asked * 100).toFixed(1)}% asked, ${(k.achieved * 100).toFixed(1)}% made (real ${(k.realShare * 100).toFixed(1)}%; column shapes vs the real ${k.level} rows ${k.columnShapes === null ? 'n/a' : `${(k.columnShapes * 100).toFixed(1)}%`})`,
        )
        .join('; ')}. Fidelity compares with real rows sampled to the asked shares.`,
    );
  return out;
}
