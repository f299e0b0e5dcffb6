// Tools the real-VS-Code tests need, installed on demand:
//   Debian packages: chromium (the browser; Playwright never downloads one) and, while
//     code-server is not installed yet, what its install compiles with (libkrb5-dev, make, g++,
//     python3, pkg-config). Installed with apt-get when running as root or with passwordless
//     sudo; otherwise one message says exactly what to install.
//   Node 24 (code-server's runtime; the project's own Node builds and unit-tests the extension)
//   code-server 4.139.1 (= VS Code 1.139.1), installed with Node 24 first on PATH
//
// Run directly (`node test/e2e/tools.mjs`) to install, or import `ensureTools()`.
// The cache is `~/.cache/synth-studio-e2e` unless SYNTH_E2E_TOOLS says otherwise.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = 24;
export const CHROMIUM = '/usr/bin/chromium';

export function toolsDir() {
  return resolve(process.env.SYNTH_E2E_TOOLS || join(homedir(), '.cache', 'synth-studio-e2e'));
}

/** Paths of the installed tools (they may not exist yet). */
export function toolPaths(dir = toolsDir()) {
  const nodePrefix = join(dir, `node${NODE_MAJOR}`);
  const csPrefix = join(dir, `code-server-${CODE_SERVER_VERSION}`);
  return {
    dir,
    nodePrefix,
    nodeBin: join(nodePrefix, 'node_modules', 'node', 'bin'),
    node: join(nodePrefix, 'node_modules', 'node', 'bin', 'node'),
    nodeMarker: join(nodePrefix, '.installed'),
    csPrefix,
    csPackage: join(csPrefix, 'node_modules', 'code-server'),
    csMarker: join(csPrefix, '.installed'),
  };
}

function log(msg) {
  process.stderr.write(`[e2e tools] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    const keep = (d) => {
      out += d.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out.slice(-6000)}`));
    });
  });
}

function readMarker(file) {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Environment with Node 24 first on PATH (for installing and running code-server). */
export function node24Env(paths = toolPaths(), base = process.env) {
  const env = { ...base, PATH: `${paths.nodeBin}${delimiter}${base.PATH ?? ''}` };
  // `npm run` passes its own settings down as npm_* variables (prefix, node-gyp, ...); they would
  // steer the nested installs and code-server's scripts, so none go through.
  for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
  return env;
}

async function ensureNode(paths) {
  const want = `node@${NODE_MAJOR}`;
  if (readMarker(paths.nodeMarker) === want && existsSync(paths.node)) {
    const v = (await run(paths.node, ['--version'])).trim();
    if (v.startsWith(`v${NODE_MAJOR}.`)) return { installed: false, version: v };
  }
  log(`installing ${want} into ${paths.nodePrefix} ...`);
  const t = Date.now();
  rmSync(paths.nodePrefix, { recursive: true, force: true });
  mkdirSync(paths.nodePrefix, { recursive: true });
  writeFileSync(join(paths.nodePrefix, 'package.json'), '{ "name": "synth-studio-e2e-node", "private": true }\n');
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
  await run(
    'npm',
    ['install', '--prefix', paths.nodePrefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', want],
    { cwd: paths.nodePrefix, env },
  );
  const v = (await run(paths.node, ['--version'])).trim();
  if (!v.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${paths.node} reports ${v}, expected Node ${NODE_MAJOR}`);
  writeFileSync(paths.nodeMarker, `${want}\n`);
  log(`${want} (${v}) installed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { installed: true, version: v };
}

async function ensureCodeServer(paths) {
  const want = `code-server@${CODE_SERVER_VERSION}`;
  if (readMarker(paths.csMarker) === want && existsSync(join(paths.csPackage, 'package.json'))) {
    const pkg = JSON.parse(readFileSync(join(paths.csPackage, 'package.json'), 'utf8'));
    if (pkg.version === CODE_SERVER_VERSION) return { installed: false, version: pkg.version };
  }
  checkBuildDeps();
  log(`installing ${want} into ${paths.csPrefix} with Node ${NODE_MAJOR} (takes about 2 minutes) ...`);
  const t = Date.now();
  rmSync(paths.csPrefix, { recursive: true, force: true });
  mkdirSync(paths.csPrefix, { recursive: true });
  writeFileSync(join(paths.csPrefix, 'package.json'), '{ "name": "synth-studio-e2e-code-server", "private": true }\n');
  const env = node24Env(paths);
  env.npm_config_unsafe_perm = 'true'; // code-server's postinstall needs it when run as root

  await run(
    'npm',
    ['install', '--prefix', paths.csPrefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', want],
    { cwd: paths.csPrefix, env },
  );
  const pkg = JSON.parse(readFileSync(join(paths.csPackage, 'package.json'), 'utf8'));
  if (pkg.version !== CODE_SERVER_VERSION)
    throw new Error(`installed code-server is ${pkg.version}, expected ${CODE_SERVER_VERSION}`);
  writeFileSync(paths.csMarker, `${want}\n`);
  log(`${want} installed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { installed: true, version: pkg.version };
}

/** Entry script of code-server (run it with Node 24). */
export function codeServerEntry(paths = toolPaths()) {
  const pkg = JSON.parse(readFileSync(join(paths.csPackage, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['code-server'];
  return join(paths.csPackage, bin ?? 'out/node/entry.js');
}

/** What code-server's postinstall compiles VS Code's native modules with (kerberos needs GSSAPI headers). */
function missingBuildDeps() {
  const missing = [];
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  for (const [bin, pkg] of [
    ['make', 'make'],
    ['g++', 'g++'],
    ['python3', 'python3'],
    ['pkg-config', 'pkg-config'],
  ]) {
    if (!onPath(bin)) missing.push(pkg);
  }
  return missing;
}

function onPath(bin) {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, bin)));
}

/** How to run apt-get here: directly as root, through passwordless sudo, or not at all. */
async function aptRunner() {
  if (!onPath('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (!onPath('sudo')) return undefined;
  try {
    await run('sudo', ['-n', 'true']);
    return ['sudo', '-n'];
  } catch {
    return undefined;
  }
}

/**
 * Install missing Debian packages with apt-get when that is possible without a password;
 * otherwise fail with one message that says exactly what to install.
 */
export async function ensureDebianPackages(packages, why) {
  if (packages.length === 0) return { installed: [] };
  const runner = await aptRunner();
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  if (!runner) {
    throw new Error(
      `the e2e tests need the Debian package${packages.length === 1 ? '' : 's'} ${packages.join(', ')} (${why}), and they can only be installed as root.\n  run: sudo sh -c '${command}'\n  then run the tests again.`,
    );
  }
  log(`installing Debian packages ${packages.join(', ')} (${why}) with apt-get ...`);
  const t = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [cmd, ...pre] = runner.length ? runner : ['apt-get'];
  const args = (rest) => (runner.length ? [...pre, 'apt-get', ...rest] : rest);
  try {
    await run(cmd, args(['update', '-q']), { env });
    await run(cmd, args(['install', '-y', '-q', '--no-install-recommends', ...packages]), { env });
  } catch (e) {
    throw new Error(`apt-get could not install ${packages.join(', ')}: ${e.message}\n  run by hand: ${command}`);
  }
  log(`installed ${packages.join(', ')} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { installed: packages };
}

/** Fail early with the fix when code-server cannot be built (used after ensureDebianPackages). */
export function checkBuildDeps() {
  const missing = missingBuildDeps();
  if (missing.length) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} builds native modules on install and needs: ${missing.join(', ')}.\n  run: sudo sh -c 'apt-get update && apt-get install -y ${missing.join(' ')}'`,
    );
  }
}

export function checkChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: the e2e tests drive Debian's Chromium (Playwright never downloads one).\n  run: sudo sh -c 'apt-get update && apt-get install -y chromium'`,
    );
  }
  return CHROMIUM;
}

function codeServerInstalled(paths) {
  return (
    readMarker(paths.csMarker) === `code-server@${CODE_SERVER_VERSION}` &&
    existsSync(join(paths.csPackage, 'package.json'))
  );
}

/** Install what is missing; returns the paths and versions. */
export async function ensureTools() {
  const paths = toolPaths();
  const packages = [
    ...(existsSync(CHROMIUM) ? [] : ['chromium']),
    ...(codeServerInstalled(paths) ? [] : missingBuildDeps()),
  ];
  await ensureDebianPackages(packages, 'a browser for the tests, and what code-server compiles with');
  checkChromium();
  mkdirSync(paths.dir, { recursive: true });
  const node = await ensureNode(paths);
  const cs = await ensureCodeServer(paths);
  return { paths, node, codeServer: cs, entry: codeServerEntry(paths) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t = Date.now();
  ensureTools().then(
    (r) => {
      log(
        `ready in ${((Date.now() - t) / 1000).toFixed(1)} s: node ${r.node.version}, code-server ${r.codeServer.version}, chromium ${CHROMIUM}; cache ${r.paths.dir}`,
      );
    },
    (e) => {
      log(`FAILED: ${e.message}`);
      process.exit(1);
    },
  );
}
