/**
 * Every chart of the report panel, built from real reports (synthesize on the fixtures) and
 * rendered headless the way the webview renders it (Vega's CSP-safe interpreter): it compiles
 * without a warning, draws data marks, carries a text alternative, uses the theme's colours, and
 * holds only pre-aggregated data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  boxPlotSpec,
  columnDistributionSpec,
  columnScoresSpec,
  shortLabels,
} from '../../../../src/core/charts/columns';
import {
  contingencySpec,
  correlationHeatmapSpec,
  differenceDomain,
  scatterMatrixSpec,
} from '../../../../src/core/charts/pairs';
import { dcrHistogramSpec, nndrHistogramSpec } from '../../../../src/core/charts/privacy';
import type { VegaLiteSpec } from '../../../../src/core/charts/spec';
import { classBalanceSpec, featureByTargetSpec } from '../../../../src/core/charts/target';
import { DEFAULT_THEME, type ChartTheme } from '../../../../src/core/charts/theme';
import { periodMs, trendSpec } from '../../../../src/core/charts/time';
import { utilitySpec } from '../../../../src/core/charts/utility';
import { missingSpec, outlierSpec } from '../../../../src/core/charts/validity';
import { synthesize } from '../../../../src/core/pipeline';
import type { QualityReport } from '../../../../src/core/quality/types';
import { fixture } from '../../../unit/helpers';
import { renderSpec } from './render';

const THEME: ChartTheme = { ...DEFAULT_THEME, real: '#123456', synthetic: '#abcdef', holdout: '#654321' };
const reports: Record<string, QualityReport> = {};

beforeAll(() => {
  for (const f of ['penguins.csv', 'taxis-200.csv', 'titanic.csv', 'markup.csv'])
    reports[f] = synthesize({ csv: fixture(f), fileName: f }).report;
});

/** Every spec the panel can draw for a report, named. */
function allSpecs(r: QualityReport, width: number): [string, VegaLiteSpec | undefined][] {
  const out: [string, VegaLiteSpec | undefined][] = [];
  for (const c of r.columns) {
    out.push([`distribution ${c.name}`, columnDistributionSpec(c, THEME, { width })]);
    if (c.numeric) out.push([`box ${c.name}`, boxPlotSpec(c, THEME, { width })]);
  }
  out.push(['column scores', columnScoresSpec(r.columns, THEME, { width })]);
  const m = r.fidelity.correlation;
  if (m)
    for (const k of ['real', 'synthetic', 'difference'] as const)
      out.push([`correlation ${k}`, correlationHeatmapSpec(m, k, THEME, { width })]);
  if (r.sample)
    for (const mode of ['both', 'real', 'synthetic'] as const)
      out.push([`scatter ${mode}`, scatterMatrixSpec(r.sample, mode, THEME, { width })]);
  for (const p of r.fidelity.pairs.filter((x) => x.table).slice(0, 6))
    out.push([`contingency ${p.columns.join(' x ')}`, contingencySpec(p, THEME, { width })]);
  if (r.target) {
    out.push(['class balance', classBalanceSpec(r.target, THEME, { width })]);
    for (const f of r.target.features)
      out.push([`${f.name} by target`, featureByTargetSpec(r.target, f, THEME, { width })]);
  }
  for (const t of r.time ?? []) {
    out.push([`trend ${t.column}`, trendSpec(t, undefined, THEME, { width })]);
    for (const x of t.measures.slice(0, 2))
      out.push([`trend ${t.column} ${x.name}`, trendSpec(t, x.name, THEME, { width })]);
  }
  out.push(
    ['missing', missingSpec(r.validity, THEME, { width })],
    ['outliers', outlierSpec(r.validity, THEME, { width })],
  );
  out.push(
    ['dcr', dcrHistogramSpec(r.privacy.dcr, THEME, { width })],
    ['nndr', nndrHistogramSpec(r.privacy.nndr, THEME, { width })],
  );
  out.push(['utility', utilitySpec(r.utility, THEME, { width })]);
  return out;
}

/** Data rows inline in a spec (every chart carries its data inline, pre-aggregated). */
function dataRows(spec: VegaLiteSpec): number {
  const d = spec.data as { values?: unknown[] } | undefined;
  return d?.values?.length ?? 0;
}

describe('chart specs render from real reports', () => {
  for (const file of ['penguins.csv', 'taxis-200.csv', 'titanic.csv', 'markup.csv']) {
    for (const width of [320, 900]) {
      it(`${file} at ${width} px: compiles without warnings and draws marks`, async () => {
        const specs = allSpecs(reports[file], width).filter((x): x is [string, VegaLiteSpec] => x[1] !== undefined);
        expect(specs.length).toBeGreaterThan(10);
        const problems: string[] = [];
        for (const [name, spec] of specs) {
          const out = await renderSpec(spec);
          if (out.warnings.length) problems.push(`${name}: ${out.warnings.join('; ')}`);
          if (out.marks === 0) problems.push(`${name}: no data marks`);
          if (typeof spec.description !== 'string' || spec.description.length < 20)
            problems.push(`${name}: no description (text alternative)`);
          if (!out.svg.includes('aria-label') && !out.svg.includes('role="graphics-document"'))
            problems.push(`${name}: no ARIA in the SVG`);
        }
        expect(problems).toEqual([]);
      });
    }
  }
});

describe('chart specs', () => {
  it('cut long category labels to distinct ones and keep the full label for the tooltip', () => {
    const labels = ['Unknown birth date (a)', 'Unknown birth date (b)', 'Unknown birth date (c)', 'short'];
    expect(shortLabels(labels, 12)).toEqual(['Unknown b…a)', 'Unknown b…b)', 'Unknown b…c)', 'short']);
    expect(new Set(shortLabels(['aaaaaaaaaaXaaaaaaaaa', 'aaaaaaaaaaYaaaaaaaaa'], 8)).size).toBe(2);
  });

  it('give a column where one bin holds nearly every row a log scale', async () => {
    const profile = {
      name: 'cost',
      type: 'number' as const,
      histogram: { edges: [0, 10, 20, 30], real: [0.98, 0.015, 0.005], synthetic: [0.97, 0.02, 0.01] },
    };
    const spec = columnDistributionSpec(profile, THEME)!;
    expect(JSON.stringify(spec)).toContain('"type":"symlog"');
    expect(JSON.stringify(spec)).toContain('log scale: one bin holds 98%');
    expect((await renderSpec(spec)).warnings).toEqual([]);
  });

  it('draw the values other than a dominant one, and one side alone for a rules blueprint', async () => {
    const profile = {
      name: 'cost',
      type: 'number' as const,
      histogram: { edges: [0, 10, 20, 30], real: [0.98, 0.015, 0.005], synthetic: [0.97, 0.02, 0.01] },
      dominant: {
        value: 0,
        real: 0.981,
        synthetic: 0.97,
        histogram: { edges: [5, 15, 25], real: [0.75, 0.25], synthetic: [0.6, 0.4] },
      },
    };
    const others = columnDistributionSpec(profile, THEME, { width: 480 }, { values: 'others' })!;
    const text = JSON.stringify(others);
    expect(text).toContain('share of the values other than 0');
    expect(text).not.toContain('symlog');
    // Two bins and the closing point of the step line: the other values' histogram, not the whole one.
    expect(dataRows(others)).toBe(3);
    const one = columnDistributionSpec(profile, THEME, { width: 480 }, { only: 'synthetic' })!;
    const svg = (await renderSpec(one)).svg;
    expect(svg).toContain('#abcdef');
    expect(svg).not.toContain('#123456');
    expect((await renderSpec(others)).warnings).toEqual([]);
  });

  it('show datetimes as dates in their own resolution: scatter-matrix axes, and no clock time for a day-only column', async () => {
    // 120 rows: a day-only date rising with an amount, and a count.
    const lines = ['day,amount,count'];
    for (let i = 0; i < 120; i++) {
      const d = new Date(Date.UTC(1997, 0, 1) + i * 3 * 86_400_000).toISOString().slice(0, 10);
      lines.push(`${d},${(100 + i * 2.5 + (i % 7)).toFixed(2)},${i % 11}`);
    }
    const r = synthesize({ csv: new TextEncoder().encode(lines.join('\n')), fileName: 'days.csv' }).report;
    expect(r.columns.find((c) => c.name === 'day')).toMatchObject({ type: 'datetime', resolution: 'day' });
    expect(r.sample!.columns).toContain('day');
    expect(r.sample!.datetimes![r.sample!.columns.indexOf('day')]).toBe('day');
    const svg = (await renderSpec(scatterMatrixSpec(r.sample!, 'both', THEME, { width: 640 })!)).svg;
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels.some((l) => /^199[78]-\d\d-\d\d$/.test(l))).toBe(true);
    expect(labels.filter((l) => /\d{3},\d{3},\d{3}/.test(l))).toEqual([]);
    const tip = JSON.stringify(
      boxPlotSpec(
        r.columns.find((c) => c.name === 'day')!,
        THEME,
      ),
    );
    expect(tip).toContain('"format":"%Y-%m-%d"');
    expect(tip).not.toContain('%H:%M');
  });

  it('overlay real and synthetic in the theme colours', async () => {
    const r = reports['penguins.csv'];
    const numeric = r.columns.find((c) => c.histogram)!;
    const categorical = r.columns.find((c) => c.categories)!;
    for (const spec of [columnDistributionSpec(numeric, THEME)!, columnDistributionSpec(categorical, THEME)!]) {
      const svg = (await renderSpec(spec)).svg;
      expect(svg).toContain('#123456');
      expect(svg).toContain('#abcdef');
    }
  });

  it('hold only pre-aggregated data: bins, categories, matrices and the bounded sample', () => {
    for (const r of Object.values(reports)) {
      for (const [name, spec] of allSpecs(r, 600)) {
        if (!spec) continue;
        const bound = name.startsWith('scatter') ? r.sample!.real.length + r.sample!.synthetic.length : 2_000;
        expect(dataRows(spec), name).toBeLessThanOrEqual(bound);
      }
      // The scatter sample is the report's bounded sample, not the table.
      if (r.sample) expect(r.sample.real.length).toBeLessThanOrEqual(500);
    }
  });

  it('never use a column name as a Vega field (dots and brackets would be read as paths)', () => {
    const r = reports['markup.csv'];
    expect(r.columns.map((c) => c.name)).toContain('price.usd[0]');
    for (const [name, spec] of allSpecs(r, 600)) {
      if (!spec) continue;
      const fields = JSON.stringify(spec).match(/"field":"[^"]*"/g) ?? [];
      for (const f of fields) expect(f, name).toMatch(/^"field":"[a-z][a-zA-Z0-9]*"$/);
    }
  });

  it('render markup in column names and values as text in the SVG', async () => {
    const r = reports['markup.csv'];
    const col = r.columns.find((c) => c.name === '<img src=x onerror=alert(1)>')!;
    const svg = (await renderSpec(columnDistributionSpec(col, THEME)!)).svg;
    expect(svg).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(svg).not.toMatch(/<script|<img|<b>/);
  });

  it('scale the correlation difference symmetrically, at least ±0.1, rounded up to 0.1', () => {
    const m = {
      columns: ['a', 'b'],
      real: [
        [1, 0.5],
        [0.5, 1],
      ],
      synthetic: [
        [1, 0.2],
        [0.2, 1],
      ],
      difference: [
        [0, -0.3],
        [-0.3, 0],
      ],
      meanAbsDifference: 0.3,
      maxAbsDifference: 0.3,
    };
    expect(differenceDomain(m)).toBeCloseTo(0.3);
    expect(differenceDomain({ ...m, maxAbsDifference: 0.01 })).toBe(0.1);
    expect(differenceDomain({ ...m, maxAbsDifference: 0.31 })).toBeCloseTo(0.4);
  });

  it('read period starts as UTC whatever the length of the ISO string', () => {
    expect(periodMs('2019-03-01')).toBe(Date.UTC(2019, 2, 1));
    expect(periodMs('2019-03-01T05:00')).toBe(Date.UTC(2019, 2, 1, 5));
    expect(periodMs('2019-03-01T05:00:00Z')).toBe(Date.UTC(2019, 2, 1, 5));
  });

  it('draw nothing rather than an empty chart when there is nothing to show', () => {
    const r = reports['penguins.csv'];
    const noMissing = {
      ...r.validity,
      columns: r.validity.columns.map((c) => ({ ...c, missing: { real: 0, synthetic: 0 } })),
    };
    expect(missingSpec(noMissing, THEME)).toBeUndefined();
    expect(columnDistributionSpec({ name: 'id', type: 'id' }, THEME)).toBeUndefined();
    expect(boxPlotSpec({ name: 'c', type: 'category' }, THEME)).toBeUndefined();
  });
});
