/**
 * Quick fixes for blueprint problems, as plain text edits (offset, length, new text), so the
 * editor applies them and tests check them without VS Code: normalise probabilities, repair a
 * correlation matrix (or a set of pairwise correlations) to the nearest valid one, add a missing
 * column, correct a misspelt name, set a logistic intercept for a requested rate.
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { fromRows, minEigenvalue, nearestCorrelation } from '../stats/matrix';
import { stringify } from './serialize';
import type { BlueprintProblem } from './parse';
import type { ColumnSpec } from './types';
import { dict } from '../util/dict';
import { roundTo } from '../util/round';

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
  /** A fix that runs a command instead of editing (refit from the source CSV). */
  command?: 'refit';
}

/** Probabilities scaled to sum to 1, rounded to 6 decimals; the largest absorbs the rounding. */
export function normalizeProbabilities(p: Record<string, number>): Record<string, number> {
  const keys = Object.keys(p);
  const sum = keys.reduce((a, k) => a + Math.max(0, p[k]), 0);
  if (!(sum > 0)) return { ...p };
  const out: Record<string, number> = dict();
  for (const k of keys) out[k] = roundTo(Math.max(0, p[k]) / sum, 6);
  const largest = keys.reduce((a, k) => (out[k] > out[a] ? k : a), keys[0]);
  const rest = keys.filter((k) => k !== largest).reduce((a, k) => a + out[k], 0);
  out[largest] = roundTo(1 - rest, 6);
  return out;
}

/**
 * The nearest valid correlation matrix (eigenvalues clipped, unit diagonal), rounded to 4
 * decimals; the clipping floor grows until the rounded matrix is still positive semi-definite.
 */
export function repairCorrelation(rows: number[][]): number[][] {
  const n = rows.length;
  for (const floor of [1e-4, 1e-3, 1e-2, 5e-2]) {
    const m = nearestCorrelation(fromRows(rows), n, floor);
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      out.push([]);
      for (let j = 0; j < n; j++) out[i].push(i === j ? 1 : roundTo((m[i * n + j] + m[j * n + i]) / 2, 4));
    }
    if (minEigenvalue(fromRows(out), n) >= -1e-9) return out;
  }
  return rows.map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
}

/** A column to add for a name an expression uses, of the type its use suggests. */
export function columnFor(name: string, type: string): ColumnSpec {
  switch (type) {
    case 'category':
      return { name, type: 'category', distribution: { kind: 'categorical', probabilities: { a: 0.5, b: 0.5 } } };
    case 'boolean':
      return { name, type: 'boolean', distribution: { kind: 'categorical', probabilities: { true: 0.5, false: 0.5 } } };
    default:
      return { name, type: 'number', min: 0, max: 100, distribution: { kind: 'uniform', low: 0, high: 100 } };
  }
}

/** The quick fixes for one problem of `text` (problems from `parseBlueprint(text)`). */
export function quickFixes(text: string, problem: BlueprintProblem): QuickFix[] {
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!tree) return [];
  const path = problem.segments ?? (problem.jsonPath ? parsePath(problem.jsonPath) : []);
  const node = findNodeAtLocation(tree, path);
  const fixes: QuickFix[] = [];
  switch (problem.code) {
    case 'blueprint/probabilities-sum': {
      if (!node || node.type !== 'object') break;
      const values: Record<string, number> = dict();
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v?.type === 'number') values[k.value as string] = v.value as number;
      }
      const fixed = normalizeProbabilities(values);
      const edits: TextEdit[] = [];
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v?.type === 'number')
          edits.push({ offset: v.offset, length: v.length, newText: String(fixed[k.value as string]) });
      }
      fixes.push({ title: 'Normalise the probabilities so they sum to 1', edits, preferred: true });
      break;
    }
    case 'blueprint/correlation-not-psd': {
      if (!node || node.type !== 'array') break;
      const rows = nodeValue(node) as number[][];
      const repaired = repairCorrelation(rows);
      const indent = indentAt(text, node.offset);
      fixes.push({
        title: 'Repair the correlation matrix to the nearest valid one',
        edits: [{ offset: node.offset, length: node.length, newText: stringify(repaired, indent) }],
        preferred: true,
      });
      break;
    }
    case 'blueprint/correlations-not-psd': {
      if (!node || node.type !== 'array') break;
      const list = nodeValue(node) as { columns: string[]; r: number }[];
      const names: string[] = [];
      for (const c of list) for (const n of c.columns) if (!names.includes(n)) names.push(n);
      const rows = names.map((a, i) =>
        names.map((b, j) =>
          i === j ? 1 : (list.find((c) => c.columns.includes(a) && c.columns.includes(b) && a !== b)?.r ?? 0),
        ),
      );
      const repaired = repairCorrelation(rows);
      const edits: TextEdit[] = [];
      (node.children ?? []).forEach((item, i) => {
        const r = findNodeAtLocation(item, ['r']);
        const [a, b] = list[i].columns;
        if (r)
          edits.push({
            offset: r.offset,
            length: r.length,
            newText: String(repaired[names.indexOf(a)][names.indexOf(b)]),
          });
      });
      fixes.push({
        title: 'Change the correlations to the nearest set that can hold together',
        edits,
        preferred: true,
      });
      break;
    }
    case 'expr/unknown-column':
    case 'expr/unknown-function':
    case 'condition/unknown-level': {
      const data = problem.data;
      if (data?.suggestion && problem.offset !== undefined) {
        fixes.push({
          title: `Change to "${data.suggestion}"`,
          edits: [
            {
              offset: problem.offset,
              length: problem.length ?? 0,
              newText: problem.code === 'expr/unknown-column' ? data.suggestion : data.suggestion,
            },
          ],
          preferred: true,
        });
      }
      if (problem.code === 'expr/unknown-column' && data?.name) {
        const columns = findNodeAtLocation(tree, ['columns']);
        if (columns?.type === 'array' && columns.children?.length) {
          const last = columns.children[columns.children.length - 1];
          const indent = indentAt(text, last.offset);
          const column = columnFor(data.name, data.expectedType ?? 'number');
          fixes.push({
            title: `Add column "${data.name}" (${column.type})`,
            edits: [
              { offset: last.offset + last.length, length: 0, newText: `,\n${indent}${stringify(column, indent)}` },
            ],
          });
        }
      }
      break;
    }
    case 'blueprint/unknown-property': {
      const m = /did you mean "([^"]+)"\?/.exec(problem.message);
      if (m && problem.offset !== undefined)
        fixes.push({
          title: `Rename to "${m[1]}"`,
          edits: [{ offset: problem.offset, length: problem.length ?? 0, newText: JSON.stringify(m[1]) }],
          preferred: true,
        });
      break;
    }
    case 'blueprint/min-max': {
      // The problem sits at the lower bound ("min" or "low"); its partner is in the same object.
      const key = path[path.length - 1];
      const other = key === 'min' ? 'max' : key === 'low' ? 'high' : undefined;
      const hi = other ? findNodeAtLocation(tree, [...path.slice(0, -1), other]) : undefined;
      if (node && hi && node.type === hi.type && (node.type === 'number' || node.type === 'string')) {
        const lowText = text.slice(node.offset, node.offset + node.length);
        const highText = text.slice(hi.offset, hi.offset + hi.length);
        fixes.push({
          title: `Swap ${key} and ${other} (${lowText} ↔ ${highText})`,
          edits: [
            { offset: node.offset, length: node.length, newText: highText },
            { offset: hi.offset, length: hi.length, newText: lowText },
          ],
          preferred: true,
        });
      }
      break;
    }
    case 'blueprint/stale-source':
    case 'blueprint/no-model':
      fixes.push({ title: 'Refit from source (runs Synthesize on the source CSV)', edits: [], command: 'refit' });
      break;
  }
  return fixes;
}

/** Edits that set a logistic column's `rate` (when it has one) or its `intercept` (the prevalence knob). */
export function setLogisticEdits(
  text: string,
  columnIndex: number,
  change: { rate: number } | { intercept: number },
): TextEdit[] {
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const dist = tree && findNodeAtLocation(tree, ['columns', columnIndex, 'distribution']);
  if (!dist || dist.type !== 'object') return [];
  const key = 'rate' in change ? 'rate' : 'intercept';
  const value = 'rate' in change ? change.rate : change.intercept;
  const existing = findNodeAtLocation(dist, [key]);
  if (existing) return [{ offset: existing.offset, length: existing.length, newText: String(value) }];
  const kind = findNodeAtLocation(dist, ['kind']);
  const anchor = kind?.parent ?? dist.children?.[0];
  if (!anchor) return [];
  return [{ offset: anchor.offset + anchor.length, length: 0, newText: `, ${JSON.stringify(key)}: ${value}` }];
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset))
    out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

function parsePath(p: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'array':
      return (node.children ?? []).map(nodeValue);
    case 'object': {
      const o: Record<string, unknown> = dict();
      for (const p of node.children ?? [])
        if (p.children?.length === 2) o[p.children[0].value as string] = nodeValue(p.children[1]);
      return o;
    }
    default:
      return node.value;
  }
}

function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(lineStart));
  return m ? m[0] : '';
}
