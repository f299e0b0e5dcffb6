/**
 * Chart colours and fonts, resolved by the webview from the VS Code theme (`--vscode-*` CSS
 * variables) and handed to the spec builders, which stay pure.
 */
export interface ChartTheme {
  real: string;
  synthetic: string;
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  fontSize: number;
}

export const DEFAULT_THEME: ChartTheme = {
  real: '#3794ff',
  synthetic: '#d18616',
  foreground: '#333333',
  muted: '#6c6c6c',
  grid: 'rgba(128,128,128,0.25)',
  background: 'transparent',
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 12,
};

/** The Vega-Lite `config` for a theme: transparent background, theme text, quiet grid. */
export function vegaConfig(t: ChartTheme): Record<string, unknown> {
  const text = { labelColor: t.muted, titleColor: t.foreground, labelFont: t.font, titleFont: t.font, labelFontSize: t.fontSize - 1, titleFontSize: t.fontSize, titleFontWeight: 'normal' };
  return {
    background: t.background,
    font: t.font,
    view: { stroke: null },
    axis: { ...text, gridColor: t.grid, domainColor: t.grid, tickColor: t.grid },
    legend: { ...text, orient: 'top', title: null, symbolType: 'square' },
    title: { color: t.foreground, font: t.font, fontSize: t.fontSize + 1, fontWeight: 'normal', anchor: 'start' },
    header: text,
    range: { category: [t.real, t.synthetic] },
  };
}
