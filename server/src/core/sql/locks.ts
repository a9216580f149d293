// What each statement locks, in PostgreSQL's own terms, so that hovers and rules
// can say what a migration blocks and for how long. Sources: the "Explicit Locking"
// chapter and the reference page of each command; where the docs are silent, the
// lock levels chosen in tablecmds.c (AlterTableGetLockLevel).
import { alterCommands, columnConstraints, droppedNames, hasOption, nodesOfKind, relationName } from './ast';
import type { Statement } from './script';
import { columnFill } from './column-def';
import { isKnownVolatile, volatileCall } from './volatility';

/** PostgreSQL's eight table lock modes. */
export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/**
 * What the statement does to the relation while it holds the lock:
 * `rewrite` copies every row (time grows with table size), `scan` reads every row,
 * `metadata` touches only the catalog, `none` is an ordinary read or write.
 */
export type LockEffect = 'rewrite' | 'scan' | 'metadata' | 'none';

export interface LockInfo {
  /** As written (`schema.table` or `table`); `*` when the command covers every table. */
  relation: string;
  mode: LockMode;
  blocksReads: boolean;
  blocksWrites: boolean;
  effect: LockEffect;
  /** A fragment without a final period; several are joined with `; `. */
  note?: string;
}

/** Weakest first, in PostgreSQL's numbering (LOCK TABLE's `mode` is the index + 1). */
export const LOCK_MODES: readonly LockMode[] = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

// The conflict table of the docs ("Conflicting Lock Modes"), by index in LOCK_MODES.
const CONFLICTS: readonly (readonly number[])[] = [
  [7],
  [6, 7],
  [4, 5, 6, 7],
  [3, 4, 5, 6, 7],
  [2, 3, 5, 6, 7],
  [2, 3, 4, 5, 6, 7],
  [1, 2, 3, 4, 5, 6, 7],
  [0, 1, 2, 3, 4, 5, 6, 7],
];

/** Whether a lock of mode `a` held by one transaction makes a request for mode `b` wait. */
export function conflicts(a: LockMode, b: LockMode): boolean {
  return CONFLICTS[LOCK_MODES.indexOf(a)].includes(LOCK_MODES.indexOf(b));
}

const DESCRIPTIONS: Record<LockMode, string> = {
  'ACCESS SHARE': 'reads and writes go on; only ACCESS EXCLUSIVE (DROP TABLE, TRUNCATE, most ALTER TABLE) waits for it',
  'ROW SHARE': 'reads and writes go on; EXCLUSIVE and ACCESS EXCLUSIVE locks wait for it',
  'ROW EXCLUSIVE': 'reads and writes go on; CREATE INDEX without CONCURRENTLY and most ALTER TABLE wait for it',
  'SHARE UPDATE EXCLUSIVE':
    'reads and writes go on; VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY and other schema changes wait for it',
  SHARE: 'blocks INSERT, UPDATE and DELETE; reads go on',
  'SHARE ROW EXCLUSIVE': 'blocks INSERT, UPDATE and DELETE and other schema changes; reads go on',
  EXCLUSIVE: 'blocks all writes and SELECT … FOR UPDATE/SHARE; only plain reads go on',
  'ACCESS EXCLUSIVE': 'blocks every read and write, and queues every later query on the table behind it',
};

/** What a lock of this mode blocks, in plain words (a fragment, no final period). */
export function describeLock(mode: LockMode): string {
  return DESCRIPTIONS[mode];
}

const rank = (mode: LockMode) => LOCK_MODES.indexOf(mode);
const EFFECT_RANK: Record<LockEffect, number> = { none: 0, metadata: 1, scan: 2, rewrite: 3 };

/** The lock that blocks the most (the first one among equals). */
export function strongestLock(locks: readonly LockInfo[]): LockInfo | undefined {
  return locks.reduce<LockInfo | undefined>((best, l) => (!best || rank(l.mode) > rank(best.mode) ? l : best), undefined);
}

/** Locks a statement takes on existing relations; empty when it takes none worth telling. */
// Parsed nodes are shared by every check of an unchanged statement (the parse cache), so
// their locks are remembered by node: hovers and several rules ask on every keystroke.
const cache = new WeakMap<object, Map<number, LockInfo[]>>();

/** The locks a statement takes. The result is shared: callers must not change it. */
export function locksOf(statement: Statement, pgVersion: number): LockInfo[] {
  if (!statement.node) return [];
  let byVersion = cache.get(statement.node);
  if (!byVersion) cache.set(statement.node, (byVersion = new Map()));
  let list = byVersion.get(pgVersion);
  if (!list) {
    const locks = new LockSet(pgVersion);
    HANDLERS[statement.kind]?.(statement.node, locks);
    byVersion.set(pgVersion, (list = locks.list()));
  }
  return list;
}

interface Extra {
  note?: string;
  /** For locks weaker than ACCESS EXCLUSIVE that still stall reads (REINDEX's index locks). */
  blocksReads?: boolean;
}

/** Collects locks, keeping per relation the strongest mode and effect of all subcommands. */
class LockSet {
  private readonly byRelation = new Map<string, LockInfo>();

  constructor(readonly pg: number) {}

  add(relation: string, mode: LockMode, effect: LockEffect, extra: Extra = {}): void {
    if (!relation) return;
    const blocksReads = extra.blocksReads ?? conflicts(mode, 'ACCESS SHARE');
    const blocksWrites = conflicts(mode, 'ROW EXCLUSIVE');
    const had = this.byRelation.get(relation);
    if (!had) {
      this.byRelation.set(relation, { relation, mode, blocksReads, blocksWrites, effect, ...(extra.note ? { note: extra.note } : {}) });
      return;
    }
    if (rank(mode) > rank(had.mode)) had.mode = mode;
    if (EFFECT_RANK[effect] > EFFECT_RANK[had.effect]) had.effect = effect;
    had.blocksReads ||= blocksReads;
    had.blocksWrites ||= blocksWrites;
    if (extra.note && !had.note?.includes(extra.note)) had.note = had.note ? `${had.note}; ${extra.note}` : extra.note;
  }

  list(): LockInfo[] {
    return [...this.byRelation.values()];
  }
}

type Handler = (node: any, locks: LockSet) => void;

const EVERY_TABLE = '*';

const HANDLERS: Record<string, Handler> = {
  IndexStmt(node, locks) {
    const table = relationName(node.relation);
    if (node.concurrent) {
      locks.add(table, 'SHARE UPDATE EXCLUSIVE', 'scan', {
        note: 'waits for every transaction using the table, then scans it twice',
      });
    } else {
      locks.add(table, 'SHARE', 'scan', {
        note:
          node.relation?.inh === false
            ? 'ON ONLY a partitioned table builds nothing: it makes an invalid index that partition indexes attach to'
            : 'held until the index is built',
      });
    }
  },

  DropStmt(node, locks) {
    const names = droppedNames(node);
    switch (node.removeType) {
      case 'OBJECT_INDEX':
        for (const n of names) {
          if (node.concurrent) locks.add(n.join('.'), 'SHARE UPDATE EXCLUSIVE', 'metadata', { note: 'on the index and its table' });
          else locks.add(n.join('.'), 'ACCESS EXCLUSIVE', 'metadata', { note: 'on the index and its table' });
        }
        return;
      case 'OBJECT_TABLE':
        for (const n of names) {
          locks.add(n.join('.'), 'ACCESS EXCLUSIVE', 'metadata', {
            note: 'its data is gone for good; tables its foreign keys reference are locked too',
          });
        }
        return;
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_SEQUENCE':
      case 'OBJECT_FOREIGN_TABLE':
        for (const n of names) locks.add(n.join('.'), 'ACCESS EXCLUSIVE', 'metadata');
        return;
      case 'OBJECT_TRIGGER':
      case 'OBJECT_POLICY':
      case 'OBJECT_RULE':
        // `DROP TRIGGER t ON s.tbl` lists the table's parts, then the trigger's name.
        for (const n of names) locks.add(n.slice(0, -1).join('.'), 'ACCESS EXCLUSIVE', 'metadata');
        return;
    }
  },

  AlterTableStmt(node, locks) {
    const relation = relationName(node.relation);
    for (const cmd of alterCommands(node)) alterTableCommand(cmd, relation, node.objtype, locks);
  },

  RenameStmt(node, locks) {
    const relation = relationName(node.relation);
    switch (node.renameType) {
      case 'OBJECT_INDEX':
        locks.add(relation, locks.pg >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', 'metadata');
        return;
      case 'OBJECT_TABLE':
      case 'OBJECT_COLUMN':
        locks.add(relation, 'ACCESS EXCLUSIVE', 'metadata', { note: 'queries that still use the old name fail' });
        return;
      case 'OBJECT_TABCONSTRAINT':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_SEQUENCE':
      case 'OBJECT_FOREIGN_TABLE':
      case 'OBJECT_TRIGGER':
      case 'OBJECT_POLICY':
      case 'OBJECT_RULE':
        locks.add(relation, 'ACCESS EXCLUSIVE', 'metadata');
        return;
    }
  },

  AlterObjectSchemaStmt(node, locks) {
    if (node.relation) locks.add(relationName(node.relation), 'ACCESS EXCLUSIVE', 'metadata');
  },

  TruncateStmt(node, locks) {
    const note = node.behavior === 'DROP_CASCADE' ? 'removes every row, and every row of tables referencing it' : 'removes every row';
    for (const r of node.relations ?? []) locks.add(relationName(r.RangeVar), 'ACCESS EXCLUSIVE', 'metadata', { note });
  },

  InsertStmt: dml(false),
  UpdateStmt: dml(true),
  DeleteStmt: dml(true),
  MergeStmt: dml(false),

  SelectStmt(node, locks) {
    queryLocks(node, locks, node.lockingClause?.length ? 'ROW SHARE' : 'ACCESS SHARE');
  },

  CopyStmt(node, locks) {
    if (node.relation) locks.add(relationName(node.relation), node.is_from ? 'ROW EXCLUSIVE' : 'ACCESS SHARE', 'none');
    else queryLocks(node.query, locks, 'ACCESS SHARE');
  },

  LockStmt(node, locks) {
    const mode = LOCK_MODES[(node.mode ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
    for (const r of node.relations ?? []) {
      locks.add(relationName(r.RangeVar), mode, 'none', { note: 'held until the transaction ends' });
    }
  },

  VacuumStmt(node, locks) {
    const full = node.is_vacuumcmd && hasOption(node.options, 'full');
    const relations = (node.rels ?? []).map((r: any) => relationName(r.VacuumRelation?.relation));
    const targets = relations.length ? relations : [EVERY_TABLE];
    const note = relations.length ? undefined : 'every table in the database, one after another';
    for (const t of targets) {
      if (full) locks.add(t, 'ACCESS EXCLUSIVE', 'rewrite', { note });
      else locks.add(t, 'SHARE UPDATE EXCLUSIVE', 'scan', { note });
    }
  },

  ClusterStmt(node, locks) {
    const target = node.relation ? relationName(node.relation) : EVERY_TABLE;
    locks.add(target, 'ACCESS EXCLUSIVE', 'rewrite', node.relation ? {} : { note: 'every table clustered before, one after another' });
  },

  RefreshMatViewStmt(node, locks) {
    const view = relationName(node.relation);
    if (node.concurrent) locks.add(view, 'EXCLUSIVE', 'scan', { note: 'recomputes the query and applies the difference' });
    else locks.add(view, 'ACCESS EXCLUSIVE', 'rewrite', { note: 'recomputes the query and replaces every row' });
  },

  ReindexStmt(node, locks) {
    const concurrent = hasOption(node.params, 'concurrently');
    const relation = relationName(node.relation);
    switch (node.kind) {
      case 'REINDEX_OBJECT_INDEX':
        if (concurrent) locks.add(relation, 'SHARE UPDATE EXCLUSIVE', 'scan', { note: 'on the index and its table' });
        else locks.add(relation, 'ACCESS EXCLUSIVE', 'scan', { note: 'on the index, with SHARE on its table, which blocks writes' });
        return;
      case 'REINDEX_OBJECT_TABLE':
        if (concurrent) locks.add(relation, 'SHARE UPDATE EXCLUSIVE', 'scan');
        else {
          locks.add(relation, 'SHARE', 'scan', {
            blocksReads: true,
            note: 'each index is locked ACCESS EXCLUSIVE while rebuilt, which stalls queries the planner considers it for',
          });
        }
        return;
      default:
        locks.add(EVERY_TABLE, concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', 'scan', {
          blocksReads: !concurrent,
          note: `every table in the ${node.kind === 'REINDEX_OBJECT_SCHEMA' ? `schema ${node.name}` : 'database'}, one after another`,
        });
    }
  },

  CreateTrigStmt(node, locks) {
    locks.add(relationName(node.relation), 'SHARE ROW EXCLUSIVE', 'metadata');
  },

  CreatePolicyStmt(node, locks) {
    locks.add(relationName(node.table), 'ACCESS EXCLUSIVE', 'metadata');
  },

  AlterPolicyStmt(node, locks) {
    locks.add(relationName(node.table), 'ACCESS EXCLUSIVE', 'metadata');
  },

  RuleStmt(node, locks) {
    locks.add(relationName(node.relation), 'ACCESS EXCLUSIVE', 'metadata');
  },

  CreateStatsStmt(node, locks) {
    for (const r of node.relations ?? []) locks.add(relationName(r.RangeVar), 'SHARE UPDATE EXCLUSIVE', 'metadata');
  },

  CreateStmt(node, locks) {
    for (const parent of node.inhRelations ?? []) {
      const name = relationName(parent.RangeVar);
      if (node.partbound) {
        locks.add(name, 'ACCESS EXCLUSIVE', 'metadata', {
          note: 'creating the table detached, then ATTACH PARTITION, takes only SHARE UPDATE EXCLUSIVE on the parent',
        });
      } else locks.add(name, 'SHARE UPDATE EXCLUSIVE', 'metadata');
    }
    for (const like of nodesOfKind(node.tableElts, 'TableLikeClause')) locks.add(relationName(like.relation), 'ACCESS SHARE', 'none');
    // A key referencing the new table itself (a parent or subject id) waits for no one.
    for (const fk of foreignKeys(node.tableElts).filter((fk) => !sameTable(fk.pktable, node.relation))) {
      locks.add(relationName(fk.pktable), 'SHARE ROW EXCLUSIVE', 'metadata', { note: 'the new table is empty, so nothing is validated' });
    }
  },

  CreateTableAsStmt(node, locks) {
    queryLocks(node.query, locks, 'ACCESS SHARE');
  },

  ViewStmt(node, locks) {
    if (node.replace) locks.add(relationName(node.view), 'ACCESS EXCLUSIVE', 'metadata', { note: 'if the view already exists' });
    queryLocks(node.query, locks, 'ACCESS SHARE');
  },
};

/** Whether two RangeVars name one table; a name without a schema matches any schema. */
function sameTable(a: any, b: any): boolean {
  return a?.relname === b?.relname && (!a?.schemaname || !b?.schemaname || a.schemaname === b.schemaname);
}

/** INSERT, UPDATE, DELETE, MERGE: ROW EXCLUSIVE on the table written, then what the query reads. */
function dml(filtersRows: boolean): Handler {
  return (node, locks) => {
    const target = relationName(node.relation);
    if (filtersRows && !node.whereClause) {
      locks.add(target, 'ROW EXCLUSIVE', 'scan', {
        note: 'touches every row; concurrent writes to those rows wait until the transaction commits',
      });
    } else locks.add(target, 'ROW EXCLUSIVE', 'none');
    queryLocks(node, locks, 'ACCESS SHARE', new Set([target]));
  };
}

const WRITERS = ['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'];

/**
 * Locks of the relations a query mentions: ROW EXCLUSIVE for those its data-modifying
 * WITH queries write, `readMode` for the rest, leaving out names of its own WITH queries.
 */
function queryLocks(query: unknown, locks: LockSet, readMode: LockMode, written = new Set<string>()): void {
  for (const w of WRITERS.flatMap((k) => nodesOfKind(query, k))) {
    const target = relationName(w.relation);
    written.add(target);
    locks.add(target, 'ROW EXCLUSIVE', 'none');
  }
  const ctes = new Set(nodesOfKind(query, 'CommonTableExpr').map((c) => String(c.ctename)));
  for (const r of nodesOfKind(query, 'RangeVar')) {
    const name = relationName(r);
    if ((r.schemaname || !ctes.has(String(r.relname))) && !written.has(name)) locks.add(name, readMode, 'none');
  }
}

/** FOREIGN KEY constraints among table elements: column constraints and table constraints alike. */
function foreignKeys(tableElts: any[] | undefined): any[] {
  return nodesOfKind(tableElts, 'Constraint').filter((c) => c.contype === 'CONSTR_FOREIGN');
}

const SHARE_UPDATE_EXCLUSIVE_COMMANDS = new Set([
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
  'AT_ClusterOn',
  'AT_DropCluster',
  // The second step of DETACH PARTITION … CONCURRENTLY, after an interruption.
  'AT_DetachPartitionFinalize',
]);

const SHARE_ROW_EXCLUSIVE_COMMANDS = new Set([
  'AT_EnableTrig',
  'AT_EnableAlwaysTrig',
  'AT_EnableReplicaTrig',
  'AT_EnableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrig',
  'AT_DisableTrigAll',
  'AT_DisableTrigUser',
  'AT_AlterConstraint',
]);

const REWRITING_COMMANDS: Record<string, string> = {
  AT_SetLogged: 'rewrites the table to write it to the WAL',
  AT_SetUnLogged: 'rewrites the table',
  AT_SetAccessMethod: 'rewrites the table into the new access method',
  AT_SetTableSpace: 'copies every file of the table to the new tablespace',
  AT_SetExpression: 'recomputes the generated column for every row',
};

const METADATA_COMMANDS: Record<string, string | undefined> = {
  AT_DropColumn: 'the space comes back only as rows are rewritten later',
  AT_ColumnDefault: 'only new rows get the new default',
  AT_DropNotNull: undefined,
  AT_DropConstraint: 'dropping a foreign key also locks the table it references',
};

function alterTableCommand(cmd: any, table: string, objtype: string, locks: LockSet): void {
  const subtype: string = cmd.subtype;
  if (SHARE_UPDATE_EXCLUSIVE_COMMANDS.has(subtype)) return locks.add(table, 'SHARE UPDATE EXCLUSIVE', 'metadata');
  if (SHARE_ROW_EXCLUSIVE_COMMANDS.has(subtype)) return locks.add(table, 'SHARE ROW EXCLUSIVE', 'metadata');
  if (subtype in REWRITING_COMMANDS) return locks.add(table, 'ACCESS EXCLUSIVE', 'rewrite', { note: REWRITING_COMMANDS[subtype] });
  if (subtype in METADATA_COMMANDS) return locks.add(table, 'ACCESS EXCLUSIVE', 'metadata', { note: METADATA_COMMANDS[subtype] });
  switch (subtype) {
    case 'AT_AddColumn':
      return addColumn(cmd.def?.ColumnDef, table, locks);
    case 'AT_AlterColumnType':
      return locks.add(table, 'ACCESS EXCLUSIVE', 'rewrite', {
        note: cmd.def?.ColumnDef?.raw_default
          ? 'USING recomputes every row'
          : 'rewrites the table and its indexes unless the new type is binary-compatible (such as varchar to text)',
      });
    case 'AT_SetNotNull':
      return locks.add(table, 'ACCESS EXCLUSIVE', 'scan', {
        note:
          locks.pg >= 12
            ? 'scans the table to check for nulls, unless a valid CHECK (column IS NOT NULL) constraint already proves it'
            : 'scans the table to check for nulls',
      });
    case 'AT_AddConstraint':
      return addConstraint(cmd.def?.Constraint, table, locks);
    case 'AT_ValidateConstraint':
      return locks.add(table, 'SHARE UPDATE EXCLUSIVE', 'scan', {
        note: 'reads every row without blocking writes; a foreign key also takes ROW SHARE on the table it references',
      });
    case 'AT_AttachPartition':
      return attachPartition(cmd.def?.PartitionCmd, table, objtype, locks);
    case 'AT_DetachPartition': {
      const partition = relationName(cmd.def?.PartitionCmd?.name);
      const concurrent = cmd.def?.PartitionCmd?.concurrent && locks.pg >= 14;
      const mode: LockMode = concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
      locks.add(table, mode, 'metadata');
      return locks.add(partition, mode, 'metadata');
    }
    case 'AT_AddInherit':
      locks.add(table, 'ACCESS EXCLUSIVE', 'metadata');
      return locks.add(relationName(cmd.def?.RangeVar), 'SHARE UPDATE EXCLUSIVE', 'metadata');
    default:
      // Anything else PostgreSQL does under ACCESS EXCLUSIVE (owner, replica identity, row security, identity …).
      return locks.add(table, 'ACCESS EXCLUSIVE', 'metadata');
  }
}

function addColumn(def: any, table: string, locks: LockSet): void {
  const fill = columnFill(def);
  const defaultExpr = fill.default;
  const notNull = columnConstraints(def, 'CONSTR_NOTNULL').length > 0;

  if (fill.serial || fill.identity) {
    locks.add(table, 'ACCESS EXCLUSIVE', 'rewrite', { note: 'fills every existing row from a sequence' });
  } else if (fill.generated === 'stored') {
    locks.add(table, 'ACCESS EXCLUSIVE', 'rewrite', { note: 'computes the stored column for every row' });
  } else if (defaultExpr && locks.pg < 11) {
    locks.add(table, 'ACCESS EXCLUSIVE', 'rewrite', { note: 'before PostgreSQL 11 any default rewrites the table' });
  } else if (defaultExpr) {
    const fn = volatileCall(defaultExpr);
    if (fn === undefined) locks.add(table, 'ACCESS EXCLUSIVE', 'metadata', { note: 'the default is stored in the catalog; no rewrite' });
    else {
      locks.add(table, 'ACCESS EXCLUSIVE', 'rewrite', {
        note: isKnownVolatile(fn)
          ? `${fn}() is volatile, so every existing row gets its own value written`
          : `unless ${fn}() is declared STABLE or IMMUTABLE, every existing row gets its own value written`,
      });
    }
  } else if (notNull) {
    locks.add(table, 'ACCESS EXCLUSIVE', 'scan', { note: 'NOT NULL without a default fails unless the table is empty' });
  } else locks.add(table, 'ACCESS EXCLUSIVE', 'metadata');

  const indexed = ['CONSTR_PRIMARY', 'CONSTR_UNIQUE'].some((t) => columnConstraints(def, t).length > 0);
  if (indexed) locks.add(table, 'ACCESS EXCLUSIVE', 'scan', { note: 'builds an index while holding the lock' });
  if (columnConstraints(def, 'CONSTR_CHECK').length > 0) locks.add(table, 'ACCESS EXCLUSIVE', 'scan');
  for (const fk of columnConstraints(def, 'CONSTR_FOREIGN')) {
    locks.add(table, 'SHARE ROW EXCLUSIVE', 'scan');
    locks.add(relationName(fk.pktable), 'SHARE ROW EXCLUSIVE', 'scan');
  }
}

function addConstraint(c: any, table: string, locks: LockSet): void {
  const validated = !c?.skip_validation;
  switch (c?.contype) {
    case 'CONSTR_FOREIGN': {
      const referenced = relationName(c.pktable);
      const effect = validated ? 'scan' : 'metadata';
      locks.add(table, 'SHARE ROW EXCLUSIVE', effect, validated ? { note: `checks every row against ${referenced}` } : {});
      return locks.add(referenced, 'SHARE ROW EXCLUSIVE', effect);
    }
    case 'CONSTR_CHECK':
    case 'CONSTR_NOTNULL':
      return locks.add(table, 'ACCESS EXCLUSIVE', validated ? 'scan' : 'metadata', validated ? { note: 'checks every row' } : {});
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
      if (c.indexname) {
        return locks.add(table, 'ACCESS EXCLUSIVE', 'metadata', {
          note: c.contype === 'CONSTR_PRIMARY' ? 'the index exists; columns that allow nulls are scanned to set NOT NULL' : 'the index exists',
        });
      }
      return locks.add(table, 'ACCESS EXCLUSIVE', 'scan', { note: 'builds an index while holding the lock' });
    case 'CONSTR_EXCLUSION':
      return locks.add(table, 'ACCESS EXCLUSIVE', 'scan', { note: 'builds an index while holding the lock' });
    default:
      return locks.add(table, 'ACCESS EXCLUSIVE', 'metadata');
  }
}

function attachPartition(cmd: any, parent: string, objtype: string, locks: LockSet): void {
  const partition = relationName(cmd?.name);
  if (objtype === 'OBJECT_INDEX') {
    // ALTER INDEX … ATTACH PARTITION: both indexes exist already.
    locks.add(parent, 'SHARE UPDATE EXCLUSIVE', 'metadata');
    return locks.add(partition, 'ACCESS EXCLUSIVE', 'metadata');
  }
  locks.add(parent, locks.pg >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', 'metadata');
  locks.add(partition, 'ACCESS EXCLUSIVE', 'scan', {
    note: 'scans the partition to check its bound, unless a valid CHECK constraint already proves it',
  });
}
