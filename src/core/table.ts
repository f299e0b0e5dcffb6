/**
 * The in-memory table: columnar, typed, compact. Numbers and datetimes are `Float64Array`s with
 * NaN for missing (datetimes as milliseconds since the epoch, read as UTC); categories and
 * booleans are integer codes into a list of levels with -1 for missing; identifiers and free
 * text keep their strings.
 */

export type ColumnType = 'integer' | 'number' | 'category' | 'boolean' | 'datetime' | 'id' | 'text';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'integer',
  'number',
  'category',
  'boolean',
  'datetime',
  'id',
  'text',
];

export interface NumericColumn {
  readonly storage: 'numeric';
  readonly name: string;
  readonly type: 'integer' | 'number' | 'datetime';
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly storage: 'categorical';
  readonly name: string;
  readonly type: 'category' | 'boolean';
  /** Index into `levels`, or -1 for missing. */
  readonly codes: Int32Array;
  readonly levels: string[];
}

export interface TextColumn {
  readonly storage: 'text';
  readonly name: string;
  readonly type: 'id' | 'text';
  readonly values: (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn | TextColumn;

export interface Table {
  readonly rowCount: number;
  readonly columns: Column[];
}

export function storageOf(type: ColumnType): Column['storage'] {
  switch (type) {
    case 'integer':
    case 'number':
    case 'datetime':
      return 'numeric';
    case 'category':
    case 'boolean':
      return 'categorical';
    case 'id':
    case 'text':
      return 'text';
  }
}

/** Rows `indices` of `table`, in that order. */
export function takeRows(table: Table, indices: ArrayLike<number>): Table {
  const n = indices.length;
  const columns = table.columns.map((c): Column => {
    switch (c.storage) {
      case 'numeric':
        return { ...c, values: takeNumbers(c.values, indices) };
      case 'categorical':
        return { ...c, codes: takeCodes(c.codes, indices) };
      case 'text': {
        const values: (string | null)[] = new Array(n);
        for (let i = 0; i < n; i++) values[i] = c.values[indices[i]];
        return { ...c, values };
      }
    }
  });
  return { rowCount: n, columns };
}

// Copy loops in their own functions: run cold, the code after a long loop would otherwise be
// compiled before it had ever run, and thrown away when reached.
function takeNumbers(values: Float64Array, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let i = 0; i < out.length; i++) out[i] = values[indices[i]];
  return out;
}

function takeCodes(codes: Int32Array, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < out.length; i++) out[i] = codes[indices[i]];
  return out;
}
