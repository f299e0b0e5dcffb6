// Imports flow one way: no file of src/ imports itself back through other files, at run time or
// through types. A cycle makes the order of module initialisation matter and a folder impossible
// to read on its own; break one by moving what both sides need into a module below both (see
// docs/ARCHITECTURE.md, "Where each boundary is enforced").
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.join(__dirname, '..', '..', 'src');

/**
 * Type-only cycles allowed, each with its reason. The blueprint's type holds the fitted model,
 * whose segments hold distributions: one recursive type written in two files.
 */
const ALLOWED_TYPE_CYCLES = [['core/blueprint/models.ts', 'core/blueprint/types.ts']];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return full.endsWith('.ts') && !full.endsWith('.d.ts') ? [full] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && existsSync(f));
}

interface Edge {
  to: string;
  typeOnly: boolean;
}

/** The relative imports and re-exports of a file, each marked type-only or not. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): Edge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const edges: Edge[] = [];
  const add = (spec: ts.Expression | undefined, typeOnly: boolean): void => {
    if (!spec || !ts.isStringLiteral(spec)) return;
    const to = resolve(file, spec.text);
    if (to) edges.push({ to, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (named !== undefined && ts.isNamedExports(named) && named.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Strongly connected components with more than one file (or a file importing itself), by Tarjan's algorithm. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const strong = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) strong(v);
  return found;
}

let parsed: Map<string, Edge[]> | undefined;

function graphOf(withTypes: boolean): Map<string, string[]> {
  parsed ??= new Map(files(SRC).map((f) => [f, importsOf(f)]));
  const graph = new Map<string, string[]>();
  for (const [f, edges] of parsed) {
    const to = edges.filter((e) => withTypes || !e.typeOnly).map((e) => path.relative(SRC, e.to));
    graph.set(path.relative(SRC, f), to);
  }
  return graph;
}

describe('imports flow one way', () => {
  it('no import cycle among the files of src/ at run time', () => {
    expect(cycles(graphOf(false))).toEqual([]);
  });

  it('no import cycle through types either (beyond the documented ones)', () => {
    const allowed = new Set(ALLOWED_TYPE_CYCLES.map((c) => c.join(' ')));
    expect(cycles(graphOf(true)).filter((c) => !allowed.has(c.join(' ')))).toEqual([]);
  });

  it('the check finds a cycle (guards against a parser that finds no import)', () => {
    const a = path.join(SRC, 'core', 'a.ts');
    expect(
      importsOf(
        a,
        "import { x } from './table';\nimport type { Y } from './errors';\nexport { z } from './random';\nconst m = import('./pipeline');",
      ).map((e) => [path.relative(SRC, e.to), e.typeOnly]),
    ).toEqual([
      ['core/table.ts', false],
      ['core/errors.ts', true],
      ['core/random.ts', false],
      ['core/pipeline.ts', false],
    ]);
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
    // Every allowed cycle still exists, so the list cannot outlive its reason.
    const all = cycles(graphOf(true)).map((c) => c.join(' '));
    for (const c of ALLOWED_TYPE_CYCLES) expect(all).toContain(c.join(' '));
  });
});
