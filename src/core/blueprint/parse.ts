import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Problem } from '../errors';
import { MAX_INPUT_BYTES, MAX_JSON_DEPTH, mebibytes } from '../limits';
import type { Blueprint } from './types';
import type { JsonPath, PathProblem, ProblemData } from './problems';
import { validateBlueprint } from './validate';

/** A located problem; `data` tells quick fixes what they need (an unknown name, a suggestion). */
export type BlueprintProblem = Problem & {
  data?: ProblemData;
  /** The JSON path as segments (keys may hold dots). */ segments?: JsonPath;
};

export interface ParsedBlueprint {
  /** Present when the text is valid JSON (with comments) holding an object. */
  blueprint?: Blueprint;
  /** Syntax and validation problems, each with line, column and offset in the text. */
  problems: BlueprintProblem[];
  /** The syntax tree, for mapping further findings to positions. */
  tree?: Node;
}

export interface ParseOptions {
  /**
   * SHA-256 of the source CSV as it is now, to detect a blueprint fitted from an older version;
   * `null` when the source file cannot be found. Leave out to skip the check.
   */
  sourceSha256?: string | null;
}

/**
 * Parse blueprint text (JSON with comments and trailing commas allowed) and validate it. Every
 * problem is placed at the exact JSON node it concerns, or at the exact characters of an
 * expression inside a string.
 */
export function parseBlueprint(
  text: string,
  fileName = 'blueprint.synth.json',
  options: ParseOptions = {},
): ParsedBlueprint {
  const lines = lineStarts(text);
  const tooDeep = text.length > MAX_INPUT_BYTES ? undefined : nestingBeyond(text, MAX_JSON_DEPTH);
  if (text.length > MAX_INPUT_BYTES || tooDeep !== undefined) {
    const offset = tooDeep ?? 0;
    return {
      problems: [
        {
          severity: 'error',
          code: 'json/limit',
          file: fileName,
          message:
            tooDeep === undefined
              ? `The blueprint is ${mebibytes(text.length)} long; the limit is ${mebibytes(MAX_INPUT_BYTES)}.`
              : `Objects and arrays are nested more than ${MAX_JSON_DEPTH} deep here; a blueprint may nest at most ${MAX_JSON_DEPTH} levels.`,
          hint: 'A blueprint this large or deep is not one Synth Studio wrote: check that this is the right file.',
          offset,
          length: 1,
          ...position(lines, offset),
        },
      ],
    };
  }
  // Strict JSON (what Synth Studio writes) is read by JSON.parse, many times faster than the
  // syntax tree and with the same value: a key such as "__proto__" is an own property there too,
  // and the last of duplicate keys wins. The tree, which locates problems, is built when needed.
  let value: unknown;
  let tree: Node | undefined;
  let built = false;
  const treeOf = (): Node | undefined => {
    if (!built) tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    built = true;
    return tree;
  };
  try {
    value = JSON.parse(text);
  } catch {
    // Comments, trailing commas or a mistake: the tolerant parser, which also says where.
    const errors: ParseError[] = [];
    tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    built = true;
    if (errors.length > 0) {
      return {
        problems: errors.slice(0, 20).map((e) => ({
          severity: 'error' as const,
          code: 'json/syntax',
          file: fileName,
          message: `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}.`,
          hint: 'Fix the JSON at this position.',
          offset: e.offset,
          length: Math.max(1, e.length),
          ...position(lines, e.offset),
        })),
      };
    }
    value = tree ? valueOf(tree) : undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      problems: [
        {
          severity: 'error',
          code: 'blueprint/not-object',
          file: fileName,
          message: 'A blueprint is a JSON object ({ ... }).',
          offset: 0,
          length: 1,
          line: 1,
          column: 1,
        },
      ],
      tree: treeOf(),
    };
  }
  const found = validateBlueprint(value);
  if (options.sourceSha256 !== undefined) found.push(...checkSource(value as Blueprint, options.sourceSha256));
  const problems = found.length
    ? rootCauses(
        found.map((p) => locate(p, treeOf(), lines, fileName, text)),
        treeOf(),
      )
    : [];
  problems.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  return {
    blueprint: value as Blueprint,
    problems,
    get tree() {
      return treeOf();
    },
  };
}

/**
 * One problem per mistake: a misspelled property ("typ" for "type") also leaves the property it
 * meant missing, which the checks of the object report as well (at the whole object: a 60-line
 * squiggle). Those follow-on problems are dropped, and the misspelling, the root cause, takes
 * their severity and says what was missing.
 */
function rootCauses(problems: BlueprintProblem[], tree: Node | undefined): BlueprintProblem[] {
  const typos = problems.flatMap((p) => {
    const meant = p.code === 'blueprint/unknown-property' ? /did you mean "([^"]+)"\?/.exec(p.message)?.[1] : undefined;
    if (meant === undefined || !p.segments) return [];
    const parent = p.segments.slice(0, -1);
    // Only when the meant property is missing: with both there, each problem is its own.
    return tree && findNodeAtLocation(tree, [...parent, meant]) === undefined ? [{ p, parent, meant }] : [];
  });
  if (typos.length === 0) return problems;
  const same = (a: readonly (string | number)[] | undefined, b: readonly (string | number)[]): boolean =>
    !!a && a.length === b.length && a.every((x, i) => x === b[i]);
  const dropped = new Set<BlueprintProblem>();
  const raised = new Map<BlueprintProblem, BlueprintProblem>();
  for (const { p, parent, meant } of typos) {
    const followOn = problems.filter(
      (q) =>
        q !== p &&
        q.code !== 'blueprint/unknown-property' &&
        (same(q.segments, parent) || same(q.segments, [...parent, meant])),
    );
    if (followOn.length === 0) continue;
    for (const q of followOn) dropped.add(q);
    const error = followOn.some((q) => q.severity === 'error');
    raised.set(p, {
      ...p,
      severity: error ? 'error' : p.severity,
      hint: `Without it, "${meant}" is missing: ${followOn[0].message}`,
    });
  }
  return problems.filter((p) => !dropped.has(p)).map((p) => raised.get(p) ?? p);
}

/**
 * The value of a JSON node. User text is data: a key such as "__proto__" becomes an ordinary
 * property (assignment would set the object's prototype, so a blueprint could hide its fields
 * there or lose a category named like that). Duplicate keys: the last wins, as in JSON.parse.
 */
function valueOf(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {}; // prototype-safe: filled with defineProperty
      for (const prop of node.children ?? []) {
        const [key, val] = prop.children ?? [];
        if (!key || !val) continue;
        Object.defineProperty(out, String(key.value), {
          value: valueOf(val),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value;
  }
}

/**
 * Offset of the first `{` or `[` nested deeper than `max` (outside strings and comments), or
 * undefined. Checked before parsing: the parser and every walk over the value recurse.
 */
function nestingBeyond(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return undefined;
}

/** The blueprint's source CSV is missing, or changed since fitting (its fingerprint differs). */
export function checkSource(blueprint: Blueprint, sha256: string | null): PathProblem[] {
  const source = blueprint.source;
  if (!source || typeof source.path !== 'string') return [];
  if (sha256 === null) {
    return [
      {
        severity: 'warning',
        code: 'blueprint/source-missing',
        path: ['source', 'path'],
        message: `The source CSV "${source.path}" was not found next to the blueprint; no quality report can compare against it.`,
        hint: 'Fix "source.path", or remove "source" if the data is gone.',
      },
    ];
  }
  if (typeof source.sha256 === 'string' && source.sha256 !== '' && source.sha256 !== sha256) {
    return [
      {
        severity: 'warning',
        code: 'blueprint/stale-source',
        path: ['source', 'sha256'],
        message: `"${source.path}" changed since this blueprint was fitted (its SHA-256 is now ${sha256.slice(0, 12)}…, not ${source.sha256.slice(0, 12)}…); the model describes the old data.`,
        hint: 'Apply the quick fix "Refit from source" (runs Synthesize on the CSV).',
      },
    ];
  }
  return [];
}

/** Attach file, line, column and offset to a problem that has a JSON path (and maybe a span inside a string). */
export function locate(
  p: Problem & { path?: JsonPath; span?: { start: number; end: number } },
  tree: Node | undefined,
  lines: number[],
  fileName: string,
  text?: string,
): BlueprintProblem {
  const { path, span, ...rest } = p;
  let node = tree && path ? findNodeAtLocation(tree, path) : undefined;
  // Point at the property name when the problem is about a key that should not be there.
  if (node && p.code === 'blueprint/unknown-property' && node.parent?.type === 'property')
    node = node.parent.children?.[0];
  // A missing property: point at the object that should hold it.
  for (let i = path ? path.length - 1 : -1; !node && tree && path && i >= 0; i--)
    node = findNodeAtLocation(tree, path.slice(0, i));
  let offset = node?.offset ?? 0;
  let length = node?.length ?? 1;
  if (span && node?.type === 'string' && text !== undefined) {
    const start = rawOffset(text, node.offset, span.start);
    const end = rawOffset(text, node.offset, span.end);
    offset = start;
    length = Math.max(1, end - start);
  }
  return {
    ...rest,
    file: fileName,
    ...(path ? { jsonPath: formatPath(path), segments: path } : {}),
    offset,
    length,
    ...position(lines, offset),
  };
}

/**
 * Offset in the file of character `index` of the string literal that starts (at its opening quote)
 * at `literalOffset`: escapes such as \" or \u00e9 take several characters in the file.
 */
export function rawOffset(text: string, literalOffset: number, index: number): number {
  let raw = literalOffset + 1;
  for (let decoded = 0; decoded < index && raw < text.length && text[raw] !== '"'; decoded++) {
    if (text[raw] === '\\') raw += text[raw + 1] === 'u' ? 6 : 2;
    else raw++;
  }
  return raw;
}

export function formatPath(path: JsonPath): string {
  let s = '';
  for (const part of path) s += typeof part === 'number' ? `[${part}]` : s ? `.${part}` : part;
  return s;
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of a 0-based offset. */
export function position(lines: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lines[lo] + 1 };
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name in double quotes is expected',
    ValueExpected: 'a value is expected',
    ColonExpected: 'a colon is expected',
    CommaExpected: 'a comma is expected',
    CloseBraceExpected: 'a closing } is expected',
    CloseBracketExpected: 'a closing ] is expected',
    EndOfFileExpected: 'the file should end here',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'a comment is never closed',
    UnexpectedEndOfString: 'a string is never closed',
    UnexpectedEndOfNumber: 'a number is cut off',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in a string',
  };
  return words[code] ?? code;
}
