import type { DryRunOutcome, PreviewPayload, PreviewStatement } from './protocol';

/** The preview as one script to paste into psql: each migration headed by a comment, statements in run order. */
export function previewAsSql(payload: PreviewPayload): string {
  const verb = payload.direction === 'up' ? 'upgrade' : 'downgrade';
  return payload.migrations
    .map((m) => {
      const head = `-- ${m.id} ${m.name} (${verb})`;
      if (m.unanalysed) return `${head}\n-- not listed: ${m.unanalysed}`;
      return [head, ...m.statements.map((s) => `${s.nonTransactional ? '-- runs outside a transaction\n' : ''}${s.sql.trim()};`)].join('\n');
    })
    .join('\n\n')
    .concat('\n');
}

/** What ties a dry-run result back to the statement it ran. */
export const statementKey = (s: Pick<PreviewStatement, 'uri' | 'range'>) => `${s.uri}#${s.range.start.line}:${s.range.start.character}`;

/** One line saying what a dry run saw for a statement. */
export function describeOutcome(o: DryRunOutcome): string {
  if (o.status === 'error') return `failed after ${ms(o.durationMs)}: ${o.message}`;
  if (o.status !== 'ok') return `${o.status === 'skipped' ? 'skipped' : 'not run'}: ${o.reason}`;
  const parts = [ms(o.durationMs)];
  if (o.rows !== null) parts.push(`${o.rows} row${o.rows === 1 ? '' : 's'}`);
  if (o.locks.length) parts.push(`locks: ${o.locks.map((l) => `${l.mode} on ${l.relation}`).join(', ')}`);
  if (o.rewritten.length) parts.push(`rewrote ${o.rewritten.join(', ')}`);
  return parts.join(' · ');
}

const ms = (n: number) => (n < 10 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`);

/** A file URI's path, as the host opens files by path. */
export function pathOfUri(uri: string): string {
  return decodeURIComponent(new URL(uri).pathname);
}

/** The file URI of a path, as the language server names files. */
export function uriOfPath(path: string): string {
  return `file://${path.split('/').map(encodeURIComponent).join('/')}`;
}
