/**
 * Distinguishability: the detection score (C2ST) of `detection.ts`, a gradient-boosted tree
 * classifier trained to tell real rows from synthetic ones, with its ROC-AUC, on seeded samples
 * of at most `maxRows` rows per table, and what gives the rows away (the columns and pairs of
 * columns the classifier's splits gain most from), in words.
 */
import type { Table } from '../table';
import { groupThousands } from '../util/format';
import { round6 } from '../util/round';
import { DEFAULT_DETECTION_ROWS, numberText, startDetectTables, type TablesDetection, XGB_DEFAULTS } from './detection';
import { comparableColumns } from './tables';
import type { DistinguishabilityReport } from './types';

export interface DistinguishabilityOptions {
  /** Rows per side at most (a seeded sample above it). */
  maxRows?: number;
  seed?: number;
  /** Personal-data columns (the blueprint's `pii`) and their kind: fakes by design, left out. */
  personal?: { column: string; kind: string }[];
}

const FOLDS = 3;
/** Fewer rows than this per table: not measured (3 folds need a few rows of each class). */
const MIN_ROWS = 10;
/** From this mean AUC on, the report says what gives the rows away. */
const TELLS_APART_AUC = 0.6;

const CLASSIFIER = `gradient-boosted trees (XGBoost's defaults: ${XGB_DEFAULTS.rounds} rounds, depth ${XGB_DEFAULTS.maxDepth}, learning rate ${XGB_DEFAULTS.eta}, λ ${XGB_DEFAULTS.lambda}, ${XGB_DEFAULTS.maxBins} quantile bins per column), ${FOLDS}-fold stratified cross-validation`;

type Section = { report: DistinguishabilityReport; notes: string[] };

export function distinguishabilitySection(
  real: Table,
  synthetic: Table,
  options: DistinguishabilityOptions = {},
): Section {
  return startDistinguishability(real, synthetic, options)();
}

/**
 * The section with its detector's folds started now (in other threads, where there are), so the
 * caller can build the report's other sections meanwhile; calling the result finishes it.
 */
export function startDistinguishability(
  real: Table,
  synthetic: Table,
  options: DistinguishabilityOptions = {},
): () => Section {
  const notes: string[] = [];
  const max = options.maxRows ?? DEFAULT_DETECTION_ROWS;
  // Personal data is generated as fakes (other names, other e-mails): a classifier given them as
  // categories tells every row apart by them, as detect.py does (fivethirtyeight's
  // senate_seat_forecast, its candidates faked: 0.003), which says nothing about the model.
  const personal = new Map((options.personal ?? []).map((p) => [p.column, p.kind]));
  const columns = [...comparableColumns(real, synthetic), ...numberIdentifiers(real, synthetic)].filter(
    (c) => !personal.has(c),
  );
  const skip =
    (why: string): (() => Section) =>
    () => ({
      report: {
        score: null,
        meaning: `Detection was not measured: ${why}.`,
        skipped: why,
        auc: null,
        foldAucs: [],
        folds: FOLDS,
        classifier: CLASSIFIER,
        rows: { real: 0, synthetic: 0 },
        maxRows: max,
        features: [],
        pairs: [],
      },
      notes,
    });
  if (columns.length === 0) return skip('no column can be compared');
  if (real.rowCount < MIN_ROWS || synthetic.rowCount < MIN_ROWS)
    return skip(`each table needs at least ${MIN_ROWS} rows`);
  const pending = startDetectTables(real, synthetic, columns, { maxRows: max, seed: options.seed ?? 17, folds: FOLDS });
  const sizes = { real: real.rowCount, synthetic: synthetic.rowCount };
  const leftOut = leftOutOf(real, synthetic, columns, personal);
  return () => finish(pending(), columns, max, sizes, notes, leftOut);
}

/**
 * Identifiers of numbers in both tables (a counter 1, 2, 3, ...), compared as numbers: no fresh
 * category to a classifier that reads numbers as numbers, as detect.py does, which may see an
 * order of the rows there that the model keeps only in part (a stock table with an `id`: 0.947
 * without it against detect.py's 0.757).
 */
function numberIdentifiers(real: Table, synthetic: Table): string[] {
  return real.columns
    .filter((c) => {
      const s = synthetic.columns.find((o) => o.name === c.name);
      return c.storage === 'text' && c.type === 'id' && s?.storage === 'text' && numberText(c) && numberText(s);
    })
    .map((c) => c.name);
}

/** Columns of both tables that are not among the classifier's `columns`, and why. */
function leftOutOf(
  real: Table,
  synthetic: Table,
  columns: string[],
  personal: Map<string, string>,
): { column: string; reason: string }[] {
  const seen = new Set(columns);
  const out: { column: string; reason: string }[] = [];
  for (const c of real.columns) {
    const s = synthetic.columns.find((o) => o.name === c.name);
    if (!s || seen.has(c.name)) continue;
    const kind = personal.get(c.name);
    out.push({
      column: c.name,
      reason:
        kind !== undefined
          ? `personal data: ${kind}`
          : c.type === 'id' || s.type === 'id'
            ? // An entity key (pharmaverse's USUBJID): a category of the real rows, generated as new identifiers.
              'identifier'
            : c.storage === 'text'
              ? 'free text'
              : `type differs: ${c.type} in the real table, ${s.type} in the synthetic one`,
    });
  }
  return out;
}

/** "Left out of the classifier: `id` (identifier) and `note` (free text): ..." */
function leftOutSentence(leftOut: { column: string; reason: string }[]): string | undefined {
  if (leftOut.length === 0) return undefined;
  const items = leftOut.slice(0, 5).map((l) => `\`${l.column}\` (${l.reason})`);
  if (leftOut.length > 5) items.push(`${leftOut.length - 5} more`);
  const list = items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  const fresh = leftOut.filter(
    (l) => l.reason === 'identifier' || l.reason === 'free text' || l.reason.startsWith('personal data'),
  );
  const them = (ls: unknown[]): string => (ls.length === 1 ? 'it' : 'them');
  return [
    `Left out of the classifier: ${list}`,
    fresh.length
      ? `; ${fresh.length === leftOut.length ? (fresh.length === 1 ? 'its values' : 'their values') : `the values of ${fresh.map((l) => `\`${l.column}\``).join(', ')}`} are generated fresh by design, so a classifier given ${them(fresh)} as categories would tell the rows apart by ${them(fresh)}`
      : '',
    '.',
  ].join('');
}

function finish(
  res: TablesDetection,
  columns: string[],
  max: number,
  sizes: { real: number; synthetic: number },
  notes: string[],
  leftOut: { column: string; reason: string }[],
): Section {
  if (res.rows.real < sizes.real || res.rows.synthetic < sizes.synthetic)
    notes.push(
      `Detection: the classifier was trained and tested on ${groupThousands(res.rows.real)} real and ${groupThousands(res.rows.synthetic)} synthetic rows (random samples of at most ${groupThousands(max)} per table).`,
    );
  const total = res.totalGain;
  const features =
    total > 0
      ? Array.from(res.featureGain, (g, i) => ({ column: columns[i], share: g / total }))
          .filter((f) => f.share > 0)
          .sort((a, b) => b.share - a.share || (a.column < b.column ? -1 : 1))
          .slice(0, 5)
          .map((f) => ({ column: f.column, share: round6(f.share) }))
      : [];
  const pairs =
    total > 0
      ? [...res.pairGain]
          .map(([key, g]) => {
            const [a, b] = key.split(',').map(Number);
            return { columns: [columns[a], columns[b]] as [string, string], share: g / total };
          })
          .sort((a, b) => b.share - a.share || (a.columns.join() < b.columns.join() ? -1 : 1))
          .slice(0, 3)
          .map((p) => ({ columns: p.columns, share: round6(p.share) }))
      : [];
  const givesAway = res.auc >= TELLS_APART_AUC ? givesAwaySentence(features, pairs) : undefined;
  const meaning = [detectionMeaning(res.score, res.auc, givesAway), leftOutSentence(leftOut)].filter(Boolean).join(' ');
  return {
    report: {
      score: round6(res.score),
      meaning,
      auc: round6(res.auc),
      foldAucs: res.foldAucs.map(round6),
      folds: FOLDS,
      classifier: CLASSIFIER,
      rows: res.rows,
      maxRows: max,
      features,
      pairs,
      ...(givesAway ? { givesAway } : {}),
      ...(leftOut.length ? { leftOut } : {}),
    },
    notes,
  };
}

const share = (x: number): string => `${Math.round(x * 100)}%`;

/** "`capital-gain` (34% of the classifier's gain), `fnlwgt` (20%) and `age` (12%); together: `age` with `fnlwgt` (8%)." */
function givesAwaySentence(
  features: { column: string; share: number }[],
  pairs: { columns: [string, string]; share: number }[],
): string | undefined {
  const top = features.slice(0, 3);
  if (top.length === 0) return undefined;
  const items = top.map(
    (f, i) => `\`${f.column}\` (${share(f.share)}${i === 0 ? " of the classifier's evidence" : ''})`,
  );
  const list = items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  const combos = pairs
    .filter((p) => p.share >= 0.02)
    .map((p) => `\`${p.columns[0]}\` with \`${p.columns[1]}\` (${share(p.share)})`);
  return `What gives the rows away: ${list}${combos.length ? `; in combination, ${combos.join(', ')}` : ''}.`;
}

function detectionMeaning(score: number, auc: number, givesAway: string | undefined): string {
  const a = `detection ${score.toFixed(2)}, ROC-AUC ${auc.toFixed(2)}; 0.5 is guessing`;
  const lead =
    auc < 0.55
      ? `A gradient-boosted classifier cannot tell synthetic rows from real ones better than chance (${a}).`
      : auc < 0.6
        ? `A gradient-boosted classifier tells synthetic rows from real ones only slightly better than chance (${a}).`
        : auc < 0.75
          ? `A gradient-boosted classifier tells synthetic rows from real ones moderately well (${a}).`
          : `A gradient-boosted classifier easily tells synthetic rows from real ones (${a}).`;
  return givesAway ? `${lead} ${givesAway}` : lead;
}
