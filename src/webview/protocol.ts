/**
 * The one protocol between the extension host and the report webviews (panel and side view).
 * Two discriminated unions; each message says who sends it and when. The webview says `ready`
 * once its listener is installed; the host never posts before that.
 */
import type { QualityReport } from '../core/quality/model';

/** Facts about a report that are not in report.json (they differ from run to run). */
export interface ReportContext {
  /** Seconds the job took, end to end. */
  seconds?: number;
  /** Workspace-relative paths of the files involved, for display and "open" buttons. */
  sourcePath?: string;
  blueprintPath?: string;
  syntheticPath?: string;
}

export type ToWebview =
  /** Host -> panel/view, after `ready` and whenever a new report is available. */
  | { type: 'report'; report: QualityReport; context: ReportContext }
  /** Host -> panel/view, while a job that will produce a new report runs. */
  | { type: 'busy'; message: string }
  /** Host -> side view, when the active file has no report yet. */
  | { type: 'empty'; message: string };

export type FromWebview =
  /** Panel/view -> host, once, when the script has loaded and listens for messages. */
  | { type: 'ready' }
  /** Panel -> host, when the user asks to save the report as one HTML file. */
  | { type: 'exportHtml' }
  /** Panel/view -> host, when the user clicks a file link. */
  | { type: 'openFile'; which: 'source' | 'blueprint' | 'synthetic' }
  /** Side view -> host, when the user asks for the full report. */
  | { type: 'openReport' };

/** What the webview persists with `setState` so a reload or a restored panel shows the same thing. */
export interface WebviewState {
  report?: QualityReport;
  context?: ReportContext;
  /** Selected column in the column view. */
  column?: string;
}
