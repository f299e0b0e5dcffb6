/**
 * The reference detection score: ../shared/tools/detect.py (XGBoost via Debian's python3-xgboost)
 * run on CSVs of the two tables. Null when python3 with xgboost or the script is not available.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ColumnWriting } from '../../src/core/csv/write';
import { writeCsv } from '../../src/core/csv/write';
import type { Table } from '../../src/core/table';

const TOOLS = process.env.SYNTH_TOOLS ?? '/work/shared/tools';
const PYTHON = process.env.SYNTH_PYTHON ?? '/usr/bin/python3';

let available: boolean | undefined;

/** Whether detect.py and python3 with xgboost and sklearn can run here. */
export function referenceAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync(PYTHON, ['-c', 'import xgboost, sklearn'], { stdio: 'ignore' });
      available = existsSync(path.join(TOOLS, 'detect.py'));
    } catch {
      available = false;
    }
  }
  return available;
}

/** detect.py's detection score and mean AUC of `synthetic` against `real`, or null when it cannot run. */
export function referenceDetection(
  real: Table,
  synthetic: Table,
  writings: ColumnWriting[],
): { detection: number; auc: number; seconds: number } | null {
  if (!referenceAvailable()) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'synth-detect-'));
  try {
    const a = path.join(dir, 'real.csv');
    const b = path.join(dir, 'synthetic.csv');
    writeFileSync(a, writeCsv(real, writings, { allowFormulas: true }));
    writeFileSync(b, writeCsv(synthetic, writings, { allowFormulas: true }));
    const t = performance.now();
    const out = execFileSync(PYTHON, [path.join(TOOLS, 'detect.py'), a, b], { encoding: 'utf8' });
    const seconds = (performance.now() - t) / 1000;
    const j = JSON.parse(out.trim().split('\n').pop()!) as { detection: number; auc: number };
    return { detection: j.detection, auc: j.auc, seconds };
  } finally {
    if (process.env.SYNTH_KEEP_CSV) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
