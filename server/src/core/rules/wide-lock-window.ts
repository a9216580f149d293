import { relationKey } from '../sql/ast';
import { conflicts, locksOf, type LockInfo } from '../sql/locks';
import type { ParsedScript, Statement } from '../sql/script';
import { settingInEffect, transactionBlocks } from '../sql/transactions';
import { remembered } from '../remember';
import { LineIndex } from '../text/lineIndex';
import type { MigrationUnit, Report, Rule, StatementUnit } from './types';

/** An ACCESS EXCLUSIVE lock taken earlier in the transaction and still held. */
interface Held {
  relation: string;
  key: string;
  by: Statement;
}

type Finding = 'waits' | 'slow';

const keyOf = (relation: string) => relation.split('.').pop()!.toLowerCase();
const WRITES = new Set(['UpdateStmt', 'DeleteStmt', 'MergeStmt']);

export const wideLockWindow: Rule = {
  meta: {
    id: 'wide-lock-window',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'Slow work, or a wait for another lock, while an ACCESS EXCLUSIVE lock taken earlier in the same transaction is still held.',
    fixable: false,
    equivalents: { eugene: 'E4, E10' },
  },
  create: ({ pgVersion }) => {
    const memo = new WeakMap<ParsedScript, HeldBefore>();
    const analysis = (unit: MigrationUnit) => {
      let a = memo.get(unit.up);
      if (!a) memo.set(unit.up, (a = accumulate(unit, pgVersion)));
      return a;
    };
    // One finding of each kind per transaction: splitting it answers them all. By script, the kinds reported per block.
    const reported = new WeakMap<ParsedScript, Map<number, Set<Finding>>>();
    const reportedIn = (script: ParsedScript, block: number) => {
      let blocks = reported.get(script);
      if (!blocks) reported.set(script, (blocks = new Map()));
      let kinds = blocks.get(block);
      if (!kinds) blocks.set(block, (kinds = new Set()));
      return kinds;
    };
    const firstIn = (script: ParsedScript, block: number, kind: Finding) => {
      const kinds = reportedIn(script, block);
      return !kinds.has(kind) && Boolean(kinds.add(kind));
    };
    const bothReported = (script: ParsedScript, block: number) => reported.get(script)?.get(block)?.size === 2;
    return {
      // Every statement passes here; most leave at the first checks, before judge's closures
      // (V8 makes a function's closure context on entry, early return or not).
      statement(s, report) {
        const { statement, direction, unit } = s;
        if (direction !== 'up') return;
        const { blocks, lists, counts } = analysis(unit);
        const count = counts[statement.index];
        if (count === 0 || bothReported(unit.up, blocks[statement.index])) return;
        judge(s, lists[statement.index], count, blocks[statement.index], report);
      },
    };

    function judge(s: StatementUnit, heldList: Held[], count: number, block: number, report: (r: Report) => void): void {
      const { statement, unit, createdEarlier } = s;
      const locks = tableLocks(statement, pgVersion).filter((l) => !createdEarlier(l.relation));
      // Neither a wait nor slow work: decided from the statement alone, before the
      // held list (hundreds long in a large transaction) is looked at.
      if (!locks.some((l) => l.mode === 'ACCESS EXCLUSIVE') && !slowWork(statement, locks)) return;
      const held = heldList.slice(0, count).filter((h) => !createdEarlier(h.relation));
      if (held.length === 0) return;
      // Tables the statement blocks writes to itself: how long that lasts is other rules' business.
      const own = new Set(locks.filter((l) => conflicts(l.mode, 'ROW EXCLUSIVE')).map((l) => keyOf(l.relation)));
      const others = held.filter((h) => !own.has(h.key));
      if (others.length === 0) return;
      // Built only for a finding, and only as far into the file as the last lock named.
      const heldText = () => {
        const lines = new LineIndex(unit.up.script.text.slice(0, Math.max(...others.map((h) => h.by.span.start))));
        return others.map((h) => `${h.relation} (locked on line ${lines.positionAt(h.by.span.start).line + 1})`).join(', ');
      };
      const waitsFor = locks.find((l) => l.mode === 'ACCESS EXCLUSIVE' && !held.some((h) => h.key === keyOf(l.relation)));
      // With lock_timeout set that wait is bounded, and a deadlock is broken within a second anyway.
      if (waitsFor && !settingInEffect(unit.up, 'lock_timeout')[statement.index]) {
        if (!firstIn(unit.up, block, 'waits')) return;
        report({
          span: statement.span,
          message: `This statement waits for an ACCESS EXCLUSIVE lock on ${waitsFor.relation} while the transaction still holds one on ${heldText()}: as long as it waits, every query on those tables waits too, and two migrations doing this in opposite orders deadlock. Change one table per transaction, or set lock_timeout so the wait stays short.`,
        });
      } else if (slowWork(statement, locks) && firstIn(unit.up, block, 'slow')) {
        report({
          span: statement.span,
          message: `This statement does slow work while the transaction still holds an ACCESS EXCLUSIVE lock on ${heldText()}, so every read and write of it waits until the transaction commits; run it before the lock is taken, or in a migration of its own.`,
        });
      }
    }
  },
};

/**
 * Per statement of the up script: its transaction block, and the ACCESS EXCLUSIVE locks
 * earlier statements of that block hold: the first `counts[i]` of `lists[i]`, a list
 * shared by the whole block (it only grows within one).
 */
interface HeldBefore {
  blocks: number[];
  lists: Held[][];
  counts: number[];
}

function accumulate(unit: MigrationUnit, pgVersion: number): HeldBefore {
  const { statements } = unit.up;
  const blocks = transactionBlocks(statements, unit.upInTransaction);
  // Locks on tables the script itself created harm no one; leaving them out here keeps the
  // per-statement work small in scripts that create hundreds of tables in one transaction.
  const created = new Set<string>();
  const none: Held[] = [];
  let held: Held[] = none;
  let heldKeys = new Set<string>();
  const lists: Held[][] = new Array(statements.length);
  const counts: number[] = new Array(statements.length);
  statements.forEach((s, i) => {
    if (blocks[i] !== blocks[i - 1]) {
      held = blocks[i] ? [] : none;
      heldKeys = new Set();
    }
    lists[i] = held;
    counts[i] = held.length;
    if (blocks[i]) {
      for (const l of exclusiveLocks(s, pgVersion)) {
        if (created.has(l.key) || heldKeys.has(l.key)) continue;
        held.push({ relation: l.relation, key: l.key, by: s });
        heldKeys.add(l.key);
      }
    }
    const made = createdTable(s);
    if (made) created.add(made);
  });
  return { blocks, lists, counts };
}

/** The ACCESS EXCLUSIVE table locks of a statement, with their keys; remembered by parse tree, as every check walks the whole script. */
function exclusiveLocks(s: Statement, pgVersion: number): { relation: string; key: string }[] {
  const n = s.node;
  if (!n || typeof n !== 'object') return [];
  // Asked for every statement on every check: the slow path apart, so that a kept answer makes no closures.
  return exclusiveByTree.get(n)?.get(pgVersion) ?? exclusiveLocksOf(s, n, pgVersion);
}

function exclusiveLocksOf(s: Statement, n: object, pgVersion: number): { relation: string; key: string }[] {
  return remembered(remembered(exclusiveByTree, n, () => new Map()), pgVersion, () =>
    tableLocks(s, pgVersion)
      .filter((l) => l.mode === 'ACCESS EXCLUSIVE')
      .map((l) => ({ relation: l.relation, key: keyOf(l.relation) })),
  );
}

const exclusiveByTree = new WeakMap<object, Map<number, { relation: string; key: string }[]>>();

function createdTable(s: Statement): string | undefined {
  const rel = s.kind === 'CreateStmt' ? s.node?.relation : s.kind === 'CreateTableAsStmt' ? s.node?.into?.rel : undefined;
  return rel ? relationKey(rel) : undefined;
}

/**
 * Locks on tables the statement names. Statements that name an index (DROP INDEX, ALTER
 * INDEX, REINDEX INDEX) lock a table the script does not name, and a sequence's lock
 * stalls only the inserts of the table that owns it, so they count for nothing.
 */
function tableLocks(s: Statement, pgVersion: number): LockInfo[] {
  const n = s.node ?? {};
  const namesNoTable =
    (s.kind === 'DropStmt' && (n.removeType === 'OBJECT_INDEX' || n.removeType === 'OBJECT_SEQUENCE')) ||
    (s.kind === 'RenameStmt' && n.renameType === 'OBJECT_INDEX') ||
    (s.kind === 'AlterTableStmt' && n.objtype === 'OBJECT_INDEX') ||
    (s.kind === 'ReindexStmt' && n.kind === 'REINDEX_OBJECT_INDEX');
  return namesNoTable ? [] : locksOf(s, pgVersion).filter((l) => l.relation !== '*');
}

/**
 * Whether the statement reads or writes many rows: a scan or rewrite, an UPDATE / DELETE /
 * MERGE, or a query that reads a table (a SELECT, such as a count or a data check, or
 * INSERT … SELECT). A SELECT of no table (`SELECT set_config(…)`) takes no lock and is quick.
 */
function slowWork(s: Statement, locks: LockInfo[]): boolean {
  if (locks.some((l) => l.effect === 'scan' || l.effect === 'rewrite')) return true;
  if (WRITES.has(s.kind)) return locks.length > 0;
  return (s.kind === 'InsertStmt' || s.kind === 'SelectStmt') && locks.some((l) => l.mode === 'ACCESS SHARE' || l.mode === 'ROW SHARE');
}
