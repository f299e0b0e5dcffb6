import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../../src/core/expr';
import { TEMPLATES } from '../../../../src/core/blueprint/templates';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const doc = readFileSync(path.join(ROOT, 'docs', 'blueprint.md'), 'utf8');
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'synth.schema.json'), 'utf8'));

describe('docs/blueprint.md (the format reference)', () => {
  it('names every property of the schema, every distribution kind, every function and every template', () => {
    const missing: string[] = [];
    const mention = (word: string, where: string): void => {
      if (!doc.includes(`\`${word}\``) && !doc.includes(`\`${word}(`) && !doc.includes(`"${word}"`))
        missing.push(`${where}: ${word}`);
    };
    for (const k of Object.keys(schema.properties)) mention(k, 'top level');
    for (const [name, def] of Object.entries(
      schema.definitions as Record<string, { properties?: Record<string, unknown> }>,
    )) {
      if (name === 'GaussianCopulaModel' || name === 'SourceSpec') continue; // described in one line each
      for (const k of Object.keys(def.properties ?? {})) if (k !== 'kind') mention(k, name);
    }
    for (const k of schema.definitions.Distribution.properties.kind.enum as string[]) mention(k, 'kind');
    for (const f of Object.keys(FUNCTIONS)) mention(f, 'function');
    for (const t of TEMPLATES) mention(t.id, 'template');
    expect(missing).toEqual([]);
  });
});
