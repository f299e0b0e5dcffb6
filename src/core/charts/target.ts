/**
 * Target charts: class balance real vs synthetic, and one feature broken down by the target's
 * classes (a box per class and side for numbers and datetimes, category shares per class for
 * categories).
 */
import type { BoxStats, TargetBreakdown, TargetFeature } from '../quality/types';
import type { ChartSize, VegaLiteSpec } from './spec';
import { clampWidth, composed, NUM, PCT, SIDES, sideColor, singleView } from './spec';
import type { ChartTheme } from './theme';

/** Share of rows per class, real and synthetic side by side. */
export function classBalanceSpec(
  target: TargetBreakdown,
  theme: ChartTheme,
  size: ChartSize = { width: 480 },
): VegaLiteSpec | undefined {
  if (target.classes.length === 0) return undefined;
  const values: Record<string, unknown>[] = [];
  target.classes.forEach((c, i) => {
    values.push({ cls: c, order: i, side: 'Real', share: target.balance.real[i] ?? 0 });
    values.push({ cls: c, order: i, side: 'Synthetic', share: target.balance.synthetic[i] ?? 0 });
  });
  return singleView(
    theme,
    `Class balance of ${target.column}: share of rows per class, real and synthetic.`,
    size,
    Math.max(60, target.classes.length * 30),
    {
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'cls', type: 'nominal', sort: { field: 'order' }, title: target.column, axis: { labelLimit: 160 } },
        yOffset: { field: 'side', sort: [...SIDES] },
        x: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '.0%', tickCount: 5 } },
        color: sideColor(theme),
        tooltip: [
          { field: 'cls', title: target.column },
          { field: 'side', title: 'table' },
          { field: 'share', title: 'share', format: PCT },
        ],
      },
    },
  );
}

/** One feature broken down by the target's classes; undefined when the feature has nothing to draw. */
export function featureByTargetSpec(
  target: TargetBreakdown,
  feature: TargetFeature,
  theme: ChartTheme,
  size: ChartSize = { width: 480 },
): VegaLiteSpec | undefined {
  if (feature.boxes) return boxesByClass(target, feature, feature.boxes, theme, size);
  if (feature.shares && feature.shares.labels.length > 0)
    return sharesByClass(target, feature, feature.shares, theme, size);
  return undefined;
}

function boxesByClass(
  target: TargetBreakdown,
  feature: TargetFeature,
  boxes: { real: BoxStats[]; synthetic: BoxStats[] },
  theme: ChartTheme,
  size: ChartSize,
): VegaLiteSpec | undefined {
  const values: Record<string, unknown>[] = [];
  target.classes.forEach((c, i) => {
    for (const [side, list] of [
      ['Real', boxes.real],
      ['Synthetic', boxes.synthetic],
    ] as const) {
      const b = list[i];
      if (
        !b ||
        b.count === 0 ||
        b.min === null ||
        b.p25 === null ||
        b.median === null ||
        b.p75 === null ||
        b.max === null
      )
        continue;
      values.push({
        cls: c,
        order: i,
        side,
        count: b.count,
        min: b.min,
        q1: b.p25,
        median: b.median,
        q3: b.p75,
        max: b.max,
        mean: b.mean,
      });
    }
  });
  if (values.length === 0) return undefined;
  const temporal = feature.type === 'datetime';
  const x = {
    type: temporal ? 'temporal' : 'quantitative',
    title: feature.name,
    scale: temporal ? { type: 'utc' } : { zero: false },
    axis: { labelOverlap: 'greedy', tickCount: 5, labelFlush: true },
  };
  const fmt = (field: string, title: string): Record<string, unknown> =>
    temporal
      ? { field, title, type: 'temporal', format: '%Y-%m-%d %H:%M', formatType: 'utc' }
      : { field, title, type: 'quantitative', format: NUM };
  const color = sideColor(theme, 'side', true);
  return singleView(
    theme,
    `${feature.name} by ${target.column}: for each class, the minimum, quartiles, median and maximum of ${feature.name}, real and synthetic.`,
    size,
    Math.max(70, target.classes.length * 34),
    {
      data: { values },
      encoding: {
        y: { field: 'cls', type: 'nominal', sort: { field: 'order' }, title: target.column, axis: { labelLimit: 140 } },
        yOffset: { field: 'side', sort: [...SIDES] },
        tooltip: [
          { field: 'cls', title: target.column },
          { field: 'side', title: 'table' },
          { field: 'count', title: 'rows', format: ',d' },
          fmt('min', 'min'),
          fmt('q1', '25%'),
          fmt('median', 'median'),
          fmt('q3', '75%'),
          fmt('max', 'max'),
        ],
      },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: theme.highContrast ? 2 : 1 },
          encoding: { x: { ...x, field: 'min' }, x2: { field: 'max' }, color },
        },
        {
          mark: {
            type: 'bar',
            height: { band: 0.8 },
            opacity: theme.highContrast ? 1 : 0.55,
            stroke: theme.foreground,
            strokeWidth: theme.highContrast ? 1.5 : 0.4,
          },
          encoding: { x: { ...x, field: 'q1' }, x2: { field: 'q3' }, color },
        },
        {
          mark: { type: 'tick', thickness: 2.5, color: theme.foreground, height: { band: 0.8 } },
          encoding: { x: { ...x, field: 'median' } },
        },
      ],
    },
  );
}

function sharesByClass(
  target: TargetBreakdown,
  feature: TargetFeature,
  shares: NonNullable<TargetFeature['shares']>,
  theme: ChartTheme,
  size: ChartSize,
): VegaLiteSpec {
  const values: Record<string, unknown>[] = [];
  target.classes.forEach((c, i) => {
    for (const [side, table] of [
      ['Real', shares.real],
      ['Synthetic', shares.synthetic],
    ] as const) {
      shares.labels.forEach((label, k) => {
        const share = table[i]?.[k] ?? 0;
        if (share > 0) values.push({ cls: c, order: i, side, category: label, corder: k, share });
      });
    }
  });
  const w = clampWidth(size.width, 240);
  const panelWidth = Math.max(100, Math.floor((w - 170) / 2));
  const palette = categoryPalette(shares.labels);
  return composed(
    theme,
    `${feature.name} by ${target.column}: for each class, the share of each ${feature.name} category, real beside synthetic.`,
    {
      data: { values },
      facet: {
        column: {
          field: 'side',
          type: 'nominal',
          sort: [...SIDES],
          title: null,
          header: { labelFontSize: theme.fontSize, labelColor: theme.foreground },
        },
      },
      spacing: 16,
      spec: {
        width: panelWidth,
        height: Math.max(40, target.classes.length * 22),
        mark: { type: 'bar', stroke: theme.highContrast ? theme.foreground : theme.surface, strokeWidth: 0.5 },
        encoding: {
          y: { field: 'cls', type: 'nominal', sort: target.classes, title: target.column, axis: { labelLimit: 120 } },
          x: {
            field: 'share',
            type: 'quantitative',
            stack: 'normalize',
            title: 'share of rows in the class',
            axis: { format: '.0%', tickCount: 4 },
          },
          color: {
            field: 'category',
            type: 'nominal',
            sort: shares.labels,
            title: feature.name,
            scale: { domain: shares.labels, range: palette },
            legend: {
              title: feature.name,
              orient: 'top',
              columns: Math.min(6, Math.max(1, Math.floor(w / 130))),
              labelLimit: 110,
            },
          },
          order: { field: 'corder' },
          tooltip: [
            { field: 'cls', title: target.column },
            { field: 'side', title: 'table' },
            { field: 'category', title: feature.name },
            { field: 'share', title: 'share', format: PCT },
          ],
        },
      },
    },
  );
}

/**
 * Tableau 10 for categories, reordered so the first colours are neither the blue nor the orange
 * that mean "real" and "synthetic" elsewhere in the panel; grey for the folded "Other" and "(missing)".
 */
function categoryPalette(labels: string[]): string[] {
  const tableau = [
    '#76b7b2',
    '#b07aa1',
    '#59a14f',
    '#edc948',
    '#e15759',
    '#9c755f',
    '#ff9da7',
    '#4e79a7',
    '#f28e2b',
    '#bab0ac',
  ];
  let k = 0;
  return labels.map((l) => (/^Other\b/.test(l) || l === '(missing)' ? '#8c8c8c' : tableau[k++ % tableau.length]));
}
