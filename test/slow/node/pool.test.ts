/**
 * The worker pool (src/node/pool.ts, run by the CLI and the VS Code worker) for a fit's trees and
 * the report detector's folds: the blueprint a fit writes and the score, fold AUCs and gains the
 * report names are those of the same jobs run one after the other in this thread (the same text,
 * the same numbers bit for bit), also when a worker fails and its jobs run here instead; without
 * the bundled worker or with one thread there is no pool.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeBlueprint } from '../../../src/core/blueprint/serialize';
import type { CartNode } from '../../../src/core/blueprint/models';
import { readCsv } from '../../../src/core/csv/read';
import { fitBlueprint } from '../../../src/core/fit';
import { generateTable } from '../../../src/core/generate';
import { detectTables, type DetectionResult } from '../../../src/core/quality/detection';
import { comparableColumns } from '../../../src/core/quality/tables';
import { startPool, usePool } from '../../../src/node/pool';
import { fixture } from '../../unit/helpers';

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
    const dir = mkdtempSync(path.join(tmpdir(), 'pool-'));
    const failing = path.join(dir, 'failing-worker.js');
    writeFileSync(
      failing,
      `const { workerData } = require('node:worker_threads');
       const { port, done } = workerData;
       port.on('message', () => { port.postMessage({ error: 'out of memory' }); Atomics.store(done, 0, 1); Atomics.notify(done, 0); });`,
    );
    usePool(startPool(failing, { threads: 3 }));
    const pooled = run('adult-2000.csv');
    expect(pooled.text).toBe(alone.text);
    expect(plain(pooled.detection)).toEqual(plain(alone.detection));
  });

  it('is no pool with one thread or without the bundled worker', () => {
    expect(startPool(SCRIPT, { threads: 1 })).toBeUndefined();
    expect(startPool(path.join(tmpdir(), 'no-such-worker.js'), { threads: 4 })).toBeUndefined();
  });
});
