// "npm ci" on the README's Node must not warn: every locked package accepts the oldest Node that
// package.json's "engines" allows (vega-lite 6.5 wanted Node 22 while the README said 20).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
// semver is npm's own version-range library (installed with the dev tools; it has no types here).
const semver = require('semver') as {
  satisfies(version: string, range: string): boolean;
  minSatisfying(versions: string[], range: string): string | null;
};

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));

describe('Node versions', () => {
  const range: string = pkg.engines.node;
  // The oldest release of each major line the range admits (20.19.0, 22.13.0, ...).
  const oldest = [20, 22, 24]
    .map((major) =>
      semver.minSatisfying(
        Array.from({ length: 40 }, (_, minor) => `${major}.${minor}.0`),
        range,
      ),
    )
    .filter((v): v is string => v !== null);

  it('package.json names a Node range the README states', () => {
    expect(oldest[0]).toBe('20.19.0');
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('Node 20.19+');
  });

  it('every package in package-lock.json accepts the oldest allowed Node of each line', () => {
    const refusing: string[] = [];
    for (const [name, entry] of Object.entries<{ engines?: { node?: string }; optional?: boolean }>(lock.packages)) {
      const wants = entry.engines?.node;
      if (!name || entry.optional || !wants) continue;
      for (const v of oldest)
        if (!semver.satisfies(v, wants))
          refusing.push(`${name.replace(/^.*node_modules\//, '')} wants ${wants} (not ${v})`);
    }
    expect(refusing).toEqual([]);
  });
});
