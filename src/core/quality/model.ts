/**
 * The report model: plain JSON, written to `report.json`, sent to the webview and embedded in
 * the standalone HTML report. It carries every number the report shows, pre-aggregated (bins,
 * counts, matrices), never whole columns of data.
 */
import type { ColumnType } from '../table';

export type Grade = 'A+' | 'A' | 'B+' | 'B' | 'C' | 'F';

export interface QualityReport {
  version: 1;
  /** What was compared, e.g. "penguins.csv vs penguins.synthetic.csv". */
  title: string;
  /** Overall score, 0..1. */
  score: number;
  grade: Grade;
  /** One plain-language sentence on what the score means. */
  verdict: string;
  real: TableSummary;
  synthetic: TableSummary;
  /** Generation settings when known (method, seed). */
  generator?: { method?: string; seed?: number };
  fidelity: FidelityReport;
  columns: ColumnProfile[];
  /** How the numbers were computed where it matters (subsampling, exclusions). */
  notes: string[];
}

export interface TableSummary {
  name: string;
  rows: number;
  columns: number;
  /** Share of missing cells, 0..1. */
  missingShare: number;
}

export interface FidelityReport {
  /** Mean of `columnShapes` and `pairTrends` (SDMetrics QualityReport's overall score). */
  score: number;
  /** Mean of the per-column scores. */
  columnShapes: number;
  /** Mean of the per-pair scores. */
  pairTrends: number;
  columns: Record<string, ColumnFidelity>;
  pairs: PairFidelity[];
  /** Columns left out of the scores, and why. */
  excluded: { column: string; reason: string }[];
}

export type ShapeMetric = 'KSComplement' | 'TVComplement';
export type PairMetric = 'CorrelationSimilarity' | 'ContingencySimilarity';

export interface ColumnFidelity {
  metric: ShapeMetric;
  score: number;
}

export interface PairFidelity {
  columns: [string, string];
  metric: PairMetric;
  score: number;
  /** Pearson r of the real pair (CorrelationSimilarity only). */
  real?: number;
  /** Pearson r of the synthetic pair (CorrelationSimilarity only). */
  synthetic?: number;
}

export interface NumericStats {
  count: number;
  missing: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  max: number | null;
  skewness: number | null;
  kurtosis: number | null;
}

export interface CategoricalStats {
  count: number;
  missing: number;
  distinct: number;
  mode: string | null;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** The column's shape score (absent for excluded columns). */
  score?: number;
  metric?: ShapeMetric;
  /** Numbers and datetimes (datetimes in ms since the epoch, UTC). */
  numeric?: { real: NumericStats; synthetic: NumericStats };
  categorical?: { real: CategoricalStats; synthetic: CategoricalStats };
  /** Numbers and datetimes: shares of each side's non-missing values per bin. */
  histogram?: { edges: number[]; real: number[]; synthetic: number[] };
  /** Categories: shares of each side's non-missing values; rare categories folded into "Other". */
  categories?: { labels: string[]; real: number[]; synthetic: number[] };
}

/** Grades on the 0-100 scale: A+ >= 90, A >= 80, B+ >= 70, B >= 60, C >= 50, F below. */
export function gradeOf(score: number): Grade {
  const s = score * 100;
  if (s >= 90) return 'A+';
  if (s >= 80) return 'A';
  if (s >= 70) return 'B+';
  if (s >= 60) return 'B';
  if (s >= 50) return 'C';
  return 'F';
}
