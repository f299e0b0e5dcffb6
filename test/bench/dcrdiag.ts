import { readFileSync } from 'node:fs';
import { readCsv } from '../../src/core/csv/read';
import { fitBlueprint } from '../../src/core/fit';
import { generateTable } from '../../src/core/generate';
import { distanceToClosestRecord } from '../../src/core/quality/privacy';
import type { Table } from '../../src/core/table';
const [file, method] = process.argv.slice(2);
const fit = fitBlueprint(readCsv(new Uint8Array(readFileSync(file))), { method: method as 'cart', ...(process.env.CART ? { cart: JSON.parse(process.env.CART) } : {}) });
const syn = generateTable(fit.blueprint, { source: fit.table });
const only = (t: Table, names: string[]): Table => ({ rowCount: t.rowCount, columns: t.columns.filter((c) => names.includes(c.name)) });
const all = fit.table.columns.filter((c) => c.storage !== 'text').map((c) => c.name);
console.log('all', distanceToClosestRecord(fit.train, fit.holdout, syn).share.toFixed(3));
for (const drop of all) {
  const names = all.filter((n) => n !== drop);
  console.log('without', drop.padEnd(20), distanceToClosestRecord(only(fit.train, names), only(fit.holdout, names), only(syn, names)).share.toFixed(3));
}
