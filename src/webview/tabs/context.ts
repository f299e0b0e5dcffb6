import type { QualityReport } from '../../core/quality/types';
import type { ReportContext, ViewState } from '../protocol';

/** What every tab gets: the report, run facts, the persisted view state and ways to change it. */
export interface TabContext {
  report: QualityReport;
  context: ReportContext;
  state: ViewState;
  /** Persist part of the view state (the panel's setState; nothing in a standalone page). */
  save(patch: Partial<ViewState>): void;
  /** Switch to another tab, optionally choosing something in it first (e.g. a column). */
  goTo(tab: string, patch?: Partial<ViewState>): void;
  /** Re-run the report with another target column (in VS Code; absent in a standalone page). */
  pickTarget?: (column: string) => void;
}
