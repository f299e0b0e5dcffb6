/**
 * `report.json` text: indented like `JSON.stringify(value, null, 2)` for objects, but arrays of
 * plain values (bins, shares, matrix rows, preview rows) stay on one line, which keeps the file
 * readable and about a third of the size. Parses back to the same value.
 */
export function stringifyReport(value: unknown): string {
  return `${write(value, '')}\n`;
}

function isPlain(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function write(v: unknown, indent: string): string {
  if (isPlain(v)) return JSON.stringify(v) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(isPlain)) return `[${v.map((x) => JSON.stringify(x) ?? 'null').join(', ')}]`;
    return `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(
    ([, x]) => x !== undefined && typeof x !== 'function',
  );
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n')}\n${indent}}`;
}
