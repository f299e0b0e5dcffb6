/**
 * The one protocol between the extension host and the report webviews (the report panel and the
 * side view). Two discriminated unions; each message says who sends it and when. A webview says
 * `ready` once its listener is installed; the host never posts before that (it holds the newest
 * message of each type until then).
 */
import type { AnyReport, Grade, ReportContext } from '../core/quality/types';
import type { ColumnType } from '../core/table';

export type { ReportContext };

/** What the side view shows: a few numbers from a report, not the report. */
export interface ReportSummary {
  title: string;
  score: number;
  grade: Grade;
  verdict: string;
  rows: { real: number; synthetic: number };
  /** Shape score per column (excluded columns have none). */
  columns: { name: string; type: ColumnType; score: number | null }[];
  /** Validity violations (out of range, unknown categories, wrong types, broken constraints). */
  violations: number;
  /** The file the summary was found for, workspace-relative, and when the report was made. */
  file: string;
  createdAt: number;
  context: ReportContext;
}

/** What the side view shows of a rules blueprint's design report (no score: there is no real data). */
export interface DesignSummary {
  kind: 'design';
  title: string;
  verdict: string;
  rows: { synthetic: number };
  /** Validity checks that pass, of those made; broken constraints, of those checked. */
  checks: { passed: number; made: number };
  constraints: { broken: number; checked: number };
  /** Declared rates within tolerance, of those compared; the target's, when there is one. */
  rates: { within: number; compared: number };
  target?: { label: string; expected: number; achieved: number; within: boolean };
  violations: number;
  file: string;
  createdAt: number;
  context: ReportContext;
}

export type ToWebview =
  /** Host -> panel, after `ready` and whenever a new report is available. */
  | { type: 'report'; report: AnyReport; context: ReportContext }
  /** Host -> side view, after `ready`, when the active file changes and after each Synthesize/Generate. */
  | { type: 'summary'; summary: ReportSummary | DesignSummary }
  /** Host -> panel/view, while a job that will produce a new report runs. */
  | { type: 'busy'; message: string }
  /** Host -> side view, when the active file has no report yet (`message` says what to do). */
  | { type: 'empty'; message: string };

export type FromWebview =
  /** Panel/view -> host, once per page load, when the script has loaded and listens for messages. */
  | { type: 'ready' }
  /** Panel -> host, when the user asks to save the report as one HTML file. */
  | { type: 'exportHtml' }
  /**
   * Panel -> host, when the user exports a chart (webviews cannot download files): `data` is the
   * SVG markup, or a `data:image/png;base64,` URL.
   */
  | { type: 'saveChart'; fileName: string; format: 'svg' | 'png'; data: string }
  /** Panel/view -> host, when the user clicks a file link. */
  | { type: 'openFile'; which: 'source' | 'blueprint' | 'synthetic' }
  /** Panel -> host, when the user picks another target column: the host re-runs the report with it. */
  | { type: 'pickTarget'; column: string }
  /** Side view -> host, when the user asks for the full report of the file it shows. */
  | { type: 'openReport' };

/** The report panel's view state, persisted with `setState` so a hidden or restored panel shows the same thing. */
export interface ViewState {
  tab?: string;
  /** Column view: the chosen column. */
  column?: string;
  /** Pairs view: the contingency pair ("a\u0000b") and what the scatter matrix shows. */
  pair?: string;
  scatter?: 'both' | 'real' | 'synthetic';
  /** Target view: the feature shown large. */
  feature?: string;
  /** Time view: the datetime column and the measure ('' = row counts). */
  timeColumn?: string;
  measure?: string;
  /** Privacy view: which closest-record pair is shown. */
  privacyPair?: number;
  /** Data view: which table the preview shows. */
  dataSide?: 'real' | 'synthetic';
}

/** What the webview persists with `setState` so a reload or a restored panel shows the same thing. */
export interface WebviewState extends ViewState {
  report?: AnyReport;
  context?: ReportContext;
  summary?: ReportSummary | DesignSummary;
}
