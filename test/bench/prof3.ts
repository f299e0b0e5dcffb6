import { readFileSync } from 'node:fs';
import { readCsv } from '../../src/core/csv/read';
import { inferColumns } from '../../src/core/csv/infer';
import { toTable } from '../../src/core/csv/convert';
import { describeColumn } from '../../src/core/fit/columns';
import { fitGaussianCopula, DEFAULT_COPULA_OPTIONS } from '../../src/core/fit/copula';
import { generateChunks } from '../../src/core/generate';
import { writeCsvChunks } from '../../src/core/csv/write';
import { Rng } from '../../src/core/random';
import { fitBlueprint } from '../../src/core/fit';
const file = process.argv[2];
const bytes = new Uint8Array(readFileSync(file));
const T: Record<string, number[]> = {};
const time = <X>(k: string, f: () => X): X => { const t = performance.now(); const x = f(); (T[k] ??= []).push(performance.now() - t); return x; };
for (let k = 0; k < 7; k++) {
  const raw = time('read', () => readCsv(bytes, {}));
  const inf = time('infer', () => inferColumns(raw, {}, []));
  const { table } = time('convert', () => toTable(raw, inf));
  const specs = time('describe', () => table.columns.map((c, i) => describeColumn(c, inf[i], { minGroupSize: 5, maxQuantiles: 200 })));
  time('copula', () => fitGaussianCopula(table, specs, new Rng(1), { minGroupSize: 5, ...DEFAULT_COPULA_OPTIONS }));
  time('copula1', () => fitGaussianCopula(table, specs, new Rng(1), { minGroupSize: 5, ...DEFAULT_COPULA_OPTIONS, maxSegments: 1 }));
  const fit = time('fitBlueprint', () => fitBlueprint(raw, {}));
  time('gen+write', () => { const parts: string[] = []; generateChunks(fit.blueprint, {}, (c) => writeCsvChunks(c, fit.blueprint.columns, {}, (s) => parts.push(s))); });
  time('gen', () => { generateChunks(fit.blueprint, {}, () => undefined); });
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(Object.entries(T).map(([k, v]) => `${k} ${med(v).toFixed(0)}`).join('  '));
const g = globalThis as any; console.log('whole', (g.T1/14).toFixed(0), 'kmeans', (g.T2/14).toFixed(0), 'segcols', (g.T3/14).toFixed(0), 'segfit', (g.T4/14).toFixed(0));
