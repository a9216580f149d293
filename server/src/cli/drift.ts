// `migration-guard drift`: what a database's schema has that its applied migrations do not
// make, and the reverse (a manual ALTER TABLE, a hotfix never written down, a lost migration).
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigResolver } from '../core/config/resolver';
import { connect, DatabaseError } from '../core/db/connection';
import { describeDifference, drift, type DriftResult } from '../core/db/drift';
import { DEFAULT_PG_VERSION } from '../core/engine';
import { loadParsers } from '../core/parsers';
import { DiskFileView } from '../core/sources/files';
import { MigrationWorkspace } from '../core/workspace';
import { relativePath } from './locate';
import type { CliIo } from './run';

export const DRIFT_USAGE = `drift options:
  --database-url URL       the database to compare (default: DATABASE_URL, or PGHOST and the
                           other PG* variables; the password from the URL or PGPASSWORD)
  --format text|json       output format (default: text)
  The migrations the database records as applied are replayed on an embedded PostgreSQL and
  both schemas compared: tables, columns with types, nullability and defaults, indexes and
  constraints. Exit 1 when they differ.
`;

export async function driftCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'database-url': { type: 'string' }, format: { type: 'string', default: 'text' } },
  });
  const usage = (message: string) => (io.err.write(`migration-guard: ${message}\n\n${DRIFT_USAGE}`), 2);
  if (values.format !== 'text' && values.format !== 'json') return usage(`unknown format "${values.format}"`);
  const url = values['database-url'];
  if (url === undefined && !process.env.DATABASE_URL && !process.env.PGHOST) return usage('drift needs a database: --database-url, DATABASE_URL or PGHOST');
  const targets = (positionals.length ? positionals : ['.']).map((p) => path.resolve(io.cwd, p));

  await loadParsers();
  const files = new DiskFileView();
  const workspace = new MigrationWorkspace(targets, files, { pgVersion: DEFAULT_PG_VERSION, configs: new ConfigResolver(files, {}) });
  const folders = workspace.discover().map((ref) => workspace.analyze(ref));
  if (folders.length === 0) return usage(`no migration folders found under ${positionals.join(', ') || '.'}`);

  const results: { folder: string; database: string; result: DriftResult }[] = [];
  try {
    const connection = await connect({ url });
    try {
      for (const f of folders) {
        results.push({ folder: path.relative(io.cwd, f.folder.path) || '.', database: connection.display, result: await drift(connection, f.units) });
      }
    } finally {
      await connection.client.end().catch(() => undefined);
    }
  } catch (e) {
    if (!(e instanceof DatabaseError)) throw e;
    io.err.write(`migration-guard: ${e.message}\n`);
    return 2;
  }
  io.out.write(values.format === 'json' ? `${JSON.stringify(results.map(({ folder, database, result }) => ({ folder, database, ...result })), null, 2)}\n` : text(results, io.cwd));
  return results.some((r) => r.result.differences.length || r.result.replayFailure) ? 1 : 0;
}

function text(results: { folder: string; database: string; result: DriftResult }[], cwd: string): string {
  return results
    .map(({ folder, database, result }) => {
      const head = `${folder}: ${database} against ${result.replayed} applied migration(s)`;
      if (result.replayFailure) return `${head}\n  replaying ${relativePath(cwd, result.replayFailure.path)} failed: ${result.replayFailure.message}\n`;
      if (result.differences.length === 0) return `${head}: no drift\n`;
      return `${head}: ${result.differences.length} difference(s)\n${result.differences.map((d) => `  ${describeDifference(d)}\n`).join('')}`;
    })
    .join('\n');
}
