/**
 * Vega-embed, configured for a strict CSP: Vega's expression *interpreter* (`ast: true`) instead
 * of code generation, no default stylesheet injection (`defaultStyle: false`, tooltip styles in
 * media/report.css), SVG output.
 */
import embed, { type Result } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { ChartTheme } from '../core/charts/theme';
import { DEFAULT_THEME } from '../core/charts/theme';
import type { VegaLiteSpec } from '../core/charts/columns';

export async function renderChart(container: HTMLElement, spec: VegaLiteSpec, label: string): Promise<Result> {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label);
  const result = await embed(container, spec as never, {
    ast: true,
    expr: expressionInterpreter,
    defaultStyle: false,
    actions: false,
    renderer: 'svg',
    tooltip: { disableDefaultStyle: true, theme: 'custom' } as never,
  });
  return result;
}

/** The chart theme from the current VS Code theme's CSS variables. */
export function currentTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    real: v('--vscode-charts-blue', DEFAULT_THEME.real),
    synthetic: v('--vscode-charts-orange', DEFAULT_THEME.synthetic),
    foreground: v('--vscode-foreground', DEFAULT_THEME.foreground),
    muted: v('--vscode-descriptionForeground', DEFAULT_THEME.muted),
    grid: v('--vscode-editorWidget-border', DEFAULT_THEME.grid),
    background: 'transparent',
    font: v('--vscode-font-family', DEFAULT_THEME.font),
    fontSize: parseFloat(v('--vscode-font-size', '12')) || 12,
  };
}

/** Call `onChange` when VS Code switches theme (it changes the body's class). */
export function onThemeChange(onChange: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className !== last) {
      last = document.body.className;
      onChange();
    }
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
