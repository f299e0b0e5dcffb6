// Bundles one file per runtime into dist/:
//   extension.js  VS Code extension host (node, cjs, `vscode` external)
//   worker.js     worker thread for fit / generate / report (node, cjs)
//   cli.js        the `synth-studio` command line (node, cjs, executable)
//   pool-worker.js worker thread for a fit's trees and the report's detection folds (node, cjs; cli.js and worker.js start it)
//   webview.js    the report panel and side view (browser, iife)
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { chmod } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
};

// 'module' first: jsonc-parser's UMD build (its 'main') cannot be bundled, its ESM build can.
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'] };

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/worker.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/node/poolWorker.ts'], outfile: 'dist/pool-worker.js' },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    // The webview is one self-contained script: vega, vega-lite and the UI toolkit included.
    minify: true,
    sourcemap: false,
  },
];

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  await chmod('dist/cli.js', 0o755);
  console.log(`esbuild: ${builds.length} bundles in ${Date.now() - started} ms`);
}
