import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]);
}

const NODE_BUILTINS = new Set([
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'util',
  'stream',
  'events',
  'url',
  'http',
  'https',
  'zlib',
  'buffer',
  'process',
  'readline',
  'net',
  'tty',
  'assert',
]);

describe('runtime boundaries (ARCHITECTURE.md: one folder per runtime)', () => {
  it('src/core imports neither vscode, nor Node built-ins, nor code from other runtimes', () => {
    const offenders: string[] = [];
    for (const f of files(path.join(SRC, 'core'))) {
      for (const spec of imports(f)) {
        const bare = spec.replace(/^node:/, '').split('/')[0];
        if (
          spec === 'vscode' ||
          spec.startsWith('node:') ||
          NODE_BUILTINS.has(bare) ||
          /\.\.\/(extension|webview|cli)\b/.test(spec)
        ) {
          offenders.push(`${path.relative(SRC, f)} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('src/core uses no DOM globals', () => {
    const offenders: string[] = [];
    for (const f of files(path.join(SRC, 'core'))) {
      const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const g of ['document.', 'window.', 'HTMLElement', 'localStorage', 'navigator.']) {
        if (text.includes(g)) offenders.push(`${path.relative(SRC, f)} uses ${g}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('src/webview imports neither vscode nor Node built-ins', () => {
    const offenders: string[] = [];
    for (const f of files(path.join(SRC, 'webview'))) {
      for (const spec of imports(f)) {
        const bare = spec.replace(/^node:/, '').split('/')[0];
        if (
          spec === 'vscode' ||
          spec.startsWith('node:') ||
          NODE_BUILTINS.has(bare) ||
          /\.\.\/(extension|cli)\b/.test(spec)
        )
          offenders.push(`${path.relative(SRC, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('src/node (Node glue shared by the CLI and the extension host) imports no vscode', () => {
    const offenders = files(path.join(SRC, 'node')).flatMap((f) =>
      imports(f)
        .filter((spec) => spec === 'vscode' || /\.\.\/(extension|cli|webview)\b/.test(spec))
        .map((spec) => `${path.relative(SRC, f)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('maps keyed by user text in src/core are made without a prototype (dict()), never with {}', () => {
    // A Record<string, ...> built by assignment from {} loses a "__proto__" key and inherits
    // "constructor": such maps are created with dict() from util/dict.ts (or Map).
    const offenders = files(path.join(SRC, 'core')).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => /:\s*Record<string,[^=]*>\s*=\s*\{\}/.test(line) && !line.includes('prototype-safe'))
        .map(({ i }) => `${path.relative(SRC, f)}:${i + 1}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no eval or Function constructor anywhere in src', () => {
    const offenders = files(SRC).filter((f) => /\beval\s*\(|new\s+Function\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the check itself catches a vscode import (guards against a regex that matches nothing)', () => {
    const sample = "import * as vscode from 'vscode';\nimport { x } from '../core/y';\nconst fs = require('node:fs');";
    const tmp = path.join(__dirname, 'arch-sample.tmp.ts');
    require('node:fs').writeFileSync(tmp, sample);
    try {
      expect(imports(tmp)).toEqual(['vscode', '../core/y', 'node:fs']);
    } finally {
      require('node:fs').rmSync(tmp);
    }
  });
});
