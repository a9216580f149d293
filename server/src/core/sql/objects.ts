// What a statement creates and removes, by name: the vocabulary the downgrade rules use to
// compare an up with its down. Renames count as removing the old name and creating the new.
import type { Statement } from './script';
import { alterCommands, droppedNames, stringList } from './ast';
import { defaultConstraintName } from '../rules/fixes/constraint-name';

export type ObjectKind = 'table' | 'view' | 'materialized view' | 'sequence' | 'index' | 'type' | 'column' | 'constraint';

export interface DbObject {
  kind: ObjectKind;
  /** Lowercased as PostgreSQL folds unquoted names (quoted names keep their case in the AST). */
  name: string;
  schema?: string;
  /** The table a column, constraint or index belongs to, when the statement says. */
  table?: string;
  /** Created or removed by a rename, which keeps the data under the other name. */
  byRename?: true;
  /** For the old name of a rename: the new one. */
  renamedTo?: string;
}

export interface Effects {
  created: DbObject[];
  removed: DbObject[];
}

const RELATION_KINDS = new Set<ObjectKind>(['table', 'view', 'materialized view', 'sequence', 'index']);

const DROPPED: Record<string, ObjectKind> = {
  OBJECT_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_INDEX: 'index',
  OBJECT_TYPE: 'type',
};

const RENAMED: Record<string, ObjectKind> = { ...DROPPED, OBJECT_COLUMN: 'column', OBJECT_TABCONSTRAINT: 'constraint' };

const NONE: Effects = { created: [], removed: [] };

/** The named objects `statement` creates and removes; what it does not name (an unnamed index) is left out. */
export function effectsOf(statement: Statement): Effects {
  const n = statement.node;
  if (!n) return NONE;
  switch (statement.kind) {
    case 'CreateStmt':
      return { created: [relation('table', n.relation)], removed: [] };
    case 'CreateTableAsStmt':
      return { created: [relation(n.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table', n.into?.rel)], removed: [] };
    case 'ViewStmt':
      return { created: [relation('view', n.view)], removed: [] };
    case 'CreateSeqStmt':
      return { created: [relation('sequence', n.sequence)], removed: [] };
    case 'IndexStmt':
      return n.idxname ? { created: [{ kind: 'index', name: n.idxname, schema: n.relation?.schemaname, table: n.relation?.relname }], removed: [] } : NONE;
    case 'CreateEnumStmt':
    case 'CreateRangeStmt':
      return { created: [qualified('type', stringList(n.typeName))], removed: [] };
    case 'CompositeTypeStmt':
      return { created: [relation('type', n.typevar)], removed: [] };
    case 'DropStmt':
      return { created: [], removed: dropped(n) };
    case 'RenameStmt':
      return renamed(n);
    case 'AlterTableStmt':
      return n.objtype === 'OBJECT_TABLE' ? altered(n) : NONE;
  }
  return NONE;
}

function relation(kind: ObjectKind, rangeVar: any): DbObject {
  return { kind, name: String(rangeVar?.relname ?? ''), schema: rangeVar?.schemaname };
}

function qualified(kind: ObjectKind, names: string[]): DbObject {
  const name = names[names.length - 1] ?? '';
  return names.length > 1 ? { kind, name, schema: names[names.length - 2] } : { kind, name };
}

function dropped(n: any): DbObject[] {
  const kind = DROPPED[n.removeType];
  if (!kind) return [];
  if (kind === 'type') return (n.objects ?? []).map((o: any) => qualified(kind, stringList(o?.TypeName?.names)));
  return droppedNames(n).map((names) => qualified(kind, names));
}

function renamed(n: any): Effects {
  const kind = RENAMED[n.renameType];
  if (!kind || !n.newname) return NONE;
  const rel = n.relation;
  if (kind === 'column' || kind === 'constraint') {
    const on = { table: rel?.relname, schema: rel?.schemaname, byRename: true as const };
    return { removed: [{ kind, name: n.subname, ...on, renamedTo: n.newname }], created: [{ kind, name: n.newname, ...on }] };
  }
  const old = kind === 'type' ? qualified(kind, stringList(n.object?.List?.items)) : relation(kind, rel);
  return { removed: [{ ...old, byRename: true, renamedTo: n.newname }], created: [{ ...old, name: n.newname, byRename: true }] };
}

function altered(n: any): Effects {
  const on = { table: String(n.relation?.relname ?? ''), schema: n.relation?.schemaname };
  const effects: Effects = { created: [], removed: [] };
  for (const cmd of alterCommands(n)) {
    const def = cmd.def?.ColumnDef ?? cmd.def?.Constraint;
    if (cmd.subtype === 'AT_AddColumn' && def?.colname) effects.created.push({ kind: 'column', name: def.colname, ...on });
    else if (cmd.subtype === 'AT_DropColumn' && cmd.name) effects.removed.push({ kind: 'column', name: cmd.name, ...on });
    else if (cmd.subtype === 'AT_AddConstraint' && def) {
      const name = def.conname ?? defaultConstraintName(on.table, def);
      effects.created.push({ kind: 'constraint', name, ...on });
      // ADD CONSTRAINT … USING INDEX takes the index over under the constraint's name.
      if (def.indexname) effects.removed.push({ kind: 'index', name: def.indexname, ...on, byRename: true, renamedTo: name });
    }
    else if (cmd.subtype === 'AT_DropConstraint' && cmd.name) effects.removed.push({ kind: 'constraint', name: cmd.name, ...on });
  }
  return effects;
}

/** Whether `a` and `b` name the same object; schemas count only when both sides give one. */
export function sameObject(a: DbObject, b: DbObject): boolean {
  const kindsMatch = a.kind === b.kind || (RELATION_KINDS.has(a.kind) && RELATION_KINDS.has(b.kind));
  if (!kindsMatch || a.name !== b.name || !sameSchema(a.schema, b.schema)) return false;
  return a.table === undefined || b.table === undefined || a.table === b.table;
}

/** Whether dropping `container` takes `part` with it (a table and its columns, constraints and indexes). */
export function contains(container: DbObject, part: DbObject): boolean {
  return RELATION_KINDS.has(container.kind) && part.table === container.name && sameSchema(part.schema, container.schema);
}

const sameSchema = (a: string | undefined, b: string | undefined) => a === undefined || b === undefined || a === b;

/** `column users.email`, `table orders`, as messages name objects. */
export function describeObject(o: DbObject): string {
  const owner = o.kind === 'column' || o.kind === 'constraint' ? `${o.table}.` : '';
  return `${o.kind} ${o.schema && !owner ? `${o.schema}.` : ''}${owner}${o.name}`;
}

/**
 * What a script leaves behind, in order: objects created and not removed again, and
 * objects that existed before and were removed (a create after the removal cancels it).
 */
export function netEffects(statements: readonly Statement[]): Effects {
  const created: DbObject[] = [];
  const removed: DbObject[] = [];
  for (const s of statements) {
    const e = effectsOf(s);
    for (const r of e.removed) {
      const i = created.findIndex((c) => sameObject(c, r));
      if (i >= 0) created.splice(i, 1);
      else if (!created.some((c) => contains(c, r))) removed.push(r);
      // Parts of a relation created in the same script go with it.
      for (let k = created.length - 1; k >= 0; k--) if (contains(r, created[k])) created.splice(k, 1);
    }
    for (const c of e.created) {
      const i = removed.findIndex((r) => sameObject(r, c));
      if (i >= 0) removed.splice(i, 1);
      else created.push(c);
    }
  }
  return { created, removed };
}

/** Schemas (lowercased) created by CREATE SCHEMA among `statements` before the one at `index`. */
export function schemasCreatedBefore(statements: readonly Statement[], index: number): Set<string> {
  return new Set(
    statements
      .slice(0, index)
      .filter((s) => s.kind === 'CreateSchemaStmt')
      .map((s) => String(s.node.schemaname).toLowerCase()),
  );
}
