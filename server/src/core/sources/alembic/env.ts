// How the project's env.py configures Alembic's transactions, read statically from its
// `context.configure(...)` calls: env.py is workspace code and is never run.
import * as path from 'node:path';
import type { FileView } from '../files';
import { iniListing } from './ini';
import { withPythonTree, type PyNode } from '../python/parser';
import { dottedName, evaluate, Scope, type PyValue } from '../python/values';

export interface TransactionSettings {
  /** `transaction_per_migration=True`: each revision commits on its own. */
  perMigration: boolean;
  /**
   * `transactional_ddl=False`: no transaction around the run; online, Alembic still begins
   * and commits one per revision (MigrationContext.begin_transaction), so each revision
   * commits on its own as well.
   */
  transactionalDdl: boolean;
}

/** Alembic's defaults on PostgreSQL: one transaction around every revision of the run. */
export const DEFAULT_TRANSACTIONS: TransactionSettings = { perMigration: false, transactionalDdl: true };

/**
 * The script directory a version location belongs to: the `script_location` of an
 * alembic.ini above it that lists the location, else the folder above `versions/`.
 */
export function scriptDirectoryOf(versions: string, files: FileView): string {
  return iniListing(versions, files)?.scriptLocation ?? path.dirname(versions);
}

/** The env.py of a script directory (whether or not it exists). */
export const envPyOf = (scriptDir: string) => path.join(scriptDir, 'env.py');

/**
 * The settings env.py passes to `context.configure(...)`. A keyword whose value is not a
 * literal (or a module-level name bound to one) is taken at Alembic's default; when several
 * calls (offline and online mode) disagree, a call that passes `connection=` (online mode,
 * what deployments run) wins.
 */
export function readTransactionSettings(scriptDir: string, files: FileView): TransactionSettings {
  const text = files.read(envPyOf(scriptDir));
  if (text === undefined) return DEFAULT_TRANSACTIONS;
  return withPythonTree(text, (root) => {
    const scope = Scope.of(root.namedChildren);
    const calls = configureCalls(root).map((n) => evaluate(n, scope)).filter((v): v is Extract<PyValue, { kind: 'call' }> => v.kind === 'call');
    const online = calls.filter((c) => c.kwargs.has('connection'));
    const chosen = online.length ? online : calls;
    const flag = (name: string, fallback: boolean) => {
      const values = chosen.map((c) => c.kwargs.get(name)).filter((v): v is Extract<PyValue, { kind: 'bool' }> => v?.kind === 'bool');
      return values.length ? values[values.length - 1].value : fallback;
    };
    return {
      perMigration: flag('transaction_per_migration', DEFAULT_TRANSACTIONS.perMigration),
      transactionalDdl: flag('transactional_ddl', DEFAULT_TRANSACTIONS.transactionalDdl),
    };
  });
}

/** Whether the run's one transaction carries over from revision to revision. */
export const spansRun = (s: TransactionSettings) => s.transactionalDdl && !s.perMigration;

/** Every `context.configure(...)` (or a bare `configure(...)` imported from it) in the module. */
function configureCalls(node: PyNode): PyNode[] {
  const found: PyNode[] = [];
  const todo = [node];
  while (todo.length) {
    const n = todo.pop()!;
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const callee = fn ? dottedName(fn) : undefined;
      if (callee === 'configure' || callee?.endsWith('context.configure')) found.push(n);
    }
    todo.push(...n.namedChildren);
  }
  return found;
}
