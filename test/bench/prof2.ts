import { readFileSync } from 'node:fs';
import { readCsv } from '../../src/core/csv/read';
import { fitBlueprint } from '../../src/core/fit';
import { generateTable } from '../../src/core/generate';
const [file, method, reps] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(file));
for (let k = 0; k < Number(reps ?? 3); k++) {
  const raw = readCsv(bytes, {});
  let t = performance.now();
  const fit = fitBlueprint(raw, { method: method as 'cart' });
  const tf = performance.now() - t; t = performance.now();
  generateTable(fit.blueprint, { source: fit.table });
  console.log(`fit ${tf.toFixed(0)} gen ${(performance.now() - t).toFixed(0)}`);
}
