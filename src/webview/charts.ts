/**
 * Charts in the webview: vega-embed configured for a strict CSP (Vega's expression interpreter,
 * `ast: true`, instead of code generation; no injected stylesheet, `defaultStyle: false`; tooltips
 * drawn as DOM text by tooltip.ts, styled in media/report.css).
 *
 * A chart is a figure with a visible title, a text alternative (the spec's description as
 * aria-label) and export buttons. It is drawn when it scrolls into view (a hidden tab costs
 * nothing), at its container's width; it is redrawn when that width changes and when the VS Code
 * theme changes (the spec builders are pure: theme and width in, spec out).
 */
import embed, { vega, vegaLite, type Result } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { ChartSize, VegaLiteSpec } from '../core/charts/spec';
import type { ChartTheme } from '../core/charts/theme';
import { DEFAULT_THEME, luminance, parseColor } from '../core/charts/theme';
import { el } from './dom';
import { textTooltip } from './tooltip';
import { button } from './ui';

export type SpecBuilder = (theme: ChartTheme, size: ChartSize) => VegaLiteSpec | undefined;

export interface ChartOptions {
  /** Visible title, also the first part of the exported file's name. */
  title: string;
  build: SpecBuilder;
  /** Extra text under the title. */
  caption?: string;
  /** Marks the container (e.g. `data-column`), for tests and for finding it again. */
  attrs?: Record<string, string>;
  /** Minimum height reserved before the chart is drawn (avoids jumps while scrolling). */
  minHeight?: 'small' | 'medium' | 'large';
  /** Shown instead of the chart when the builder returns nothing. */
  empty?: string;
  /** No visible title or export buttons (small multiples whose card has its own heading). */
  compact?: boolean;
  /** Called with the clicked mark's data (a bar's column, for example). */
  onClick?: (datum: Record<string, unknown> | undefined) => void;
}

/** Where exported charts go: a download link (standalone page) or the extension host (VS Code). */
export type ChartSaver = (fileName: string, format: 'svg' | 'png', data: string) => void;

interface Mounted {
  container: HTMLElement;
  options: ChartOptions;
  result?: Result;
  width: number;
  drawing?: Promise<void>;
  /** Set when the theme changed while the chart was off screen: redraw when it shows again. */
  stale: boolean;
  visible: boolean;
}

const mounted = new Set<Mounted>();
/** One tooltip element for every chart (as vega-tooltip kept one). */
const tooltip = textTooltip();
let saver: ChartSaver = downloadLink;
let themeCache: ChartTheme | undefined;

export function setChartSaver(s: ChartSaver): void {
  saver = s;
}

const observer =
  typeof IntersectionObserver === 'function'
    ? new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            const m = byContainer.get(e.target as HTMLElement);
            if (!m) continue;
            m.visible = e.isIntersecting;
            if (e.isIntersecting && (!m.result || m.stale)) void draw(m);
          }
        },
        { rootMargin: '300px 0px' },
      )
    : undefined;

const resizer =
  typeof ResizeObserver === 'function'
    ? new ResizeObserver((entries) => {
        for (const e of entries) {
          const m = byContainer.get(e.target as HTMLElement);
          if (!m || !m.result) continue;
          const w = Math.floor(e.contentRect.width);
          if (w > 0 && Math.abs(w - m.width) >= 24) scheduleRedraw(m);
        }
      })
    : undefined;

const byContainer = new WeakMap<HTMLElement, Mounted>();
const pendingResize = new Set<Mounted>();
let resizeTimer: ReturnType<typeof setTimeout> | undefined;

function scheduleRedraw(m: Mounted): void {
  pendingResize.add(m);
  if (resizeTimer) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const x of pendingResize) void draw(x);
    pendingResize.clear();
  }, 150);
}

/** A chart figure: title, export buttons, and the chart (drawn when visible). */
export function chart(options: ChartOptions): HTMLElement {
  const container = el('div', {
    class: `chart chart-${options.minHeight ?? 'medium'}`,
    attrs: { role: 'img', 'aria-label': options.title, ...(options.attrs ?? {}) },
  });
  const m: Mounted = { container, options, width: 0, stale: false, visible: false };
  byContainer.set(container, m);
  mounted.add(m);
  const actions = el('div', { class: 'chart-actions' }, [
    button('SVG', () => void exportChart(m, 'svg'), {
      appearance: 'secondary',
      title: `Save "${options.title}" as SVG`,
      small: true,
    }),
    button('PNG', () => void exportChart(m, 'png'), {
      appearance: 'secondary',
      title: `Save "${options.title}" as PNG`,
      small: true,
    }),
  ]);
  const figure = el('figure', { class: `chart-figure${options.compact ? ' compact' : ''}` }, [
    options.compact ? null : el('figcaption', {}, [el('span', { class: 'chart-title', text: options.title }), actions]),
    options.caption ? el('p', { class: 'muted chart-caption', text: options.caption }) : null,
    container,
  ]);
  if (observer) observer.observe(container);
  else queueMicrotask(() => void draw(m));
  resizer?.observe(container);
  return figure;
}

/** Draw (or redraw) one chart at its container's current width with the current theme. */
async function draw(m: Mounted): Promise<void> {
  if (!m.container.isConnected) {
    forget(m);
    return;
  }
  if (m.drawing) await m.drawing;
  const work = (async () => {
    const width = Math.floor(m.container.clientWidth) || 480;
    const spec = m.options.build(currentTheme(), { width });
    m.stale = false;
    m.width = width;
    m.result?.finalize();
    m.result = undefined;
    if (!spec) {
      m.container.replaceChildren(el('p', { class: 'muted empty-note', text: m.options.empty ?? 'Nothing to show.' }));
      m.container.setAttribute('data-rendered', 'empty');
      return;
    }
    const description = typeof spec.description === 'string' ? spec.description : m.options.title;
    m.container.setAttribute('aria-label', `${m.options.title}. ${description}`);
    const renderer = (spec.usermeta as { renderer?: 'svg' | 'canvas' } | undefined)?.renderer ?? 'svg';
    try {
      m.result = await embed(m.container, spec as never, {
        ast: true,
        expr: expressionInterpreter,
        defaultStyle: false,
        actions: false,
        renderer,
        // Our handler, text only (vega-tooltip would write the data as markup).
        tooltip: tooltip as never,
      });
      const onClick = m.options.onClick;
      if (onClick)
        m.result.view.addEventListener('click', (_event, item) =>
          onClick((item as { datum?: Record<string, unknown> } | null | undefined)?.datum),
        );
      m.container.setAttribute('data-rendered', 'true');
      m.container.dispatchEvent(new CustomEvent('chart-rendered', { bubbles: true }));
    } catch (e) {
      m.container.replaceChildren(
        el('p', { class: 'error-note', text: `This chart could not be drawn: ${(e as Error)?.message ?? String(e)}` }),
      );
      m.container.setAttribute('data-rendered', 'error');
    }
  })();
  m.drawing = work;
  await work;
  m.drawing = undefined;
}

function forget(m: Mounted): void {
  m.result?.finalize();
  observer?.unobserve(m.container);
  resizer?.unobserve(m.container);
  mounted.delete(m);
}

/** Drop charts whose containers left the page (a tab re-rendered, a column changed). */
export function sweepCharts(): void {
  for (const m of mounted) if (!m.container.isConnected) forget(m);
}

/**
 * Export: the same spec re-rendered off screen at the on-screen width, with its title and the
 * page's solid background (a transparent PNG is unreadable on another background).
 */
async function exportChart(m: Mounted, format: 'svg' | 'png'): Promise<void> {
  const theme = { ...currentTheme(), background: currentTheme().surface };
  const spec = m.options.build(theme, { width: m.width || Math.floor(m.container.clientWidth) || 640 });
  if (!spec) return;
  const titled = { ...spec, title: { text: m.options.title, subtitle: m.options.caption ?? '' }, padding: 12 };
  const compiled = vegaLite.compile(titled as never).spec;
  const view = new vega.View(vega.parse(compiled, undefined, { ast: true }), {
    renderer: 'none',
    expr: expressionInterpreter as never,
  });
  try {
    await view.runAsync();
    const name = `${slug(m.options.title)}.${format}`;
    if (format === 'svg') saver(name, 'svg', await view.toSVG());
    else saver(name, 'png', await view.toImageURL('png', 2));
  } finally {
    view.finalize();
  }
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'chart'
  );
}

/** The standalone page's saver: a temporary download link. */
function downloadLink(fileName: string, format: 'svg' | 'png', data: string): void {
  const url = format === 'svg' ? URL.createObjectURL(new Blob([data], { type: 'image/svg+xml' })) : data;
  const a = el('a', { attrs: { href: url, download: fileName } });
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (format === 'svg') setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The chart theme from the current VS Code theme's CSS variables. */
export function currentTheme(): ChartTheme {
  if (themeCache) return themeCache;
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const cls = document.body.classList;
  const highContrast = cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
  const surface = v('--vscode-editor-background', DEFAULT_THEME.surface);
  const darkSurface = (luminance(surface) ?? 1) < 0.4;
  // Series colours must be solid: some themes define charts.* with transparency (Light and Dark
  // Modern: charts.orange is rgba(234, 92, 0, 0.33)), and high-contrast themes leave some out.
  const series = (name: string, fallback: string): string => opaque(v(name, fallback)) ?? fallback;
  themeCache = {
    real: series('--vscode-charts-blue', DEFAULT_THEME.real),
    synthetic: series('--vscode-charts-orange', darkSurface ? '#f0883e' : '#bc5400'),
    holdout: series('--vscode-charts-purple', DEFAULT_THEME.holdout),
    negative: series('--vscode-charts-blue', DEFAULT_THEME.negative),
    positive: series('--vscode-charts-red', DEFAULT_THEME.positive),
    good: series('--vscode-charts-green', DEFAULT_THEME.good),
    fair: series('--vscode-charts-yellow', DEFAULT_THEME.fair),
    poor: series('--vscode-charts-red', DEFAULT_THEME.poor),
    foreground: v('--vscode-foreground', DEFAULT_THEME.foreground),
    muted: v('--vscode-descriptionForeground', DEFAULT_THEME.muted),
    grid: highContrast
      ? v('--vscode-contrastBorder', v('--vscode-editorWidget-border', DEFAULT_THEME.grid))
      : v('--vscode-editorWidget-border', DEFAULT_THEME.grid),
    background: 'transparent',
    surface,
    font: v('--vscode-font-family', DEFAULT_THEME.font),
    fontSize: parseFloat(v('--vscode-font-size', '12')) || 12,
    highContrast,
  };
  // The page's own swatches and badges use the same solid colours (set through the CSSOM, which
  // the CSP allows; on <body>, which the theme watcher does not observe for style).
  document.body.style.setProperty('--synth-real', themeCache.real);
  document.body.style.setProperty('--synth-synthetic', themeCache.synthetic);
  return themeCache;
}

/** A colour without its transparency (rgba() or #rrggbbaa); undefined when it does not parse. */
export function opaque(color: string): string | undefined {
  const rgb = parseColor(color);
  if (!rgb) return /^[a-z]+$/i.test(color.trim()) ? color.trim() : undefined;
  return `#${rgb
    .map((x) =>
      Math.round(Math.max(0, Math.min(255, x)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * Follow VS Code's theme: it changes the body's class (vscode-light, vscode-dark,
 * vscode-high-contrast...) and the --vscode-* variables on <html style> (a theme of the same kind
 * changes only those). Visible charts redraw at once, the others when they next scroll into view;
 * `onChange` lets the page refresh anything else.
 */
export function onThemeChange(onChange?: () => void): void {
  const key = (): string => `${document.body.className}|${document.documentElement.getAttribute('style') ?? ''}`;
  let last = key();
  const check = (): void => {
    const now = key();
    if (now === last) return;
    last = now;
    themeCache = undefined;
    for (const m of mounted) {
      if (!m.container.isConnected) forget(m);
      else if (m.visible) void draw(m);
      else m.stale = true;
    }
    onChange?.();
  };
  new MutationObserver(check).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  new MutationObserver(check).observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
