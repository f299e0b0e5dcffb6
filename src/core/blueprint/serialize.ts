import type { Blueprint } from './types';

/**
 * Blueprint text as people like to read it in a diff: two-space indentation, and arrays of plain
 * values (quantiles, a correlation row) kept on one line. Ends with a newline.
 */
export function serializeBlueprint(blueprint: Blueprint): string {
  const { model, ...rest } = blueprint;
  if (model === undefined) return `${stringify(blueprint, '')}\n`;
  // The fitted model is bulk a person rarely reads: its small objects (a segment's column, a
  // distribution, a probability table) go on one line each, so a 14-column table's blueprint
  // keeps its columns, constraints and settings readable instead of thousands of model lines.
  const head = stringify(rest, '');
  return `${head.slice(0, -2)},\n  "model": ${stringify(model, '  ', 3)}\n}\n`;
}

/** Depth of nested objects and arrays of objects (0 for a plain value or an array of plain values). */
function depth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return 0;
  let d = 0;
  for (const c of children) d = Math.max(d, depth(c));
  return d + 1;
}

/**
 * JSON text with two-space indentation and arrays of plain values on one line. `inline`: objects
 * nested at most this deep are written on one line (`{"kind": "empirical", "quantiles": [...]}`).
 */
export function stringify(value: unknown, indent: string, inline = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (inline > 0 && !Array.isArray(value) && depth(value) <= inline) return oneLine(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object'))
      return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
    return `[\n${value.map((v) => inner + stringify(v, inner, inline)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner, inline)}`).join(',\n')}\n${indent}}`;
}

function oneLine(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')}}`;
}
