/**
 * Problems found in a blueprint, located by their JSON path: the one vocabulary of the validators
 * (`validate.ts`, `validateDistribution.ts`, `semantics.ts`, `models.ts`) and the parser, which
 * turns paths into lines and columns.
 */
import type { Problem, Severity } from '../errors';

/** Keys and array indices from the document root to a node (keys may hold dots). */
export type JsonPath = (string | number)[];

/**
 * A problem at a JSON node. `span`, when present, is a character range inside the node's string
 * value (an expression): the editor underlines exactly those characters.
 */
export type PathProblem = Problem & { path: JsonPath; span?: { start: number; end: number }; data?: ProblemData };

/** What a quick fix needs to know about a problem (an unknown name, the close one). */
export interface ProblemData {
  name?: string;
  suggestion?: string;
  /** The type a missing column would need, from how an expression uses it. */
  expectedType?: string;
}

/** How a validator reports a problem at a path. */
export type AddProblem = (severity: Severity, code: string, path: JsonPath, message: string, hint?: string) => void;
