/**
 * Reading values as a blueprint writes them, for the validators, the generator and the source
 * checks alike: JSON objects, dates in a column's format, the categories a distribution produces.
 */
import { parseDatetime } from '../csv/datetime';
import { parseDateLiteral } from '../expr';

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Read a date written in the column's format, or as YYYY-MM-DD[ HH:mm:ss]; NaN when neither. */
export function readDate(v: unknown, format: string): number {
  if (typeof v !== 'string') return NaN;
  const t = parseDatetime(v, format);
  if (!Number.isNaN(t)) return t;
  return parseDateLiteral(v) ?? NaN;
}

/** Categories a distribution can produce (categorical keys, through conditionals and bands), when known. */
export function levelsOf(dist: unknown): string[] | undefined {
  if (!isObject(dist)) return undefined;
  if (dist.kind === 'categorical' && isObject(dist.probabilities))
    return Object.keys(dist.probabilities).filter((k) => (dist.probabilities as Record<string, unknown>)[k] !== 0);
  const parts: unknown[] =
    dist.kind === 'conditional' && isObject(dist.cases)
      ? [...Object.values(dist.cases), ...(dist.default !== undefined ? [dist.default] : [])]
      : dist.kind === 'bands' && Array.isArray(dist.bands)
        ? dist.bands.map((b) => (isObject(b) ? b.distribution : undefined))
        : [];
  if (!parts.length) return undefined;
  const out: string[] = [];
  for (const p of parts) {
    const l = levelsOf(p);
    if (!l) return undefined;
    for (const x of l) if (!out.includes(x)) out.push(x);
  }
  return out;
}
