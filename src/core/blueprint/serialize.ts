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

/**
 * True when `value` nests objects at most `limit` deep (0 for a plain value or an array of plain
 * values; an object or array of objects is one more than its deepest child). Stops at the limit,
 * so a deep tree is not walked whole at every level it is written at.
 */
function nestsAtMost(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return true;
  if (limit === 0) return false;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const c of children) if (!nestsAtMost(c, limit - 1)) return false;
  return true;
}

/**
 * JSON text with two-space indentation and arrays of plain values on one line. `inline`: objects
 * nested at most this deep are written on one line (`{"kind": "empirical", "quantiles": [...]}`).
 */
export function stringify(value: unknown, indent: string, inline = 0): string {
  const out: string[] = [];
  write(value, indent, inline, out);
  return out.join('');
}

/**
 * `stringify` into `out`, piece by piece: a level that joined its children's text would copy a
 * deep tree's text once per level (a 1M-row source's blueprint: 0.4 s).
 */
function write(value: unknown, indent: string, inline: number, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (inline > 0 && !Array.isArray(value) && nestsAtMost(value, inline)) {
    out.push(oneLine(value));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) out.push('[]');
    else if (value.every((v) => v === null || typeof v !== 'object'))
      out.push(`[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`);
    else {
      out.push('[\n');
      value.forEach((v, i) => {
        out.push(i > 0 ? `,\n${inner}` : inner);
        write(v, inner, inline, out);
      });
      out.push(`\n${indent}]`);
    }
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{\n');
  entries.forEach(([k, v], i) => {
    out.push(`${i > 0 ? ',\n' : ''}${inner}${JSON.stringify(k)}: `);
    write(v, inner, inline, out);
  });
  out.push(`\n${indent}}`);
}

function oneLine(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')}}`;
}
