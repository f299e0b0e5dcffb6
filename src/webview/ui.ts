/**
 * The only module that knows about the UI component library. @vscode/webview-ui-toolkit is
 * archived upstream; moving to @vscode-elements/elements means rewriting this file alone: every
 * other module creates controls through these functions and listens to plain DOM events
 * (`click`, `change`) or the callbacks given here. (media/report.css styles the toolkit's `vscode-dropdown` by tag name.)
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
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
 * Tabs: `items` in order, each with an id and a function that fills its view when first shown.
 * Our own tab bar, not the toolkit's `vscode-panels`: its tab strip is a grid with one column per
 * tab, which cannot wrap, so beside an editor (a ~500 px panel) the later tabs ran off the edge
 * out of reach. This one is a wrapping row of buttons with the WAI-ARIA tabs pattern (roving
 * tabindex; arrow keys, Home and End move between tabs, as in VS Code's own panels). `onSelect`
 * reports the active tab id (to persist it). Tab elements get the id `tab-<id>`, views
 * `view-<id>`; the returned element carries `activeid="tab-<id>"`.
 */
export function tabs(items: TabItem[], active: string, onSelect: (id: string) => void): HTMLElement {
  const root = document.createElement('div');
  root.className = 'tabs';
  const bar = document.createElement('div');
  bar.className = 'tab-bar';
  bar.setAttribute('role', 'tablist');
  bar.setAttribute('aria-label', 'Report sections');
  root.appendChild(bar);
  const buttons: HTMLElement[] = [];
  const views: HTMLElement[] = [];
  const rendered = new Set<string>();
  for (const item of items) {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.id = `tab-${item.id}`;
    tab.className = 'tab';
    tab.textContent = item.label;
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-controls', `view-${item.id}`);
    buttons.push(tab);
    bar.appendChild(tab);
  }
  for (const item of items) {
    const view = document.createElement('div');
    view.id = `view-${item.id}`;
    view.className = 'tab-view';
    view.setAttribute('role', 'tabpanel');
    view.setAttribute('aria-labelledby', `tab-${item.id}`);
    view.hidden = true;
    views.push(view);
    root.appendChild(view);
  }
  const show = (id: string, notify: boolean, focus = false): void => {
    const i = items.findIndex((x) => x.id === id);
    if (i < 0) return;
    items.forEach((_, j) => {
      const on = j === i;
      buttons[j].setAttribute('aria-selected', String(on));
      buttons[j].tabIndex = on ? 0 : -1;
      buttons[j].classList.toggle('active', on);
      views[j].hidden = !on;
    });
    root.setAttribute('activeid', `tab-${id}`);
    if (focus) buttons[i].focus();
    if (!rendered.has(id)) {
      rendered.add(id);
      const body = document.createElement('div');
      body.className = 'tab-body';
      views[i].appendChild(body);
      items[i].render(body);
    }
    if (notify) onSelect(id);
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => show(items[i].id, true));
    b.addEventListener('keydown', (e) => {
      const n = items.length;
      const to =
        e.key === 'ArrowRight'
          ? (i + 1) % n
          : e.key === 'ArrowLeft'
            ? (i - 1 + n) % n
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? n - 1
                : -1;
      if (to < 0) return;
      e.preventDefault();
      show(items[to].id, true, true);
    });
  });
  (root as HTMLElement & { selectTab?: (id: string) => void }).selectTab = (id) => show(id, true);
  const first = items.some((x) => x.id === active) ? active : items[0]?.id;
  if (first) show(first, false);
  return root;
}

/** Switch a `tabs` element to the tab `id`. */
export function selectTab(panels: HTMLElement, id: string): void {
  (panels as HTMLElement & { selectTab?: (id: string) => void }).selectTab?.(id);
}
