import type { ExprError, Span } from './ast';

export type TokenKind = 'number' | 'string' | 'identifier' | 'quoted' | 'operator' | 'punct' | 'end';

export interface Token extends Span {
  kind: TokenKind;
  /** Identifiers and operators as written (quoted names and strings: their decoded text). */
  text: string;
  /** Numbers: their value. */
  value?: number;
}

const OPERATORS = ['==', '!=', '<>', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '^', '=', '<', '>', '!'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '`': '`' };

/**
 * Split expression text into tokens. Numbers: `12`, `3.5`, `.5`, `1e-3`. Strings: '...' or "..."
 * with backslash escapes. Names: letters, digits and `_` (not starting with a digit), or any
 * text between backticks (`monthly charges`). Throws an `ExprError` at the first bad character.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      while (i < n && isDigit(text[i])) i++;
      if (text[i] === '.') {
        i++;
        while (i < n && isDigit(text[i])) i++;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        let j = i + 1;
        if (text[j] === '+' || text[j] === '-') j++;
        if (isDigit(text[j] ?? '')) {
          i = j;
          while (i < n && isDigit(text[i])) i++;
        }
      }
      if (i < n && isNameStart(text[i]))
        throw err(
          start,
          i + 1,
          `"${text.slice(start, i + 1)}" is not a number.`,
          'Put an operator between a number and a name, e.g. 2 * x.',
        );
      tokens.push({ kind: 'number', text: text.slice(start, i), value: Number(text.slice(start, i)), start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      while (i < n && isNamePart(text[i])) i++;
      tokens.push({ kind: 'identifier', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i++;
      let value = '';
      for (;;) {
        if (i >= n) {
          throw err(
            start,
            n,
            c === '`' ? 'A column name in backticks is never closed.' : 'A string is never closed.',
            `Add the closing ${c}.`,
          );
        }
        const ch = text[i];
        if (ch === c) break;
        if (ch === '\\' && i + 1 < n) {
          const e = ESCAPES[text[i + 1]];
          if (e === undefined)
            throw err(
              i,
              i + 2,
              `Unknown escape "\\${text[i + 1]}" in a string.`,
              'Use \\\\ for a backslash, \\\' or \\" for a quote.',
            );
          value += e;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      i++;
      if (c === '`' && value === '') throw err(start, i, 'A column name in backticks is empty.');
      tokens.push({ kind: c === '`' ? 'quoted' : 'string', text: value, start, end: i });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      i++;
      tokens.push({ kind: 'punct', text: c, start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: 'operator', text: op, start, end: i });
      continue;
    }
    throw err(
      start,
      start + 1,
      `Unexpected character "${c}".`,
      c === '[' || c === '{'
        ? 'Group with ( ) and list values with in (a, b).'
        : c === '&' || c === '|'
          ? 'Write "and" / "or".'
          : undefined,
    );
  }
  tokens.push({ kind: 'end', text: '', start: n, end: n });
  return tokens;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\u007f';
}

function isNamePart(c: string): boolean {
  return isNameStart(c) || isDigit(c);
}

/** True when `name` can be written without backticks. */
export function isPlainName(name: string): boolean {
  if (name.length === 0 || !isNameStart(name[0])) return false;
  for (const c of name) if (!isNamePart(c)) return false;
  return !KEYWORDS.has(name.toLowerCase());
}

export const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);

export class ExprSyntaxError extends Error {
  constructor(readonly error: ExprError) {
    super(error.message);
  }
}

export function err(start: number, end: number, message: string, hint?: string): ExprSyntaxError {
  return new ExprSyntaxError({
    start,
    end: Math.max(end, start + 1),
    message,
    code: 'syntax',
    ...(hint ? { hint } : {}),
  });
}
