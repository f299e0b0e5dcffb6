import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Problem } from '../errors';
import type { Blueprint } from './types';
import { validateBlueprint } from './validate';

export type JsonPath = (string | number)[];

export interface ParsedBlueprint {
  /** Present when the text is valid JSON (with comments) holding an object. */
  blueprint?: Blueprint;
  /** Syntax and validation problems, each with line, column and offset in the text. */
  problems: Problem[];
  /** The syntax tree, for mapping further findings to positions. */
  tree?: Node;
}

/**
 * Parse blueprint text (JSON with comments and trailing commas allowed) and validate it. Every
 * problem is placed at the exact JSON node it concerns.
 */
export function parseBlueprint(text: string, fileName = 'blueprint.synth.json'): ParsedBlueprint {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lines = lineStarts(text);
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
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problems: [{ severity: 'error', code: 'blueprint/not-object', file: fileName, message: 'A blueprint is a JSON object ({ ... }).', offset: 0, length: 1, line: 1, column: 1 }], tree };
  }
  const problems = validateBlueprint(value)
    .map((p) => locate(p, tree, lines, fileName))
    .sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  return { blueprint: value as Blueprint, problems, tree };
}

/** Attach file, line, column and offset to a problem that has a JSON path. */
export function locate(p: Problem & { path?: JsonPath }, tree: Node | undefined, lines: number[], fileName: string): Problem {
  const { path, ...rest } = p;
  let node = tree && path ? findNodeAtLocation(tree, path) : undefined;
  // Point at the property name when the problem is about a key that should not be there.
  if (node && p.code === 'blueprint/unknown-property' && node.parent?.type === 'property') node = node.parent.children?.[0];
  // A missing property: point at the object that should hold it.
  for (let i = path ? path.length - 1 : -1; !node && tree && path && i >= 0; i--) node = findNodeAtLocation(tree, path.slice(0, i));
  const offset = node?.offset ?? 0;
  return {
    ...rest,
    file: fileName,
    ...(path ? { jsonPath: formatPath(path) } : {}),
    offset,
    length: node?.length ?? 1,
    ...position(lines, offset),
  };
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
