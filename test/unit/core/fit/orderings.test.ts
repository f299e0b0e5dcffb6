import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { serializeBlueprint } from '../../../../src/core/blueprint/serialize';
import { readCsv } from '../../../../src/core/csv/read';
import { fitBlueprint } from '../../../../src/core/fit';
import { generateTable } from '../../../../src/core/generate';
import type { Method } from '../../../../src/core/blueprint/types';
import type { NumericColumn, Table } from '../../../../src/core/table';
import { synthesize } from '../../../../src/core/pipeline';
import { bytes, fixture } from '../../helpers';

/**
 * A table built to hold orderings of known tightness (a small LCG, so the file is the same on
 * every run; the spreads below are computed from how the columns are built, not read off the code):
 * - end = start + duration, duration 5..125 minutes, start over a year: sd(gap)/sd(end) ≈ 35 min /
 *   105 days ≈ 0.0002, a tight ordering (mode `gap`); duration = 4·km + noise, so it has a relation
 *   to keep;
 * - total = price + fee, price uniform 0..100, fee uniform 0..20: sd(fee) = 20/√12 = 5.77,
 *   sd(total) = √(100²/12 + 20²/12) = 29.4, spread 0.196: mode `repair`;
 * - tip = price · u, u uniform 0..0.3: price - tip ≥ 0 always, but sd(price - tip) / sd(price) ≈
 *   0.85, too loose to keep;
 * - small uniform 0..10 and big uniform 100..200: small ≤ big always, but the ranges do not
 *   overlap, so the bounds already keep it.
 */
function orderedCsv(rows: number): string {
  let state = 12345;
  const u = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const lines = ['start,end,km,price,fee_total,tip,small,big'];
  const t0 = Date.UTC(2024, 0, 1);
  const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  for (let i = 0; i < rows; i++) {
    const start = t0 + Math.floor(u() * 365 * 24 * 60) * 60_000;
    const km = 1 + u() * 29;
    const minutes = Math.round(4 * km + 5 * u());
    const price = Math.round(u() * 10000) / 100;
    const total = Math.round((price + u() * 20) * 100) / 100;
    const tip = Math.round(price * u() * 0.3 * 100) / 100;
    lines.push(
      [
        iso(start),
        iso(start + minutes * 60_000),
        km.toFixed(2),
        price.toFixed(2),
        total.toFixed(2),
        tip.toFixed(2),
        (u() * 10).toFixed(2),
        (100 + u() * 100).toFixed(2),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

const CSV = orderedCsv(3000);

function fit(method: Method) {
  return fitBlueprint(readCsv(bytes(CSV), { fileName: 'ordered.csv' }), { method, seed: 7 });
}

function values(table: Table, name: string): Float64Array {
  return (table.columns.find((c) => c.name === name) as NumericColumn).values;
}

/** Rows (both present) where low > high, counted straight from the generated values. */
function outOfOrder(table: Table, low: string, high: string): number {
  const a = values(table, low);
  const b = values(table, high);
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > b[i]) bad++;
  return bad;
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('orderings between columns', () => {
  it('finds the tight orderings, gives each its mode, and states them as constraints', () => {
    const { blueprint } = fit('copula');
    const model = blueprint.model!;
    expect(model.kind).toBe('gaussianCopula');
    const diffs = model.kind === 'augment' ? [] : (model.differences ?? []);
    expect(diffs.map((d) => `${d.from} <= ${d.column} ${d.mode}`).sort()).toEqual([
      'price <= fee_total repair',
      'start <= end gap',
    ]);
    expect(blueprint.constraints?.map((c) => c.expr).sort()).toEqual(['end >= start', 'fee_total >= price']);
    // The trip's gap is in seconds: 5..125 minutes by construction.
    const gap = diffs.find((d) => d.column === 'end')!.gap;
    expect(gap.type).toBe('integer');
    expect(gap.min).toBeGreaterThanOrEqual(4 * 60);
    expect(gap.max).toBeLessThanOrEqual(125 * 60);
  });

  for (const method of ['copula', 'cart'] as const) {
    it(`${method}: every generated row keeps both orderings, and the duration keeps its relation to km`, () => {
      const { blueprint } = fit(method);
      const synthetic = generateTable(blueprint, { rows: 3000 });
      expect(outOfOrder(synthetic, 'start', 'end')).toBe(0);
      expect(outOfOrder(synthetic, 'price', 'fee_total')).toBe(0);
      const duration = Float64Array.from(
        values(synthetic, 'end'),
        (e, i) => (e - values(synthetic, 'start')[i]) / 60_000,
      );
      // Built as 4·km + U(0,5) minutes on km in 1..30: the real correlation is about 0.99.
      expect(pearson(duration, values(synthetic, 'km'))).toBeGreaterThan(0.8);
      expect(Math.min(...duration)).toBeGreaterThanOrEqual(4);
      expect(Math.max(...duration)).toBeLessThanOrEqual(125);
      // The written datetimes keep the source's minute resolution.
      expect(values(synthetic, 'end').every((v) => v % 60_000 === 0)).toBe(true);
    });
  }

  it('generation does not depend on the chunk size', () => {
    const { blueprint } = fit('copula');
    const a = generateTable(blueprint, { rows: 2000 });
    const b = generateTable(blueprint, { rows: 2000, chunkSize: 300 });
    expect(Array.from(values(b, 'end'))).toEqual(Array.from(values(a, 'end')));
    expect(Array.from(values(b, 'fee_total'))).toEqual(Array.from(values(a, 'fee_total')));
  });

  it('the fitted blueprint is valid, and the report counts no violation of the found constraints', () => {
    const out = synthesize({ csv: bytes(CSV), fileName: 'ordered.csv', seed: 3 });
    expect(
      parseBlueprint(out.blueprintText, 'ordered.synth.json').problems.filter((p) => p.severity === 'error'),
    ).toEqual([]);
    const constraints = out.report.validity.constraints;
    expect(constraints.map((c) => c.expr).sort()).toEqual(['end >= start', 'fee_total >= price']);
    expect(constraints.every((c) => c.violations === 0)).toBe(true);
    // The report carries each constraint's description, which the Validity tab shows as its note.
    expect(constraints.find((c) => c.expr === 'end >= start')?.description).toMatch(
      /^Held in every row fitted on; the model generates end as start plus a fitted gap/,
    );
  });

  it('taxis: dropoff is never before pickup, in either fitted method', () => {
    for (const method of ['copula', 'cart'] as const) {
      const { blueprint, table } = fitBlueprint(readCsv(fixture('taxis-200.csv'), { fileName: 'taxis-200.csv' }), {
        method,
      });
      expect(blueprint.constraints?.map((c) => c.expr)).toContain('dropoff >= pickup');
      // The real file itself keeps it (a check that the rule is the data's, not ours).
      expect(outOfOrder(table, 'pickup', 'dropoff')).toBe(0);
      expect(outOfOrder(generateTable(blueprint, { rows: 1000 }), 'pickup', 'dropoff')).toBe(0);
    }
  });

  it('augment fits no differences (it moves real rows and models no column)', () => {
    const { blueprint } = fit('augment');
    expect(blueprint.constraints).toBeUndefined();
  });
});

/**
 * total = net + tax + shipping + fee, fee one of 0.50, 1.00, 2.50 (each in about a third of the
 * rows) or 9.99 in 2 rows only; qty (1..5) is also between 0 and total in every row, so the search
 * must tell the parts from it (with qty the residual takes hundreds of values).
 */
function sumCsv(rows: number): string {
  let state = 99;
  const u = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const lines = ['qty,net,tax,shipping,total'];
  for (let i = 0; i < rows; i++) {
    const qty = 1 + Math.floor(u() * 5);
    const net = Math.round(qty * (5 + u() * 50) * 100) / 100;
    const tax = Math.round(net * 0.08 * 100) / 100;
    const shipping = Math.round(u() * 1000) / 100;
    const fee = i < 2 ? 9.99 : [0.5, 1, 2.5][Math.floor(u() * 3)];
    lines.push(
      [qty, net.toFixed(2), tax.toFixed(2), shipping.toFixed(2), (net + tax + shipping + fee).toFixed(2)].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

describe('sums of columns (cart)', () => {
  const SUM_CSV = sumCsv(2000);

  it('finds total = net + tax + shipping + a fee, with the fees seen in at least minGroupSize rows', () => {
    const { blueprint } = fitBlueprint(readCsv(bytes(SUM_CSV)), { method: 'cart', holdout: 0 });
    const model = blueprint.model!;
    const diffs = model.kind === 'cart' ? (model.differences ?? []) : [];
    expect(diffs.map(({ column, from, plus, mode }) => ({ column, from, plus, mode }))).toEqual([
      { column: 'total', from: 'net', plus: ['tax', 'shipping'], mode: 'gap' },
    ]);
    // 9.99 is in 2 rows, fewer than minGroupSize (5): not stored.
    expect(diffs[0].gap.values).toEqual([0.5, 1, 2.5]);
    expect(blueprint.constraints?.map((c) => c.expr)).toEqual(['round(total - net - tax - shipping, 2) >= 0']);
  });

  it('every generated row adds up to the cent, with one of the fees', () => {
    const { blueprint } = fitBlueprint(readCsv(bytes(SUM_CSV)), { method: 'cart', seed: 4 });
    const t = generateTable(blueprint, { rows: 3000 });
    const [net, tax, shipping, total] = ['net', 'tax', 'shipping', 'total'].map((n) => values(t, n));
    const fees = new Set<string>();
    for (let i = 0; i < t.rowCount; i++) fees.add((total[i] - net[i] - tax[i] - shipping[i]).toFixed(2));
    expect([...fees].sort()).toEqual(['0.50', '1.00', '2.50']);
  });

  it('the copula keeps no sum (its total would be a coarser sum of blurred parts), only the order', () => {
    const { blueprint } = fitBlueprint(readCsv(bytes(SUM_CSV)), { method: 'copula' });
    const model = blueprint.model!;
    const diffs = model.kind === 'gaussianCopula' ? (model.differences ?? []) : [];
    expect(diffs.every((d) => d.plus === undefined)).toBe(true);
  });

  it('keeps no sum whose amount left over takes as many values as the total (digits-like pixels)', () => {
    // A pixel of 0..16 and two border pixels that are 0 in 97% of rows and never above it: the
    // pixel is "border + border + one of 17 amounts" in every row, which says nothing.
    let state = 5;
    const u = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const lines = ['pixel,edge_a,edge_b'];
    for (let i = 0; i < 2000; i++) {
      const pixel = Math.floor(u() * 17);
      const edge = (): number => (u() < 0.97 ? 0 : Math.floor(u() * (pixel / 2 + 1)));
      lines.push([pixel, edge(), edge()].join(','));
    }
    const { blueprint } = fitBlueprint(readCsv(bytes(lines.join('\n') + '\n')), { method: 'cart', holdout: 0 });
    const model = blueprint.model!;
    const diffs = model.kind === 'cart' ? (model.differences ?? []) : [];
    expect(diffs.filter((d) => d.plus?.length)).toEqual([]);
  });

  it('a sum with an unknown part, or in mode repair, is an error at its path', () => {
    const b = JSON.parse(serializeBlueprint(fitBlueprint(readCsv(bytes(SUM_CSV)), { method: 'cart' }).blueprint));
    b.model.differences[0].plus.push('nope');
    b.model.differences[0].mode = 'repair';
    const found = parseBlueprint(JSON.stringify(b, null, 2), 's.synth.json').problems.map(
      (p) => `${p.severity} ${p.code} ${p.jsonPath ?? ''}`,
    );
    expect(found.some((p) => p.startsWith('error blueprint/unknown-column') && p.endsWith('.plus[2]'))).toBe(true);
    expect(found.some((p) => p.startsWith('error blueprint/enum') && p.endsWith('.mode'))).toBe(true);
  });
});

describe('differences in a blueprint are validated', () => {
  const text = serializeBlueprint(fit('copula').blueprint);
  const problemsAfter = (edit: (b: any) => void): string[] => {
    const b = JSON.parse(text);
    edit(b);
    return parseBlueprint(JSON.stringify(b, null, 2), 'o.synth.json').problems.map(
      (p) => `${p.severity} ${p.code} ${p.jsonPath ?? ''}`,
    );
  };

  it('as fitted: no problem', () => {
    expect(problemsAfter(() => {})).toEqual([]);
  });

  it('a difference between a datetime and a number, an unknown mode and a negative gap are errors at their paths', () => {
    const found = problemsAfter((b) => {
      const d = b.model.differences.find((x: any) => x.column === 'end');
      d.from = 'km';
      d.mode = 'sometimes';
      d.gap.min = -5;
    });
    expect(
      found.some((p) => p.startsWith('error blueprint/type') && p.includes('differences[') && p.endsWith('.from')),
    ).toBe(true);
    expect(found.some((p) => p.startsWith('error blueprint/enum') && p.endsWith('.mode'))).toBe(true);
    expect(found.some((p) => p.startsWith('error blueprint/range') && p.endsWith('.gap.min'))).toBe(true);
  });

  it('a chain (a difference from a difference column) and an unknown column are errors', () => {
    const found = problemsAfter((b) => {
      b.model.differences.push({ column: 'tip', from: 'fee_total', gap: { type: 'number', min: 0 } });
      b.model.differences.push({ column: 'nope', from: 'price', gap: { type: 'number' } });
    });
    expect(found.some((p) => p.startsWith('error blueprint/cycle'))).toBe(true);
    expect(found.some((p) => p.startsWith('error blueprint/unknown-column') && p.endsWith('.column'))).toBe(true);
  });
});
