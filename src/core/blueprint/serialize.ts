import type { Blueprint } from './types';

/**
 * Blueprint text as people like to read it in a diff: two-space indentation, and arrays of plain
 * values (quantiles, a correlation row) kept on one line. Ends with a newline.
 */
export function serializeBlueprint(blueprint: Blueprint): string {
  return `${stringify(blueprint, '')}\n`;
}

export function stringify(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object'))
      return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
    return `[\n${value.map((v) => inner + stringify(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner)}`).join(',\n')}\n${indent}}`;
}
