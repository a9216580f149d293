export type TabName = 'graph' | 'preview';

/** The panel's two views as ARIA tabs: click, or the arrow keys on the tab bar, to switch. */
export class Tabs {
  private readonly buttons = new Map<TabName, HTMLButtonElement>();
  readonly panels = new Map<TabName, HTMLElement>();
  private onShow: (name: TabName) => void = () => undefined;

  constructor(parent: HTMLElement, labels: Record<TabName, string>) {
    const bar = parent.appendChild(Object.assign(document.createElement('div'), { className: 'tabs', role: 'tablist' }));
    for (const [name, label] of Object.entries(labels) as [TabName, string][]) {
      const tab = bar.appendChild(Object.assign(document.createElement('button'), { className: `tab tab-${name}`, textContent: label, role: 'tab', id: `tab-${name}` }));
      tab.setAttribute('aria-controls', `panel-${name}`);
      const panel = parent.appendChild(Object.assign(document.createElement('section'), { className: `tabpanel ${name}-panel`, role: 'tabpanel', id: `panel-${name}` }));
      panel.setAttribute('aria-labelledby', tab.id);
      tab.addEventListener('click', () => this.show(name));
      this.buttons.set(name, tab);
      this.panels.set(name, panel);
    }
    bar.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const names = [...this.buttons.keys()];
      const next = names[(names.indexOf(this.current) + (e.key === 'ArrowRight' ? 1 : names.length - 1)) % names.length];
      this.show(next);
      this.buttons.get(next)?.focus();
    });
    this.show('graph');
  }

  get current(): TabName {
    return [...this.buttons].find(([, b]) => b.getAttribute('aria-selected') === 'true')?.[0] ?? 'graph';
  }

  /** Called after each switch (the graph needs its size back to fit itself). */
  set onChange(listener: (name: TabName) => void) {
    this.onShow = listener;
  }

  show(name: TabName): void {
    for (const [n, b] of this.buttons) {
      b.setAttribute('aria-selected', String(n === name));
      b.tabIndex = n === name ? 0 : -1;
      this.panels.get(n)!.hidden = n !== name;
    }
    this.onShow(name);
  }
}
