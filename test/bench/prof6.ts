import { readFileSync } from 'node:fs';
import { readCsv } from '../../src/core/csv/read';
import { fitBlueprint } from '../../src/core/fit';
import { generateChunks } from '../../src/core/generate';
import { writeCsvChunks } from '../../src/core/csv/write';
const [file, method, reps] = process.argv.slice(2);
const fit = fitBlueprint(readCsv(new Uint8Array(readFileSync(file))), { method: method as 'cart' });
const tg: number[] = [], tw: number[] = [];
for (let k = 0; k < Number(reps ?? 9); k++) {
  let t = performance.now();
  const chunks: any[] = [];
  generateChunks(fit.blueprint, { source: fit.table }, (c) => chunks.push(c));
  tg.push(performance.now() - t); t = performance.now();
  const parts: string[] = [];
  let first = true;
  for (const c of chunks) { writeCsvChunks(c, fit.blueprint.columns, { header: first }, (s) => parts.push(s)); first = false; }
  parts.join('');
  tw.push(performance.now() - t);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(0);
console.log('generate', med(tg), 'write', med(tw));
