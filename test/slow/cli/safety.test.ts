// The command line as a careless or hostile user meets it: nothing existing is replaced without
// --force, a blueprint cannot write outside its folder, outputs are checked before the work, bad
// paths and arguments give exit 1 or 2 with what to do.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, tempDir } from '../../unit/helpers';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function workspace(): string {
  const dir = tempDir('synth-safety-');
  copyFileSync(path.join(FIXTURES, 'penguins.csv'), path.join(dir, 'penguins.csv'));
  return dir;
}

/** Name, size and content hash of every file under `dir`: what "nothing was written" compares. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A small rules blueprint, with `output` as given. */
function rulesBlueprint(output?: object): string {
  return JSON.stringify({
    version: 1,
    name: 'tiny',
    method: 'rules',
    rows: 3,
    seed: 1,
    ...(output ? { output } : {}),
    columns: [{ name: 'x', type: 'number', distribution: { kind: 'uniform', low: 0, high: 1 } }],
  });
}

let fitted: string;
beforeAll(() => {
  fitted = workspace();
  expect(run(['synthesize', 'penguins.csv', '--quiet'], fitted).code).toBe(0);
});

describe('nothing existing is replaced without --force', () => {
  it('generate --out onto an existing file: exit 1, the file untouched; --force replaces it', () => {
    const dir = workspace();
    copyFileSync(path.join(fitted, 'penguins.synth.json'), path.join(dir, 'penguins.synth.json'));
    writeFileSync(path.join(dir, 'precious.csv'), 'my,data\n1,2\n');
    const r = run(['generate', 'penguins.synth.json', '--out', 'precious.csv'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'synth-studio: error: ./precious.csv already exists; nothing was written. Pass --force to replace it, or --out FILE to write elsewhere.\n',
    );
    expect(readFileSync(path.join(dir, 'precious.csv'), 'utf8')).toBe('my,data\n1,2\n');
    expect(run(['generate', 'penguins.synth.json', '--out', 'precious.csv', '--force'], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, 'precious.csv'), 'utf8')).toMatch(/^species,island,/);
  });

  it("generate onto the blueprint's existing output.path needs --force", () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'tiny.synth.json'), rulesBlueprint({ path: 'mine.csv', format: 'csv' }));
    writeFileSync(path.join(dir, 'mine.csv'), 'keep me\n');
    const r = run(['generate', 'tiny.synth.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.\/mine\.csv already exists; nothing was written\. Pass --force/);
    expect(readFileSync(path.join(dir, 'mine.csv'), 'utf8')).toBe('keep me\n');
  });

  it('synthesize with an existing synthetic CSV or report but no blueprint writes nothing', () => {
    for (const existing of ['penguins.synthetic.csv', 'penguins.report.html', 'penguins.report.json']) {
      const dir = workspace();
      writeFileSync(path.join(dir, existing), 'mine');
      const before = snapshot(dir);
      const r = run(['synthesize', 'penguins.csv'], dir);
      expect(r.code, existing).toBe(1);
      expect(r.stderr).toContain(`./${existing} already exists; nothing was written.`);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('report --json / --html and new --out onto existing files need --force', () => {
    const dir = workspace();
    copyFileSync(path.join(fitted, 'penguins.synthetic.csv'), path.join(dir, 'penguins.synthetic.csv'));
    writeFileSync(path.join(dir, 'r.json'), 'mine');
    const r = run(['report', 'penguins.csv', 'penguins.synthetic.csv', '--json', 'r.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /\.\/r\.json already exists; nothing was written\. Pass --force to replace it, or --json FILE/,
    );
    expect(readFileSync(path.join(dir, 'r.json'), 'utf8')).toBe('mine');
    const before = readdirSync(dir);
    expect(run(['new', 'churn'], dir).code).toBe(0);
    const [written] = readdirSync(dir).filter((f) => !before.includes(f));
    writeFileSync(path.join(dir, written), 'mine');
    const again = run(['new', 'churn'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`./${written} already exists; nothing was written.`);
    expect(readFileSync(path.join(dir, written), 'utf8')).toBe('mine');
  });

  it('outputs are checked before the input is read or fitted: a CSV that cannot be fitted still gets "already exists"', () => {
    const dir = workspace();
    // Garbage that would fail to parse as a table; the exists check comes first, so it says that.
    writeFileSync(path.join(dir, 'data.csv'), 'a,b\n1\n');
    writeFileSync(path.join(dir, 'data.report.html'), 'mine');
    const r = run(['synthesize', 'data.csv'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/data\.report\.html already exists/);
  });
});

describe("a blueprint's output.path stays in the blueprint's folder", () => {
  const escapes: [string, (outside: string) => string][] = [
    ['an absolute path', (outside) => path.join(outside, 'escaped.csv')],
    ['a path with ..', () => '../escaped.csv'],
    ['a path with .. deeper down', () => 'a/b/../../../escaped.csv'],
    ['a symbolic link to another folder', () => 'link/escaped.csv'],
  ];
  for (const [what, outputPath] of escapes)
    it(`${what}: validate warns, generate refuses without --force`, () => {
      const root = tempDir('synth-confine-');
      const dir = path.join(root, 'shared');
      const outside = path.join(root, 'elsewhere');
      mkdirSync(dir);
      mkdirSync(outside);
      symlinkSync(outside, path.join(dir, 'link'));
      const out = outputPath(outside);
      writeFileSync(path.join(dir, 'tiny.synth.json'), rulesBlueprint({ path: out, format: 'csv' }));
      const v = run(['validate', 'tiny.synth.json'], dir);
      if (what.includes('symbolic'))
        // Paths alone cannot tell a link: the writers check the disk.
        expect(v.code).toBe(0);
      else {
        expect(v.code).toBe(0);
        expect(v.stdout).toMatch(
          /^tiny\.synth\.json:1:\d+: warning: Output "path" .* points outside the blueprint's folder/m,
        );
      }
      const before = snapshot(root);
      const g = run(['generate', 'tiny.synth.json'], dir);
      expect(g.code).toBe(1);
      expect(g.stderr).toMatch(
        /points outside the blueprint's folder .*nothing was written.*Pass --out FILE .* or --force/,
      );
      expect(snapshot(root)).toEqual(before);
      const forced = run(['generate', 'tiny.synth.json', '--force'], dir);
      expect(forced.code).toBe(0);
      expect(readdirSync(what.includes('symbolic') || what.includes('absolute') ? outside : root)).toContain(
        'escaped.csv',
      );
    });

  it('a path inside the folder, even through .., is fine and no warning', () => {
    const dir = tempDir('synth-confine-');
    writeFileSync(path.join(dir, 'tiny.synth.json'), rulesBlueprint({ path: 'out/../rows/x.csv', format: 'csv' }));
    const v = run(['validate', 'tiny.synth.json'], dir);
    expect(v.stdout).toBe('');
    expect(run(['generate', 'tiny.synth.json'], dir).code).toBe(0);
    expect(readdirSync(path.join(dir, 'rows'))).toEqual(['x.csv']);
  });
});

describe('paths that cannot be written: exit 1 with what to do', () => {
  it('--out-dir names a file', () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'afile'), 'x');
    const r = run(['synthesize', 'penguins.csv', '--out-dir', 'afile'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^synth-studio: error: \.\/afile is a file, so .* cannot be written inside it; nothing was written\. Choose another --out-dir DIR/,
    );
    expect(r.stderr).not.toMatch(/internal error|EEXIST|ENOTDIR/);
  });

  it('--out names a folder', () => {
    const dir = workspace();
    copyFileSync(path.join(fitted, 'penguins.synth.json'), path.join(dir, 'penguins.synth.json'));
    mkdirSync(path.join(dir, 'outdir'));
    const r = run(['generate', 'penguins.synth.json', '--out', 'outdir', '--force'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /\.\/outdir is a folder; the output must be a file path; nothing was written\. Give a file path with --out FILE/,
    );
    expect(r.stderr).not.toMatch(/internal error|EISDIR/);
  });
});

describe('arguments', () => {
  const extra: [string, string[]][] = [
    ['synthesize', ['synthesize', 'penguins.csv', 'other.csv']],
    ['generate', ['generate', 'a.synth.json', 'b']],
    ['validate', ['validate', 'a.synth.json', 'extra', 'arg']],
    ['report', ['report', 'a.csv', 'b.csv', 'c.csv']],
    ['new', ['new', 'churn', 'retail']],
    ['schema', ['schema', 'x']],
    ['templates', ['templates', 'x']],
  ];
  for (const [command, args] of extra)
    it(`${command} with an extra argument exits 2 and names it`, () => {
      const dir = workspace();
      const r = run(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`^synth-studio: ${command} takes .*; unexpected .*"${args[args.length - 1]}"`),
      );
      expect(readdirSync(dir)).toEqual(['penguins.csv']);
    });

  it('short options are refused by name; -- ends the options; --version prints the version', () => {
    const dir = workspace();
    const r = run(['synthesize', '-f', 'penguins.csv'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^synth-studio: Unknown option -f\./);
    expect(run(['validate', '--', '--odd-name.synth.json'], dir).stderr).toMatch(
      /--odd-name\.synth\.json does not exist/,
    );
    const v = run(['--version'], dir);
    expect(v.stdout).toBe(
      `synth-studio ${JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version}\n`,
    );
  });

  it('an output flag ending in a slash or empty is refused', () => {
    const dir = workspace();
    copyFileSync(path.join(fitted, 'penguins.synth.json'), path.join(dir, 'penguins.synth.json'));
    const slash = run(['generate', 'penguins.synth.json', '--out', 'newdir/'], dir);
    expect(slash.code).toBe(1);
    expect(slash.stderr).toMatch(/--out newdir\/ names a folder/);
    expect(run(['generate', 'penguins.synth.json', '--out='], dir).code).toBe(2);
    expect(run(['synthesize', 'penguins.csv', '--holdout', ''], dir).code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['penguins.csv', 'penguins.synth.json']);
  });

  it('--rows above the cap exits 2 at once, naming the cap; a blueprint asking for more is an error at "rows"', () => {
    const dir = workspace();
    const r = run(['synthesize', 'penguins.csv', '--rows', '1000000000000'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rows 1000000000000 is above the limit of 100,000,000 rows/);
    writeFileSync(path.join(dir, 'big.synth.json'), rulesBlueprint().replace('"rows":3', '"rows":1e12'));
    const v = run(['validate', 'big.synth.json'], dir);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/error: "rows" is 1,000,000,000,000; the limit is 100,000,000 rows per run\. \(at rows\)/);
    const g = run(['generate', 'big.synth.json'], dir);
    expect(g.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['big.synth.json', 'penguins.csv']);
  });

  it('too few rows to fit: the message names the file', () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'two.csv'), 'a,b\n1,2\n3,4\n');
    const r = run(['synthesize', 'two.csv'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^synth-studio: error: two\.csv: The table has 2 data rows; fitting needs at least 5/);
  });
});

describe('temporaries of a killed run', () => {
  it('are cleaned up by the next run that writes into their folder', () => {
    const dir = workspace();
    copyFileSync(path.join(fitted, 'penguins.synth.json'), path.join(dir, 'penguins.synth.json'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const stale = `.penguins.synthetic.csv.${dead}-89abcdef.tmp`;
    writeFileSync(path.join(dir, stale), 'half a file');
    expect(run(['generate', 'penguins.synth.json', '--rows', '5'], dir).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('messages speak the terminal', () => {
  it('validate and generate never say "quick fix" (stale source, probabilities that do not sum to 1)', () => {
    const dir = workspace();
    copyFileSync(path.join(fitted, 'penguins.synth.json'), path.join(dir, 'penguins.synth.json'));
    const bp = JSON.parse(readFileSync(path.join(dir, 'penguins.synth.json'), 'utf8'));
    bp.columns[0].distribution.probabilities.Adelie += 0.3;
    writeFileSync(path.join(dir, 'penguins.synth.json'), JSON.stringify(bp, null, 2));
    writeFileSync(path.join(dir, 'penguins.csv'), `${readFileSync(path.join(dir, 'penguins.csv'), 'utf8')}\n`);
    const v = run(['validate', 'penguins.synth.json'], dir);
    expect(v.stdout).toMatch(
      /warning: .*changed since this blueprint was fitted.*Refit it from the current CSV: synth-studio synthesize/,
    );
    expect(v.stdout).toMatch(
      /warning: Column "species": probabilities sum to 1\.3.*Divide each probability by their sum/,
    );
    const g = run(['generate', 'penguins.synth.json', '--out', 'x.csv'], dir);
    expect(g.code).toBe(0);
    for (const text of [v.stdout, v.stderr, g.stdout, g.stderr]) expect(text).not.toMatch(/quick fix/i);
  });
});
