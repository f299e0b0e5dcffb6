import type { Blueprint, ColumnSpec, Constraint, Method } from '../blueprint/types';
import { BLUEPRINT_VERSION, DEFAULT_METHOD, isCounter } from '../blueprint/types';
import { toTable, type ConversionIssue } from '../csv/convert';
import { inferColumns, namesId, type InferOptions, type InferredColumn } from '../csv/infer';
import { cellDictionary, type RawTable } from '../csv/read';
import { findPiiColumns, type PiiColumn } from '../pii/detect';
import { SynthError, throwIfAborted, type AbortSignalLike, type Problem } from '../errors';
import { fitStreams, splitTable } from '../holdout';
import type { Column, Table } from '../table';
import { checkTarget } from '../target';
import type { DifferenceColumn, FittedModel, MappedColumn } from '../blueprint/models';
import { fitAugment, guessTarget } from './augment';
import { defaultCartOptions, fitCart, type CartOptions } from './cart';
import { DEFAULT_COPULA_OPTIONS, fitGaussianCopula } from './copula';
import { differenceView, findOrderings, findSums, type Ordering } from './orderings';
import { percent } from '../util/format';
import { findMappings, type NearMapping } from './mappings';
import { findProducts } from './products';
import { findRates } from './rates';
import { type RowNumbers, rowNumberColumn, rowNumberColumns, sortedColumns, visitedLast } from './rowNumbers';
import { describeColumn, describeShapes, poolRareLevels, type MarginalOptions } from './marginals';

export interface FitOptions extends InferOptions {
  method?: Method;
  /** Fraction of rows held out from fitting (for privacy and utility checks). Default 0.2. */
  holdout?: number;
  seed?: number;
  /** Overrides of the tree settings of `cart` (tests and benchmarks). */
  cart?: Partial<CartOptions>;
  /** Column kept unchanged by `augment` (and recorded as the blueprint's target). */
  target?: string;
  /** Rows the blueprint generates; default: as many as the source has. */
  rows?: number;
  minGroupSize?: number;
  maxQuantiles?: number;
  name?: string;
  /** Source path as the blueprint should record it (relative to the blueprint). */
  sourcePath?: string;
  sourceSha256?: string;
  /** Output path as the blueprint should record it (relative to the blueprint). */
  outputPath?: string;
  /** The user's constraints from the blueprint this fit replaces: kept after the ones found. */
  keepConstraints?: Constraint[];
  /**
   * Rows of the whole source when the table is a sample of it (a streamed input): counters are
   * spaced as over the whole source. Default: the table's rows.
   */
  sourceRows?: number;
  signal?: AbortSignalLike;
}

export interface FitResult {
  blueprint: Blueprint;
  inferred: InferredColumn[];
  /** The whole source, typed. */
  table: Table;
  train: Table;
  /** Held-out rows (empty when `holdout` is 0). */
  holdout: Table;
  issues: ConversionIssue[];
  warnings: Problem[];
}

export const DEFAULT_SEED = 42;
export const DEFAULT_HOLDOUT = 0.2;
export const DEFAULT_MIN_GROUP_SIZE = 5;
/** Methods that fit a model to data (`rules` is for hand-written blueprints). */
export const FITTED_METHODS: readonly Method[] = ['copula', 'cart', 'augment'];

/** Infer types, split train/holdout, describe every column and fit the dependence model. */
export function fitBlueprint(raw: RawTable, options: FitOptions = {}): FitResult {
  const method = options.method ?? DEFAULT_METHOD;
  if (method === 'rules') {
    throw new SynthError(
      'fit/method',
      'The "rules" method is for hand-written blueprints; it cannot be fitted from data.',
      {},
      'Use method "cart" (the default) or "copula" to fit from a CSV.',
    );
  }
  if (!FITTED_METHODS.includes(method)) {
    throw new SynthError(
      'fit/method',
      `Unknown method "${method}".`,
      {},
      `Use one of ${FITTED_METHODS.map((m) => `"${m}"`).join(', ')}.`,
    );
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const holdoutFraction = options.holdout ?? DEFAULT_HOLDOUT;
  if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
    throw new SynthError(
      'fit/holdout',
      `Holdout fraction ${holdoutFraction} is out of range.`,
      {},
      'Use a fraction from 0 (fit on all rows) to below 1, e.g. 0.2.',
    );
  }
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const warnings: Problem[] = [...raw.warnings];
  const inferred = inferColumns(raw, options, warnings);
  const pii = personalData(raw, inferred, minGroupSize, options.types, warnings);
  const typed = toTable(raw, inferred);
  const { issues } = typed;
  const { table, found: numbering } = modelRowNumbers(typed.table, inferred);
  throwIfAborted(options.signal);

  if (!(minGroupSize >= 1 && Number.isInteger(minGroupSize))) {
    throw new SynthError(
      'fit/min-group-size',
      `minGroupSize must be a whole number of at least 1 (got ${minGroupSize}).`,
      {},
      'Use the default, 5.',
    );
  }
  // Every stored distribution must aggregate minGroupSize rows: a table with fewer rows cannot be
  // described without storing single rows' values, so it is refused rather than leaked.
  if (table.rowCount < minGroupSize) {
    throw new SynthError(
      'fit/too-few-rows',
      `The table has ${table.rowCount} data row${table.rowCount === 1 ? '' : 's'}; fitting needs at least ${minGroupSize} (privacy.minGroupSize), so that no stored value describes a single row.`,
      {},
      'Add rows, or write a blueprint by hand with method "rules".',
    );
  }
  checkTarget(
    options.target,
    inferred.map((c) => c.name),
    options.sourcePath ?? `${options.name ?? 'table'}.csv`,
  );
  let holdoutUsed = holdoutFraction;
  if (holdoutFraction > 0 && table.rowCount - Math.round(table.rowCount * holdoutFraction) < minGroupSize) {
    holdoutUsed = 0;
    warnings.push({
      severity: 'info',
      code: 'fit/no-holdout',
      message: `Only ${table.rowCount} rows: all are used for fitting (a holdout would leave fewer than ${minGroupSize}), so privacy and utility against a holdout are not measured.`,
    });
  }
  const streams = fitStreams(seed);
  const split = splitTable(table, holdoutUsed, streams.split);
  const { holdout } = split;
  // Everything below fits on rows whose rare category levels are pooled: no part of the
  // blueprint names a level seen in fewer than minGroupSize rows.
  // Augment copies real rows: it makes no fresh values for a pool.
  const pooled = poolRareLevels(split.train, minGroupSize, warnings, method !== 'augment');
  let train = pooled.table;
  const rowNumbersLast = rowNumberNotes(table, numbering, pooled.rareLevels, method, warnings);
  if (holdoutUsed > 0 && holdout.rowCount === 0) {
    warnings.push({
      severity: 'info',
      code: 'fit/no-holdout',
      message: `Only ${table.rowCount} row${table.rowCount === 1 ? '' : 's'}: nothing was held out, so privacy and utility against a holdout are not measured.`,
    });
  }
  // One description of marginals for the columns and for the gaps of differences. Trees map every
  // block of generated numbers back onto its marginal, so the marginal's resolution is the
  // synthetic column's: cart keeps up to 1,000 quantiles (metro's date_time, 38k rows: detection
  // 0.72 with 200, 0.78 with 1,000, 0.76 with 4,000); the copula's 200 are enough for it.
  const marginals = {
    ...marginalOptions(method, minGroupSize, options.maxQuantiles),
    rowShare: train.rowCount / Math.max(1, options.sourceRows ?? table.rowCount),
  };
  const columns: ColumnSpec[] = train.columns.map((col, i) => {
    const spec = describeColumn(col, inferred[i], marginals, warnings);
    const p = pii.get(i);
    // Fresh values for a pool of many rare values (`rareLevel`, generate/rareValues.ts).
    const rareLevel = pooled.rareLevels.get(spec.name);
    if (rareLevel !== undefined && spec.distribution?.kind === 'categorical') spec.rareLevel = rareLevel;
    // Personal data keeps no values, not even their shapes: only how often it is missing.
    return p
      ? {
          name: spec.name,
          type: spec.type,
          pii: p.kind,
          locale: p.locale,
          ...(p.format ? { format: p.format } : {}),
          ...(spec.missing ? { missing: spec.missing } : {}),
          ...(spec.unique ? { unique: true } : {}),
        }
      : spec;
  });
  throwIfAborted(options.signal);
  const modelRng = streams.model;
  // Exact relations found in the data (copula and cart; augment moves real rows and keeps no model
  // of the columns): a column that is a function of a category column is left out of the model
  // and read off a mapping; an ordering is kept by modelling the high column as the low one plus
  // a gap.
  let near: NearMapping[] = [];
  let mappings = method === 'augment' ? [] : findMappings(train, columns, minGroupSize, near);
  const keys = entityKeys(mappings, train);
  if (keys.size) {
    // What the rows are about (a subject, a customer): its mappings would store each one's record.
    train = asIdentifiers(train, split.train, keys, columns, inferred, mappings, marginals, minGroupSize, warnings);
    near = [];
    mappings = findMappings(train, columns, minGroupSize, near);
  }
  for (const m of near)
    warnings.push({
      severity: 'info',
      code: 'fit/near-mapping',
      message: `Column "${m.column}" takes one value for each value of "${m.from}" in all but ${percent(m.exceptions, 2)} of the rows: it is generated from "${m.from}" in every row, as that mapping says (the other rows read as slips; a tree would blur the relation in many more). To model it from its values instead, remove its entry from model.mappings.`,
    });
  // A column that is the product or quotient of two others in every row is computed from them.
  // Row numbers say where a row sits, not an amount: no product or rate of them, nor a factor or base.
  const rowNumbers = new Set(inferred.filter((c) => c.rowNumbers && c.type === 'integer').map((c) => c.name));
  const products =
    method === 'augment'
      ? []
      : findProducts(train, columns, new Set([...mappings.map((m) => m.column), ...rowNumbers]));
  const mapped = new Set([...mappings.map((m) => m.column), ...products.map((p) => p.column)]);
  const keptTable: Table = mapped.size
    ? { rowCount: train.rowCount, columns: train.columns.filter((c) => !mapped.has(c.name)) }
    : train;
  const keptSpecs = mapped.size ? columns.filter((c) => !mapped.has(c.name)) : columns;
  const view =
    method === 'augment'
      ? undefined
      : differenceView(
          keptTable,
          keptSpecs,
          relationsOf(keptTable, keptSpecs, minGroupSize, method === 'cart'),
          marginals,
        );
  const modelTable = view?.table ?? keptTable;
  const modelSpecs = view?.specs ?? keptSpecs;
  // Rates (cart): columns that are, in part of their rows, exactly a rate of another column or
  // of the rest of a sum (fit/rates.ts), read off the columns' own values.
  // Columns the rows are sorted by beside a counter (cart): made in row order, first in its order.
  if (method === 'cart') markSorted(keptTable, columns, view?.differences ?? [], warnings);
  const sortedNames = new Set(columns.filter((c) => c.sorted).map((c) => c.name));
  const rates =
    method === 'cart'
      ? findRates(keptTable, keptSpecs, view?.differences ?? [], minGroupSize, new Set([...rowNumbers, ...sortedNames]))
      : [];
  const model: FittedModel =
    method === 'cart'
      ? fitCart(
          modelTable,
          modelSpecs,
          modelRng,
          {
            ...defaultCartOptions(train.rowCount, minGroupSize, modelTable.columns.length),
            ...options.cart,
            last: rowNumbersLast,
          },
          rates,
          // A counter numbers the rows: the trees may split on the rows' place (`counter@row`).
          columns.find((c) => isCounter(c.distribution))?.name,
        )
      : method === 'augment'
        ? fitAugment(options.target ?? guessTarget(columns))
        : fitGaussianCopula(modelTable, modelSpecs, modelRng, { minGroupSize, ...DEFAULT_COPULA_OPTIONS });
  if (view?.differences.length && model.kind !== 'augment') model.differences = view.differences;
  if (mappings.length && model.kind !== 'augment') model.mappings = mappings;
  if (products.length && model.kind !== 'augment') model.products = products;

  const blueprint: Blueprint = {
    version: BLUEPRINT_VERSION,
    name: options.name ?? 'table',
    method,
    rows: options.rows ?? table.rowCount,
    seed,
    output: {
      path: options.outputPath ?? `${options.name ?? 'table'}.synthetic.csv`,
      format: 'csv',
      // The source's own header where it named a column by nothing or twice (R heads its row names "").
      ...(raw.sourceHeader?.length === raw.header.length ? { header: raw.sourceHeader } : {}),
    },
    source: {
      path: options.sourcePath ?? `${options.name ?? 'table'}.csv`,
      sha256: options.sourceSha256 ?? '',
      rows: table.rowCount,
      trainRows: train.rowCount,
      holdout: holdoutUsed,
      ...(raw.delimiter !== ',' ? { delimiter: raw.delimiter } : {}),
      ...(raw.newline === '\r\n' ? { newline: 'crlf' as const } : {}),
    },
    privacy: { minGroupSize },
    ...(model.kind === 'augment' && model.target
      ? { target: model.target }
      : options.target
        ? { target: options.target }
        : {}),
    columns,
    model,
    ...constraintsOf(view?.constraints ?? [], options.keepConstraints ?? []),
  };
  return { blueprint, inferred, table, train: split.train, holdout, issues, warnings };
}

/**
 * Category columns whose header names an identifier (`USUBJID`, `customer_id`) and of which two or
 * more other columns are functions: keys of what the rows are about (subjects of a clinical trial
 * with their age, sex and arm on each of their 16 rows, pharmaverse's ADaM tables). Mappings from
 * such a key would store every subject's record in the blueprint; a key of a group (a school, of
 * which no other column is a function) stays a category.
 */
function entityKeys(mappings: MappedColumn[], train: Table): Set<string> {
  const count = new Map<string, number>();
  for (const m of mappings) count.set(m.from, (count.get(m.from) ?? 0) + 1);
  // Many of them, as a table has many subjects (an event-type code EVID of 0 and 1 is no key).
  const many = (name: string): boolean => {
    const col = train.columns.find((c) => c.name === name);
    return col?.storage === 'categorical' && col.levels.length > 20;
  };
  return new Set([...count].filter(([from, n]) => n >= 2 && namesId(from) && many(from)).map(([from]) => from));
}

/**
 * The entity keys `keys` as identifiers: generated in their shape (from the values before rare
 * ones were pooled), out of the model; `columns` and `inferred` are updated, each change told in
 * an info line. Returns the training table with those columns as text.
 */
function asIdentifiers(
  train: Table,
  unpooled: Table,
  keys: Set<string>,
  columns: ColumnSpec[],
  inferred: InferredColumn[],
  mappings: MappedColumn[],
  marginals: MarginalOptions,
  minGroupSize: number,
  warnings: Problem[],
): Table {
  const out = train.columns.slice();
  out.forEach((col, i) => {
    const source = unpooled.columns[i];
    if (!keys.has(col.name) || source.storage !== 'categorical') return;
    const text: Column = {
      storage: 'text',
      name: col.name,
      type: 'id',
      values: Array.from(source.codes, (c) => (c < 0 ? null : source.levels[c])),
    };
    out[i] = text;
    inferred[i] = { name: col.name, type: 'id', unique: false };
    // In their shape (01-999-9999, 9999): a key repeats, so a counter would misstate its values.
    columns[i] = {
      ...describeColumn(text, inferred[i], marginals, warnings),
      distribution: describeShapes(text.values, minGroupSize),
    };
    const of = mappings.filter((m) => m.from === col.name).map((m) => `"${m.column}"`);
    warnings.push({
      severity: 'info',
      code: 'fit/entity-key',
      message: `Column "${col.name}" identifies what the rows are about (${of.slice(0, 3).join(', ')}${of.length > 3 ? ` and ${of.length - 3} more` : ''} take one value for each of its values): it is generated as new identifiers in its shape, so that the blueprint stores no one's values.`,
    });
  });
  return { rowCount: train.rowCount, columns: out };
}

/**
 * Marks the columns the training rows are sorted by beside a counter (fit/rowNumbers.ts,
 * `sortedColumns`) as `sorted` in `columns`, each in an info line. A difference column (made from
 * its gap) and the two columns of a repaired ordering (swapped where out of order) are not.
 */
function markSorted(table: Table, columns: ColumnSpec[], differences: DifferenceColumn[], warnings: Problem[]): void {
  const exclude = new Set(differences.flatMap((d) => (d.mode === 'repair' ? [d.column, d.from] : [d.column])));
  const counter = columns.find((c) => isCounter(c.distribution))?.name;
  for (const f of sortedColumns(table, columns, exclude)) {
    const name = table.columns[f.index].name;
    const spec = columns.find((c) => c.name === name)!;
    spec.sorted = f.order;
    warnings.push({
      severity: 'info',
      code: 'fit/sorted',
      message: `The rows are sorted by "${name}" (${f.order}) and numbered by "${counter}": synthetic rows are made in that order too (row g of N takes the value at the (g + 0.5) / N quantile), so that "${counter}" and "${name}" agree as they do in the source.`,
    });
  }
}

/**
 * Row numbers become integer columns of the model (see fit/rowNumbers.ts); `inferred` is updated
 * to match (type integer, still marked `rowNumbers`). Told in an info line by `rowNumberNotes`.
 */
function modelRowNumbers(table: Table, inferred: InferredColumn[]): { table: Table; found: RowNumbers[] } {
  const found = rowNumberColumns(table, inferred);
  if (found.length === 0) return { table, found };
  const columns = table.columns.slice();
  for (const f of found) {
    columns[f.index] = rowNumberColumn(columns[f.index]);
    inferred[f.index] = { name: inferred[f.index].name, type: 'integer', rowNumbers: true };
  }
  return { table: { rowCount: table.rowCount, columns }, found };
}

/** The info line of each row-number column; returns the ones cart visits last (`visitedLast`). */
function rowNumberNotes(
  table: Table,
  found: RowNumbers[],
  rareLevels: ReadonlyMap<string, string>,
  method: Method,
  warnings: Problem[],
): string[] {
  const last: string[] = [];
  for (const f of found) {
    const name = table.columns[f.index].name;
    const after = visitedLast(f, rareLevels);
    if (after) last.push(name);
    warnings.push({
      severity: 'info',
      code: 'fit/row-numbers',
      message: `Column "${name}" numbers the rows${f.follows ? `, and their order follows "${f.follows.column}" (which explains ${Math.round(f.follows.share * 100)}% of the numbers' rank variance)` : ''}: it is modelled as an integer column, so that synthetic rows are numbered as real rows like them are (a sorted file's order says something about its rows)${method === 'cart' ? (after ? ', drawn after the other columns' : ', drawn before the number columns after it, which follow it') : ''}; the numbers may repeat.`,
    });
  }
  return last;
}

/** How a method describes its columns' marginals (also used for marginals counted over a stream). */
export function marginalOptions(method: Method, minGroupSize: number, maxQuantiles?: number): MarginalOptions {
  return { minGroupSize, maxQuantiles: maxQuantiles ?? (method === 'cart' ? 1000 : 200), atoms: method === 'cart' };
}

/**
 * Columns of personal data (pii/detect.ts): read as text (a column of names is not a category),
 * each named in an info line so no column is faked silently.
 */
function personalData(
  raw: RawTable,
  inferred: InferredColumn[],
  minGroupSize: number,
  forced: Record<string, unknown> | undefined,
  warnings: Problem[],
): Map<number, PiiColumn> {
  const found = findPiiColumns(
    raw.header,
    raw.columns.map((cells) => cellDictionary(cells)),
    inferred.map((c) => c.type),
    minGroupSize,
    new Set(Object.keys(forced ?? {})),
  );
  for (const [i, p] of found) {
    inferred[i] = {
      name: inferred[i].name,
      type: p.kind === 'uuid' ? 'id' : 'text',
      ...(inferred[i].unique ? { unique: true } : {}),
    };
    warnings.push({
      severity: 'info',
      code: 'fit/pii',
      message: `Column "${inferred[i].name}" holds personal data (${p.kind}): its values are not stored, and generated values are fake ones (locale ${p.locale}).`,
      hint: `To model it from its values instead, remove "pii" from the column in the blueprint.`,
    });
  }
  return found;
}

/** The constraints found, then the user's kept ones that do not repeat one found. */
function constraintsOf(found: Constraint[], kept: Constraint[]): { constraints?: Constraint[] } {
  const same = (a: string): string => a.replace(/\s+/g, '');
  const foundExprs = new Set(found.map((c) => same(c.expr)));
  const all = [...found, ...kept.filter((c) => !c.fitted && !foundExprs.has(same(c.expr)))];
  return all.length ? { constraints: all } : {};
}

/**
 * Sums first (`cart` only), then orderings among the columns no sum uses (a column is in one
 * relation at most). The copula keeps no sums: a total generated as the sum of parts it models
 * one by one has a coarser marginal than its own (taxis: total's KS complement 0.973 as
 * fare + tip + tolls + surcharge, 0.987 modelled itself with the order to fare repaired, which
 * took the copula's quality below 0.97); trees model each part given the others, and there the
 * sum costs nothing (cart quality 0.970 -> 0.971 on taxis).
 */
function relationsOf(table: Table, specs: ColumnSpec[], minGroupSize: number, withSums: boolean): Ordering[] {
  const sums = withSums ? findSums(table, specs) : [];
  if (sums.length === 0) return findOrderings(table, specs, minGroupSize);
  const used = new Set(sums.flatMap((s) => [s.high, s.low, ...(s.plus ?? [])]));
  return [...sums, ...findOrderings(table, specs, minGroupSize, used)];
}
