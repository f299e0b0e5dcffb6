/**
 * Detection bench: our detector (src/core/quality/detection.ts) against the reference script
 * (../shared/tools/detect.py, XGBoost) on the protocol of issue 10: split each CSV 80/20 (seed 42),
 * synthesize as many rows as the 80% from the 80%, score synthetic vs the 80%.
 *
 * Usage: npm run bench:detection -- [--datasets adult,taxis] [--methods copula,cart] [--max-rows N] [--no-reference]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Method } from '../../src/core/blueprint/types';
import { readCsv } from '../../src/core/csv/read';
import { fitBlueprint } from '../../src/core/fit';
import { generateTable } from '../../src/core/generate';
import { DEFAULT_DETECTION_ROWS, detectTables } from '../../src/core/quality/detection';
import { comparableColumns } from '../../src/core/quality/tables';
import { referenceDetection } from './reference';

const DATASET_DIR = process.env.SYNTH_DATASETS ?? '/work/shared/datasets';
const argv = process.argv.slice(2);
const get = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const datasets = (
  get('datasets') ?? 'adult,bank-full,diamonds,metro_interstate_traffic_volume,taxis,titanic,penguins,mpg,tips'
).split(',');
const methods = (get('methods') ?? 'copula,cart').split(',') as Method[];
const maxRows = get('max-rows') ? Number(get('max-rows')) : undefined;
const useReference = !argv.includes('--no-reference');

console.log(
  `ours: the report's detector on samples of at most ${maxRows ?? DEFAULT_DETECTION_ROWS} rows per table; full: on every row (as detect.py, up to 50,000)`,
);
console.log(
  'dataset  method  rows/side  ours  auc  seconds  full  full-auc  full-seconds  reference  ref-auc  ref-seconds  ours-ref  full-ref',
);
for (const dataset of datasets) {
  const bytes = new Uint8Array(readFileSync(path.join(DATASET_DIR, `${dataset}.csv`)));
  for (const method of methods) {
    const fit = fitBlueprint(readCsv(bytes, { fileName: `${dataset}.csv` }), {
      method,
      seed: 42,
      holdout: 0.2,
      name: dataset,
      sourceSha256: '',
    });
    const synthetic = generateTable(fit.blueprint, { source: fit.table, rows: fit.train.rowCount });
    const columns = comparableColumns(fit.train, synthetic);
    let t = performance.now();
    const ours = detectTables(fit.train, synthetic, columns, { maxRows });
    const seconds = (performance.now() - t) / 1000;
    t = performance.now();
    const full = detectTables(fit.train, synthetic, columns, { maxRows: 50_000 });
    const fullSeconds = (performance.now() - t) / 1000;
    const ref = useReference ? referenceDetection(fit.train, synthetic, fit.blueprint.columns) : null;
    console.log(
      [
        dataset,
        method,
        ours.rows.real,
        ours.score.toFixed(3),
        ours.auc.toFixed(3),
        seconds.toFixed(2),
        full.score.toFixed(3),
        full.auc.toFixed(3),
        fullSeconds.toFixed(2),
        ref ? ref.detection.toFixed(3) : '-',
        ref ? ref.auc.toFixed(3) : '-',
        ref ? ref.seconds.toFixed(1) : '-',
        ref ? (ours.score - ref.detection).toFixed(3) : '-',
        ref ? (full.score - ref.detection).toFixed(3) : '-',
      ].join('  '),
    );
  }
}
