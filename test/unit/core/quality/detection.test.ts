// The detector (src/core/quality/detection.ts) and the report's distinguishability section.
// Reference values: test/unit/core/quality/reference/detect_fixture.py (XGBoost 1.7.4 through
// ../shared/tools/detect.py, scikit-learn 1.2.1), output pasted beside each check.
import { describe, expect, it } from 'vitest';
import { toTable } from '../../../../src/core/csv/convert';
import { inferColumns } from '../../../../src/core/csv/infer';
import { readCsv } from '../../../../src/core/csv/read';
import {
  binFeatures,
  detectTables,
  fitBooster,
  predictMargin,
  pythonLabel,
} from '../../../../src/core/quality/detection';
import { distinguishabilitySection } from '../../../../src/core/quality/distinguishability';
import { buildReport } from '../../../../src/core/quality/report';
import { rocAuc } from '../../../../src/core/quality/ml/metrics';
import type { Table } from '../../../../src/core/table';
import { fixture } from '../../helpers';
import { table } from './helpers';

function load(name: string): Table {
  const raw = readCsv(fixture(name));
  return toTable(raw, inferColumns(raw)).table;
}

/** Row i takes row (i + k) mod n's value in `name`. */
function rotate(t: Table, name: string, k: number): Table {
  const n = t.rowCount;
  const idx = Int32Array.from({ length: n }, (_, i) => (i + k) % n);
  return {
    rowCount: n,
    columns: t.columns.map((c) => {
      if (c.name !== name) return c;
      if (c.storage === 'numeric') return { ...c, values: Float64Array.from(idx, (j) => c.values[j]) };
      if (c.storage === 'categorical') return { ...c, codes: Int32Array.from(idx, (j) => c.codes[j]) };
      throw new Error('numbers or categories expected');
    }),
  };
}

describe('the boosted trees', () => {
  it('grow the stump XGBoost grows, missing values included', () => {
    // XGBClassifier(n_estimators=1, max_depth=1, tree_method="hist", base_score=0.5) on x = 1, 2, 3,
    // NaN, 5, 6, 7, 8 and y = 0, 0, 0, 1, 1, 1, 1, 0 dumps
    //   0:[f0<6] yes=1,no=2,missing=2,gain=1,cover=2  1:leaf=-0.150000006  2:leaf=0.150000006
    // and margins -0.15 -0.15 -0.15 0.15 -0.15 0.15 0.15 0.15 (missing goes right). By hand: gradients
    // p - y = ±0.5, hessians 0.25; left {1, 2, 3, 5}: G = 1, H = 1, leaf -0.3·1/(1 + 1) = -0.15;
    // the gain 1/2 + 1/2 - 0 = 1 ties with "x < 5, missing left", and XGBoost keeps the forward scan's.
    const x = binFeatures([Float64Array.from([1, 2, 3, NaN, 5, 6, 7, 8])]);
    const y = Uint8Array.from([0, 0, 0, 1, 1, 1, 1, 0]);
    const rows = Int32Array.from({ length: 8 }, (_, i) => i);
    const b = fitBooster(x, y, rows, { rounds: 1, maxDepth: 1 });
    expect(b.trees[0].gain[0]).toBeCloseTo(1, 12);
    expect(Array.from(predictMargin(b, x, rows))).toEqual([-0.15, -0.15, -0.15, 0.15, -0.15, 0.15, 0.15, 0.15]);
  });

  it('bin every distinct value apart when there are few, quantiles otherwise, missing in bin 0', () => {
    const few = binFeatures([Float64Array.from([3, 1, NaN, 3, 2])]);
    expect(Array.from(few.bins)).toEqual([3, 1, 0, 3, 2]);
    expect(few.binCount[0]).toBe(4);
    // 0..999 in 10 bins: the smallest value alone, then 111 values per bin (1..111, 112..222, ...).
    const many = binFeatures([Float64Array.from({ length: 1000 }, (_, i) => i)], 10);
    expect(many.binCount[0]).toBe(11);
    expect([many.bins[0], many.bins[1], many.bins[111], many.bins[112], many.bins[999]]).toEqual([1, 2, 2, 3, 10]);
    // A point mass at the minimum (900 zeros) does not use up the bins: the 100 other values
    // still share 9 of them, as XGBoost's quantile summary places its cuts after its first entry.
    const atom = binFeatures([Float64Array.from({ length: 1000 }, (_, i) => (i < 900 ? 0 : i))], 10);
    expect(atom.binCount[0]).toBe(11);
    expect([atom.bins[0], atom.bins[900], atom.bins[912], atom.bins[999]]).toEqual([1, 2, 3, 10]);
  });

  it('read numbers at single precision, as XGBoost holds its features', () => {
    // R wrote a price computed in floats as 58.99999700000001; written back as 58.999997 it is the
    // same 32-bit float (Math.fround of both is 58.999996185302734), so the one XGBoost sees.
    expect(Math.fround(58.99999700000001)).toBe(Math.fround(58.999997));
    const prices = [58.99999700000001, 70.99999799999999, 109.00000000000001, 88, 98.000002];
    const real = table({ price: Array.from({ length: 400 }, (_, i) => prices[i % 5]) });
    const written = table({
      price: Array.from({ length: 400 }, (_, i) => [58.999997, 70.999998, 109, 88, 98.000002][(i + 2) % 5]),
    });
    // The same values, in another order: nothing to tell them apart (at double precision three of
    // the five were other values, and every row was picked out).
    expect(detectTables(real, written, ['price']).score).toBeGreaterThan(0.95);
  });

  it('code category labels as detect.py writes them', () => {
    expect(['1', '1.50', '10', 'abc', '-0', '2e3'].map(pythonLabel)).toEqual([
      '1.0',
      '1.5',
      '10.0',
      'abc',
      '0.0',
      '2000.0',
    ]);
  });
});

describe('ROC-AUC of the detector', () => {
  it('matches sklearn.metrics.roc_auc_score with ties', () => {
    // roc_auc_score([1, 0, 1, 1, 0, 0, 1, 0, 1, 0], [0.9, 0.1, 0.4, 0.4, 0.35, 0.8, 0.7, 0.4, 0.4, 0.05]) == 0.78
    const y = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0];
    const s = [0.9, 0.1, 0.4, 0.4, 0.35, 0.8, 0.7, 0.4, 0.4, 0.05];
    expect(rocAuc(s, y)).toBeCloseTo(0.78, 12);
  });
});

describe('the detection score', () => {
  const adult = load('adult-2000.csv');
  const columns = adult.columns.filter((c) => c.storage !== 'text').map((c) => c.name);

  it('is at least 0.95 for two identical samples', () => {
    // detect.py on adult-2000.csv against itself: detection 1.0 (every fold's AUC below 0.5: a row
    // learnt as real makes its synthetic twin in the test fold look real).
    const r = detectTables(adult, adult, columns);
    expect(r.score).toBeGreaterThanOrEqual(0.95);
  });

  it('is clearly lower when a strongly dependent column is shuffled', () => {
    // `education-num` is one number per `education` level; rotated by 1,000 rows it keeps its
    // marginal but breaks that link in most rows, which a tree finds at once.
    // detect.py on the same tables: detection 0.2576855765786039, AUC 0.871157211710698.
    const r = detectTables(adult, rotate(adult, 'education-num', 1000), columns);
    expect(r.score).toBeLessThan(0.5);
    expect(Math.abs(r.score - 0.2577)).toBeLessThan(0.05);
    expect(Math.abs(r.auc - 0.8712)).toBeLessThan(0.03);
    // What gives the rows away: education-num and education, and their pair.
    const report = distinguishabilitySection(adult, rotate(adult, 'education-num', 1000)).report;
    expect(report.features.slice(0, 2).map((f) => f.column)).toContain('education-num');
    expect(report.pairs[0].columns.slice().sort()).toEqual(['education', 'education-num']);
    expect(report.givesAway).toMatch(/`education-num`/);
  });

  it('keeps a table a classifier picks out from grading A+, however well its columns match', () => {
    // Rotating one column keeps every marginal: column shapes are exactly 1.
    const r = buildReport(adult, rotate(adult, 'education-num', 1000));
    expect(r.fidelity.columnShapes).toBe(1);
    expect(r.distinguishability.score).toBeLessThan(0.5);
    // fidelity part = quality × detection; with perfect utility and privacy the score is at most
    // 0.4 × fidelity + 0.6 < 0.9.
    expect(0.4 * r.scores.fidelity.score! + 0.6).toBeLessThan(0.9);
    expect(r.grade).not.toBe('A+');
  });

  it('is deterministic for the same inputs and seed', () => {
    const synth = rotate(adult, 'age', 7);
    const a = detectTables(adult, synth, columns, { seed: 3 });
    const b = detectTables(adult, synth, columns, { seed: 3 });
    expect(b.foldAucs).toEqual(a.foldAucs);
    expect(Array.from(b.featureGain)).toEqual(Array.from(a.featureGain));
    expect(b.score).toBe(a.score);
  });

  it('samples at most maxRows rows per table and says so', () => {
    const out = distinguishabilitySection(adult, adult, { maxRows: 500 });
    expect(out.report.rows).toEqual({ real: 500, synthetic: 500 });
    expect(out.notes.join(' ')).toMatch(/500 real and 500 synthetic rows/);
  });

  it('names the columns the classifier did not see, and says why a fresh identifier is left out', () => {
    // A register: ids and notes are generated fresh, so the classifier sees x alone; a reader
    // comparing with a detector that reads ids as categories (every new id tells its row apart)
    // learns from the report why the two differ.
    const n = 40;
    const column = (f: (i: number) => string | number) => Array.from({ length: n }, (_, i) => f(i));
    const types = { id: 'id', note: 'text' } as const;
    // `subject`: a key of several rows each, a category of the real rows that the fit generates
    // as new identifiers (fit/entity-key; pharmaverse's USUBJID).
    const real = table(
      {
        id: column((i) => `A${i}`),
        note: column((i) => `n ${i}`),
        x: column((i) => i % 7),
        subject: column((i) => `S${i % 4}`),
      },
      types,
    );
    const synthetic = table(
      {
        id: column((i) => `Z${i}`),
        note: column((i) => `m ${i}`),
        x: column((i) => (i * 3) % 7),
        subject: column((i) => `T${i}`),
      },
      { ...types, subject: 'id' },
    );
    const report = distinguishabilitySection(real, synthetic).report;
    expect(report.leftOut).toEqual([
      { column: 'id', reason: 'identifier' },
      { column: 'note', reason: 'free text' },
      { column: 'subject', reason: 'identifier' },
    ]);
    expect(report.meaning).toMatch(
      /Left out of the classifier: `id` \(identifier\), `note` \(free text\) and `subject` \(identifier\); their values are generated fresh/,
    );
    // Nothing left out: no such sentence.
    const plain = distinguishabilitySection(
      table({ x: column((i) => i % 7) }),
      table({ x: column((i) => (i * 3) % 7) }),
    );
    expect(plain.report.leftOut).toBeUndefined();
    expect(plain.report.meaning).not.toMatch(/Left out/);
  });

  it('leaves a personal-data column out and says it holds fakes', () => {
    // A name of few values repeated over many rows reads as a category in both tables; its
    // synthetic values are fake names (blueprint `pii`), none of them real, so as codes it tells
    // every row apart (fivethirtyeight's senate_seat_forecast with its candidates faked: detect.py
    // 0.003). With the column named personal, the classifier sees `x` alone, which is the same in
    // both tables: not told apart.
    const n = 400;
    const names = ['Ann Lee', 'Bo Chan', 'Cy Diaz', 'Di Eno'];
    const fakes = ['Zed Quin', 'Yul Park', 'Xia Ortiz', 'Wim Novak'];
    const x = Array.from({ length: n }, (_, i) => i % 9);
    const real = table({ who: x.map((_, i) => names[i % 4]), x });
    const synthetic = table({ who: x.map((_, i) => fakes[i % 4]), x });
    const blind = distinguishabilitySection(real, synthetic).report;
    expect(blind.score).toBeLessThan(0.05);
    const told = distinguishabilitySection(real, synthetic, { personal: [{ column: 'who', kind: 'fullName' }] }).report;
    expect(told.score).toBeGreaterThan(0.9);
    expect(told.leftOut).toEqual([{ column: 'who', reason: 'personal data: fullName' }]);
    expect(told.meaning).toMatch(/`who` \(personal data: fullName\); its values are generated fresh by design/);
    // The report reads the kinds off the blueprint's columns (pipeline.ts declaredColumns).
    const schema = [
      { name: 'who', type: 'category' as const, pii: 'fullName' },
      { name: 'x', type: 'integer' as const },
    ];
    expect(buildReport(real, synthetic, { schema }).distinguishability.leftOut).toEqual(told.leftOut);
  });

  it('reads an identifier of numbers (a counter) as numbers, as detect.py does', () => {
    // Real rows: the first half `a`, the second `b`, numbered 1..2000. Synthetic rows with the
    // same counter and the same share of `a` but in no order (alternating): the marginals are the
    // same, so without the counter the classifier has nothing to go on (score near 1); read as a
    // number, a split at n = 1000 finds the synthetic `b` rows among the first half (a quarter
    // of the synthetic rows told apart for certain: AUC at least 0.625 by hand, score at most
    // 0.75; ../shared/tools/detect.py, which reads `n` from the CSV as an integer, scores this
    // pair 0.72, AUC 0.64).
    const n = 2000;
    const counter = Array.from({ length: n }, (_, i) => String(i + 1));
    const real = table({ n: counter, x: counter.map((_, i) => (i < n / 2 ? 'a' : 'b')) }, { n: 'id' });
    const shuffled = table({ n: counter, x: counter.map((_, i) => (i % 2 ? 'a' : 'b')) }, { n: 'id' });
    const out = distinguishabilitySection(real, shuffled).report;
    expect(out.leftOut).toBeUndefined();
    expect(out.score).toBeLessThan(0.76);
    expect(out.features[0].column).toBe('n');
    // The same counter kept in order: nothing to tell apart.
    expect(distinguishabilitySection(real, real).report.score).toBeGreaterThan(0.95);
    // A counter with a value that is no number (`12a`) stays an identifier, left out.
    const xs = counter.map((_, i) => (i % 2 ? 'a' : 'b'));
    const lettered = table({ n: [...counter.slice(0, -1), '12a'], x: xs }, { n: 'id' });
    expect(distinguishabilitySection(real, lettered).report.leftOut).toEqual([{ column: 'n', reason: 'identifier' }]);
  });

  it('is skipped, with the reason, on too few rows or no comparable column', () => {
    expect(distinguishabilitySection(table({ x: [1, 2] }), table({ x: [2, 3] })).report.skipped).toMatch(
      /at least 10 rows/,
    );
    const ids = Array.from({ length: 20 }, (_, i) => `id${i}`);
    expect(
      distinguishabilitySection(table({ id: ids }, { id: 'id' }), table({ id: ids }, { id: 'id' })).report.skipped,
    ).toMatch(/no column/);
  });
});
