// Writes the generated parts of the docs: the metric table of docs/quality.md, from the metric
// registry (src/core/quality/metrics.ts), between <!-- metrics:start --> and <!-- metrics:end -->.
// A unit test (test/unit/core/quality/metrics.test.ts) fails when the two differ. Usage: npm run docs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const root = join(import.meta.dirname, '..');
const built = await esbuild.build({
  entryPoints: [join(root, 'src/core/quality/metrics.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
const { metricsMarkdown } = await import(
  `data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`
);
const file = join(root, 'docs/quality.md');
const doc = readFileSync(file, 'utf8');
const start = '<!-- metrics:start -->';
const end = '<!-- metrics:end -->';
const a = doc.indexOf(start);
const b = doc.indexOf(end);
if (a < 0 || b < a) throw new Error(`docs/quality.md lacks ${start} ... ${end}`);
const next = `${doc.slice(0, a + start.length)}\n${metricsMarkdown()}\n${doc.slice(b)}`;
if (next !== doc) writeFileSync(file, next);
console.log(next === doc ? 'docs/quality.md: metric table up to date' : 'docs/quality.md: metric table written');
