import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without type declarations
import { buildSchema, EDITOR_SCHEMA_FILE, editorSchema, SCHEMA_FILE } from '../../../../scripts/schema.mjs';
import { TEMPLATES } from '../../../../src/core/blueprint/templates';
import { synthesize } from '../../../../src/core/pipeline';
import { fixture } from '../../../unit/helpers';

const schema = JSON.parse(readFileSync(SCHEMA_FILE as string, 'utf8'));

function validator(): Ajv {
  // VS Code's own keywords are annotations for the editor; Ajv needs to know they are not typos.
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addVocabulary(['enumDescriptions', 'defaultSnippets', 'markdownDescription']);
  return ajv;
}

describe('blueprint JSON Schema', () => {
  it('is generated from the TypeScript types: the shipped file is up to date (npm run schema)', () => {
    expect(schema).toEqual(buildSchema());
  });

  it('describes every property, and flags unknown ones', () => {
    const missing: string[] = [];
    const walk = (s: Record<string, unknown>, where: string): void => {
      if (s.properties) {
        for (const [k, v] of Object.entries(s.properties as Record<string, Record<string, unknown>>)) {
          if (!v.description) missing.push(`${where}.${k}`);
        }
        // Discriminated unions (on `kind`) close each branch in its own definition instead.
        if (where !== 'Distribution' && where !== 'FittedModel' && s.additionalProperties !== false)
          missing.push(`${where} allows unknown properties`);
      }
    };
    walk(schema, 'Blueprint');
    for (const [name, def] of Object.entries(schema.definitions as Record<string, Record<string, unknown>>))
      walk(def, name);
    expect(missing).toEqual([]);
  });

  it('accepts every template and a blueprint fitted by Synthesize', () => {
    const validate = validator().compile(schema);
    for (const t of TEMPLATES) {
      expect(validate(JSON.parse(JSON.stringify(t.blueprint))), `${t.id}: ${JSON.stringify(validate.errors)}`).toBe(
        true,
      );
    }
    const fitted = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv', seed: 1 }).blueprint;
    expect(validate(JSON.parse(JSON.stringify(fitted))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a misspelt property and a distribution with the wrong parameters', () => {
    const validate = validator().compile(schema);
    const bp = JSON.parse(JSON.stringify(TEMPLATES[0].blueprint));
    bp.colums = bp.columns;
    expect(validate(bp)).toBe(false);
    expect(
      validate.errors!.some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'colums'),
    ).toBe(true);
    const bad = JSON.parse(JSON.stringify(TEMPLATES[0].blueprint));
    bad.columns[7].distribution = { kind: 'normal', mean: 1, sigma: 2 };
    expect(validate(bad)).toBe(false);
  });

  it('offers a completion snippet for every distribution kind', () => {
    const dist = schema.definitions.Distribution;
    expect(dist.properties.kind.enum.length).toBe(17);
    expect(dist.defaultSnippets.map((s: { label: string }) => s.label).sort()).toEqual(
      [...dist.properties.kind.enum].sort(),
    );
    expect(path.basename(SCHEMA_FILE as string)).toBe('synth.schema.json');
  });

  it('the editor schema (package.json jsonValidation) describes the same properties and rejects nothing', () => {
    const editor = JSON.parse(readFileSync(EDITOR_SCHEMA_FILE as string, 'utf8'));
    expect(editor).toEqual(editorSchema(buildSchema()));
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
    expect(pkg.contributes.jsonValidation[0].url).toBe('./schemas/synth.editor.schema.json');
    expect(Object.keys(editor.definitions)).toEqual(Object.keys(schema.definitions));
    expect(Object.keys(editor.definitions.ColumnSpec.properties)).toEqual(
      Object.keys(schema.definitions.ColumnSpec.properties),
    );
    // Completion still offers the kinds, as examples.
    expect(editor.definitions.Distribution.properties.kind.examples).toEqual(
      schema.definitions.Distribution.properties.kind.enum,
    );
    // Mistakes the extension reports itself (once, at the cause) pass the editor schema: VS Code adds no second problem.
    // Not strict: without "type", Ajv's strict mode flags every "properties" (VS Code does not).
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(editor);
    const bad = JSON.parse(JSON.stringify(TEMPLATES[0].blueprint));
    bad.rowz = bad.rows;
    delete bad.rows;
    bad.columns[0].typ = bad.columns[0].type;
    delete bad.columns[0].type;
    bad.columns[1].missing = 'often';
    bad.columns[2].distribution = { kind: 'normal', mean: 1, sigma: 2 };
    expect(validate(bad), JSON.stringify(validate.errors)).toBe(true);
  });
});
