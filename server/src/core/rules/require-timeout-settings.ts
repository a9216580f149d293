import type { Fix, Migration } from '../model';
import { mustRunOutsideTransaction } from '../sql/ast';
import { locksOf, type LockMode } from '../sql/locks';
import type { ParsedScript } from '../sql/script';
import { settingInEffect } from '../sql/transactions';
import { insertAt, lineBreakOf } from './fixes/text';
import type { Report, Rule, StatementUnit } from './types';

/** Modes that block writes: while one waits in the queue, every later write to the table waits behind it. */
const BLOCKING: ReadonlySet<LockMode> = new Set(['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']);

const DEFAULT_LOCK_TIMEOUT = '5s';

export const requireTimeoutSettings: Rule = {
  meta: {
    id: 'require-timeout-settings',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'A migration that takes a write-blocking lock on an existing table without setting lock_timeout first can stall the application.',
    fixable: true,
    equivalents: { squawk: 'require-timeout-settings', eugene: 'E9' },
  },
  create: ({ pgVersion, options }) => {
    // statement_timeout is opt-in: it would also cancel long builds that are meant to run long (CREATE INDEX CONCURRENTLY).
    const required: Setting[] = [{ name: 'lock_timeout', value: optionValue(options.lockTimeout) ?? DEFAULT_LOCK_TIMEOUT }];
    const statementTimeout = optionValue(options.statementTimeout);
    if (statementTimeout) required.push({ name: 'statement_timeout', value: statementTimeout });
    // One finding per script, on its first such statement: one SET at the top answers them all.
    const reported = new WeakSet<ParsedScript>();
    return {
      statement(s, report) {
        // Every statement passes here: leave before judge's closures (V8 makes their context on entry).
        if (s.direction !== 'up' || reported.has(s.unit.up)) return;
        judge(s, report);
      },
    };

    function judge(s: StatementUnit, report: (r: Report) => void): void {
      const { statement, unit } = s;
      const lock = locksOf(statement, pgVersion).find((l) => BLOCKING.has(l.mode) && !s.createdEarlier(l.relation));
      const missing = required.filter((r) => !settingInEffect(unit.up, r.name)[statement.index]);
      if (!lock || missing.length === 0) return;
      reported.add(unit.up);
      const fix = timeoutFix(unit.up, unit.migration, missing);
      const article = lock.mode === 'ACCESS EXCLUSIVE' || lock.mode === 'EXCLUSIVE' ? 'an' : 'a';
      report({
        span: statement.span,
        message: `This statement waits for ${article} ${lock.mode} lock on ${lock.relation} with no ${missing.map((m) => m.name).join(' or ')} set, and while it waits behind a long-running transaction every later query that conflicts with it queues too; start the migration with ${missing.map(setCommand).join(' and ')} and retry when it times out.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

interface Setting {
  name: string;
  value: string;
}

function optionValue(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

const setCommand = ({ name, value }: Setting) => `SET ${name} = '${value.replace(/'/g, "''")}'`;

/**
 * The missing SETs as the script's first statements. None when a statement of the script
 * must run outside a transaction and more statements would put it inside one.
 */
function timeoutFix(script: ParsedScript, migration: Migration, missing: Setting[]): Fix | undefined {
  if (migration.transaction !== 'none' && script.statements.some(mustRunOutsideTransaction)) return undefined;
  const { text, path, span } = script.script;
  const at = text.startsWith('\uFEFF', span.start) ? span.start + 1 : span.start;
  const eol = lineBreakOf(text);
  return {
    title: `Set ${missing.map((m) => `${m.name} to ${m.value}`).join(' and ')} at the start of the migration`,
    edits: [insertAt(path, at, missing.map((m) => `${setCommand(m)};${eol}`).join(''))],
  };
}
