// Generates the blueprint JSON Schema (schemas/synth.schema.json) from the TypeScript types in
// src/core/blueprint/types.ts, the way vega-lite derives its schema from its types: one source of
// truth, and a unit test fails when the checked-in schema is out of date.
//
//   node scripts/schema.mjs          write schemas/synth.schema.json
//   node scripts/schema.mjs --check  exit 1 when the file differs from what the types give
//
// Doc comments become `description`; tags @default, @example (JSON), @minimum, @maximum,
// @exclusiveMinimum, @minItems, @maxItems, @title, @integer (type integer), @const (JSON) and
// @snippet (a VS Code completion snippet:
// `defaultSnippets` on the union that holds the interface) become schema keywords. Interfaces get
// `additionalProperties: false`, so a misspelt property is flagged. Discriminated unions (on
// `kind`) become an `if`/`then` chain so that VS Code reports errors against the chosen kind.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TYPES_FILE = join(root, 'src/core/blueprint/types.ts');
export const SCHEMA_FILE = join(root, 'schemas/synth.schema.json');
export const SCHEMA_ID = 'https://synth-studio.dev/schema/v1/synth.schema.json';
/** The schema VS Code's JSON language service gets (package.json "jsonValidation"): see editorSchema. */
export const EDITOR_SCHEMA_FILE = join(root, 'schemas/synth.editor.schema.json');

/** Descriptions for types declared in files this generator does not own (the fitted model). */
const EXTERNAL_DOCS = {
  GaussianCopulaModel: {
    kind: 'Model kind: a Gaussian copula.',
    variables: 'Modelled variables: column names, and `name?` for the missingness of column `name`.',
    correlation:
      "Correlation matrix of the variables' normal scores (symmetric, unit diagonal, positive semi-definite).",
  },
};

export function buildSchema() {
  const program = ts.createProgram([TYPES_FILE], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(TYPES_FILE);
  const definitions = {};
  const declarations = new Map();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile) continue;
    ts.forEachChild(file, (node) => {
      if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && !declarations.has(node.name.text))
        declarations.set(node.name.text, node);
    });
  }

  const tagsOf = (node) => {
    const out = {};
    for (const tag of ts.getJSDocTags(node)) {
      const text = typeof tag.comment === 'string' ? tag.comment : (ts.getTextOfJSDocComment(tag.comment) ?? '');
      (out[tag.tagName.text] ??= []).push(text.trim());
    }
    return out;
  };
  const docOf = (node) => {
    const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    const text = docs
      .map((d) => (typeof d.comment === 'string' ? d.comment : (ts.getTextOfJSDocComment(d.comment) ?? '')))
      .join('\n')
      .trim();
    return text.replace(/\s*\n\s*/g, ' ');
  };
  const applyTags = (schema, node) => {
    const tags = tagsOf(node);
    const description = docOf(node);
    if (description) schema.description = description;
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'minItems', 'maxItems'])
      if (tags[key]) schema[key] = Number(tags[key][0]);
    if (tags.default) schema.default = JSON.parse(tags.default[0]);
    if (tags.example) schema.examples = tags.example.map((e) => JSON.parse(e));
    if (tags.title) schema.title = tags.title[0];
    if (tags.integer && schema.type === 'number') schema.type = 'integer';
    if (tags.const) {
      schema.const = JSON.parse(tags.const[0]);
      delete schema.type;
    }
    return schema;
  };

  const isStringLiteralUnion = (node) =>
    ts.isUnionTypeNode(node) && node.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal));

  /** Schema of a type written in the source. */
  const fromTypeNode = (node) => {
    if (node.kind === ts.SyntaxKind.NumberKeyword) return { type: 'number' };
    if (node.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { const: node.literal.text };
    if (ts.isParenthesizedTypeNode(node)) return fromTypeNode(node.type);
    if (ts.isArrayTypeNode(node)) return { type: 'array', items: fromTypeNode(node.elementType) };
    if (isStringLiteralUnion(node)) return { type: 'string', enum: node.types.map((t) => t.literal.text) };
    if (ts.isUnionTypeNode(node)) {
      const parts = node.types.map(fromTypeNode);
      if (parts.every((p) => Object.keys(p).length === 1 && typeof p.type === 'string'))
        return { type: parts.map((p) => p.type) };
      return { anyOf: parts };
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      if (name === 'Record') return { type: 'object', additionalProperties: fromTypeNode(node.typeArguments[1]) };
      if (name === 'Array') return { type: 'array', items: fromTypeNode(node.typeArguments[0]) };
      define(name);
      return { $ref: `#/definitions/${name}` };
    }
    throw new Error(`schema.mjs: no rule for type "${node.getText()}"`);
  };

  const define = (name) => {
    if (definitions[name]) return;
    const decl = declarations.get(name);
    if (!decl) throw new Error(`schema.mjs: type ${name} not found`);
    definitions[name] = {}; // placeholder against recursion
    if (ts.isInterfaceDeclaration(decl)) definitions[name] = fromInterface(decl, name);
    else if (
      ts.isUnionTypeNode(decl.type) &&
      !isStringLiteralUnion(decl.type) &&
      decl.type.types.every(ts.isTypeReferenceNode)
    )
      definitions[name] = fromDiscriminatedUnion(decl, name);
    else {
      const schema = fromTypeNode(decl.type);
      if (schema.$ref) {
        // A plain alias (FittedModel = GaussianCopulaModel): keep the alias name pointing at it.
        definitions[name] = applyTags({ ...schema }, decl);
      } else definitions[name] = applyTags(schema, decl);
    }
  };

  const fromInterface = (decl, name) => {
    const properties = {};
    const required = [];
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member)) continue;
      const key = member.name.text ?? member.name.getText();
      const schema = applyTags(fromTypeNode(member.type), member);
      if (!schema.description && EXTERNAL_DOCS[name]?.[key]) schema.description = EXTERNAL_DOCS[name][key];
      if (!schema.description && key === 'kind' && schema.const !== undefined)
        schema.description = `Which distribution: "${schema.const}".`;
      properties[key] = schema;
      if (!member.questionToken) required.push(key);
    }
    const schema = applyTags({ type: 'object' }, decl);
    if (!schema.description && EXTERNAL_DOCS[name]?.description) schema.description = EXTERNAL_DOCS[name].description;
    schema.properties = properties;
    if (required.length) schema.required = required;
    schema.additionalProperties = false;
    return schema;
  };

  // A union of interfaces that share a `kind` literal: an enum for completion and hover, an
  // if/then per kind, and the members' @snippet tags as completion snippets.
  const fromDiscriminatedUnion = (decl, name) => {
    const kinds = [];
    const branches = [];
    const snippets = [];
    const kindDocs = [];
    for (const ref of decl.type.types) {
      const memberName = ref.typeName.getText();
      const member = declarations.get(memberName);
      const kindProp = member.members.find((m) => ts.isPropertySignature(m) && m.name.getText() === 'kind');
      if (!kindProp || !ts.isLiteralTypeNode(kindProp.type))
        throw new Error(`schema.mjs: ${memberName} has no literal "kind"`);
      const kind = kindProp.type.literal.text;
      define(memberName);
      kinds.push(kind);
      kindDocs.push(docOf(member));
      branches.push({
        if: { properties: { kind: { const: kind } }, required: ['kind'] },
        then: { $ref: `#/definitions/${memberName}` },
      });
      const snippet = tagsOf(member).snippet?.[0];
      if (snippet)
        snippets.push({
          label: `${kind}`,
          description: docOf(member).split('. ')[0].replace(/\.$/, '') + '.',
          bodyText: snippet,
        });
    }
    const schema = applyTags({ type: 'object' }, decl);
    schema.properties = {
      kind: {
        type: 'string',
        enum: kinds,
        enumDescriptions: kindDocs,
        description: 'Which distribution; the other properties are its parameters.',
      },
    };
    schema.required = ['kind'];
    schema.allOf = branches;
    if (snippets.length) schema.defaultSnippets = snippets;
    return schema;
  };

  void source;
  void checker;
  define('Blueprint');
  const { Blueprint, ...rest } = definitions;
  const sorted = Object.fromEntries(
    Object.keys(rest)
      .sort()
      .map((k) => [k, rest[k]]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    ...Blueprint,
    properties: { ...Blueprint.properties },
    definitions: sorted,
  };
}

export function schemaText() {
  return `${JSON.stringify(buildSchema(), null, 2)}\n`;
}

/** Keywords that only reject values: VS Code would report each as a second problem beside ours. */
const VALIDATION_ONLY = new Set([
  'type',
  'required',
  'additionalProperties',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'pattern',
]);

/**
 * The schema for the editor: the same properties, descriptions, examples and snippets (hover and
 * completion), without the keywords that only reject values. The extension's own diagnostics
 * report every mistake once, at its cause (a misspelled key, not also the missing one across the
 * whole object); VS Code's JSON checker reporting the same mistakes again, differently placed,
 * doubled the Problems list. Allowed values (`enum`, `const`) become `examples`, which VS Code
 * still offers as completions. `if` conditions are kept as they are: they only choose which
 * `then` (the properties of one distribution kind) applies.
 */
export function editorSchema(schema = buildSchema()) {
  const strip = (node) => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'if') out[k] = v;
      else if (k === 'properties' || k === 'definitions')
        out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, strip(sub)]));
      else if (k === 'enum') out.examples = [...new Set([...(node.examples ?? []), ...v])];
      else if (k === 'const') out.examples = [...new Set([...(node.examples ?? []), v])];
      else if (k === 'examples' && ('enum' in node || 'const' in node)) continue;
      else if (VALIDATION_ONLY.has(k) && !(k === 'additionalProperties' && typeof v === 'object')) continue;
      else out[k] = strip(v);
    }
    return out;
  };
  return strip(schema);
}

export function editorSchemaText() {
  return `${JSON.stringify(editorSchema(), null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [file, text] of [
    [SCHEMA_FILE, schemaText()],
    [EDITOR_SCHEMA_FILE, editorSchemaText()],
  ]) {
    if (process.argv.includes('--check')) {
      let current = '';
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        /* missing */
      }
      if (current !== text) {
        process.stderr.write(`${file} is out of date: run "npm run schema".\n`);
        process.exit(1);
      }
    } else {
      writeFileSync(file, text);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
}
