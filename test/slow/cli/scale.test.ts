/**
 * Generation beyond memory and beyond one machine, through the built CLI on real files: parts of
 * a sharded run made by separate processes, concatenated, are the bytes of a single run; bad
 * parts are refused with a clear message; Parquet output keeps its column types and reads back.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../unit/helpers';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Run the CLI as a separate process, resolving with its exit code. */
function runAsync(args: string[], cwd: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

/** A folder with adult-2000 fitted by copula (the blueprint is adult-2000.synth.json). */
function fitted(): string {
  const dir = tempDir('synth-scale-');
  copyFileSync(path.join(ROOT, 'test', 'fixtures', 'adult-2000.csv'), path.join(dir, 'adult-2000.csv'));
  expect(run(['synthesize', 'adult-2000.csv', '--rows', '10', '--quiet'], dir).code).toBe(0);
  return dir;
}

describe('generate --shard K/N', () => {
  it('4 parts made by 4 processes at once, concatenated, are byte-identical to a single run (CSV)', async () => {
    const dir = fitted();
    // 30,000 rows: 8 blocks of 4,096 (the last partial), so each part holds whole blocks and the
    // last part ends with the partial one.
    const rows = '30000';
    const codes = await Promise.all(
      [1, 2, 3, 4].map((k) =>
        runAsync(
          ['generate', 'adult-2000.synth.json', '--rows', rows, '--shard', `${k}/4`, '--out', `part-${k}.csv`],
          dir,
        ),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(run(['generate', 'adult-2000.synth.json', '--rows', rows, '--out', 'single.csv'], dir).code).toBe(0);
    const single = readFileSync(path.join(dir, 'single.csv'));
    const parts = [1, 2, 3, 4].map((k) => readFileSync(path.join(dir, `part-${k}.csv`)));
    expect(Buffer.concat(parts).equals(single)).toBe(true);
    // Only the first part has the header; every part holds rows.
    const header = single.toString('utf8').split('\n')[0];
    expect(parts.map((p) => p.toString('utf8').startsWith(header))).toEqual([true, false, false, false]);
    expect(single.toString('utf8').trimEnd().split('\n')).toHaveLength(30_001);
  }, 120_000);

  it('any N gives the same bytes: 3 parts of JSON and 7 parts of JSON Lines (more parts than some hold rows)', () => {
    const dir = fitted();
    for (const [format, n] of [
      ['json', 3],
      ['jsonl', 7],
    ] as const) {
      const out = (name: string): string => `${name}.${format}`;
      const bp = path.join(dir, 'adult-2000.synth.json');
      const text = readFileSync(bp, 'utf8');
      const withFormat = text.replace('"format": "csv"', `"format": "${format}"`);
      writeFileSync(path.join(dir, `f.synth.json`), withFormat);
      expect(run(['generate', 'f.synth.json', '--rows', '9000', '--out', out('single')], dir).code).toBe(0);
      const parts: Buffer[] = [];
      for (let k = 1; k <= n; k++) {
        const r = run(
          ['generate', 'f.synth.json', '--rows', '9000', '--shard', `${k}/${n}`, '--out', out(`p${k}`)],
          dir,
        );
        expect(r.code, r.stderr).toBe(0);
        parts.push(readFileSync(path.join(dir, out(`p${k}`))));
      }
      const single = readFileSync(path.join(dir, out('single')));
      expect(Buffer.concat(parts).equals(single)).toBe(true);
      if (format === 'json') expect(JSON.parse(single.toString('utf8'))).toHaveLength(9000);
    }
  }, 120_000);

  it('conditioned and rebalanced runs shard the same way (--where, --rebalance)', () => {
    const dir = fitted();
    for (const control of [
      ['--where', 'age >= 60'],
      ['--rebalance', 'income=0.5'],
    ]) {
      const gen = (extra: string[], out: string): void => {
        const r = run(['generate', 'adult-2000.synth.json', '--rows', '9000', ...control, ...extra, '--out', out], dir);
        expect(r.code, r.stderr).toBe(0);
      };
      gen([], 'single.csv');
      for (const k of [1, 2, 3]) gen(['--shard', `${k}/3`], `p${k}.csv`);
      const parts = [1, 2, 3].map((k) => readFileSync(path.join(dir, `p${k}.csv`)));
      expect(Buffer.concat(parts).equals(readFileSync(path.join(dir, 'single.csv')))).toBe(true);
      for (const f of ['single.csv', 'p1.csv', 'p2.csv', 'p3.csv']) rmSync(path.join(dir, f));
    }
  }, 120_000);

  it('bad parts are refused at once, naming what is wrong, and nothing is written', () => {
    const dir = fitted();
    const cases: [string, RegExp][] = [
      ['5/4', /--shard 5\/4: K must be from 1 to 4/],
      ['0/4', /--shard 0\/4: K must be from 1 to 4/],
      ['1/0', /--shard 1\/0: N must be at least 1/],
      ['two/4', /--shard must be K\/N, part K of N parts \(got "two\/4"\)/],
      ['1/2000000', /N is above the limit of 1,000,000 parts/],
    ];
    for (const [shard, message] of cases) {
      const r = run(['generate', 'adult-2000.synth.json', '--shard', shard, '--out', 'x.csv'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(path.join(dir, 'x.csv'))).toBe(false);
  });
});

describe('row count limits', () => {
  it('a row count above the cap is refused at once, naming the limit; with --shard the cap is per part', () => {
    const dir = fitted();
    const over = run(['generate', 'adult-2000.synth.json', '--rows', '100000001', '--out', 'x.csv'], dir);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/above the limit of 100,000,000 rows/);
    // 400M rows in 2 parts: 200M per part, above the per-process limit.
    const part = run(
      ['generate', 'adult-2000.synth.json', '--rows', '400000000', '--shard', '1/2', '--out', 'x.csv'],
      dir,
    );
    expect(part.code).toBe(1);
    expect(part.stderr).toMatch(/the limit of one run \(or one part\) is 100,000,000/);
    expect(readdirSync(dir).filter((f) => f.startsWith('x.csv') || f.startsWith('.x.csv'))).toEqual([]);
  });
});

describe('Parquet output', () => {
  it('--out rows.parquet writes Parquet with the column types kept, readable back with the same rows as the CSV', async () => {
    const dir = fitted();
    expect(run(['generate', 'adult-2000.synth.json', '--rows', '5000', '--out', 'rows.parquet'], dir).code).toBe(0);
    expect(run(['generate', 'adult-2000.synth.json', '--rows', '5000', '--out', 'rows.csv'], dir).code).toBe(0);
    const bytes = readFileSync(path.join(dir, 'rows.parquet'));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const meta = parquetMetadata(file);
    expect(Number(meta.num_rows)).toBe(5000);
    const types = Object.fromEntries(meta.schema.slice(1).map((e) => [e.name, e.type]));
    expect(types).toMatchObject({ age: 'INT64', workclass: 'BYTE_ARRAY', income: 'BYTE_ARRAY' });
    const rows = await parquetReadObjects({ file });
    const csv = readFileSync(path.join(dir, 'rows.csv'), 'utf8').trimEnd().split('\n');
    const header = csv[0].split(',');
    // The same rows as the CSV (same seed): integers as integers, categories as text.
    for (const r of [0, 1, 4096, 4999]) {
      const cells = csv[r + 1].split(',');
      const row = rows[r] as Record<string, unknown>;
      expect(String(row.age)).toBe(cells[header.indexOf('age')]);
      expect(typeof row.age).toBe('bigint');
      expect(row.workclass ?? '').toBe(cells[header.indexOf('workclass')]);
    }
  });
});

describe('Parquet input', () => {
  it('synthesize rows.parquet fits it like the CSV of the same rows: same columns and types', () => {
    const dir = fitted();
    expect(run(['generate', 'adult-2000.synth.json', '--rows', '3000', '--out', 'rows.parquet'], dir).code).toBe(0);
    expect(run(['generate', 'adult-2000.synth.json', '--rows', '3000', '--out', 'rows.csv'], dir).code).toBe(0);
    const r = run(['synthesize', 'rows.parquet', '--rows', '200', '--quiet'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(run(['synthesize', 'rows.csv', '--rows', '200', '--quiet', '--out-dir', 'from-csv'], dir).code).toBe(0);
    const read = (file: string): { source: { path: string }; columns: { name: string; type: string }[] } =>
      JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const fromParquet = read('rows.synth.json');
    const fromCsv = read('from-csv/rows.synth.json');
    expect(fromParquet.source.path).toBe('rows.parquet');
    const types = (bp: typeof fromCsv): string[] => bp.columns.map((c) => `${c.name}:${c.type}`);
    expect(types(fromParquet)).toEqual(types(fromCsv));
    expect(types(fromParquet)).toContain('age:integer');
    expect(readFileSync(path.join(dir, 'rows.synthetic.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(201);
  });
});

describe('synthesize read as a stream', () => {
  it('fits past --sample on a reservoir sample, streams the rows, and names a malformed row by line', () => {
    const dir = tempDir('synth-scale-');
    const lines = readFileSync(path.join(ROOT, 'test', 'fixtures', 'adult-2000.csv'), 'utf8').split('\n');
    lines[1700] = '39,State-gov,77516'; // line 1701: 3 fields of 15
    writeFileSync(path.join(dir, 'adult.csv'), lines.join('\n'));
    const r = run(['synthesize', 'adult.csv', '--sample', '400', '--method', 'copula'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('adult.csv:1701:');
    expect(r.stderr).toContain('1 row was skipped');
    expect(r.stdout).toContain('read as a stream: model fitted on a seeded sample of 400 training rows');
    const bp = JSON.parse(readFileSync(path.join(dir, 'adult.synth.json'), 'utf8')) as {
      rows: number;
      source: { rows: number; sample: number };
    };
    expect(bp.source).toMatchObject({ rows: 1999, sample: 400 });
    // Every row written to the synthetic CSV (header + 1,999), and no temporary left.
    const synthetic = readFileSync(path.join(dir, 'adult.synthetic.csv'), 'utf8').trimEnd().split('\n');
    expect(synthetic).toHaveLength(2000);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('stops at a quote never closed, with its line, and writes nothing', () => {
    const dir = tempDir('synth-scale-');
    writeFileSync(path.join(dir, 'q.csv'), 'a,b\n1,2\n3,"never\n4,5\n');
    const r = run(['synthesize', 'q.csv'], dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('q.csv:3: a quoted field is never closed.');
    expect(readdirSync(dir)).toEqual(['q.csv']);
    rmSync(dir, { recursive: true, force: true });
  });
});
