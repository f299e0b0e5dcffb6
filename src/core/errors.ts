/**
 * Problems a user can act on. Every message says what is wrong, where (file, line, column or JSON
 * path) and what to do next. Code outside core turns these into diagnostics, CLI lines or
 * notifications; a stack trace never reaches the user for a `SynthError`.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Location {
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** JSON path inside a blueprint, e.g. `columns[3].distribution.weights`. */
  jsonPath?: string;
  /** 0-based character offset and length, when known (for editor ranges). */
  offset?: number;
  length?: number;
}

export interface Problem extends Location {
  severity: Severity;
  message: string;
  /** Stable machine-readable code, e.g. `csv/ragged-row`. Used by quick fixes and tests. */
  code: string;
  /** What the user can do about it. */
  hint?: string;
}

export class SynthError extends Error {
  readonly code: string;
  readonly location: Location;
  readonly hint?: string;

  constructor(code: string, message: string, location: Location = {}, hint?: string) {
    super(message);
    this.name = 'SynthError';
    this.code = code;
    this.location = location;
    this.hint = hint;
  }

  toProblem(): Problem {
    return { severity: 'error', code: this.code, message: this.message, hint: this.hint, ...this.location };
  }
}

/** Thrown when an AbortSignal fires; callers treat it as a clean, silent stop. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export function isCancelled(e: unknown): e is CancelledError {
  return e instanceof Error && e.name === 'CancelledError';
}

export function throwIfAborted(signal?: AbortSignalLike): void {
  if (signal?.aborted) throw new CancelledError();
}

/** The part of AbortSignal core needs; satisfied by the real AbortSignal in Node and browsers. */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** `file:line:col: severity: message` (the format of compilers and of `synth-studio validate`). */
export function formatProblem(p: Problem, fallbackFile = ''): string {
  const file = p.file ?? fallbackFile;
  const where = [file, p.line ?? 1, p.column ?? 1].join(':');
  const path = p.jsonPath ? ` (at ${p.jsonPath})` : '';
  const hint = p.hint ? ` ${p.hint}` : '';
  return `${where}: ${p.severity}: ${p.message}${path}${hint}`;
}

/** One line for a user: the message, the place and the hint, never a stack. */
export function describeError(e: unknown): string {
  if (e instanceof SynthError) {
    const loc = e.location;
    const where =
      loc.file && !e.message.includes(loc.file)
        ? `${loc.file}${loc.line ? `:${loc.line}${loc.column ? `:${loc.column}` : ''}` : ''}: `
        : '';
    return `${where}${e.message}${e.hint ? ` ${e.hint}` : ''}`;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}
