/**
 * The only module that knows about the UI component library. @vscode/webview-ui-toolkit is
 * archived upstream; moving to @vscode-elements/elements means rewriting this file alone: every
 * other module creates controls through these functions and listens to plain DOM events.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeDivider(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
    vsCodeProgressRing(),
  );
}

/** A button; `appearance` secondary for less prominent actions. */
export function button(label: string, onClick: () => void, options: { appearance?: 'primary' | 'secondary' | 'icon'; title?: string } = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  if (options.appearance) b.setAttribute('appearance', options.appearance);
  if (options.title) b.setAttribute('title', options.title);
  b.addEventListener('click', onClick);
  return b;
}

/** A dropdown of `options`; `onChange` gets the chosen value. */
export function dropdown(options: { value: string; label: string }[], selected: string, onChange: (value: string) => void, ariaLabel: string): HTMLElement {
  const d = document.createElement('vscode-dropdown');
  d.setAttribute('aria-label', ariaLabel);
  for (const o of options) {
    const opt = document.createElement('vscode-option');
    opt.setAttribute('value', o.value);
    opt.textContent = o.label;
    if (o.value === selected) opt.setAttribute('selected', '');
    d.appendChild(opt);
  }
  d.addEventListener('change', () => onChange((d as unknown as { value: string }).value));
  return d;
}

/**
 * A small label. Not the toolkit's badge: its template carries a style attribute, which a strict
 * CSP (no 'unsafe-inline') refuses; a span styled by media/report.css looks the same.
 */
export function badge(text: string): HTMLElement {
  const b = document.createElement('span');
  b.className = 'badge';
  b.textContent = text;
  return b;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}

export function progressRing(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}

/**
 * Tabs: `tabs` in order, each with an id and a function that fills its view when first shown.
 * `onSelect` reports the active tab id (to persist it).
 */
export function tabs(items: { id: string; label: string; render: (view: HTMLElement) => void }[], active: string, onSelect: (id: string) => void): HTMLElement {
  const panels = document.createElement('vscode-panels');
  panels.setAttribute('aria-label', 'Report sections');
  const views: HTMLElement[] = [];
  const rendered = new Set<string>();
  for (const item of items) {
    const tab = document.createElement('vscode-panel-tab');
    tab.id = `tab-${item.id}`;
    tab.textContent = item.label;
    panels.appendChild(tab);
  }
  for (const item of items) {
    const view = document.createElement('vscode-panel-view');
    view.id = `view-${item.id}`;
    views.push(view);
    panels.appendChild(view);
  }
  const show = (id: string): void => {
    const i = items.findIndex((x) => x.id === id);
    if (i < 0 || rendered.has(id)) return;
    rendered.add(id);
    items[i].render(views[i]);
  };
  panels.setAttribute('activeid', `tab-${active}`);
  panels.addEventListener('change', (e) => {
    const tab = (e as CustomEvent).detail as HTMLElement | undefined;
    const id = tab?.id?.replace(/^tab-/, '');
    if (id) {
      show(id);
      onSelect(id);
    }
  });
  show(active);
  return panels;
}
