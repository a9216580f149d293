import type { DryRunPayload, DryRunStatement, PageMessage, PreviewMigration, PreviewPayload, PreviewStatement } from './protocol';
import { describeOutcome, pathOfUri, previewAsSql, statementKey, uriOfPath } from './sqlText';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]>, parent?: HTMLElement): HTMLElementTagNameMap[K] => {
  const e = Object.assign(document.createElement(tag), props);
  parent?.appendChild(e);
  return e;
};

/** What the list's keys move between and Enter opens: headers, their findings and statements. */
const ITEMS = '.migration-head, .migration-finding, .statement';

/** Upgrades run alone or as a range; a downgrade one migration at a time. */
const canDryRun = ({ migrations, direction }: PreviewPayload) => migrations.length > 0 && (direction === 'up' || migrations.length === 1);

/**
 * The SQL preview tab: what upgrading or downgrading will send, statement by statement,
 * with the predicted lock, the findings, and what the last dry run saw.
 */
export class PreviewView {
  private payload: PreviewPayload = { direction: 'up', migrations: [] };
  private dryRun: DryRunPayload | undefined;
  /** The statements the dry run ran, so a preview of changed SQL drops results that no longer apply. */
  private dryRunFor = '';
  private readonly toolbar: HTMLElement;
  private readonly up: HTMLButtonElement;
  private readonly down: HTMLButtonElement;
  private readonly run: HTMLButtonElement;
  private readonly copy: HTMLButtonElement;
  private readonly summary: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly list: HTMLElement;

  constructor(
    parent: HTMLElement,
    private readonly post: (m: PageMessage) => void,
  ) {
    this.toolbar = el('div', { className: 'toolbar' }, parent);
    const direction = el('div', { className: 'segmented', role: 'radiogroup', ariaLabel: 'Direction' } as Partial<HTMLDivElement>, this.toolbar);
    this.up = el('button', { textContent: 'Upgrade', className: 'direction up', title: 'The SQL an upgrade runs' }, direction);
    this.down = el('button', { textContent: 'Downgrade', className: 'direction down', title: 'The SQL a downgrade runs, newest first' }, direction);
    this.run = el('button', { textContent: '▶ Dry run', className: 'dry-run primary', title: 'Run it in a transaction that is always rolled back' }, this.toolbar);
    this.copy = el('button', { textContent: 'Copy as SQL', className: 'copy' }, this.toolbar);
    this.summary = el('span', { className: 'preview-summary' }, this.toolbar);
    this.notice = el('div', { className: 'notice', hidden: true }, parent);
    this.list = el('div', { className: 'statements', tabIndex: -1, role: 'list', ariaLabel: 'Statements in run order' } as Partial<HTMLDivElement>, parent);
    this.up.addEventListener('click', () => this.ask('up'));
    this.down.addEventListener('click', () => this.ask('down'));
    this.copy.addEventListener('click', () => this.post({ type: 'copy', text: previewAsSql(this.payload) }));
    this.run.addEventListener('click', () => this.startDryRun());
    this.list.addEventListener('click', (e) => this.openAt(e.target));
    this.list.addEventListener('keydown', (e) => this.onKey(e));
    this.render();
  }

  show(payload: PreviewPayload): void {
    this.payload = payload;
    if (this.dryRun && this.dryRunFor !== this.identity()) this.dryRun = undefined;
    this.render();
  }

  showDryRun(payload: DryRunPayload): void {
    this.dryRun = payload;
    this.dryRunFor = this.identity();
    this.run.disabled = false;
    this.run.textContent = '▶ Dry run';
    this.render();
  }

  /** Which SQL is on screen: dry-run results stay only while it does not change. */
  private identity(): string {
    return JSON.stringify(this.payload.migrations.map((m) => m.statements.map((s) => [statementKey(s), s.sql])));
  }

  private ask(direction: 'up' | 'down'): void {
    const first = this.payload.migrations[0];
    const last = this.payload.migrations[this.payload.migrations.length - 1];
    // Same migrations, the other way: a range keeps its two ends.
    const range = first && last && first !== last ? { path: first.path, to: last.id } : first ? { path: first.path } : {};
    this.post({ type: 'preview', direction, ...range });
  }

  /** One migration runs on its own, up or down; a range runs every pending migration up to its newest. */
  private startDryRun(): void {
    const { migrations, direction } = this.payload;
    if (!canDryRun(this.payload)) return;
    const newest = migrations[migrations.length - 1];
    this.run.disabled = true;
    this.run.textContent = 'Running…';
    this.post({ type: 'dryRun', uri: uriOfPath(newest.path), scope: migrations.length > 1 ? 'pending' : 'this', direction });
  }

  private render(): void {
    const { migrations, direction } = this.payload;
    this.up.classList.toggle('selected', direction === 'up');
    this.down.classList.toggle('selected', direction === 'down');
    this.up.setAttribute('aria-checked', String(direction === 'up'));
    this.down.setAttribute('aria-checked', String(direction === 'down'));
    const statements = migrations.flatMap((m) => m.statements);
    this.copy.disabled = statements.length === 0;
    if (!this.run.textContent?.startsWith('Running')) this.run.disabled = statements.length === 0 || !canDryRun(this.payload);
    this.run.title =
      direction === 'up'
        ? 'Run it in a transaction that is always rolled back'
        : migrations.length === 1
          ? 'Run its down in a transaction that is always rolled back (after replaying up to it on the embedded database)'
          : 'A downgrade is dry-run one migration at a time: preview one alone';
    const findings = statements.reduce((n, s) => n + s.findings.length, 0) + migrations.reduce((n, m) => n + m.findings.length, 0);
    const outside = statements.filter((s) => s.nonTransactional).length;
    this.summary.textContent = migrations.length
      ? `${migrations.length} migration${migrations.length === 1 ? '' : 's'}, ${statements.length} statement${statements.length === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}${outside ? `, ${outside} outside a transaction` : ''}`
      : '';
    this.renderNotice();
    const outcomes = new Map((this.dryRun?.statements ?? []).map((d: DryRunStatement) => [statementKey(d), d.outcome]));
    if (!migrations.length) {
      this.list.replaceChildren(el('p', { className: 'empty', textContent: 'Open a migration in the editor, or pick revisions in the graph (click one, then Shift+click another), to see the SQL it runs.' }));
      return;
    }
    this.list.replaceChildren(
      ...migrations.map((m) => {
        const section = el('section', { className: 'migration' });
        const head = el('h3', { className: 'migration-head', tabIndex: 0, role: 'listitem' } as Partial<HTMLHeadingElement>, section);
        head.dataset.path = m.path;
        el('span', { className: 'migration-id', textContent: m.id }, head);
        el('span', { className: 'migration-name', textContent: ` ${m.name}` }, head);
        if (m.findings.length) section.appendChild(this.wholeMigrationFindings(m, migrations.indexOf(m)));
        if (m.unanalysed) el('p', { className: 'unanalysed', textContent: m.unanalysed }, section);
        else if (!m.statements.length) el('p', { className: 'unanalysed', textContent: 'No statements.' }, section);
        for (const s of m.statements) section.appendChild(this.statement(s, statements.indexOf(s), outcomes.get(statementKey(s))));
        return section;
      }),
    );
  }

  private renderNotice(): void {
    const d = this.dryRun;
    const lines = d ? [`Dry run on ${d.environment}: everything was rolled back.`, ...(d.error ? [d.error] : [])] : [];
    this.notice.hidden = !d;
    this.notice.classList.toggle('failed', Boolean(d?.error));
    this.notice.replaceChildren(...lines.map((line) => el('div', { textContent: line })));
  }

  private statement(s: PreviewStatement, index: number, outcome: DryRunStatement['outcome'] | undefined): HTMLElement {
    const item = el('div', { className: 'statement', tabIndex: 0, role: 'listitem' } as Partial<HTMLDivElement>);
    item.dataset.index = String(index);
    const marks = el('div', { className: 'marks' }, item);
    if (s.strongestLock) el('span', { className: `lock${/ACCESS EXCLUSIVE/.test(s.strongestLock) ? ' strong' : ''}`, textContent: `lock: ${s.strongestLock}`, title: 'The strongest lock it takes, as predicted without a database' }, marks);
    if (s.nonTransactional) el('span', { className: 'non-transactional', textContent: 'outside a transaction', title: 'Runs on its own, outside the migration’s transaction: a failure is not rolled back' }, marks);
    el('span', { className: 'where', textContent: `line ${s.range.start.line + 1}` }, marks);
    el('pre', { className: 'sql', textContent: s.sql.trim() }, item);
    if (s.findings.length) {
      const list = el('ul', { className: 'findings' }, item);
      for (const f of s.findings) el('li', { className: `finding ${f.severity}`, textContent: `${f.ruleId}: ${f.message}` }, list);
    }
    if (outcome) el('div', { className: `outcome ${outcome.status}`, textContent: describeOutcome(outcome) }, item);
    return item;
  }

  /** Under the header: what is wrong with the migration as a whole, each opening where the editor shows it. */
  private wholeMigrationFindings(m: PreviewMigration, index: number): HTMLElement {
    const list = el('ul', { className: 'findings migration-findings' });
    m.findings.forEach((f, i) => {
      const item = el('li', { className: `migration-finding finding ${f.severity}`, textContent: `${f.ruleId}: ${f.message}`, tabIndex: 0, role: 'listitem' } as Partial<HTMLLIElement>, list);
      item.dataset.finding = `${index}:${i}`;
    });
    return list;
  }

  private openAt(target: EventTarget | null): void {
    const item = target instanceof Element ? target.closest<HTMLElement>(ITEMS) : null;
    if (!item) return;
    item.focus();
    if (item.dataset.path) return this.post({ type: 'open', path: item.dataset.path });
    if (item.dataset.finding) {
      const [m, f] = item.dataset.finding.split(':').map(Number);
      const finding = this.payload.migrations[m]?.findings[f];
      if (finding) this.post({ type: 'open', path: pathOfUri(finding.uri), range: finding.range });
      return;
    }
    const s = this.payload.migrations.flatMap((m) => m.statements)[Number(item.dataset.index)];
    if (s) this.post({ type: 'open', path: pathOfUri(s.uri), range: s.range });
  }

  /** Up and down move between statements, Home and End to the ends, Enter opens. */
  private onKey(e: KeyboardEvent): void {
    const items = Array.from(this.list.querySelectorAll<HTMLElement>(ITEMS));
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (next !== undefined) {
      e.preventDefault();
      items[Math.max(0, Math.min(items.length - 1, next))]?.focus();
    } else if (e.key === 'Enter' && at >= 0) {
      e.preventDefault();
      this.openAt(items[at]);
    }
  }
}
