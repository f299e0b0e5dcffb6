/**
 * The blueprint expression language, the one way expressions in a blueprint are read: derived
 * columns, conditions of logistic terms, constraints. Parsed with positions, type-checked against
 * the blueprint's columns, evaluated over rows by closures; never `eval` or `Function`.
 */
export type { Expr, ExprError, Span, Value, ValueType } from './ast';
export { columnReferences } from './ast';
export { parseExpr } from './parser';
export { checkExpr, checkText, booleanWord, envOf, type Typed } from './check';
export { compileTyped, type Evaluator } from './evaluate';
export { formatExpr, formatName } from './format';
export { FUNCTIONS, parseDateLiteral } from './functions';
