/**
 * The report benchmark on its own:
 *   npx esbuild test/bench/run-report.ts --bundle --platform=node --format=cjs --main-fields=module,main \
 *     --outfile=dist/bench-report.js && node --expose-gc dist/bench-report.js [CSV...]
 * Default: adult.csv from the shared datasets (SYNTH_DATASETS overrides their folder).
 */
import * as path from 'node:path';
import { benchReport, formatReportBench } from './report';

const dir = process.env.SYNTH_DATASETS ?? '/work/shared/datasets';
const files = process.argv.slice(2);
for (const file of files.length ? files : [path.join(dir, 'adult.csv')])
  process.stdout.write(`${formatReportBench(benchReport(file))}\n`);
