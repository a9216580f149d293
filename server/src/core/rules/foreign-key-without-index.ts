import type { Fix } from '../model';
import type { Catalog, Index, Table } from '../schema/catalog';
import { alterCommands, columnConstraints, relationName, stringList } from '../sql/ast';
import type { Statement } from '../sql/script';
import { nonTransactionalEdits, nonTransactionalSetting } from './fixes/non-transactional';
import { insertAt, lineBreakOf, placeAfter } from './fixes/text';
import { quoteIdent, quoteRelation } from './fixes/tokens';
import type { Rule, StatementUnit } from './types';

interface ForeignKey {
  readonly columns: readonly string[];
  /** The referenced table's RangeVar. */
  references: any;
}

export const foreignKeyWithoutIndex: Rule = {
  meta: {
    id: 'foreign-key-without-index',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'A foreign key whose columns no index leads with makes every DELETE or key UPDATE on the referenced table scan the referencing one.',
    fixable: true,
    equivalents: { eugene: 'E15' },
  },
  create: ({ schemaAtEnd }) => ({
    statementKinds: ['CreateStmt', 'AlterTableStmt'],
    statement(s, report) {
      if (s.direction !== 'up') return;
      const declared = foreignKeysOf(s.statement);
      if (declared.length === 0) return;
      // Judged on the schema the whole folder leaves: an index a later migration adds counts, and so does a drop.
      const end = schemaAtEnd();
      const relation = s.statement.node.relation;
      const table = end.table(relation);
      if (!table) return;
      for (const fk of declared) {
        if (!stillDeclared(table, fk.columns) || coveringIndex(table, fk.columns)) continue;
        const name = relationName(relation);
        const cols = fk.columns.join(', ');
        const fix = indexFix(s, relation, fk.columns, end);
        report({
          span: s.statement.span,
          message: `No index on ${name} (${cols}) backs this foreign key to ${relationName(fk.references)}: every DELETE or key UPDATE on ${relationName(fk.references)} scans all of ${name} for referencing rows (and to cascade); create an index on ${name} (${cols}), concurrently if ${name} already holds rows.`,
          fixes: fix ? [fix] : [],
        });
      }
    },
  }),
};

// From the parse tree alone, which the parser keeps from one check to the next for unchanged statements.
const keysByNode = new WeakMap<object, ForeignKey[]>();

/** The foreign keys a CREATE TABLE or ALTER TABLE declares, as column lists of the table it names. */
function foreignKeysOf(statement: Statement): ForeignKey[] {
  const n = statement.node;
  if (!n) return [];
  let keys = keysByNode.get(n);
  if (!keys) keysByNode.set(n, (keys = declaredKeys(statement)));
  return keys;
}

function declaredKeys(statement: Statement): ForeignKey[] {
  const fromColumn = (def: any): ForeignKey[] =>
    columnConstraints(def, 'CONSTR_FOREIGN').map((c) => ({ columns: [String(def.colname)], references: c.pktable }));
  const fromConstraint = (c: any): ForeignKey[] => (c?.contype === 'CONSTR_FOREIGN' ? [{ columns: stringList(c.fk_attrs), references: c.pktable }] : []);
  if (statement.kind === 'CreateStmt') {
    return (statement.node.tableElts ?? []).flatMap((e: any) => (e.ColumnDef ? fromColumn(e.ColumnDef) : fromConstraint(e.Constraint)));
  }
  if (statement.kind !== 'AlterTableStmt' || statement.node.objtype !== 'OBJECT_TABLE') return [];
  return alterCommands(statement.node).flatMap((cmd) => {
    if (cmd.subtype === 'AT_AddConstraint') return fromConstraint(cmd.def?.Constraint);
    if (cmd.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) return fromColumn(cmd.def.ColumnDef);
    return [];
  });
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Whether the table still has a foreign key on these columns once the folder has run. */
function stillDeclared(table: Table, columns: readonly string[]): boolean {
  return [...table.constraints.values()].some((c) => c.kind === 'foreign' && sameSet(c.columns, columns));
}

/**
 * An index whose leading keys are the foreign key's columns, in any order: what PostgreSQL
 * can search by. A partial one counts when its WHERE clause only asks some of those columns
 * to be non-null, which the check's `column = value` implies (gitness's
 * `CREATE UNIQUE INDEX … ON rules (rule_repo_id, LOWER(rule_uid)) WHERE rule_repo_id IS NOT NULL`).
 */
function coveringIndex(table: Table, columns: readonly string[]): boolean {
  const usable = (i: Index) => !i.partial || (i.nonNullOnly?.every((c) => columns.includes(c)) ?? false);
  return [...table.indexes.values()].some((i) => usable(i) && sameSet(i.columns.slice(0, columns.length), columns));
}

/**
 * Adds the index right after the statement: a plain CREATE INDEX on a table this migration
 * creates (empty, nobody waits), else CREATE INDEX CONCURRENTLY with the runner's transaction
 * turned off where its format allows.
 */
function indexFix(s: StatementUnit, relation: any, columns: readonly string[], end: Catalog): Fix | undefined {
  const { migration } = s.unit;
  const { path, text } = s.unit.up.script;
  const fresh = s.statement.kind === 'CreateStmt' || s.createdEarlier(relationName(relation));
  const name = freeIndexName(end, relation, columns);
  const create = `CREATE INDEX${fresh ? '' : ' CONCURRENTLY'} ${quoteIdent(name)} ON ${quoteRelation(relation)} (${columns.map(quoteIdent).join(', ')});`;
  const next = placeAfter(text, s.statement.span.end);
  const edits = [insertAt(path, next.at, `${next.terminated ? '' : ';'}${lineBreakOf(text)}${create}`)];
  if (fresh) return { title: 'Index the foreign key columns', edits };
  const outside = nonTransactionalEdits(migration, s.unit.up.statements.length + 1);
  if (outside === undefined) return { title: 'Index the foreign key columns concurrently (then move the index into a migration of its own)', edits };
  if (outside.length === 0) return { title: 'Index the foreign key columns concurrently', edits };
  return { title: `Index the foreign key columns concurrently and run the migration outside a transaction (${nonTransactionalSetting(migration)})`, edits: [...edits, ...outside] };
}

/** PostgreSQL's own name for an unnamed index (`table_col_idx`), numbered when the table already has it. */
function freeIndexName(end: Catalog, relation: any, columns: readonly string[]): string {
  const base = `${relation.relname}_${columns.join('_')}_idx`;
  const taken = end.table(relation)?.indexes ?? new Map();
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}${n}`;
  return name;
}
