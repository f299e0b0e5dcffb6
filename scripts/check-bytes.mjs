// Synthesizes the shared datasets with the CLI (and generates the template blueprints) and checks
// that the fitted blueprint, the synthetic CSV and the report are byte-for-byte what they were: against a recorded manifest of SHA-256
// hashes, or against the outputs of another build (a git ref) made in the same run.
//
// Usage:
//   node scripts/check-bytes.mjs --record FILE     hash this tree's outputs into FILE
//   node scripts/check-bytes.mjs --check FILE      compare this tree's outputs with FILE
//   node scripts/check-bytes.mjs --against REF     build REF (e.g. main, HEAD~3) too and compare
// Options:
//   --cli FILE       use this built CLI instead of building this tree (dist/ next to it needs webview.js)
//   --only A,B       only these cases (e.g. penguins-copula,titanic,templates)
//   --datasets DIR   where penguins.csv, titanic.csv, taxis.csv and adult.csv are
//                    (default: $SYNTH_DATASETS or /work/shared/datasets)
//   --out DIR        keep the outputs there (default: a temporary folder, removed afterwards)
//   --ignore-viewer  do not count a report.html whose only difference is the viewer script
//                    (dist/webview.js, inlined) as a difference
// Each case copies its CSV into its own folder and writes there, so the blueprint's source.path
// ("penguins.csv") does not depend on where the folder is. report.html inlines the viewer script
// (and a nonce derived from it), so it is also hashed without them ("report.html[data]"): that
// key changes only when the report, its context or the CSS change. Exit code 1 if any byte differs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const DATASETS = ['penguins', 'titanic', 'taxis', 'adult'];
const METHODS = ['copula', 'cart'];
const SEED = '42';
// Rule blueprints (method "rules"): each template written by `new` and generated with the seed.
const TEMPLATES = ['churn', 'retail', 'health', 'purchase', 'loan', 'bank'];

function parseArgs(argv) {
  const opts = new Map();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) usage(`unexpected argument "${a}"`);
    if (a === '--ignore-viewer') {
      opts.set('ignore-viewer', true);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) usage(`${a} needs a value`);
    opts.set(a.slice(2), value);
    i++;
  }
  const modes = ['record', 'check', 'against'].filter((m) => opts.has(m));
  if (modes.length !== 1) usage('give exactly one of --record FILE, --check FILE, --against REF');
  return opts;
}

function usage(message) {
  process.stderr.write(`check-bytes: ${message}\nSee the comment at the top of scripts/check-bytes.mjs.\n`);
  process.exit(2);
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    process.stderr.write(`check-bytes: ${cmd} ${args.join(' ')} failed in ${cwd}\n${r.stdout}${r.stderr}`);
    process.exit(2);
  }
  return r.stdout;
}

/** Bundles the CLI and the report viewer of the source tree at `dir` into dir/dist. */
function build(dir) {
  run(process.execPath, ['esbuild.mjs'], dir);
  return path.join(dir, 'dist', 'cli.js');
}

/** Exports git `ref` into a temporary folder (sharing this tree's node_modules) and builds it. */
function buildRef(ref, scratch) {
  const dir = path.join(scratch, 'ref-build');
  mkdirSync(dir, { recursive: true });
  const tar = spawnSync('git', ['archive', '--format=tar', ref], { cwd: ROOT, maxBuffer: 1 << 30 });
  if (tar.status !== 0) usage(`git archive ${ref} failed: ${tar.stderr}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: tar.stdout });
  if (untar.status !== 0) usage(`unpacking ${ref} failed: ${untar.stderr}`);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return build(dir);
}

function cases(only) {
  const all = [
    ...DATASETS.flatMap((d) => METHODS.map((m) => ({ id: `${d}-${m}`, dataset: d, method: m }))),
    ...TEMPLATES.map((t) => ({ id: `template-${t}`, template: t })),
  ];
  if (!only) return all;
  const wanted = only.split(',');
  const picked = all.filter(
    (c) => wanted.includes(c.id) || wanted.includes(c.dataset) || (c.template && wanted.includes('templates')),
  );
  if (!picked.length) usage(`--only ${only} matches no case (cases: ${all.map((c) => c.id).join(', ')})`);
  return picked;
}

/** Runs every case with `cli` under `outDir`; returns { "case/file": sha256 }. */
function synthesizeAll(cli, outDir, list, datasets) {
  const hashes = {};
  for (const c of list) {
    const dir = path.join(outDir, c.id);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const started = Date.now();
    let input;
    if (c.template) {
      const blueprint = path.join(dir, `${c.template}.synth.json`);
      run(process.execPath, [cli, 'new', c.template, '--out', blueprint, '--quiet'], dir);
      run(process.execPath, [cli, 'generate', blueprint, '--seed', SEED, '--quiet'], dir);
    } else {
      input = `${c.dataset}.csv`;
      copyFileSync(path.join(datasets, input), path.join(dir, input));
      run(process.execPath, [cli, 'synthesize', input, '--method', c.method, '--seed', SEED, '--quiet'], dir);
    }
    process.stderr.write(`  ${c.id.padEnd(18)} ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    for (const f of readdirSync(dir).sort()) {
      if (f === input) continue;
      const bytes = readFileSync(path.join(dir, f));
      hashes[`${c.id}/${f}`] = sha256(bytes);
      if (f.endsWith('.html')) hashes[`${c.id}/${f}[data]`] = sha256(withoutViewer(bytes.toString('utf8')));
    }
  }
  return hashes;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** The HTML report without the inlined viewer script and the nonce derived from it. */
function withoutViewer(html) {
  const start = html.lastIndexOf('<script nonce=');
  const end = html.lastIndexOf('</script>');
  if (start < 0 || end < start) return html;
  return (html.slice(0, start) + html.slice(end)).replace(
    /nonce-[0-9a-f]+|nonce="[0-9a-f]+"|content="[0-9a-f]{32}"/g,
    'NONCE',
  );
}

function compare(expected, actual, labels, ignoreViewer) {
  let differ = 0;
  for (const key of Object.keys(actual)) {
    const same =
      expected[key] === actual[key] ||
      (ignoreViewer && key.endsWith('.html') && expected[`${key}[data]`] === actual[`${key}[data]`]);
    if (!same) differ++;
    const note = expected[key] === undefined ? `not in ${labels[0]}` : same ? 'same' : 'DIFFERS';
    process.stdout.write(`${note.padEnd(8)} ${key}\n`);
  }
  const total = Object.keys(actual).length;
  process.stdout.write(`\n${total - differ} of ${total} outputs byte-identical (${labels[1]} vs ${labels[0]}).\n`);
  return differ === 0;
}

const opts = parseArgs(process.argv.slice(2));
const datasets = opts.get('datasets') ?? process.env.SYNTH_DATASETS ?? '/work/shared/datasets';
for (const d of DATASETS)
  if (!existsSync(path.join(datasets, `${d}.csv`))) usage(`${d}.csv not found in ${datasets} (use --datasets DIR)`);
const list = cases(opts.get('only'));
const scratch = mkdtempSync(path.join(tmpdir(), 'check-bytes-'));
const outRoot = opts.get('out') ? path.resolve(opts.get('out')) : scratch;
try {
  process.stderr.write('building this tree\n');
  const cli = opts.has('cli') ? path.resolve(opts.get('cli')) : build(ROOT);
  process.stderr.write('synthesizing with this tree\n');
  const actual = synthesizeAll(cli, path.join(outRoot, 'this'), list, datasets);
  let ok = true;
  if (opts.has('record')) {
    writeFileSync(opts.get('record'), `${JSON.stringify(actual, null, 2)}\n`);
    process.stdout.write(`recorded ${Object.keys(actual).length} hashes in ${opts.get('record')}\n`);
  } else if (opts.has('check')) {
    const expected = JSON.parse(readFileSync(opts.get('check'), 'utf8'));
    ok = compare(expected, actual, [opts.get('check'), 'this tree'], opts.has('ignore-viewer'));
  } else {
    const ref = opts.get('against');
    process.stderr.write(`building ${ref}\n`);
    const refCli = buildRef(ref, scratch);
    process.stderr.write(`synthesizing with ${ref}\n`);
    const expected = synthesizeAll(refCli, path.join(outRoot, 'ref'), list, datasets);
    ok = compare(expected, actual, [ref, 'this tree'], opts.has('ignore-viewer'));
  }
  process.exitCode = ok ? 0 : 1;
} finally {
  if (!opts.has('out')) rmSync(scratch, { recursive: true, force: true });
}
