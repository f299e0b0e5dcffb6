/**
 * The only module that knows about the UI component library. @vscode/webview-ui-toolkit is
 * archived upstream; moving to @vscode-elements/elements means rewriting this file alone: every
 * other module creates controls through these functions and listens to plain DOM events
 * (`click`, `change`) or the callbacks given here. (media/report.css styles a few of the toolkit's
 * elements by tag name: `vscode-panels`, `vscode-panel-view`, `vscode-dropdown`.)
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

/**
 * A button; `appearance` secondary for less prominent actions. `small` gives a compact plain
 * button (chart export), styled by media/report.css.
 */
export function button(
  label: string,
  onClick: () => void,
  options: { appearance?: 'primary' | 'secondary' | 'icon'; title?: string; small?: boolean; id?: string } = {},
): HTMLElement {
  const b = document.createElement(options.small ? 'button' : 'vscode-button');
  b.textContent = label;
  if (options.small) {
    b.className = 'mini-button';
    b.setAttribute('type', 'button');
  } else if (options.appearance) b.setAttribute('appearance', options.appearance);
  if (options.title) {
    b.setAttribute('title', options.title);
    b.setAttribute('aria-label', options.title);
  }
  if (options.id) b.id = options.id;
  b.addEventListener('click', onClick);
  return b;
}

/** A dropdown of `options`; `onChange` gets the chosen value. */
export function dropdown(
  options: { value: string; label: string }[],
  selected: string,
  onChange: (value: string) => void,
  ariaLabel: string,
  id?: string,
): HTMLElement {
  const d = document.createElement('vscode-dropdown');
  d.setAttribute('aria-label', ariaLabel);
  if (id) d.id = id;
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

/** Show `value` as chosen in a dropdown made by `dropdown`, without firing `change`. */
export function setDropdownValue(d: HTMLElement, value: string): void {
  (d as unknown as { value: string }).value = value;
}

/** A labelled control: the label text is tied to the control for screen readers. */
export function labelled(label: string, control: HTMLElement): HTMLElement {
  const id = control.id || `ctl-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const l = document.createElement('label');
  l.textContent = label;
  l.htmlFor = id;
  const wrap = document.createElement('div');
  wrap.className = 'control';
  wrap.append(l, control);
  return wrap;
}

/**
 * A small label. Not the toolkit's badge: its template carries a style attribute, which a strict
 * CSP (no 'unsafe-inline') refuses; a span styled by media/report.css looks the same.
 */
export function badge(text: string, kind?: string): HTMLElement {
  const b = document.createElement('span');
  b.className = kind ? `badge badge-${kind}` : 'badge';
  b.textContent = text;
  return b;
}

export function progressRing(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}

export interface TabItem {
  id: string;
  label: string;
  render: (view: HTMLElement) => void;
}

/**
 * Tabs: `items` in order, each with an id and a function that fills its view when first shown
 * (arrow keys move between tabs, as in VS Code's own panels). `onSelect` reports the active tab
 * id (to persist it). Tab elements get the id `tab-<id>`, views `view-<id>`.
 */
export function tabs(items: TabItem[], active: string, onSelect: (id: string) => void): HTMLElement {
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
    // The toolkit's view is a flex row; our content is one block inside it.
    const body = document.createElement('div');
    body.className = 'tab-body';
    views[i].appendChild(body);
    items[i].render(body);
  };
  const first = items.some((x) => x.id === active) ? active : items[0]?.id;
  panels.setAttribute('activeid', `tab-${first}`);
  panels.addEventListener('change', (e) => {
    const tab = (e as CustomEvent).detail as HTMLElement | undefined;
    const id = tab?.id?.replace(/^tab-/, '');
    if (id && items.some((x) => x.id === id)) {
      show(id);
      onSelect(id);
    }
  });
  if (first) show(first);
  return panels;
}

/** Switch a `tabs` element to the tab `id`. */
export function selectTab(panels: HTMLElement, id: string): void {
  panels.setAttribute('activeid', `tab-${id}`);
}
