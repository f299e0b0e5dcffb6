/**
 * synthesizeFile (src/node/synthesizeFile.ts), the one function the CLI's `synthesize` and the
 * VS Code worker's Synthesize of a local file call: called as the worker calls it (the settings
 * the host sends, the temporary the host names, then the host's one-step replace), it writes the
 * CLI's bytes, for a CSV and a Parquet file within the sample (also the bytes of the in-memory
 * path that remote folders still take) and for a CSV larger than the sample.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_METHOD } from '../../../src/core/blueprint/types';
import { readParquet } from '../../../src/core/csv/parquet';
import { generateFromText, generateStream, synthesize } from '../../../src/core/pipeline';
import { replaceFiles, tempNameFor } from '../../../src/node/replace';
import { sampleSourceFile, synthesizeFile } from '../../../src/node/synthesizeFile';
import { FIXTURES, tempDir } from '../../unit/helpers';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function cli(args: string[], cwd: string): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** Two folders holding the same source: one for the CLI, one for the worker's path. */
function twoFolders(name: string, bytes: Uint8Array): { cliDir: string; vsDir: string } {
  const root = tempDir('synth-file-');
  const cliDir = path.join(root, 'cli');
  const vsDir = path.join(root, 'vscode');
  for (const dir of [cliDir, vsDir]) {
    mkdirSync(dir);
    writeFileSync(path.join(dir, name), bytes);
  }
  return { cliDir, vsDir };
}

/**
 * What VS Code's Synthesize does for a local file: the settings' defaults (synthStudio.seed 42,
 * method, holdout 0.2, allowFormulas off) as the worker job, the temporary named by the host, and
 * the blueprint and the rows replaced in one step.
 */
async function asVsCode(dir: string, name: string, extra: { previousBlueprint?: string; sampleRows?: number } = {}) {
  const base = name.replace(/\.(csv|parquet)$/, '');
  const syntheticPath = path.join(dir, `${base}.synthetic.csv`);
  const temp = tempNameFor(syntheticPath);
  const out = await synthesizeFile(
    path.join(dir, name),
    { fileName: name, seed: 42, method: DEFAULT_METHOD, holdout: 0.2, allowFormulas: false, ...extra },
    { syntheticPath, temp, elsewhere: 'move the CSV to a folder you can write to' },
  );
  expect(out.syntheticTemp).toBe(temp);
  await replaceFiles([
    { path: path.join(dir, `${base}.synth.json`), data: out.blueprintText },
    { path: syntheticPath, temp },
  ]);
  return out;
}

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');

describe("synthesizeFile: the worker's path writes the CLI's bytes", () => {
  it('a CSV within the sample (adult-2000): blueprint and rows as the CLI writes them and as the in-memory path made them', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, 'adult-2000.csv')));
    const { cliDir, vsDir } = twoFolders('adult-2000.csv', bytes);
    cli(['synthesize', 'adult-2000.csv', '--quiet'], cliDir);
    const out = await asVsCode(vsDir, 'adult-2000.csv');
    expect(out.streamed).toBe(false);
    expect(read(vsDir, 'adult-2000.synth.json')).toBe(read(cliDir, 'adult-2000.synth.json'));
    expect(read(vsDir, 'adult-2000.synthetic.csv')).toBe(read(cliDir, 'adult-2000.synthetic.csv'));
    // The in-memory path (a remote folder's, and every file's before) gives the same bytes.
    const inMemory = synthesize({ csv: bytes, fileName: 'adult-2000.csv', seed: 42, holdout: 0.2 });
    expect(read(vsDir, 'adult-2000.synthetic.csv')).toBe(inMemory.csvText);
    expect(read(vsDir, 'adult-2000.synth.json')).toBe(inMemory.blueprintText);
    // Only the outputs are left: no temporary.
    expect(readdirSync(vsDir).sort()).toEqual(['adult-2000.csv', 'adult-2000.synth.json', 'adult-2000.synthetic.csv']);
  });

  it('a Parquet file within the sample: the same bytes as the CLI and the in-memory path', async () => {
    // A Parquet file of 3,000 rows made from penguins' blueprint (no Parquet fixture is checked in).
    const fit = synthesize({
      csv: new Uint8Array(readFileSync(path.join(FIXTURES, 'penguins.csv'))),
      fileName: 'penguins.csv',
    });
    const parts: Uint8Array[] = [];
    generateStream({ blueprintText: fit.blueprintText, fileName: 'p.synth.json', rows: 3000, format: 'parquet' }, (d) =>
      parts.push(d as Uint8Array),
    );
    const bytes = new Uint8Array(Buffer.concat(parts));
    const { cliDir, vsDir } = twoFolders('birds.parquet', bytes);
    cli(['synthesize', 'birds.parquet', '--quiet'], cliDir);
    const out = await asVsCode(vsDir, 'birds.parquet');
    expect(out.streamed).toBe(false);
    expect(out.sourceRows).toBe(3000);
    expect(read(vsDir, 'birds.synth.json')).toBe(read(cliDir, 'birds.synth.json'));
    expect(read(vsDir, 'birds.synthetic.csv')).toBe(read(cliDir, 'birds.synthetic.csv'));
    const inMemory = synthesize({
      csv: bytes,
      raw: await readParquet(bytes, 'birds.parquet'),
      fileName: 'birds.parquet',
      seed: 42,
      holdout: 0.2,
    });
    expect(read(vsDir, 'birds.synthetic.csv')).toBe(inMemory.csvText);
    expect(read(vsDir, 'birds.synth.json')).toBe(inMemory.blueprintText);
    expect(read(vsDir, 'birds.synthetic.csv').trimEnd().split('\n')).toHaveLength(3001);
  });

  it('a CSV larger than the sample: streamed into the temporary, the bytes of the CLI with the same --sample', async () => {
    const { cliDir, vsDir } = twoFolders(
      'adult.csv',
      new Uint8Array(readFileSync(path.join(FIXTURES, 'adult-2000.csv'))),
    );
    cli(['synthesize', 'adult.csv', '--sample', '500', '--quiet'], cliDir);
    const out = await asVsCode(vsDir, 'adult.csv', { sampleRows: 500 });
    expect(out.streamed).toBe(true);
    expect(out.csvText).toBe('');
    expect(out.sourceRows).toBe(2000);
    expect(read(vsDir, 'adult.synth.json')).toBe(read(cliDir, 'adult.synth.json'));
    expect(read(vsDir, 'adult.synthetic.csv')).toBe(read(cliDir, 'adult.synthetic.csv'));
    expect(read(vsDir, 'adult.synthetic.csv').trimEnd().split('\n')).toHaveLength(2001);
    expect(readdirSync(vsDir).sort()).toEqual(['adult.csv', 'adult.synth.json', 'adult.synthetic.csv']);
  });

  it("Generate's report on a source larger than the sample reads it again into the same samples: Synthesize's report, without the source in memory", async () => {
    const { vsDir } = twoFolders('adult.csv', new Uint8Array(readFileSync(path.join(FIXTURES, 'adult-2000.csv'))));
    const out = await asVsCode(vsDir, 'adult.csv', { sampleRows: 500 });
    const bp = out.blueprint;
    expect(bp.source?.sample).toBe(500);
    // What VS Code's Generate sends the worker for such a source (commands.ts), then the worker's read.
    const sample = await sampleSourceFile(path.join(vsDir, 'adult.csv'), 'adult.csv', {
      sampleRows: bp.source!.sample,
      holdout: bp.source!.holdout,
      seed: bp.seed,
    });
    // adult-2000: 2,000 data rows; the training reservoir holds 500 of them, the held-out one
    // 500 x 0.2 / 0.8 = 125, as Synthesize's report says.
    expect([sample.rows, sample.trainCount, sample.raw.rowCount - sample.trainCount]).toEqual([2000, 500, 125]);
    expect(sample.trainRows).toBe(bp.source!.trainRows);
    const chunks: string[] = [];
    const generated = generateFromText({
      blueprintText: out.blueprintText,
      fileName: 'adult.synth.json',
      sourceSample: sample,
      sink: (d) => chunks.push(d as string),
    });
    // The same rows as Synthesize wrote (same blueprint, same seed), and the same report numbers.
    expect(chunks.join('')).toBe(read(vsDir, 'adult.synthetic.csv'));
    expect(generated.staleSource).toBe(false);
    const a = out.report!;
    const b = generated.report!;
    expect(b.score).toBe(a.score);
    expect(b.scores).toEqual(a.scores);
    expect(b.notes[0]).toMatch(
      /^Large source: 2,000 rows were read as a stream\. .*500 training rows, 125 held-out rows/,
    );
    // A changed source is said to be stale.
    writeFileSync(
      path.join(vsDir, 'adult.csv'),
      `${read(vsDir, 'adult.csv')}39,Private,1,HS-grad,9,Never-married,Sales,Own-child,White,Male,0,0,40,United-States,<=50K\n`,
    );
    const changed = await sampleSourceFile(path.join(vsDir, 'adult.csv'), 'adult.csv', {
      sampleRows: 500,
      holdout: bp.source!.holdout,
      seed: bp.seed,
    });
    expect(changed.rows).toBe(2001);
    expect(
      generateFromText({ blueprintText: out.blueprintText, fileName: 'adult.synth.json', sourceSample: changed })
        .staleSource,
    ).toBe(true);
  });

  it('keeps the constraints written in the blueprint it replaces, as the CLI does with --force', async () => {
    const { cliDir, vsDir } = twoFolders(
      'penguins.csv',
      new Uint8Array(readFileSync(path.join(FIXTURES, 'penguins.csv'))),
    );
    cli(['synthesize', 'penguins.csv', '--quiet'], cliDir);
    const edited = JSON.parse(read(cliDir, 'penguins.synth.json'));
    edited.constraints = [{ expr: 'body_mass_g >= 2700', description: 'no penguin lighter than that' }];
    const previousBlueprint = JSON.stringify(edited, null, 2);
    writeFileSync(path.join(cliDir, 'penguins.synth.json'), previousBlueprint);
    cli(['synthesize', 'penguins.csv', '--force', '--quiet'], cliDir);
    await asVsCode(vsDir, 'penguins.csv', { previousBlueprint });
    const refit = read(vsDir, 'penguins.synth.json');
    expect(refit).toBe(read(cliDir, 'penguins.synth.json'));
    expect(JSON.parse(refit).constraints).toEqual(edited.constraints);
    expect(read(vsDir, 'penguins.synthetic.csv')).toBe(read(cliDir, 'penguins.synthetic.csv'));
  });

  it('a missing source is said in one line, and nothing is written', async () => {
    const dir = tempDir('synth-file-');
    const syntheticPath = path.join(dir, 'gone.synthetic.csv');
    await expect(
      synthesizeFile(path.join(dir, 'gone.csv'), { fileName: 'gone.csv' }, { syntheticPath, elsewhere: 'x' }),
    ).rejects.toMatchObject({ code: 'file/not-found', message: 'gone.csv does not exist.' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a source that fails while being read (a quote never closed) leaves no temporary', async () => {
    const dir = tempDir('synth-file-');
    copyFileSync(path.join(FIXTURES, 'penguins.csv'), path.join(dir, 'bad.csv'));
    writeFileSync(path.join(dir, 'bad.csv'), `${read(dir, 'bad.csv')}Adelie,"Torgersen,1,2,3,4,MALE\n`);
    const syntheticPath = path.join(dir, 'bad.synthetic.csv');
    await expect(
      synthesizeFile(path.join(dir, 'bad.csv'), { fileName: 'bad.csv' }, { syntheticPath, elsewhere: 'x' }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^csv\//) });
    expect(readdirSync(dir)).toEqual(['bad.csv']);
  });
});
