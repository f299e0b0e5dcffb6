/**
 * The report's detection folds in worker threads (src/node/foldPool.ts, run by the CLI and the
 * VS Code worker): the score, fold AUCs and the gains the report names are the numbers of the
 * same folds run one after the other in this thread (bit for bit), also when a worker fails and
 * its fold is run here instead; without the bundled worker or with one thread there is no pool.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectTables, useFoldRunner, type DetectionResult } from '../../../src/core/quality/detection';
import { comparableColumns } from '../../../src/core/quality/tables';
import { startFoldPool } from '../../../src/node/foldPool';
import { fitted } from '../../unit/core/fit/methods';

const SCRIPT = path.join(__dirname, '..', '..', '..', 'dist', 'fold-worker.js');

function score(): DetectionResult {
  const { fit, synthetic } = fitted('adult-2000.csv', 'cart', { holdout: 0 });
  return detectTables(fit.table, synthetic, comparableColumns(fit.table, synthetic));
}

const plain = (r: DetectionResult) => ({ ...r, featureGain: Array.from(r.featureGain), pairGain: [...r.pairGain] });

afterEach(() => useFoldRunner(undefined));

describe('foldPool', () => {
  it('gives the numbers of one thread, folds in two workers', () => {
    const alone = score();
    const runner = startFoldPool(SCRIPT, { threads: 3 });
    expect(runner).toBeDefined();
    useFoldRunner(runner);
    const pooled = score();
    expect(plain(pooled)).toEqual(plain(alone));
    // Twice on the same workers: still the same.
    expect(plain(score())).toEqual(plain(alone));
    expect(alone.foldAucs).toHaveLength(3);
    expect(alone.totalGain).toBeGreaterThan(0);
  });

  it('runs a fold here when its worker answers with an error', () => {
    const alone = score();
    const dir = mkdtempSync(path.join(tmpdir(), 'fold-'));
    const failing = path.join(dir, 'failing-worker.js');
    writeFileSync(
      failing,
      `const { workerData } = require('node:worker_threads');
       const { port, done } = workerData;
       port.on('message', () => { port.postMessage({ error: 'out of memory' }); Atomics.store(done, 0, 1); Atomics.notify(done, 0); });`,
    );
    useFoldRunner(startFoldPool(failing, { threads: 3 }));
    expect(plain(score())).toEqual(plain(alone));
  });

  it('is no pool with one thread or without the bundled worker', () => {
    expect(startFoldPool(SCRIPT, { threads: 1 })).toBeUndefined();
    expect(startFoldPool(path.join(tmpdir(), 'no-such-worker.js'), { threads: 4 })).toBeUndefined();
  });
});
