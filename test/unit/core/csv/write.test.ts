import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../../../src/core/csv/write';
import type { Table } from '../../../../src/core/table';

describe('writeCsv', () => {
  it('writes numbers, categories and text, quoting where needed, whatever the values repeat', () => {
    const n = 600;
    const table: Table = {
      rowCount: n,
      columns: [
        {
          storage: 'numeric',
          name: 'whole',
          type: 'integer',
          values: Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : (i % 13) - 6)),
        },
        { storage: 'numeric', name: 'empty', type: 'number', values: new Float64Array(n).fill(NaN) },
        {
          storage: 'numeric',
          name: 'inf',
          type: 'number',
          values: Float64Array.from({ length: n }, (_, i) => (i % 2 ? Infinity : -0)),
        },
        {
          storage: 'numeric',
          name: 'wide',
          type: 'integer',
          values: Float64Array.from({ length: n }, (_, i) => i * 1000),
        },
        { storage: 'numeric', name: 'dec', type: 'number', values: Float64Array.from({ length: n }, (_, i) => i / 3) },
        {
          storage: 'categorical',
          name: 'cat',
          type: 'category',
          codes: Int32Array.from({ length: n }, (_, i) => (i % 5) - 1),
          levels: ['a', 'b,c', ' d', 'e"f'],
        },
        {
          storage: 'text',
          name: 'txt',
          type: 'text',
          values: Array.from({ length: n }, (_, i) => (i % 3 ? `t${i % 4}` : null)),
        },
      ],
    };
    const text = writeCsv(table, [{ name: 'dec', decimals: 2 }]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('whole,empty,inf,wide,dec,cat,txt');
    expect(lines[1]).toBe(',,0,0,0,,');
    expect(lines[2]).toBe('-5,,,1000,0.33,a,t1');
    expect(lines[3]).toBe('-4,,0,2000,0.67,"b,c",t2');
    expect(lines[4]).toBe('-3,,,3000,1,\" d\",');
    expect(lines[5]).toBe('-2,,0,4000,1.33,"e""f",t0');
    expect(lines).toHaveLength(n + 2);
  });
});
