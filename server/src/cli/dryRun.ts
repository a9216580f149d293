// `migration-guard dry-run`: runs pending migrations on a database inside a transaction that
// is always rolled back, or, with no database configured, on an embedded throwaway server
// that first replays the migrations before them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigResolver } from '../core/config/resolver';
import { readAppliedState } from '../core/db/appliedState';
import { DatabaseError, type Connection } from '../core/db/connection';
import { embeddedPlan, serverPlan, type DryRunPlan } from '../core/db/plan';
import { prepareOnDatabase, prepareOnEmbedded } from '../core/db/prepare';
import { DEFAULT_PG_VERSION } from '../core/engine';
import { DiskFileView } from '../core/sources/files';
import { loadParsers } from '../core/parsers';
import { MigrationWorkspace } from '../core/workspace';
import { dryRunRows, formatDryRunJson, formatDryRunText, type FolderDryRun } from './dryRunFormat';
import type { CliIo } from './run';

export const DRY_RUN_USAGE = `dry-run options:
  --database-url URL       the database to dry-run on (default: DATABASE_URL, or PGHOST and
                           the other PG* variables); it runs what the database has not applied.
                           With none of them, an embedded PostgreSQL replays every migration
                           before the target and dry-runs the target
  --embedded               use the embedded PostgreSQL even when DATABASE_URL or PGHOST is set
  --target <version>       the last migration to run (default: all pending; embedded: the last)
  --lock-timeout <ms>      how long a statement may wait for a lock (default 2000)
  --statement-timeout <ms> how long a statement may run (default 60000)
  --format text|json       output format (default: text)
`;

const FORMATS = { text: formatDryRunText, json: formatDryRunJson };

export async function dryRunCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'database-url': { type: 'string' },
      embedded: { type: 'boolean', default: false },
      target: { type: 'string' },
      'lock-timeout': { type: 'string' },
      'statement-timeout': { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
  });
  const usage = (message: string) => (io.err.write(`migration-guard: ${message}\n\n${DRY_RUN_USAGE}`), 2);
  const format = FORMATS[values.format as keyof typeof FORMATS];
  if (!format) return usage(`unknown format "${values.format}"`);
  const lockTimeoutMs = milliseconds(values['lock-timeout']);
  const statementTimeoutMs = milliseconds(values['statement-timeout']);
  if (Number.isNaN(lockTimeoutMs) || Number.isNaN(statementTimeoutMs)) return usage('timeouts take a number of milliseconds such as 2000');
  const targets = (positionals.length ? positionals : ['.']).map((p) => path.resolve(io.cwd, p));
  const missing = targets.find((t) => !fs.existsSync(t));
  if (missing) return usage(`no such file or directory: ${path.relative(io.cwd, missing) || missing}`);

  await loadParsers();
  const files = new DiskFileView();
  const workspace = new MigrationWorkspace(targets, files, { pgVersion: DEFAULT_PG_VERSION, configs: new ConfigResolver(files, {}) });
  const folders = workspace.discover().map((ref) => workspace.analyze(ref));
  if (folders.length === 0) return usage(`no migration folders found under ${positionals.join(', ') || '.'}`);

  const url = values['database-url'];
  if (url !== undefined && values.embedded) return usage('--database-url and --embedded exclude each other');
  const onServer = !values.embedded && (url !== undefined || Boolean(process.env.DATABASE_URL || process.env.PGHOST));
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  const options = { pgVersion: DEFAULT_PG_VERSION, lockTimeoutMs, statementTimeoutMs, signal: controller.signal };
  const runs: FolderDryRun[] = [];
  try {
    for (const folder of folders) {
      const name = path.relative(io.cwd, folder.folder.path) || '.';
      const plan = async (connection: Connection): Promise<DryRunPlan | undefined> =>
        onServer ? serverPlan(folder.units, await readAppliedState(connection.client), values.target) : embeddedPlan(folder.units, values.target);
      // The client's own query timeout stays above the server's statement timeout, as a backstop only.
      const queryTimeoutMs = (statementTimeoutMs ?? 60_000) + 30_000;
      const run = onServer ? await prepareOnDatabase({ url, queryTimeoutMs }, plan) : await prepareOnEmbedded(plan);
      if (!run) return usage(`${name} has no migration ${values.target}`);
      runs.push({ folder: name, ...run, result: run.plan.run.length ? await run.execute(options) : undefined });
      await run.close();
    }
  } catch (e) {
    if (!(e instanceof DatabaseError)) throw e;
    io.err.write(`migration-guard: ${e.message}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', abort);
  }
  io.out.write(format(dryRunRows(runs, files, io.cwd)));
  const failed = runs.some((r) => r.replayFailure || r.result?.stopped || r.result?.migrations.some((m) => m.statements.some((s) => s.outcome.status === 'error')));
  return failed ? 1 : 0;
}

function milliseconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : NaN;
}
