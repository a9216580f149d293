import { svg } from './svg';
import { Tabs } from './tabs';

/** The panel's fixed parts, built once into the empty body the host serves. */
export interface Page {
  folder: HTMLSelectElement;
  search: HTMLInputElement;
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  fit: HTMLButtonElement;
  fold: HTMLButtonElement;
  summary: HTMLElement;
  problems: HTMLUListElement;
  graph: SVGSVGElement;
  layer: SVGGElement;
  body: HTMLElement;
  tabs: Tabs;
  /** The SQL preview tab's panel, which PreviewView fills. */
  preview: HTMLElement;
}

export function buildPage(body: HTMLElement): Page {
  const el = <K extends 'div' | 'select' | 'input' | 'button' | 'span' | 'ul'>(tag: K, props: Partial<HTMLElementTagNameMap[K]>, parent: HTMLElement): HTMLElementTagNameMap[K] =>
    parent.appendChild(Object.assign(document.createElement(tag), props));
  const tabs = new Tabs(body, { graph: 'Revision graph', preview: 'SQL preview' });
  const panel = tabs.panels.get('graph')!;
  const toolbar = el('div', { className: 'toolbar' }, panel);
  const folder = el('select', { title: 'Migration folder', hidden: true }, toolbar);
  const search = el('input', { type: 'search', placeholder: 'Find a revision by id or name', title: 'Enter: next match' }, toolbar);
  const zoomOut = el('button', { textContent: '−', title: 'Zoom out' }, toolbar);
  const zoomIn = el('button', { textContent: '+', title: 'Zoom in' }, toolbar);
  const fit = el('button', { textContent: 'Fit', title: 'Show the whole graph' }, toolbar);
  const fold = el('button', { className: 'fold', title: 'Fold or unfold every linear run of migrations' }, toolbar);
  const summary = el('span', { className: 'summary' }, toolbar);
  const problems = el('ul', { className: 'problems' }, panel);
  const graph = svg('svg', { class: 'graph', tabindex: 0, role: 'application', 'aria-label': 'Revision graph' });
  panel.appendChild(graph);
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('defs', {}, graph));
  svg('path', { d: 'M0,0 L10,5 L0,10 z' }, marker);
  const layer = svg('g', {}, graph);
  return { folder, search, zoomIn, zoomOut, fit, fold, summary, problems, graph, layer, body, tabs, preview: tabs.panels.get('preview')! };
}
