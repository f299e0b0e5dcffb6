import { readFileSync } from 'node:fs';
import { readCsv } from '../../src/core/csv/read';
import { inferColumns } from '../../src/core/csv/infer';
import { toTable } from '../../src/core/csv/convert';
const raw = readCsv(new Uint8Array(readFileSync(process.argv[2])), {});
const ti: number[] = [], tc: number[] = [];
for (let k = 0; k < 15; k++) { let t = performance.now(); const inf = inferColumns(raw, {}, []); ti.push(performance.now() - t); t = performance.now(); toTable(raw, inf); tc.push(performance.now() - t); }
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(1);
console.log('infer', med(ti), 'convert', med(tc));
