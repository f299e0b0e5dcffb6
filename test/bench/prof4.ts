import { readFileSync } from 'node:fs';
import { readCsv } from '../../src/core/csv/read';
import { fitBlueprint } from '../../src/core/fit';
import { fitGaussianCopula, DEFAULT_COPULA_OPTIONS } from '../../src/core/fit/copula';
import { Rng } from '../../src/core/random';
const bytes = new Uint8Array(readFileSync(process.argv[2]));
const fit = fitBlueprint(readCsv(bytes, {}), {});
const segs = Number(process.argv[3] ?? 8);
const times: number[] = [];
for (let k = 0; k < 15; k++) { const t = performance.now(); fitGaussianCopula(fit.train, fit.blueprint.columns.map((c) => ({ ...c })), new Rng(k), { minGroupSize: 5, ...DEFAULT_COPULA_OPTIONS, maxSegments: segs }); times.push(performance.now() - t); }
console.log('median', times.sort((a, b) => a - b)[7].toFixed(1));
