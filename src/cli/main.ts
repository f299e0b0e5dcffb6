import { createHash } from 'node:crypto';
import { readFileSync, statfsSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { parseBlueprint } from '../core/blueprint/parse';
import { keptRelations } from '../core/blueprint/models';
import type { Blueprint, Method } from '../core/blueprint/types';
import { FITTED_METHODS } from '../core/fit';
import { describeError, formatProblem, isCancelled, SynthError, type Problem } from '../core/errors';
import { compare, describeControl, generateFromText, generateStream, outputNames, type Stage } from '../core/pipeline';
import { synthesizeFile } from '../node/synthesizeFile';
import type { Shard } from '../core/generate';
import { removeStaleTemps, removeTemp, streamFile, type StreamingFile } from '../node/replace';
import { isParquet, readParquet } from '../core/csv/parquet';
import { gradeOf } from '../core/quality/score';
import { renderReportHtml } from '../core/quality/html';
import type { DesignReport, QualityReport } from '../core/quality/types';
import {
  checkOutputs,
  exists,
  inputSize,
  installCleanup,
  readInput,
  writeAllAtomic,
  type PendingWrite,
  type PlannedOutput,
} from './files';
import { MAX_ROWS, MAX_SHARDED_ROWS, MAX_SHARDS } from '../core/limits';
import schema from '../../schemas/synth.schema.json';
import { version as VERSION } from '../../package.json';
import { findTemplate, TEMPLATES, templateText } from '../core/blueprint/templates';
import { constraintProblems } from '../core/constraints/problems';
import { defaultOutputPath } from '../core/export';
import { percent as pct } from '../core/util/format';
import { sha256Hex, useNativeSha256 } from '../core/util/sha256';
import { startPool, usePool } from '../node/pool';

// V8 collects the old generation once it has grown to up to four times what was live after the
// last collection; a run that streams millions of rows promotes chunks it drops soon after, so the
// heap swelled with garbage (synthesize of 5M rows: 868 MB peak RSS). Collecting at 1.5 times keeps
// it near the live size (599 MB, the same time; docs/scale.md). Process-wide, workers included.
setFlagsFromString('--heap-growing-percent=50');

const USAGE = `synth-studio: synthetic tabular data from a CSV or a blueprint

Usage:
  synth-studio synthesize <input.csv|input.parquet> [--rows N] [--seed N] [--method M] [--holdout F] [--sample N] [--target COLUMN] [--out-dir DIR] [--force]
      Fit a blueprint to the CSV, generate synthetic rows and report on their quality. Writes
      <name>.synth.json, <name>.synthetic.csv, <name>.report.json and <name>.report.html into DIR
      (default: the input's folder). Existing files are kept unless --force is given; with
      --force, the constraints you wrote in the old blueprint are carried into the new one.
      Methods: cart (default; sequential trees, highest fidelity), copula (fastest), augment
      (jittered copies of the real rows, the --target column kept unchanged; for enlarging a
      training set, not for sharing data).
      --holdout F keeps a random share F of the rows (default 0.2) out of fitting, to measure
      privacy and utility against; 0 fits on every row and skips those parts.
      A CSV is read as a stream, in one pass: one with more rows than --sample N (default
      100,000) is fitted on a seeded random sample of N rows, its missing rates, category
      shares and quantiles counted over every row; memory stays bounded by the sample.
  synth-studio generate <blueprint.synth.json> [--rows N] [--seed N] [--out FILE] [--where COND] [--rebalance SHARES] [--shard K/N] [--force]
      Generate rows from a blueprint (default output: the blueprint's "output.path", which must
      stay inside the blueprint's folder). An existing output is kept unless --force is given.
      An "augment" blueprint reads its source CSV ("source.path") and refuses one that changed.
      --where 'y == "yes" and age >= 65' makes exactly N rows meeting the condition, drawn from
      the model given it; --rebalance y=0.5 (two levels: the rarer one's share) or
      segment=A:0.5,B:0.3,C:0.2 sets a category's shares, the other columns drawn given it.
      Rows are written as they are made (memory does not grow with --rows). --shard K/N writes
      only part K of N: the parts, concatenated in order, are the file one run writes (CSV, JSON
      Lines, JSON; a Parquet part is a file of its own). Output "*.parquet" writes Parquet.
  synth-studio report <blueprint.synth.json> [--rows N] [--seed N] [--json FILE] [--html FILE] [--force]
      A rules blueprint (a template, one written by hand): generate its rows in memory and check
      them against what it declares (ranges, categories, constraints, rates such as a target's
      "rate"); there is no score, since there is no real data to compare with.
  synth-studio report <real.csv> <synthetic.csv> [--holdout HOLDOUT.csv] [--target COLUMN] [--json FILE] [--html FILE] [--force]
      Compare two CSVs and print the quality score; optionally write the report (existing files
      are kept unless --force is given). <real.csv> is
      the rows the generator was fitted on; --holdout gives real rows it never saw (privacy's
      DCR share and ML utility need them). Two synthetic CSVs can be compared the same way.
  synth-studio validate <blueprint.synth.json>
      Print every problem as file:line:col: severity: message (the same problems the editor
      shows, a changed source CSV included). Exits 1 if any is an error.
  synth-studio schema
      Print the JSON Schema of blueprints (*.synth.json).
  synth-studio templates
      List the template blueprints.
  synth-studio new <template> [--out FILE] [--force]
      Write a template blueprint (default: <name>.synth.json in the current folder).

Options:
  --rows N       rows to generate (default: as many as the source, or the blueprint's "rows");
                 at most 100,000,000
  --seed N       random seed (same seed, same input: byte-identical output)
  --target COL   the column utility predicts (default: the blueprint's, else inferred)
  --force        replace existing outputs; let a blueprint's "output.path" leave its folder
  --allow-formulas
                 write CSV cells that start with = + - @ as they are (by default they get a
                 leading ' so that spreadsheets show them as text instead of running them)
  --quiet        print only errors
  --version      print the version
  -h, --help     show this help
`;

interface Args {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set([
  'rows',
  'seed',
  'method',
  'holdout',
  'target',
  'out-dir',
  'out',
  'json',
  'html',
  'where',
  'rebalance',
  'shard',
  'sample',
]);
const BOOL_FLAGS = new Set(['force', 'quiet', 'help', 'allow-formulas', 'version']);
// Written only by `schema`: not stringified at every start of the CLI.
const schemaText = (): string => `${JSON.stringify(schema, null, 2)}\n`;

export function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (/^-[A-Za-z]/.test(a) && a !== '-h')
      throw new UsageError(`Unknown option ${a}. Options are written in full, like --force or --out FILE.`);
    if (a === '-h' || a === '--help') {
      flags.set('help', true);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      if (BOOL_FLAGS.has(name)) {
        flags.set(name, true);
        continue;
      }
      if (!VALUE_FLAGS.has(name)) throw new UsageError(`Unknown option --${name}.`);
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`Option --${name} needs a value.`);
      flags.set(name, value);
    } else positional.push(a);
  }
  return { command: positional.shift() ?? '', positional, flags };
}

class UsageError extends Error {}

/** The positional arguments of a command: exactly `names.length` of them, each named in messages. */
function positionals(args: Args, names: string[], usage: string): string[] {
  const extra = args.positional.slice(names.length);
  if (extra.length)
    throw new UsageError(
      `${args.command} takes ${names.length === 0 ? 'no arguments' : names.join(' ')}; unexpected ${extra.map((x) => `"${x}"`).join(' ')}. Usage: ${usage}`,
    );
  return args.positional.slice(0, names.length);
}

function intFlag(args: Args, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${String(v)}").`);
  if (n > max)
    throw new UsageError(
      `--${name} ${String(v)} is above the limit of ${max.toLocaleString('en-US')}${name === 'rows' ? ' rows (see "Limits" in the README); generate in several runs with different --seed values' : ''}.`,
    );
  return n;
}

const rowsFlag = (args: Args): number | undefined => intFlag(args, 'rows', 0, MAX_ROWS);

function stringFlag(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** A flag naming an output file: not empty, not a folder path ending in a slash. */
function fileFlag(args: Args, name: string): string | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  if (v.trim() === '') throw new UsageError(`--${name} needs a file path (got an empty value).`);
  if (/[/\\]$/.test(v))
    throw new SynthError(
      'cli/out-is-directory',
      `--${name} ${v} names a folder; the output must be a file path; nothing was written.`,
      {},
      `Add a file name, for example --${name} ${v}${name === 'html' ? 'report.html' : name === 'json' ? 'report.json' : 'rows.csv'}.`,
    );
  return v;
}

function progress(quiet: boolean): ((stage: Stage, f: number) => void) | undefined {
  if (quiet || !process.stderr.isTTY) return undefined;
  let last = '';
  return (stage, f) => {
    const line = `${stage} ${Math.round(f * 100)}%`;
    if (line !== last) process.stderr.write(`\r\x1b[K${line}`);
    last = line;
  };
}

function clearProgress(quiet: boolean): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

function printProblems(problems: Problem[], fallbackFile: string, quiet: boolean): void {
  for (const p of problems) {
    if (quiet && p.severity !== 'error') continue;
    process.stderr.write(`${formatProblem(forTerminal(p), fallbackFile)}\n`);
  }
}

/**
 * Hints written for the editor ("apply the quick fix") said the terminal's way. Codes without an
 * entry keep their hint, marked as the editor's.
 */
const TERMINAL_HINTS: Record<string, string> = {
  'blueprint/stale-source':
    'Refit it from the current CSV: synth-studio synthesize <the CSV> --force (the constraints you wrote are kept).',
  'blueprint/correlation-not-psd':
    'Write a valid matrix (symmetric, 1 on the diagonal, positive semi-definite), or refit the blueprint (synth-studio synthesize <the CSV> --force).',
  'blueprint/correlations-not-psd': 'Weaken the correlations that pull against each other until they can all hold.',
  'blueprint/probabilities-sum': 'Divide each probability by their sum so that they add up to 1.',
};

export function forTerminal(p: Problem): Problem {
  if (!p.hint || !/quick fix/i.test(p.hint)) return p;
  const hint = Object.hasOwn(TERMINAL_HINTS, p.code)
    ? TERMINAL_HINTS[p.code]
    : `In VS Code: ${p.hint.charAt(0).toLowerCase()}${p.hint.slice(1)}`;
  return { ...p, hint };
}

function webviewAssets(): { script: string; css: string } {
  const dist = __dirname;
  try {
    return {
      script: readFileSync(path.join(dist, 'webview.js'), 'utf8'),
      css: readFileSync(path.join(dist, '..', 'media', 'report.css'), 'utf8'),
    };
  } catch {
    throw new SynthError(
      'cli/assets',
      'The report viewer (dist/webview.js, media/report.css) is missing next to the CLI.',
      {},
      'Run "npm run build" first.',
    );
  }
}

function qualityLine(report: QualityReport): string {
  const d = report.distinguishability;
  const detection = d.score === null ? '' : `, detection ${pct(d.score)} (ROC-AUC ${d.auc?.toFixed(2) ?? 'n/a'})`;
  // An A+ score graded A (gradeOfParts): say why, as the report's notes do.
  const held = report.grade !== gradeOf(report.score) ? '; A+ asks 90 of every part' : '';
  return `quality     ${pct(report.score)} (${report.grade}${held})  column shapes ${pct(report.fidelity.columnShapes)}, pair trends ${pct(report.fidelity.pairTrends)}${detection}`;
}

/** One line per sub-score: its value and weight, or why it was skipped. */
function scoreLines(report: QualityReport): string[] {
  const s = report.scores;
  const part = (
    name: string,
    x: { score: number | null; appliedWeight: number; skipped?: string },
    more = '',
  ): string =>
    `  ${name.padEnd(11)} ${x.score === null ? `skipped: ${x.skipped ?? 'not computed'}` : `${pct(x.score)} (weight ${x.appliedWeight.toFixed(2)}${more})`}`;
  const share = report.privacy.dcrShare;
  const lines = [
    part('fidelity', s.fidelity),
    part('utility', s.utility),
    part('privacy', s.privacy, share === null ? '' : `; DCR share ${share.toFixed(2)}, 0.50 as fresh data`),
  ];
  const d = report.distinguishability;
  lines.push(
    `  ${'detection'.padEnd(11)} ${
      d.score === null
        ? `skipped: ${d.skipped ?? 'not computed'}`
        : `${pct(d.score)} (boosted-tree ROC-AUC ${d.auc?.toFixed(3) ?? 'n/a'} on ${d.rows.real.toLocaleString('en-US')} + ${d.rows.synthetic.toLocaleString('en-US')} rows; part of fidelity)`
    }`,
  );
  if (d.givesAway) lines.push(`  ${''.padEnd(11)} ${d.givesAway.replace(/`/g, '')}`);
  if (d.score !== null && d.leftOut?.length)
    lines.push(`  ${''.padEnd(11)} left out: ${d.leftOut.map((l) => `${l.column} (${l.reason})`).join(', ')}`);
  const v = report.validity;
  lines.push(
    `  ${'validity'.padEnd(11)} ${pct(v.score)} (${v.violations.toLocaleString('en-US')} violation${v.violations === 1 ? '' : 's'})`,
  );
  return lines;
}

/** The exact relations the fitted model keeps (orderings, category mappings), if any. */
function relationsLine(model: Blueprint['model']): string[] {
  const kept = keptRelations(model);
  return kept.length ? [`  ${'relations'.padEnd(11)} kept exactly: ${kept.join(', ')}`] : [];
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  if (r === '') return '.';
  return r.startsWith('..') || path.isAbsolute(r) ? p : `./${r}`;
}

async function cmdSynthesize(args: Args): Promise<number> {
  const [input] = positionals(args, ['<input.csv>'], 'synth-studio synthesize <input.csv> [options]');
  if (!input) throw new UsageError('synthesize needs an input CSV: synth-studio synthesize <input.csv>');
  const quiet = args.flags.has('quiet');
  const force = args.flags.has('force');
  const method = stringFlag(args, 'method');
  if (method !== undefined && !FITTED_METHODS.includes(method as Method))
    throw new UsageError(`--method must be one of ${FITTED_METHODS.join(', ')}.`);
  const holdoutText = stringFlag(args, 'holdout');
  const holdout = holdoutText === undefined ? undefined : Number(holdoutText);
  if (holdout !== undefined && (holdoutText?.trim() === '' || !(holdout >= 0 && holdout < 1)))
    throw new UsageError(`--holdout must be a fraction from 0 to below 1 (got "${holdoutText}").`);
  const rows = rowsFlag(args);
  const seed = intFlag(args, 'seed', 0);
  const outDir = stringFlag(args, 'out-dir');
  if (outDir !== undefined && outDir.trim() === '')
    throw new UsageError('--out-dir needs a folder path (got an empty value).');
  const dir = path.resolve(outDir ?? path.dirname(path.resolve(input)));
  const target = (name: string): string => path.join(dir, name);
  const names = outputNames(path.basename(input));
  // Every output is checked before the fit, which can take a minute on a large table.
  for (const name of Object.values(names))
    if (path.resolve(input) === target(name))
      throw new SynthError(
        'cli/overwrite-input',
        `Refusing to overwrite the input ${input}.`,
        { file: input },
        'Choose another --out-dir.',
      );
  checkOutputs(
    Object.values(names).map((name) => ({
      path: target(name),
      option: '--out-dir DIR',
      ...(name === names.blueprint ? { note: ' and may hold your edits' } : {}),
    })),
    force,
    rel,
  );
  const sampleRows = intFlag(args, 'sample', 1, MAX_ROWS);
  const started = performance.now();
  // With --force over an existing blueprint, the constraints the user wrote in it are kept.
  const previous = target(names.blueprint);
  const previousBlueprint = force && exists(previous) ? readFileSync(previous, 'utf8') : undefined;
  const options = {
    fileName: path.basename(input),
    rows,
    seed,
    method: method as Method | undefined,
    holdout,
    target: stringFlag(args, 'target'),
    previousBlueprint,
    // Relative to the blueprint, so an --out-dir blueprint still finds (and fingerprints) its CSV.
    sourcePath: path.relative(dir, path.resolve(input)).split(path.sep).join('/'),
    allowFormulas: args.flags.has('allow-formulas'),
    onProgress: progress(quiet),
  };
  const totalBytes = inputSize(input);
  installCleanup();
  // Read as a stream, one pass, memory bounded by the sample (see core/synthesizeStream.ts).
  const out = await synthesizeFile(
    input,
    { ...options, totalBytes, ...(sampleRows ? { sampleRows } : {}) },
    { syntheticPath: target(names.synthetic), elsewhere: 'choose another --out-dir' },
  );
  clearProgress(quiet);
  const blueprintPath = target(out.names.blueprint);
  const writes: PendingWrite[] = [
    { path: blueprintPath, data: out.blueprintText },
    { path: target(out.names.synthetic), temp: out.syntheticTemp },
  ];
  try {
    const { script, css } = webviewAssets();
    writes.push(
      { path: target(out.names.reportJson), data: out.reportText },
      { path: target(out.names.reportHtml), data: renderReportHtml(out.report, script, css) },
    );
  } catch (e) {
    await removeTemp(out.syntheticTemp);
    throw e;
  }
  const writing = performance.now();
  await writeAllAtomic(writes, 'choose another --out-dir');
  const written = performance.now();
  printProblems(out.warnings, path.basename(input), quiet);
  if (!quiet) {
    const seconds = ((written - started) / 1000).toFixed(2);
    const s = (ms: number): string => (ms / 1000).toFixed(2);
    const t = out.timings;
    const r = out.report;
    process.stdout.write(
      [
        `Synthesized ${path.basename(input)} (${(out.sourceRows ?? r.real.rows).toLocaleString('en-US')} rows x ${r.real.columns} columns) with ${out.blueprint.method}, seed ${out.blueprint.seed}, in ${seconds} s`,
        ...(out.streamed
          ? [
              `  read as a stream: model fitted on a seeded sample of ${(out.sampleRows ?? 0).toLocaleString('en-US')} training rows (--sample N), marginals counted over all rows`,
            ]
          : []),
        `  blueprint   ${rel(blueprintPath)}`,
        `  synthetic   ${rel(target(out.names.synthetic))} (${(out.streamed ? out.blueprint.rows : r.synthetic.rows).toLocaleString('en-US')} rows)`,
        `  report      ${rel(target(out.names.reportHtml))} (open in a browser), ${rel(target(out.names.reportJson))}`,
        ...relationsLine(out.blueprint.model),
        `  seconds     read ${s(t.read)}, fit ${s(t.fit)}, generate ${s(t.generate)}, report ${s(t.report)}, write ${s(written - writing)}`,
        `  ${qualityLine(r)}`,
        ...scoreLines(r),
        '',
      ].join('\n'),
    );
  }
  return 0;
}

async function cmdGenerate(args: Args): Promise<number> {
  const [file] = positionals(
    args,
    ['<blueprint.synth.json>'],
    'synth-studio generate <blueprint.synth.json> [options]',
  );
  if (!file) throw new UsageError('generate needs a blueprint: synth-studio generate <blueprint.synth.json>');
  const quiet = args.flags.has('quiet');
  const force = args.flags.has('force');
  const shard = shardFlag(args);
  // One process writes at most MAX_ROWS; a run split into parts may be larger in all.
  const rows = shard ? intFlag(args, 'rows', 0, MAX_SHARDED_ROWS) : rowsFlag(args);
  const seed = intFlag(args, 'seed', 0);
  const text = new TextDecoder().decode(await readInput(file));
  const started = performance.now();
  const { blueprint: parsed, problems } = parseBlueprint(text, file);
  const outFlag = fileFlag(args, 'out');
  const bpDir = path.dirname(path.resolve(file));
  // Where the rows go is settled before generating (a blueprint with errors stops in
  // generateFromText below, with the first one located).
  if (parsed && !problems.some((p) => p.severity === 'error')) {
    const written = outFlag ?? defaultOutputPath(parsed);
    if (typeof written === 'string') {
      const outPath = outFlag !== undefined ? path.resolve(outFlag) : path.resolve(bpDir, written);
      checkGenerateTarget(outPath, parsed, bpDir, file);
      checkOutputs(
        [
          outFlag !== undefined
            ? { path: outPath, option: '--out FILE' }
            : {
                path: outPath,
                option: '--out FILE',
                confinedTo: bpDir,
                written: `${JSON.stringify(written)} (${parsed.output?.path === undefined ? 'made from its "name"' : 'its "output.path"'})`,
              },
        ],
        force,
        rel,
      );
    }
  }
  // An augment blueprint jitters its source's rows: read the source next to the blueprint (core
  // says clearly when it is missing or has changed).
  const sourcePath =
    parsed?.model?.kind === 'augment' && typeof parsed.source?.path === 'string'
      ? path.resolve(bpDir, parsed.source.path)
      : undefined;
  const sourceCsv = sourcePath && exists(sourcePath) ? await readInput(sourcePath) : undefined;
  const sourceRaw = sourceCsv && isParquet(sourceCsv) ? await readParquet(sourceCsv, sourcePath!) : undefined;
  // The output's path needs the parsed blueprint; a blueprint with errors stops in generateStream.
  const outPath = outFlag
    ? path.resolve(outFlag)
    : path.resolve(bpDir, parsed && !problems.some((p) => p.severity === 'error') ? defaultOutputPath(parsed) : 'x');
  // Temporaries a killed run left next to the output go first (as every other write does).
  await removeStaleTemps(path.dirname(outPath));
  let out: StreamingFile | undefined;
  let diskChecked = false;
  const showProgress = progress(quiet);
  const result = (() => {
    try {
      return generateStream(
        {
          blueprintText: text,
          fileName: file,
          rows,
          seed,
          ...(shard ? { shard } : {}),
          ...(/\.parquet$/i.test(outPath) ? { format: 'parquet' as const } : {}),
          where: stringFlag(args, 'where'),
          rebalance: stringFlag(args, 'rebalance'),
          ...(sourceCsv ? { sourceCsv } : {}),
          ...(sourceRaw ? { sourceRaw } : {}),
          allowFormulas: args.flags.has('allow-formulas'),
          onProgress: (stage, f) => {
            showProgress?.(stage, f);
            // Once the first chunks show how many bytes a row takes: refuse a run the disk cannot hold.
            if (!diskChecked && out && f > 0 && (out.bytes > 1 << 20 || f >= 1)) {
              diskChecked = true;
              checkFreeSpace(outPath, out.bytes, out.bytes / f);
            }
          },
        },
        (data) => {
          // Opened at the first bytes: a blueprint that fails to parse or compile writes nothing.
          out ??= streamFile(outPath, 'pass --out FILE');
          out.write(data);
        },
      );
    } catch (e) {
      out?.abort();
      throw e;
    }
  })();
  clearProgress(quiet);
  checkGenerateTarget(outPath, result.blueprint, bpDir, file);
  out ??= streamFile(outPath, 'pass --out FILE');
  out.commit();
  printProblems(result.problems, file, quiet);
  // Broken constraints are reported at the constraint, like a compiler warning.
  printProblems(constraintProblems(result.constraints, text, file, rel(outPath)), file, quiet);
  if (!quiet) {
    const seconds = (performance.now() - started) / 1000;
    const part = shard
      ? ` (part ${shard.index} of ${shard.count}: rows ${(result.range.start + 1).toLocaleString('en-US')} to ${result.range.end.toLocaleString('en-US')})`
      : '';
    process.stdout.write(
      `Generated ${result.rows.toLocaleString('en-US')} rows${part} from ${path.basename(file)} in ${seconds.toFixed(2)} s -> ${rel(outPath)}\n`,
    );
    for (const line of describeControl(result.control)) process.stdout.write(`  ${line}\n`);
    // Rows streamed to disk are not kept for a report; a rules blueprint's design report is one command away.
    if (result.blueprint.method === 'rules' && !shard)
      process.stdout.write(
        `  report: synth-studio report ${file} (the rows checked against the blueprint's ranges, constraints and rates)\n`,
      );
  }
  return 0;
}

/**
 * Refuse, early, a run whose output will not fit on the disk: `total` bytes estimated from the
 * first chunks, `written` of them already in the temporary. Named limit: the free space.
 */
function checkFreeSpace(outPath: string, written: number, total: number): void {
  let free: number;
  try {
    const st = statfsSync(path.dirname(outPath));
    free = Number(st.bavail) * Number(st.bsize);
  } catch {
    return; // No free-space figure on this file system: the write fails cleanly if it fills up.
  }
  const needed = total - written;
  if (needed > free * 0.98)
    throw new SynthError(
      'file/disk-full',
      `${rel(outPath)} would take about ${gigabytes(total)}, and its disk has ${gigabytes(free + written)} free; nothing was written.`,
      { file: rel(outPath) },
      'Free some space, write to another disk with --out FILE, generate fewer --rows, or split the run with --shard K/N over several machines.',
    );
}

function gigabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

/** `--shard K/N`: part K of N, 1-based. */
function shardFlag(args: Args): Shard | undefined {
  const v = args.flags.get('shard');
  if (v === undefined) return undefined;
  const m = typeof v === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v) : null;
  if (!m)
    throw new UsageError(
      `--shard must be K/N, part K of N parts (got "${String(v)}"); for example --shard 1/4 for the first of four.`,
    );
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new UsageError(`--shard ${v}: N must be at least 1.`);
  if (count > MAX_SHARDS)
    throw new UsageError(`--shard ${v}: N is above the limit of ${MAX_SHARDS.toLocaleString('en-US')} parts.`);
  if (index < 1 || index > count)
    throw new UsageError(`--shard ${v}: K must be from 1 to ${count} (parts are numbered from 1).`);
  return { index, count };
}

/** Generated rows never replace the blueprint itself or its source CSV. */
function checkGenerateTarget(outPath: string, blueprint: Partial<Blueprint>, bpDir: string, file: string): void {
  if (typeof blueprint.source?.path === 'string' && path.resolve(bpDir, blueprint.source.path) === outPath) {
    throw new SynthError(
      'cli/overwrite-input',
      `Refusing to overwrite the source ${rel(outPath)} with generated rows.`,
      { file },
      'Set "output.path" in the blueprint, or pass --out FILE.',
    );
  }
  if (outPath === path.resolve(file))
    throw new SynthError(
      'cli/overwrite-input',
      `Refusing to overwrite the blueprint ${file} with generated rows.`,
      { file },
      'Pass --out FILE.',
    );
}

async function cmdReport(args: Args): Promise<number> {
  if (args.positional.length === 1 && /\.synth\.json$/i.test(args.positional[0])) return cmdDesignReport(args);
  const [realFile, synthFile] = positionals(
    args,
    ['<real.csv>', '<synthetic.csv>'],
    'synth-studio report <real.csv> <synthetic.csv> [options]',
  );
  if (!realFile || !synthFile)
    throw new UsageError(
      'report needs two CSVs: synth-studio report <real.csv> <synthetic.csv> [--holdout HOLDOUT.csv]',
    );
  const quiet = args.flags.has('quiet');
  const holdoutFile = stringFlag(args, 'holdout');
  if (holdoutFile !== undefined && /^\d*\.?\d+$/.test(holdoutFile) && !exists(holdoutFile)) {
    throw new UsageError(
      `report --holdout takes the held-out rows as a CSV file (got "${holdoutFile}"); the fraction form is for synthesize.`,
    );
  }
  const json = fileFlag(args, 'json');
  const html = fileFlag(args, 'html');
  const outputs: PlannedOutput[] = [
    ...(json ? [{ path: path.resolve(json), option: '--json FILE' }] : []),
    ...(html ? [{ path: path.resolve(html), option: '--html FILE' }] : []),
  ];
  for (const o of outputs) {
    if (
      o.path === path.resolve(realFile) ||
      o.path === path.resolve(synthFile) ||
      (holdoutFile !== undefined && o.path === path.resolve(holdoutFile))
    )
      throw new SynthError(
        'cli/overwrite-input',
        `Refusing to overwrite the input ${rel(o.path)} with a report.`,
        {},
        'Choose another --json / --html path.',
      );
  }
  if (json && html && path.resolve(json) === path.resolve(html))
    throw new UsageError('--json and --html name the same file; give each its own.');
  checkOutputs(outputs, args.flags.has('force'), rel);
  const [real, synthetic, holdout] = await Promise.all([
    readInput(realFile),
    readInput(synthFile),
    holdoutFile !== undefined ? readInput(holdoutFile) : Promise.resolve(undefined),
  ]);
  const { report, reportText, warnings } = compare({
    real,
    realName: path.basename(realFile),
    synthetic,
    syntheticName: path.basename(synthFile),
    ...(holdout ? { holdout, holdoutName: path.basename(holdoutFile!) } : {}),
    target: stringFlag(args, 'target'),
    onProgress: progress(quiet),
  });
  clearProgress(quiet);
  const writes: PendingWrite[] = [];
  if (json) writes.push({ path: path.resolve(json), data: reportText });
  if (html) {
    const { script, css } = webviewAssets();
    writes.push({ path: path.resolve(html), data: renderReportHtml(report, script, css) });
  }
  if (writes.length) await writeAllAtomic(writes, 'choose another --json / --html path');
  printProblems(warnings, path.basename(realFile), quiet);
  if (!quiet) {
    const lines = [`${report.title}: ${report.verdict}`, `  ${qualityLine(report)}`, ...scoreLines(report)];
    const worst = Object.entries(report.fidelity.columns)
      .sort((a, b) => a[1].score - b[1].score)
      .slice(0, 3);
    if (worst.length) lines.push(`  weakest     ${worst.map(([k, v]) => `${k} ${pct(v.score)}`).join(', ')}`);
    for (const w of writes) lines.push(`  wrote       ${rel(w.path)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

/**
 * `report <blueprint.synth.json>`: a rules blueprint's design report (quality/design.ts). Its rows
 * are generated in memory (as Generate makes them) and checked against what it declares.
 */
async function cmdDesignReport(args: Args): Promise<number> {
  const [file] = positionals(args, ['<blueprint.synth.json>'], 'synth-studio report <blueprint.synth.json> [options]');
  const quiet = args.flags.has('quiet');
  const json = fileFlag(args, 'json');
  const html = fileFlag(args, 'html');
  const outputs: PlannedOutput[] = [
    ...(json ? [{ path: path.resolve(json), option: '--json FILE' }] : []),
    ...(html ? [{ path: path.resolve(html), option: '--html FILE' }] : []),
  ];
  if (outputs.some((o) => o.path === path.resolve(file)))
    throw new SynthError(
      'cli/overwrite-input',
      `Refusing to overwrite the input ${rel(file)} with a report.`,
      {},
      'Choose another --json / --html path.',
    );
  if (json && html && path.resolve(json) === path.resolve(html))
    throw new UsageError('--json and --html name the same file; give each its own.');
  checkOutputs(outputs, args.flags.has('force'), rel);
  const text = new TextDecoder().decode(await readInput(file));
  const parsed = parseBlueprint(text, file).blueprint;
  if (parsed && parsed.method !== 'rules')
    throw new SynthError(
      'report/not-rules',
      `${rel(file)} is a fitted blueprint (method "${parsed.method}"): its report compares with its source CSV.`,
      { file },
      `Generate it, then compare: synth-studio report ${parsed.source?.path ?? '<source.csv>'} ${defaultOutputPath(parsed)}`,
    );
  const out = generateFromText({
    blueprintText: text,
    fileName: path.basename(file),
    rows: rowsFlag(args),
    seed: intFlag(args, 'seed', 0),
    onProgress: progress(quiet),
  });
  clearProgress(quiet);
  const report = out.design!;
  const writes: PendingWrite[] = [];
  if (json) writes.push({ path: path.resolve(json), data: `${JSON.stringify(report, null, 2)}\n` });
  if (html) {
    const { script, css } = webviewAssets();
    writes.push({ path: path.resolve(html), data: renderReportHtml(report, script, css) });
  }
  if (writes.length) await writeAllAtomic(writes, 'choose another --json / --html path');
  printProblems(out.problems, file, quiet);
  if (!quiet) {
    const lines = [`${report.title}: ${report.verdict}`, ...designLines(report)];
    for (const w of writes) lines.push(`  wrote       ${rel(w.path)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

/** The design report in a few lines: checks, the target's rate, rates off, broken constraints. */
function designLines(report: DesignReport): string[] {
  const v = report.validity;
  const lines = [
    `  checks      ${v.passed}/${v.checks} pass (declared types, ranges, categories, uniqueness, constraints)`,
  ];
  const target =
    report.rates.find((r) => r.kind === 'target' && r.column === report.target) ??
    report.rates.find((r) => r.kind === 'target');
  if (target)
    lines.push(
      `  target      ${target.label}: ${pct(target.achieved)} (declared ${pct(target.expected)} ± ${pct(3 * target.standardError)}, ${target.within ? 'within' : 'OUTSIDE'} tolerance)`,
    );
  if (report.rates.length)
    lines.push(
      `  rates       ${report.rates.filter((r) => r.within).length}/${report.rates.length} declared rates within 3 standard errors`,
    );
  for (const r of report.rates.filter((x) => !x.within).slice(0, 5))
    lines.push(
      `    off       ${r.label}${r.given ? ` (${r.given})` : ''}: ${pct(r.achieved)}, declared ${pct(r.expected)} (z ${r.z?.toFixed(1) ?? 'n/a'})`,
    );
  for (const c of v.constraints.filter((x) => !x.skipped && x.violations > 0).slice(0, 5))
    lines.push(
      `    broken    ${c.expr}: ${c.violations.toLocaleString('en-US')} rows (${pct(c.rate)}), first at line ${c.firstRows[0] + 2}`,
    );
  for (const c of v.columns) {
    const bad = (c.range?.outside ?? 0) + (c.categories?.outside ?? 0) + (c.duplicates?.count ?? 0) + c.wrongType;
    if (bad)
      lines.push(
        `    column    ${c.name}: ${bad.toLocaleString('en-US')} values break its declared type, range, categories or uniqueness`,
      );
  }
  lines.push('  no score    the blueprint has no source CSV: fidelity, privacy and utility need real rows');
  return lines;
}

async function cmdValidate(args: Args): Promise<number> {
  const [file] = positionals(args, ['<blueprint.synth.json>'], 'synth-studio validate <blueprint.synth.json>');
  if (!file) throw new UsageError('validate needs a blueprint: synth-studio validate <blueprint.synth.json>');
  const text = new TextDecoder().decode(await readInput(file));
  const { problems } = parseBlueprint(text, file, { sourceSha256: await sourceFingerprint(text, file) });
  for (const p of problems) process.stdout.write(`${formatProblem(forTerminal(p), file)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (!args.flags.has('quiet')) {
    const warnings = problems.length - errors;
    process.stderr.write(
      problems.length === 0
        ? `${file}: no problems\n`
        : `${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}

/** SHA-256 of the blueprint's source CSV (null when it is missing; undefined without a source). */
async function sourceFingerprint(text: string, file: string): Promise<string | null | undefined> {
  const parsed = parseBlueprint(text, file);
  const source = parsed.blueprint?.source?.path;
  if (typeof source !== 'string') return undefined;
  const csv = path.resolve(path.dirname(path.resolve(file)), source);
  if (!exists(csv)) return null;
  return sha256Hex(await readInput(csv));
}

async function cmdSchema(args: Args): Promise<number> {
  positionals(args, [], 'synth-studio schema');
  process.stdout.write(schemaText());
  return 0;
}

async function cmdTemplates(args: Args): Promise<number> {
  positionals(args, [], 'synth-studio templates');
  const width = Math.max(...TEMPLATES.map((t) => t.id.length));
  for (const t of TEMPLATES) process.stdout.write(`${t.id.padEnd(width)}  ${t.title}: ${t.description}\n`);
  process.stdout.write(`\nWrite one with: synth-studio new ${TEMPLATES[0].id} [--out FILE]\n`);
  return 0;
}

async function cmdNew(args: Args): Promise<number> {
  const [id] = positionals(args, ['<template>'], 'synth-studio new <template> [--out FILE] [--force]');
  if (!id)
    throw new UsageError(
      `new needs a template: synth-studio new <template>. Templates: ${TEMPLATES.map((t) => t.id).join(', ')}.`,
    );
  const template = findTemplate(id);
  if (!template)
    throw new SynthError(
      'cli/unknown-template',
      `There is no template "${id}".`,
      {},
      `Choose one of ${TEMPLATES.map((t) => t.id).join(', ')} (synth-studio templates lists them).`,
    );
  const out = path.resolve(fileFlag(args, 'out') ?? `${template.blueprint.name}.synth.json`);
  checkOutputs([{ path: out, option: '--out FILE' }], args.flags.has('force'), rel);
  await writeAllAtomic([{ path: out, data: templateText(template) }], 'pass --out FILE');
  if (!args.flags.has('quiet'))
    process.stdout.write(
      `Wrote ${rel(out)} (${template.title}, ${template.blueprint.columns.length} columns). Generate rows with: synth-studio generate ${rel(out)}\n`,
    );
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`synth-studio: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.flags.has('version')) {
    process.stdout.write(`synth-studio ${VERSION}\n`);
    return 0;
  }
  if (args.flags.has('help') || args.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const commands: Record<string, (a: Args) => Promise<number>> = {
    synthesize: cmdSynthesize,
    generate: cmdGenerate,
    report: cmdReport,
    validate: cmdValidate,
    schema: cmdSchema,
    templates: cmdTemplates,
    new: cmdNew,
  };
  const run = Object.hasOwn(commands, args.command) ? commands[args.command] : undefined;
  if (!run) {
    process.stderr.write(args.command ? `synth-studio: unknown command "${args.command}".\n\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    return await run(args);
  } catch (e) {
    clearProgress(false);
    if (e instanceof UsageError) {
      process.stderr.write(`synth-studio: ${e.message}\nRun "synth-studio --help" for usage.\n`);
      return 2;
    }
    if (isCancelled(e)) return 130;
    if (e instanceof SynthError) {
      process.stderr.write(`synth-studio: error: ${describeError(e)}\n`);
      return 1;
    }
    // A bug of ours, not the user's input: say so plainly, with the detail for a bug report.
    process.stderr.write(
      `synth-studio: internal error: ${(e as Error)?.message ?? String(e)}\nPlease report this with the command you ran.${process.env.SYNTH_STUDIO_DEBUG ? `\n${(e as Error)?.stack}` : ''}\n`,
    );
    return 70;
  }
}

if (require.main === module && Number(process.versions.node.split('.')[0]) < 20) {
  process.stderr.write(
    `synth-studio needs Node 20.19 or later (this is Node ${process.versions.node}). Install a newer Node from https://nodejs.org.\n`,
  );
  process.exitCode = 1;
} else if (require.main === module) {
  // Node's SHA-256 for the source fingerprint and the HTML nonce: same digests, no cold JS loop.
  useNativeSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));
  // A fit's trees and the report's detection folds in worker threads, started now so that they
  // are up by the fit.
  if (['synthesize', 'report', 'generate'].includes(process.argv[2] ?? '')) usePool(startPool());
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
