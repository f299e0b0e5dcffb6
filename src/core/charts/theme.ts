/**
 * Chart colours and fonts, resolved by the webview from the VS Code theme (`--vscode-*` CSS
 * variables) and handed to the spec builders, which stay pure: the same data and theme give the
 * same spec, so a theme change re-renders every chart with new colours and nothing else.
 */
export interface ChartTheme {
  /** Series colours: real rows, synthetic rows, and a third series (holdout rows). */
  real: string;
  synthetic: string;
  holdout: string;
  /** Ends of diverging scales (correlations, differences): below zero and above zero. */
  negative: string;
  positive: string;
  /** Score bands: good (>= 90%), fair (>= 75%), poor. */
  good: string;
  fair: string;
  poor: string;
  foreground: string;
  muted: string;
  grid: string;
  /** Chart background: transparent on screen (the page shows through). */
  background: string;
  /** The solid page colour behind the charts: the middle of diverging scales, exported backgrounds. */
  surface: string;
  font: string;
  fontSize: number;
  /** High-contrast themes: thicker strokes, outlined marks, no translucency. */
  highContrast: boolean;
}

export const DEFAULT_THEME: ChartTheme = {
  real: '#1a73e8',
  synthetic: '#d97706',
  holdout: '#7c3aed',
  negative: '#1a73e8',
  positive: '#c72e0f',
  good: '#388a34',
  fair: '#b89500',
  poor: '#c72e0f',
  foreground: '#1f1f1f',
  muted: '#616161',
  grid: 'rgba(128,128,128,0.25)',
  background: 'transparent',
  surface: '#ffffff',
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 12,
  highContrast: false,
};

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The Vega-Lite `config` for a theme: transparent background, theme text, quiet grid. */
export function vegaConfig(t: ChartTheme): Record<string, unknown> {
  const text = {
    labelColor: t.muted,
    titleColor: t.foreground,
    labelFont: t.font,
    titleFont: t.font,
    labelFontSize: t.fontSize - 1,
    titleFontSize: t.fontSize,
    titleFontWeight: 'normal',
  };
  const strong = t.highContrast ? { labelColor: t.foreground } : {};
  return {
    background: t.background,
    font: t.font,
    view: { stroke: null },
    axis: {
      ...text,
      ...strong,
      gridColor: t.grid,
      domainColor: t.highContrast ? t.foreground : t.grid,
      tickColor: t.highContrast ? t.foreground : t.grid,
      gridOpacity: t.highContrast ? 0.5 : 1,
    },
    legend: { ...text, ...strong, orient: 'top', title: null, symbolType: 'square', labelFontSize: t.fontSize - 1 },
    title: {
      color: t.foreground,
      font: t.font,
      fontSize: t.fontSize + 1,
      fontWeight: 'normal',
      anchor: 'start',
      subtitleColor: t.muted,
      subtitleFont: t.font,
    },
    header: { ...text, ...strong, labelFontSize: t.fontSize - 1, titleFontSize: t.fontSize },
    text: { color: t.foreground, font: t.font, fontSize: t.fontSize - 1 },
    range: { category: [t.real, t.synthetic, t.holdout] },
    bar: t.highContrast ? { stroke: t.foreground, strokeWidth: 1 } : {},
    rect: t.highContrast ? { stroke: t.foreground, strokeWidth: 0.5 } : {},
    point: { filled: true },
    circle: { filled: true },
    // Vega's default headline colour for marks is a mid blue: make unencoded marks theme-coloured.
    mark: { color: t.real },
  };
}

/** A colour as [r, g, b] in 0..255, from #rgb, #rrggbb, #rrggbbaa, rgb() or rgba(); undefined otherwise. */
export function parseColor(c: string): [number, number, number] | undefined {
  const s = c.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4})$/.exec(s);
  if (m) return [0, 1, 2].map((i) => parseInt(m![1][i] + m![1][i], 16)) as [number, number, number];
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16)) as [number, number, number];
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return undefined;
}

/** WCAG relative luminance of a colour (0 black .. 1 white); undefined if it does not parse. */
export function luminance(c: string): number | undefined {
  const rgb = parseColor(c);
  if (!rgb) return undefined;
  const [r, g, b] = rgb.map((v) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 .. 21); 1 when either does not parse. */
export function contrast(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  if (la === undefined || lb === undefined) return 1;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Of the theme's text colours, the one easier to read on `fill`. */
export function textOn(fill: string, t: ChartTheme): string {
  return contrast(t.foreground, fill) >= contrast(t.surface, fill) ? t.foreground : t.surface;
}
