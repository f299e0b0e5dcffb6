import { describe, expect, it } from 'vitest';
import { calendarParts, parsePartName, partOf } from '../../../../src/core/blueprint/calendar';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { serializeBlueprint } from '../../../../src/core/blueprint/serialize';
import { column, fitText } from './methods';
import { generateTable } from '../../../../src/core/generate';

describe('calendar parts of datetimes', () => {
  it('reads hour, weekday and month off the UTC wall clock', () => {
    // Known dates (any calendar): 1970-01-01 was a Thursday, 2024-03-15 a Friday, 2012-10-02 a Tuesday.
    expect(partOf('weekday', Date.UTC(1970, 0, 1))).toBe(3);
    expect(partOf('weekday', Date.UTC(2024, 2, 15, 23, 59))).toBe(4);
    expect(partOf('weekday', Date.UTC(1969, 11, 29))).toBe(0); // a Monday before the epoch
    expect(partOf('hour', Date.UTC(2012, 9, 2, 9, 30))).toBe(9.5);
    expect(partOf('hour', Date.UTC(1969, 11, 31, 18))).toBe(18);
    expect(partOf('month', Date.UTC(2012, 9, 2))).toBe(10);
    expect(partOf('hour', NaN)).toBeNaN();
    // The month agrees with the platform's calendar (Date.getUTCMonth) from 1900 to 2100, leap days included.
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2100, 0, 1); t += 86_400_000 * 3 + 3_600_000 * 7)
      expect(partOf('month', t)).toBe(new Date(t).getUTCMonth() + 1);
    expect(partOf('month', Date.UTC(2000, 1, 29, 23))).toBe(2);
    expect(partOf('month', Date.UTC(2000, 2, 1))).toBe(3);
    expect(parsePartName('date_time@hour')).toEqual({ column: 'date_time', part: 'hour' });
    expect(parsePartName('a@b@weekday')).toEqual({ column: 'a@b', part: 'weekday' });
    expect(parsePartName('email@domain')).toBeUndefined();
    expect(calendarParts({ type: 'datetime', resolution: 'day' })).toEqual(['weekday', 'month']);
    expect(calendarParts({ type: 'number' })).toEqual([]);
  });

  // Hourly rows over 12 weeks; the volume is high from 7:00 to 18:59 on weekdays, low otherwise:
  // a relation no split on the raw timestamp can carry without one split per day.
  const rows: string[] = ['when,volume'];
  const start = Date.UTC(2023, 0, 2); // a Monday
  for (let h = 0; h < 24 * 7 * 12; h++) {
    const t = start + h * 3_600_000;
    const busy = partOf('weekday', t) < 5 && partOf('hour', t) >= 7 && partOf('hour', t) < 19;
    const volume = (busy ? 5000 : 500) + ((h * 37) % 100);
    rows.push(`${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},${volume}`);
  }
  const { fit, synthetic } = fitText(rows.join('\n') + '\n', 'cart', { holdout: 0 });

  it('cart splits later columns on the hour and the weekday, and generation follows them', () => {
    const model = fit.blueprint.model!;
    if (model.kind !== 'cart') throw new Error('not cart');
    expect(model.order[0]).toBe('when');
    const text = JSON.stringify(model.trees.volume);
    expect(text).toContain('"column":"when@hour"');
    expect(text).toContain('"column":"when@weekday"');
    const when = column(synthetic, 'when');
    const volume = column(synthetic, 'volume');
    if (when.storage !== 'numeric' || volume.storage !== 'numeric') throw new Error('not numeric');
    let wrong = 0;
    for (let r = 0; r < synthetic.rowCount; r++) {
      const t = when.values[r];
      const busy = partOf('weekday', t) < 5 && partOf('hour', t) >= 7 && partOf('hour', t) < 19;
      if (busy !== volume.values[r] >= 2500) wrong++;
    }
    // The real rows: 0 wrong. Independent columns: busy hours are 60 of 168 (36%), so about 46% wrong.
    expect(wrong / synthetic.rowCount).toBeLessThan(0.03);
  });

  it('a split on a part round-trips through the blueprint; an unknown part is an error at its path', () => {
    const text = serializeBlueprint(fit.blueprint);
    expect(parseBlueprint(text, 'c.synth.json').problems).toEqual([]);
    const bad = text.replace('"when@hour"', '"when@minute"');
    const problems = parseBlueprint(bad, 'c.synth.json').problems;
    expect(problems.map((p) => p.code)).toContain('blueprint/unknown-column');
    expect(problems.find((p) => p.code === 'blueprint/unknown-column')?.message).toContain('when@minute');
  });

  it('a split on the presence of a part sends rows with the datetime left, as the fit meant', () => {
    // Synthesize wrote such splits ({"column": "TRTEDT@weekday", "missing": "right"}, pharmaverse's
    // adpp) and generation sent every row right: 97% of a column that follows the date came out empty.
    const lines = ['when,flag'];
    for (let i = 0; i < 400; i++)
      lines.push(i % 2 ? `2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,yes` : ',no');
    const base = fitText(lines.join('\n') + '\n', 'cart', { holdout: 0 }).fit.blueprint;
    const model = base.model!;
    if (model.kind !== 'cart') throw new Error('not cart');
    model.order = ['when', 'flag'];
    model.trees.flag = {
      column: 'when@weekday',
      missing: 'right',
      left: { rows: 200, distribution: { kind: 'categorical', probabilities: { yes: 1 } } },
      right: { rows: 200, distribution: { kind: 'categorical', probabilities: { no: 1 } } },
    };
    const parsed = parseBlueprint(serializeBlueprint(base), 'p.synth.json');
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const t = generateTable(parsed.blueprint!, { rows: 500 });
    const when = column(t, 'when');
    const flag = column(t, 'flag');
    if (when.storage !== 'numeric' || flag.storage !== 'categorical') throw new Error('storage');
    let present = 0;
    for (let r = 0; r < t.rowCount; r++) {
      const has = when.values[r] === when.values[r];
      if (has) present++;
      expect(flag.levels[flag.codes[r]]).toBe(has ? 'yes' : 'no');
    }
    expect(present).toBeGreaterThan(150);
  });
});

describe('midnight as an atom of the time of day', () => {
  // Sample times of a trial on a schedule (pharmaverse adppk: 33% of sample times at 00:00:00,
  // synthetic 11% before): here every third row at midnight, the rest at minutes spread over the day.
  const lines = ['when,dose'];
  for (let i = 0; i < 900; i++) {
    const day = Date.UTC(2024, 0, 1 + (i % 60));
    const t = i % 3 === 0 ? day : day + (60 + ((i * 97) % 1300)) * 60_000;
    lines.push(`${new Date(t).toISOString().slice(0, 16).replace('T', ' ')},${i % 3 === 0 ? 'a' : 'b'}`);
  }
  const text = lines.join('\n') + '\n';

  for (const method of ['cart', 'copula'] as const) {
    it(`${method}: keeps the share of values at midnight (1/3 of the rows), in the blueprint and the rows`, () => {
      const { fit, synthetic } = fitText(text, method, { holdout: 0 });
      const spec = fit.blueprint.columns.find((c) => c.name === 'when')!;
      expect(spec.midnight).toBeCloseTo(1 / 3, 3);
      const when = column(synthetic, 'when');
      if (when.storage !== 'numeric') throw new Error('not numeric');
      let at = 0;
      for (const v of when.values) if (v % 86_400_000 === 0) at++;
      // 900 rows: a binomial share of 1/3 is within 0.05 of it with probability > 0.99.
      expect(Math.abs(at / when.values.length - 1 / 3)).toBeLessThan(0.05);
    });
  }

  it('a column that follows another moves to midnight no earlier than it', () => {
    const rows = ['start,end'];
    for (let i = 0; i < 600; i++) {
      const s = Date.UTC(2024, 0, 1 + (i % 50)) + ((i * 53) % 600) * 60_000;
      const e = i % 2 ? Date.UTC(2024, 0, 3 + (i % 50)) : s + (30 + ((i * 31) % 900)) * 60_000;
      const f = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
      rows.push(`${f(s)},${f(e)}`);
    }
    const { fit, synthetic } = fitText(rows.join('\n') + '\n', 'cart', { holdout: 0 });
    expect(fit.blueprint.columns.find((c) => c.name === 'end')!.midnight).toBeGreaterThan(0.4);
    const start = column(synthetic, 'start');
    const end = column(synthetic, 'end');
    if (start.storage !== 'numeric' || end.storage !== 'numeric') throw new Error('not numeric');
    let at = 0;
    for (let r = 0; r < synthetic.rowCount; r++) {
      expect(end.values[r]).toBeGreaterThanOrEqual(start.values[r]);
      if (end.values[r] % 86_400_000 === 0) at++;
    }
    expect(at / synthetic.rowCount).toBeGreaterThan(0.3);
  });
});
