import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, tempDir } from '../../unit/helpers';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function workspace(): string {
  const dir = tempDir('synth-cli-');
  copyFileSync(path.join(FIXTURES, 'penguins.csv'), path.join(dir, 'penguins.csv'));
  return dir;
}

describe('synth-studio CLI', () => {
  it('synthesize --out-dir records the source relative to the blueprint, so validate and generate find it', () => {
    const dir = workspace();
    expect(run(['synthesize', 'penguins.csv', '--out-dir', 'out/run1'], dir).code).toBe(0);
    const blueprint = JSON.parse(readFileSync(path.join(dir, 'out', 'run1', 'penguins.synth.json'), 'utf8'));
    expect(blueprint.source.path).toBe('../../penguins.csv');
    const v = run(['validate', 'out/run1/penguins.synth.json'], dir);
    expect(v.stdout + v.stderr).toMatch(/no problems/);
    // Synthesize wrote the blueprint's output.path already: replacing it takes --force.
    expect(run(['generate', 'out/run1/penguins.synth.json', '--rows', '20'], dir).code).toBe(1);
    expect(run(['generate', 'out/run1/penguins.synth.json', '--rows', '20', '--force'], dir).code).toBe(0);
  });

  it('synthesize --force over an edited blueprint keeps the constraints written in it', () => {
    const dir = workspace();
    expect(run(['synthesize', 'penguins.csv'], dir).code).toBe(0);
    const file = path.join(dir, 'penguins.synth.json');
    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.constraints = [{ expr: 'body_mass_g >= 2700', description: 'no penguin lighter than that' }];
    writeFileSync(file, JSON.stringify(edited, null, 2));
    expect(run(['synthesize', 'penguins.csv', '--force', '--seed', '9'], dir).code).toBe(0);
    const refit = JSON.parse(readFileSync(file, 'utf8'));
    expect(refit.seed).toBe(9);
    expect(refit.constraints).toEqual([{ expr: 'body_mass_g >= 2700', description: 'no penguin lighter than that' }]);
  });

  it('synthesize names the exact relations it found and kept (titanic: four category mappings)', () => {
    const dir = tempDir('synth-cli-');
    copyFileSync(path.join(FIXTURES, 'titanic.csv'), path.join(dir, 'titanic.csv'));
    const r = run(['synthesize', 'titanic.csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^  relations   kept exactly: alive from survived, class from pclass, embark_town from embarked, adult_male from who$/m,
    );
  });

  it('synthesize writes the four outputs, prints a summary, and refuses to clobber the blueprint', () => {
    const dir = workspace();
    const r = run(['synthesize', 'penguins.csv', '--seed', '3'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Synthesized penguins\.csv \(344 rows x 7 columns\) with cart, seed 3/);
    // An A+ score held to A by a weaker part says so (gradeOfParts).
    expect(r.stdout).toMatch(/quality\s+\d+\.\d% \((A\+|A|B\+|B|C|F)(; A\+ asks 90 of every part)?\)/);
    // penguins has no exact relation between columns: no relations line.
    expect(r.stdout).not.toMatch(/relations/);
    expect(readdirSync(dir).sort()).toEqual([
      'penguins.csv',
      'penguins.report.html',
      'penguins.report.json',
      'penguins.synth.json',
      'penguins.synthetic.csv',
    ]);
    const report = JSON.parse(readFileSync(path.join(dir, 'penguins.report.json'), 'utf8'));
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['score', 'grade', 'fidelity']));
    expect(report.fidelity.columns.species).toMatchObject({ metric: 'TVComplement', score: expect.any(Number) });
    const html = readFileSync(path.join(dir, 'penguins.report.html'), 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('id="report-data"');

    const before = statSync(path.join(dir, 'penguins.synth.json')).mtimeMs;
    const again = run(['synthesize', 'penguins.csv'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/penguins\.synth\.json already exists .*--force/);
    expect(statSync(path.join(dir, 'penguins.synth.json')).mtimeMs).toBe(before);
    expect(run(['synthesize', 'penguins.csv', '--force'], dir).code).toBe(0);
  });

  it('same seed, same input: byte-identical files', () => {
    const a = workspace();
    const b = workspace();
    run(['synthesize', 'penguins.csv', '--seed', '11'], a);
    run(['synthesize', 'penguins.csv', '--seed', '11'], b);
    for (const f of ['penguins.synth.json', 'penguins.synthetic.csv', 'penguins.report.json', 'penguins.report.html']) {
      expect(readFileSync(path.join(a, f), 'utf8')).toBe(readFileSync(path.join(b, f), 'utf8'));
    }
  });

  it('generate, with --rows and --out', () => {
    const dir = workspace();
    run(['synthesize', 'penguins.csv'], dir);
    const r = run(['generate', 'penguins.synth.json', '--rows', '50', '--out', 'small.csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Generated 50 rows/);
    const lines = readFileSync(path.join(dir, 'small.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(51);
  });

  it('report compares two CSVs and writes JSON and HTML', () => {
    const dir = workspace();
    run(['synthesize', 'penguins.csv'], dir);
    const r = run(['report', 'penguins.csv', 'penguins.synthetic.csv', '--json', 'r.json', '--html', 'r.html'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/penguins\.csv vs penguins\.synthetic\.csv/);
    expect(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')).grade).toMatch(/^(A\+|A|B\+|B|C|F)$/);
  });

  it('validate prints file:line:col: severity: message and exits 1 on errors', () => {
    const dir = workspace();
    run(['synthesize', 'penguins.csv'], dir);
    const file = path.join(dir, 'penguins.synth.json');
    const text = readFileSync(file, 'utf8')
      .replace('"rows": 344', '"rows": -3')
      .replace('"seed": 42', '"seed": 42,\n  "sead": 1');
    writeFileSync(file, text);
    const r = run(['validate', 'penguins.synth.json'], dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    // Where the edits are in the file, 1-based, found independently of the validator.
    const fileLines = text.split('\n');
    const rowsLine = fileLines.findIndex((l) => l.includes('"rows": -3')) + 1;
    const rowsCol = fileLines[rowsLine - 1].indexOf('-3') + 1;
    const seadLine = fileLines.findIndex((l) => l.includes('"sead"')) + 1;
    expect(lines).toContainEqual(
      `penguins.synth.json:${rowsLine}:${rowsCol}: error: "rows" must be a whole number of at least 0. (at rows)`,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^penguins\\.synth\\.json:${seadLine}:3: warning: Unknown property "sead"; did you mean "seed"\\?`),
      ),
    );
  });

  it('bad input: one line naming the file, exit 1, no stack trace, nothing written', () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
    const r = run(['synthesize', 'ragged.csv'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'synth-studio: error: ragged.csv:3: row has 1 field, but the header has 2. Add the missing fields (leave them empty for missing values).\n',
    );
    expect(readdirSync(dir).sort()).toEqual(['penguins.csv', 'ragged.csv']);

    const missing = run(['synthesize', 'nope.csv'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^synth-studio: error: nope\.csv does not exist\./);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('usage errors exit 2 with a hint', () => {
    const dir = workspace();
    const r = run(['synthesize', 'penguins.csv', '--rows', 'many'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rows must be a whole number/);
    expect(run(['frobnicate'], dir).code).toBe(2);
  });
});
