/**
 * The worker pool (src/node/pool.ts, run by the CLI and the VS Code worker) for a fit's trees,
 * the report detector's folds and generation's chunks: the blueprint a fit writes, the score,
 * fold AUCs and gains the report names, and the bytes, kept rows and constraint counts a
 * generation run hands on are those of the same jobs run one after the other in this thread (the
 * same text, the same numbers bit for bit), also when a worker fails and its jobs run here
 * instead, and after a run cancelled half way; without the bundled worker or with one thread
 * there is no pool.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeBlueprint } from '../../../src/core/blueprint/serialize';
import type { CartNode } from '../../../src/core/blueprint/models';
import { readCsv } from '../../../src/core/csv/read';
import { fitBlueprint } from '../../../src/core/fit';
import { generateTable } from '../../../src/core/generate';
import { detectTables, type DetectionResult, startDetectTables } from '../../../src/core/quality/detection';
import { comparableColumns } from '../../../src/core/quality/tables';
import type { Blueprint } from '../../../src/core/blueprint/types';
import { writeCsv } from '../../../src/core/csv/write';
import { streamRows, type StreamOptions } from '../../../src/core/pipeline';
import { startPool, usePool } from '../../../src/node/pool';
import { fixture, tempDir } from '../../unit/helpers';

const SCRIPT = path.join(__dirname, '..', '..', '..', 'dist', 'pool-worker.js');

/** Fit a fixture (cart), generate from it, and score the rows: everything the pool takes part in. */
function run(file: string): { text: string; synthetic: string; detection: DetectionResult } {
  const fit = fitBlueprint(readCsv(fixture(file), { fileName: file }), { method: 'cart', holdout: 0 });
  const synthetic = generateTable(fit.blueprint, { source: fit.table });
  const detection = detectTables(fit.table, synthetic, comparableColumns(fit.table, synthetic));
  return {
    text: serializeBlueprint(fit.blueprint),
    synthetic: JSON.stringify(synthetic.columns.map((c) => c.name)),
    detection,
  };
}

const plain = (r: DetectionResult) => ({ ...r, featureGain: Array.from(r.featureGain), pairGain: [...r.pairGain] });

/** Whether some object keyed by user text in the trees has a prototype (a structured clone's). */
function prototyped(node: CartNode): boolean {
  if ('column' in node) return prototyped(node.left) || prototyped(node.right);
  const keyed = [node.values, node.distribution?.kind === 'categorical' ? node.distribution.probabilities : undefined];
  return keyed.some((o) => o !== undefined && Object.getPrototypeOf(o) !== null);
}

afterEach(() => usePool(undefined));

describe('worker pool', () => {
  for (const file of ['adult-2000.csv', 'taxis-200.csv', 'metro-300.csv']) {
    it(`fits and scores ${file} as one thread does, trees and folds in two workers`, () => {
      const alone = run(file);
      const pool = startPool(SCRIPT, { threads: 3 });
      expect(pool).toBeDefined();
      usePool(pool);
      const pooled = run(file);
      expect(pooled.text).toBe(alone.text);
      expect(plain(pooled.detection)).toEqual(plain(alone.detection));
      // Twice on the same workers: still the same.
      expect(run(file).text).toBe(alone.text);
      expect(alone.detection.foldAucs).toHaveLength(3);
    });
  }

  it('keeps the trees keyed by user text without a prototype, as the fit makes them', () => {
    usePool(startPool(SCRIPT, { threads: 3 }));
    const fit = fitBlueprint(readCsv(fixture('taxis-200.csv'), { fileName: 't.csv' }), { method: 'cart', holdout: 0 });
    if (fit.blueprint.model?.kind !== 'cart') throw new Error('not cart');
    const trees = Object.values(fit.blueprint.model.trees);
    expect(trees.length).toBeGreaterThan(3);
    expect(trees.some(prototyped)).toBe(false);
  });

  it('runs the jobs here when a worker answers with an error', () => {
    const alone = run('adult-2000.csv');
    const dir = tempDir('pool-');
    const failing = path.join(dir, 'failing-worker.js');
    writeFileSync(
      failing,
      `const { workerData } = require('node:worker_threads');
       const { port, done } = workerData;
       port.on('message', () => { port.postMessage({ error: 'out of memory' }); Atomics.add(done, 0, 1); Atomics.notify(done, 0); });`,
    );
    const blueprint = fitted('adult-2000.csv');
    const chunksAlone = generated(blueprint, { rows: 270_000 });
    usePool(startPool(failing, { threads: 3 }));
    const pooled = run('adult-2000.csv');
    expect(pooled.text).toBe(alone.text);
    expect(plain(pooled.detection)).toEqual(plain(alone.detection));
    usePool(startPool(failing, { threads: 3 }));
    expect(generated(blueprint, { rows: 270_000 })).toEqual(chunksAlone);
  });

  it('takes the answers of folds started and never finished off the ports: the workers stay in use', () => {
    const blueprint = fitted('adult-2000.csv');
    const alone = generated(blueprint, { rows: 270_000 });
    const pool = startPool(SCRIPT, { threads: 3 })!;
    usePool(pool);
    // A report stopped between starting its detector's folds and finishing them.
    const fit = fitBlueprint(readCsv(fixture('adult-2000.csv'), { fileName: 'a.csv' }), { method: 'cart', holdout: 0 });
    const synthetic = generateTable(fit.blueprint, { source: fit.table });
    startDetectTables(fit.table, synthetic, comparableColumns(fit.table, synthetic));
    // Without taking them off, the next call read a fold's answer as its own and gave the worker
    // up as broken: every chunk was then made here.
    expect(generated(blueprint, { rows: 270_000 })).toEqual(alone);
    expect(generated(blueprint, { rows: 270_000 })).toEqual(alone);
    expect(pool.chunksFromWorkers()).toBeGreaterThan(0);
  });

  it('is no pool with one thread or without the bundled worker', () => {
    expect(startPool(SCRIPT, { threads: 1 })).toBeUndefined();
    expect(startPool(path.join(tmpdir(), 'no-such-worker.js'), { threads: 4 })).toBeUndefined();
  });

  // Generation: a run of 270,000 rows is 33 chunks of 8,192 rows, past the 32 a run needs to use
  // other threads.
  const cases: [string, (b: Blueprint) => Blueprint, StreamOptions][] = [
    ['CSV', (b) => b, { rows: 270_000 }],
    ['JSON', (b) => ({ ...b, output: { ...b.output, format: 'json' } }), { rows: 270_000 }],
    [
      'JSON Lines, part 2 of 3',
      (b) => ({ ...b, output: { ...b.output, format: 'jsonl' } }),
      { rows: 810_000, shard: { index: 2, count: 3 } },
    ],
    ['Parquet', (b) => ({ ...b, output: { ...b.output, format: 'parquet' } }), { rows: 270_000 }],
    ['CSV under a condition', (b) => b, { rows: 270_000, where: 'age >= 50' }],
    ['CSV rebalanced', (b) => b, { rows: 270_000, rebalance: 'income=0.5' }],
  ];
  for (const [name, format, options] of cases)
    it(`generates ${name} as one thread does, chunks in two workers`, () => {
      const blueprint = format(fitted('adult-2000.csv'));
      const alone = generated(blueprint, options);
      const pool = startPool(SCRIPT, { threads: 3 })!;
      usePool(pool);
      const pooled = generated(blueprint, options);
      expect(pooled).toEqual(alone);
      // Again on the same workers, which keep the job they compiled: the same, and the workers
      // made some of the chunks (the first run's may all be made here while they start).
      expect(generated(blueprint, options)).toEqual(alone);
      expect(pool.chunksFromWorkers()).toBeGreaterThan(0);
    });

  it('generates categories named like Object properties, and unique identifiers, as one thread does', () => {
    const kinds = ['__proto__', 'constructor', 'toString', 'plain'];
    const csv = [
      'kind,amount,code',
      ...Array.from({ length: 400 }, (_, i) => `${kinds[i % 4]},${(i * 37) % 101},K${String(10_000 + i * 7)}`),
    ].join('\n');
    const fit = fitBlueprint(readCsv(new TextEncoder().encode(csv), { fileName: 'k.csv' }), {
      method: 'cart',
      holdout: 0,
    });
    const blueprint = fit.blueprint;
    expect(blueprint.columns.find((c) => c.name === 'code')?.unique).toBe(true);
    const alone = generated(blueprint, { rows: 270_000 });
    usePool(startPool(SCRIPT, { threads: 3 }));
    const pooled = generated(blueprint, { rows: 270_000 });
    expect(pooled).toEqual(alone);
    const levels = new Set(
      pooled.kept
        .split('\n')
        .slice(1, 2000)
        .map((line) => line.split(',')[0]),
    );
    expect([...levels].sort()).toEqual([...kinds].sort());
  });

  it("leaves no answer behind when a run is cancelled half way: the next run is one thread's", () => {
    const blueprint = fitted('adult-2000.csv');
    const alone = generated(blueprint, { rows: 270_000 });
    usePool(startPool(SCRIPT, { threads: 3 }));
    const controller = new AbortController();
    let chunks = 0;
    expect(() =>
      streamRows(
        blueprint,
        { rows: 270_000, signal: controller.signal, onProgress: () => ++chunks === 3 && controller.abort() },
        ',',
        '\n',
        () => undefined,
        false,
      ),
    ).toThrow();
    expect(chunks).toBe(3);
    expect(generated(blueprint, { rows: 270_000 })).toEqual(alone);
  });
});

function fitted(file: string): Blueprint {
  return fitBlueprint(readCsv(fixture(file), { fileName: file }), { method: 'cart', holdout: 0 }).blueprint;
}

/** What a generation run hands on: its bytes (hex for Parquet), the rows it keeps, its checks and counts. */
function generated(blueprint: Blueprint, options: StreamOptions): { bytes: string; kept: string; rest: string } {
  const parts: (string | Uint8Array)[] = [];
  const out = streamRows(blueprint, options, ',', '\n', (d) => parts.push(d), 20_000);
  const bytes = parts.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('hex'))).join('');
  return {
    bytes,
    kept: out.table ? writeCsv(out.table, blueprint.columns) : '',
    rest: JSON.stringify({ constraints: out.constraints, levels: [...(out.levelCounts ?? [])], rows: out.rows }),
  };
}
