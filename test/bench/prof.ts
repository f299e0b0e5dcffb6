import { readFileSync } from 'node:fs';
import { readCsv } from '../../src/core/csv/read';
import { inferColumns } from '../../src/core/csv/infer';
import { toTable } from '../../src/core/csv/convert';
import { fitBlueprint } from '../../src/core/fit';
import { generateChunks } from '../../src/core/generate';
import { writeCsvChunks } from '../../src/core/csv/write';
const file = process.argv[2];
const bytes = new Uint8Array(readFileSync(file));
for (let k = 0; k < 3; k++) {
  let t = performance.now();
  const raw = readCsv(bytes, {});
  const tRead = performance.now() - t; t = performance.now();
  const inf = inferColumns(raw, {}, []);
  const tInf = performance.now() - t; t = performance.now();
  toTable(raw, inf);
  const tConv = performance.now() - t; t = performance.now();
  const fit = fitBlueprint(raw, {});
  const tFit = performance.now() - t; t = performance.now();
  const parts: string[] = [];
  generateChunks(fit.blueprint, {}, (c) => writeCsvChunks(c, fit.blueprint.columns, {}, (s) => parts.push(s)));
  const tGen = performance.now() - t;
  console.log(`read ${tRead.toFixed(0)} infer ${tInf.toFixed(0)} convert ${tConv.toFixed(0)} fit(all) ${tFit.toFixed(0)} gen+write ${tGen.toFixed(0)}`);
}
