/**
 * Streaming synthesize (src/core/synthesizeStream.ts): a source that fits the sample gives the
 * bytes `synthesize` gives; a larger one is counted in one pass and fitted on a reservoir sample.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readParquet, readParquetGroups } from '../../../src/core/csv/parquet';
import { readCsv } from '../../../src/core/csv/read';
import { heldOutByHash } from '../../../src/core/holdout';
import { generateStream, synthesize } from '../../../src/core/pipeline';
import { SynthesizeStream, type StreamSynthesizeInput } from '../../../src/core/synthesizeStream';

const ROOT = path.join(__dirname, '..', '..', '..');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(ROOT, 'test', 'fixtures', name)));

function streamed(bytes: Uint8Array, input: StreamSynthesizeInput, chunk = 65_536) {
  const job = new SynthesizeStream(input);
  for (let i = 0; i < bytes.length; i += chunk) job.push(bytes.subarray(i, i + chunk));
  const sink: string[] = [];
  const out = job.finish(
    () => createHash('sha256').update(bytes).digest('hex'),
    (d) => sink.push(d as string),
  );
  return { out, sinkText: sink.join('') };
}

describe('synthesize read as a stream', () => {
  // The bundled samples, every fitted method: identical bytes to the in-memory path.
  const cases: [string, 'cart' | 'copula' | 'augment'][] = [
    ['penguins.csv', 'cart'],
    ['penguins.csv', 'copula'],
    ['taxis-200.csv', 'cart'],
    ['adult-2000.csv', 'cart'],
    ['titanic.csv', 'augment'],
  ];
  for (const [file, method] of cases)
    it(`gives synthesize's bytes for ${file} (${method}), which fits the sample`, () => {
      const bytes = fixture(file);
      const expected = synthesize({ csv: bytes, fileName: file, method });
      const { out, sinkText } = streamed(bytes, { fileName: file, method }, 4096);
      expect(out.streamed).toBe(false);
      expect(sinkText).toBe('');
      expect(out.blueprintText).toBe(expected.blueprintText);
      expect(out.csvText).toBe(expected.csvText);
      expect(out.reportText).toBe(expected.reportText);
    });

  it('reads a small Windows-1252 file as synthesize does (it was refused as not UTF-8)', () => {
    // "José", "München", "Köln" in Windows-1252: bytes 0xE9, 0xFC, 0xF6, not valid UTF-8.
    const text =
      'name,city,n\n' +
      Array.from({ length: 40 }, (_, i) => `Jos\u00e9 ${i % 4},${['M\u00fcnchen', 'K\u00f6ln'][i % 2]},${i % 9}`).join(
        '\n',
      );
    const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const expected = synthesize({ csv: bytes, fileName: 'latin.csv' });
    const { out } = streamed(bytes, { fileName: 'latin.csv' }, 100);
    expect(out.streamed).toBe(false);
    expect(out.sourceRows).toBe(40);
    expect(out.blueprintText).toBe(expected.blueprintText);
    expect(out.blueprintText).toContain('M\u00fcnchen');
  });

  it('reads a source with more line breaks than the sample has rows, and synthesizes it whole when its rows fit', () => {
    // 8 rows, each with a note over three lines: 17 line breaks, more than the sample's 10 rows.
    const lines = ['id,note,n'];
    for (let i = 0; i < 8; i++) lines.push(`${i},"line one\nline two\nline ${i}",${i % 3}`);
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
    const expected = synthesize({ csv: bytes, fileName: 'notes.csv', method: 'copula' });
    const { out } = streamed(bytes, { fileName: 'notes.csv', method: 'copula', sampleRows: 10 }, 16);
    expect(out.streamed).toBe(false);
    expect(out.sourceRows).toBe(8);
    expect(out.blueprintText).toBe(expected.blueprintText);
    expect(out.csvText).toBe(expected.csvText);
  });

  it('fits a larger source on a reservoir sample and counts its marginals over every training row', () => {
    const bytes = fixture('adult-2000.csv');
    const raw = readCsv(bytes);
    const told: number[] = [];
    const { out, sinkText } = streamed(
      bytes,
      { fileName: 'adult-2000.csv', sampleRows: 500, seed: 7, onGenerateRows: (n) => told.push(n) },
      10_000,
    );
    expect(out.streamed).toBe(true);
    // The rows about to be generated are told once, before the first is made (for progress).
    expect(told).toEqual([2000]);
    const bp = out.blueprint;
    // Held out by the hash of each row's number: the expected split computed row by row.
    const train: number[] = [];
    for (let r = 0; r < 2000; r++) if (!heldOutByHash(r, 0.2, 7)) train.push(r);
    expect(bp.source).toMatchObject({ rows: 2000, trainRows: train.length, holdout: 0.2, sample: 500 });
    expect(bp.source!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(bp.rows).toBe(2000);
    // Every synthetic row went to the sink (header + 2,000 lines), none to csvText.
    expect(out.csvText).toBe('');
    expect(sinkText.trimEnd().split('\n')).toHaveLength(2001);
    // Missing rate of workclass ('?' cells) over all training rows, not the sample's.
    const workclass = raw.columns[raw.header.indexOf('workclass')];
    const missing = train.filter((r) => workclass[r] === null).length / train.length;
    expect(bp.columns.find((c) => c.name === 'workclass')!.missing).toBeCloseTo(missing, 6);
    // Category shares over all training rows: sex has two frequent levels.
    const sex = raw.columns[raw.header.indexOf('sex')];
    const male = train.filter((r) => sex[r] === 'Male').length / train.length;
    const dist = bp.columns.find((c) => c.name === 'sex')!.distribution;
    expect(dist?.kind === 'categorical' && dist.probabilities.Male).toBeCloseTo(male, 6);
    // Exact bounds of a number column over the training rows.
    const age = raw.columns[raw.header.indexOf('age')];
    const ages = train.map((r) => Number(age[r]));
    const ageSpec = bp.columns.find((c) => c.name === 'age')!;
    expect(ageSpec.min).toBe(Math.min(...ages));
    expect(ageSpec.max).toBe(Math.max(...ages));
    // The report says what it was computed on.
    expect(out.report.notes[0]).toMatch(/2,000 rows were read as a stream/);
    // The report's real rows: the 500-row training reservoir and the held-out one (500 x 0.2 / 0.8 = 125).
    expect(out.report.real.rows).toBe(625);
  });

  it('counts the levels of a number-code column the sample pooled towards the nearest named one', () => {
    // siblings: 0, 1, 2 common; 5 in 1% of rows, about 2 of a 200-row sample (pooled into 2
    // there), 24 or so of the 2,400 training rows: streamed, its rows count as 2 (not lost).
    const lines = ['siblings,n'];
    for (let r = 0; r < 3000; r++) lines.push(`${r % 100 === 7 ? 5 : [0, 0, 0, 1, 1, 2][r % 6]},${r % 13}`);
    const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
    const { out } = streamed(bytes, { fileName: 's.csv', sampleRows: 200, seed: 4 });
    expect(out.streamed).toBe(true);
    const train: number[] = [];
    for (let r = 0; r < 3000; r++) if (!heldOutByHash(r, 0.2, 4)) train.push(r);
    const value = (r: number): string => lines[r + 1].split(',')[0];
    const spec = out.blueprint.columns.find((c) => c.name === 'siblings')!;
    const p = spec.distribution?.kind === 'categorical' ? spec.distribution.probabilities : {};
    expect(Object.keys(p).sort()).toEqual(['0', '1', '2']);
    // Counted row by row here: the 2s and the 5s over the training rows.
    const twoOrFive = train.filter((r) => value(r) === '2' || value(r) === '5').length / train.length;
    expect(p['2']).toBeCloseTo(twoOrFive, 5);
  });

  it("counts a number column's distribution exactly over every training row, past a sketch's size", () => {
    // adult-2000 three times (6,000 rows, about 4,800 training rows): more than the 4,096 values a
    // quantile sketch holds exactly, so an approximate count would show in the shares below.
    const text = new TextDecoder().decode(fixture('adult-2000.csv')).trimEnd().split('\n');
    const lines = [text[0], ...text.slice(1), ...text.slice(1), ...text.slice(1)];
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
    const { out } = streamed(bytes, { fileName: 'adult.csv', sampleRows: 500, seed: 3 });
    const header = text[0].split(',');
    const col = header.indexOf('hours-per-week');
    const hours: number[] = [];
    for (let r = 0; r < lines.length - 1; r++)
      if (!heldOutByHash(r, 0.2, 3)) hours.push(Number(lines[r + 1].split(',')[col]));
    const spec = out.blueprint.columns.find((c) => c.name === 'hours-per-week')!;
    const dist = spec.distribution;
    if (dist?.kind !== 'empirical') throw new Error('expected an empirical distribution');
    // A frequent value is written as two points with the same value (docs/blueprint.md,
    // `empirical`): the second one's probability is the share of training cells at or below it,
    // counted here row by row.
    const checked = new Set<number>();
    const qs = dist.quantiles.map(Number);
    qs.forEach((v, i) => {
      if (qs[i + 1] === v || qs[i - 1] !== v) return;
      const share = hours.filter((a) => a <= v).length / hours.length;
      expect(dist.probabilities![i], `share at or below ${v}`).toBeCloseTo(share, 4);
      checked.add(v);
    });
    expect(checked.size).toBeGreaterThan(20);
  });

  it('counts a column with more distinct numbers than the reader numbers by a sketch, with those it numbered', () => {
    // x: 80,000 distinct values, rising (the reader numbers the first 65,536 it meets, 0 ... 65,535,
    // the rest go to the sketch); its true quartiles over the training rows are computed here.
    const lines = ['x,k'];
    for (let i = 0; i < 80_000; i++) lines.push(`${i + 0.5},${i % 3}`);
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
    const { out } = streamed(bytes, { fileName: 'wide.csv', sampleRows: 500, seed: 5, rows: 100 });
    const xs: number[] = [];
    for (let r = 0; r < 80_000; r++) if (!heldOutByHash(r, 0.2, 5)) xs.push(Number(lines[r + 1].split(',')[0]));
    xs.sort((a, b) => a - b);
    const spec = out.blueprint.columns.find((c) => c.name === 'x')!;
    expect(spec.min).toBe(xs[0]);
    expect(spec.max).toBe(xs[xs.length - 1]);
    const dist = spec.distribution;
    if (dist?.kind !== 'empirical') throw new Error('expected an empirical distribution');
    // Interpolate the blueprint's table at each quartile: within the sketch's bound, 0.3% of the rows.
    const at = (p: number): number => {
      const qs = dist.quantiles.map(Number);
      const ps = dist.probabilities ?? qs.map((_, i) => i / (qs.length - 1));
      const j = ps.findIndex((v) => v >= p);
      return j <= 0 ? qs[0] : qs[j - 1] + ((p - ps[j - 1]) / (ps[j] - ps[j - 1])) * (qs[j] - qs[j - 1]);
    };
    for (const p of [0.25, 0.5, 0.75])
      expect(Math.abs(at(p) - xs[Math.floor(p * xs.length)])).toBeLessThan(0.003 * 80_000);
  });

  it('reports a malformed row deep in a large source with its line, and keeps going', () => {
    const text = new TextDecoder().decode(fixture('adult-2000.csv')).split('\n');
    text[1500] = '39,State-gov,oops';
    const bytes = new TextEncoder().encode(text.join('\n'));
    const { out } = streamed(bytes, { fileName: 'adult.csv', sampleRows: 300 });
    const w = out.warnings.find((p) => p.code === 'csv/ragged-row')!;
    expect(w.line).toBe(1501);
    expect(w.message).toContain('line 1501 (3 fields)');
    expect(out.blueprint.source!.rows).toBe(1999);
  });

  it('refuses augment on a source larger than the sample, saying what to do', () => {
    expect(() =>
      streamed(fixture('adult-2000.csv'), { fileName: 'a.csv', sampleRows: 100, method: 'augment' }),
    ).toThrow(/needs the whole table in memory/);
  });

  it('reads Parquet row group by row group: the same bytes as before when it fits the sample, streamed when not', async () => {
    // A Parquet file of 3,000 rows (row groups of 65,536 rows: one group) from penguins' blueprint.
    const fit = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv' });
    const parts: Uint8Array[] = [];
    generateStream({ blueprintText: fit.blueprintText, fileName: 'p.synth.json', rows: 3000, format: 'parquet' }, (d) =>
      parts.push(d as Uint8Array),
    );
    const bytes = new Uint8Array(Buffer.concat(parts));
    const file = {
      byteLength: bytes.length,
      slice: (s: number, e?: number) => Promise.resolve(bytes.slice(s, e).buffer),
    };
    const sha = createHash('sha256').update(bytes).digest('hex');
    const run = async (input: StreamSynthesizeInput) => {
      const job = new SynthesizeStream(input);
      await readParquetGroups(file, 'p.parquet', (header, columns, rows) => job.pushRows(header, columns, rows));
      const sink: string[] = [];
      return {
        out: job.finish(
          () => sha,
          (d) => sink.push(d as string),
        ),
        sink: sink.join(''),
      };
    };
    const expected = synthesize({ csv: bytes, raw: await readParquet(bytes, 'p.parquet'), fileName: 'p.parquet' });
    const small = await run({ fileName: 'p.parquet' });
    expect(small.out.streamed).toBe(false);
    expect(small.out.blueprintText).toBe(expected.blueprintText);
    expect(small.out.csvText).toBe(expected.csvText);
    expect(small.out.reportText).toBe(expected.reportText);
    const big = await run({ fileName: 'p.parquet', sampleRows: 1000 });
    expect(big.out.streamed).toBe(true);
    expect(big.out.blueprint.source).toMatchObject({ rows: 3000, sample: 1000, sha256: sha });
    expect(big.sink.trimEnd().split('\n')).toHaveLength(3001);
  });
});
