// How the dry-run command prints results: per statement, its place, what happened, how long,
// how many rows, the locks it took and the tables it rewrote.
import type { DryRunResult, Outcome } from '../core/db/dryRun';
import type { ReplayFailure } from '../core/db/replay';
import type { Span } from '../core/model';
import type { FileView } from '../core/sources/files';
import { LineIndex } from '../core/text/lineIndex';
import { relativePath } from './locate';

export interface FolderDryRun {
  folder: string;
  /** Where it ran: a redacted URL, or the embedded server. */
  database: string;
  replayed: number;
  replayFailure?: ReplayFailure;
  result?: DryRunResult;
}

interface Row {
  file: string;
  line: number;
  column: number;
  migration?: string;
  status: Outcome['status'] | 'replay-failed';
  durationMs?: number;
  rows?: number | null;
  /** Locks taken by this statement (held from then until the end of the migration's transaction). */
  locks?: string[];
  rewritten?: string[];
  message?: string;
}

export function dryRunRows(runs: FolderDryRun[], files: FileView, cwd: string): (FolderDryRun & { rows: Row[] })[] {
  const place = placer(files, cwd);
  return runs.map((run) => {
    const rows: Row[] = [];
    if (run.replayFailure) rows.push({ ...place(run.replayFailure.path, run.replayFailure.span), status: 'replay-failed', message: run.replayFailure.message });
    for (const m of run.result?.migrations ?? []) {
      for (const { path, statement, outcome } of m.statements) {
        const at = place(path, outcome.status === 'error' ? outcome.span : statement.span);
        rows.push({ ...at, migration: m.migration.id, ...describe(outcome) });
      }
    }
    return { ...run, rows };
  });
}

function describe(o: Outcome): Omit<Row, 'file' | 'line' | 'column'> {
  switch (o.status) {
    case 'ok':
      return { status: o.status, durationMs: round(o.durationMs), rows: o.rows, locks: o.acquired.map((l) => `${l.mode} on ${l.relation}`), rewritten: o.rewritten };
    case 'error':
      return { status: o.status, durationMs: round(o.durationMs), message: o.message };
    case 'skipped':
      return { status: o.status, message: o.reason, locks: o.staticLocks.map((l) => `${l.mode} on ${l.relation}`) };
    case 'not-run':
      return { status: o.status, message: o.reason };
  }
}

export function formatDryRunText(runs: ReturnType<typeof dryRunRows>): string {
  const out: string[] = [];
  for (const run of runs) {
    out.push(`${run.folder}: dry run on ${run.database}${run.replayed ? ` after replaying ${run.replayed} migration(s)` : ''}, rolled back`);
    if (run.rows.length === 0) out.push('  nothing to run');
    for (const r of run.rows) {
      const parts = [`${r.file}:${r.line}:${r.column}`, r.status];
      if (r.durationMs !== undefined) parts.push(`${r.durationMs} ms`);
      if (r.rows !== undefined && r.rows !== null) parts.push(`${r.rows} row(s)`);
      if (r.locks?.length) parts.push(`locks ${r.locks.join(', ')}`);
      if (r.rewritten?.length) parts.push(`rewrote ${r.rewritten.join(', ')}`);
      if (r.message) parts.push(r.message.split('\n')[0]);
      out.push(`  ${parts.join('  ')}`);
    }
    if (run.result?.stopped) out.push(`  stopped: ${run.result.stopped.message}`);
  }
  return `${out.join('\n')}\n`;
}

export function formatDryRunJson(runs: ReturnType<typeof dryRunRows>): string {
  const json = runs.map((r) => ({ folder: r.folder, database: r.database, replayed: r.replayed, stopped: r.result?.stopped, statements: r.rows }));
  return `${JSON.stringify(json, null, 2)}\n`;
}

function placer(files: FileView, cwd: string): (path: string, span: Span) => Pick<Row, 'file' | 'line' | 'column'> {
  const indexes = new Map<string, LineIndex>();
  return (path, span) => {
    let index = indexes.get(path);
    if (!index) indexes.set(path, (index = new LineIndex(files.read(path) ?? '')));
    const { line, character } = index.positionAt(span.start);
    return { file: relativePath(cwd, path), line: line + 1, column: character + 1 };
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
