import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, tempDir } from '../../unit/helpers';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** titanic.csv split into train.csv (first 700 rows) and holdout.csv (the rest). */
function workspace(): string {
  const dir = tempDir('synth-quality-');
  copyFileSync(path.join(FIXTURES, 'titanic.csv'), path.join(dir, 'titanic.csv'));
  const lines = readFileSync(path.join(FIXTURES, 'titanic.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(path.join(dir, 'train.csv'), `${lines.slice(0, 701).join('\n')}\n`);
  writeFileSync(path.join(dir, 'holdout.csv'), `${[lines[0], ...lines.slice(701)].join('\n')}\n`);
  return dir;
}

describe('synth-studio report and --holdout', () => {
  it('report REAL SYNTH --holdout H --target C measures privacy and utility', () => {
    const dir = workspace();
    expect(run(['synthesize', 'train.csv', '--holdout', '0', '--quiet'], dir).code).toBe(0);
    const r = run(
      [
        'report',
        'train.csv',
        'train.synthetic.csv',
        '--holdout',
        'holdout.csv',
        '--target',
        'survived',
        '--json',
        'r.json',
        '--html',
        'r.html',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/utility\s+\d+\.\d% \(weight 0\.40\)/);
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
    // the privacy line names the DCR share the report holds
    expect(r.stdout).toMatch(
      new RegExp(
        `privacy\\s+\\d+\\.\\d% \\(weight 0\\.20; DCR share ${report.privacy.dcrShare.toFixed(2)}, 0\\.50 as fresh data\\)`,
      ),
    );
    expect(report.holdout).toMatchObject({ name: 'holdout.csv', rows: 191 });
    expect(report.utility.target).toMatchObject({ column: 'survived', chosenBy: 'option' });
    expect(report.privacy.dcrShare).toEqual(expect.any(Number));
    expect(report.distinguishability.score).toEqual(expect.any(Number));
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toContain('"dcrShare"');
  });

  it('without --holdout the holdout parts are skipped, and say so', () => {
    const dir = workspace();
    run(['synthesize', 'titanic.csv', '--quiet'], dir);
    const r = run(['report', 'titanic.csv', 'titanic.synthetic.csv', '--json', 'r.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/utility\s+skipped: no --holdout file was given/);
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(report.scores.fidelity.appliedWeight).toBe(1);
    expect(report.privacy.dcrShare).toBeNull();
  });

  it('synthesize --holdout 0 fits on every row and skips the holdout parts; a fraction is not a report holdout', () => {
    const dir = workspace();
    const r = run(['synthesize', 'titanic.csv', '--holdout', '0'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/privacy\s+skipped: fitted on all rows \(holdout 0\)/);
    const bad = run(['report', 'titanic.csv', 'titanic.synthetic.csv', '--holdout', '0.2'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--holdout takes the held-out rows as a CSV file/);
    const typo = run(['report', 'titanic.csv', 'titanic.synthetic.csv', '--target', 'survivd'], dir);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/no column "survivd"/);
  });

  it('report BLUEPRINT: the rows of a rules blueprint checked against what it declares, no score', () => {
    const dir = tempDir('synth-design-');
    expect(run(['new', 'churn', '--out', 'churn.synth.json'], dir).code).toBe(0);
    const r = run(['report', 'churn.synth.json', '--json', 'd.json', '--html', 'd.html'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/checks\s+18\/18 pass/);
    expect(r.stdout).toMatch(/target\s+churn = Yes: \d+\.\d% \(declared 26\.5% ± 2\.\d%, within tolerance\)/);
    expect(r.stdout).toMatch(/no score/);
    // generate streams its rows to disk and points at the report.
    expect(run(['generate', 'churn.synth.json'], dir).stdout).toContain('report: synth-studio report churn.synth.json');
    const report = JSON.parse(readFileSync(path.join(dir, 'd.json'), 'utf8'));
    expect(report.kind).toBe('design');
    expect(report.score).toBeUndefined();
    expect(readFileSync(path.join(dir, 'd.html'), 'utf8')).toContain('"kind":"design"');
    // A derived column that inherits its input's missing values misses its own declared rate:
    // y is missing when x is (20%) or by its own 10%, 1 - 0.8 * 0.9 = 28% in all, far beyond 3 SE of 10%.
    writeFileSync(
      path.join(dir, 'miss.synth.json'),
      JSON.stringify({
        version: 1,
        name: 'miss',
        method: 'rules',
        rows: 2000,
        seed: 3,
        columns: [
          { name: 'x', type: 'number', missing: 0.2, distribution: { kind: 'normal', mean: 0, sd: 1 } },
          { name: 'y', type: 'number', missing: 0.1, distribution: { kind: 'derived', expr: 'x * 2' } },
        ],
        constraints: [{ expr: 'x < 1' }],
      }),
    );
    const miss = run(['report', 'miss.synth.json'], dir);
    expect(miss.code).toBe(0);
    expect(miss.stdout).toMatch(/rates\s+1\/2 declared rates within 3 standard errors/);
    expect(miss.stdout).toMatch(/off\s+y is missing: 2\d\.\d%, declared 10\.0%/);
    expect(miss.stdout).toMatch(/broken\s+x < 1: [\d,]+ rows/);
  });
});
