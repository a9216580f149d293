// What a statement creates and removes, by name: the vocabulary the downgrade rules use to
// compare an up with its down. Renames count as removing the old name and creating the new.
import type { Statement } from './script';
import { alterCommands, constraintColumns, droppedNames, indexColumns, stringList } from './ast';
import { defaultConstraintName } from '../rules/fixes/constraint-name';
import { addTo } from '../group';

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
  /** For an index or constraint the statement creates: the columns of `table` whose drop takes it along. */
  columns?: string[];
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

// By parse tree, which the parser keeps per statement text: the downgrade rules fold every
// up statement's effects on each check, and a long script's are the same but for the edit.
const effectsByTree = new WeakMap<object, Effects>();

/** The named objects `statement` creates and removes; what it does not name (an unnamed index) is left out. Shared: do not change it. */
export function effectsOf(statement: Statement): Effects {
  const n = statement.node;
  if (!n || typeof n !== 'object') return NONE;
  let effects = effectsByTree.get(n);
  if (!effects) effectsByTree.set(n, (effects = effectsOfTree(statement.kind, n)));
  return effects;
}

function effectsOfTree(kind: string, n: any): Effects {
  switch (kind) {
    case 'CreateStmt':
      return { created: [relation('table', n.relation)], removed: [] };
    case 'CreateTableAsStmt':
      return { created: [relation(n.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table', n.into?.rel)], removed: [] };
    case 'ViewStmt':
      return { created: [relation('view', n.view)], removed: [] };
    case 'CreateSeqStmt':
      return { created: [relation('sequence', n.sequence)], removed: [] };
    case 'IndexStmt':
      return n.idxname ? { created: [{ kind: 'index', name: n.idxname, schema: n.relation?.schemaname, table: n.relation?.relname, columns: indexColumns(n) }], removed: [] } : NONE;
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
    if (cmd.subtype === 'AT_AddColumn' && def?.colname) {
      effects.created.push({ kind: 'column', name: def.colname, ...on });
      // Django writes a ForeignKey's constraint into the ADD COLUMN under a name of its own.
      for (const c of def.constraints ?? []) {
        if (c?.Constraint?.conname) effects.created.push({ kind: 'constraint', name: c.Constraint.conname, ...on, columns: [def.colname] });
      }
    }
    else if (cmd.subtype === 'AT_DropColumn' && cmd.name) effects.removed.push({ kind: 'column', name: cmd.name, ...on });
    else if (cmd.subtype === 'AT_AddConstraint' && def) {
      const name = def.conname ?? defaultConstraintName(on.table, def);
      effects.created.push({ kind: 'constraint', name, ...on, columns: constraintColumns(def) });
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

/**
 * Whether dropping `container` takes `part` with it: a table its columns, constraints and
 * indexes; a column the indexes and constraints on it (PostgreSQL drops them with the column).
 */
export function contains(container: DbObject, part: DbObject): boolean {
  if (!sameSchema(part.schema, container.schema)) return false;
  if (container.kind === 'column') return part.table === container.table && (part.columns?.includes(container.name) ?? false);
  return RELATION_KINDS.has(container.kind) && part.table === container.name;
}

/** The names a container of `part` goes by: its table, and the columns it covers. */
const containerNames = (part: DbObject): string[] => (part.table === undefined ? [] : [part.table, ...(part.columns ?? [])]);

const sameSchema = (a: string | undefined, b: string | undefined) => a === undefined || b === undefined || a === b;

/** `column users.email`, `table orders`, as messages name objects. */
export function describeObject(o: DbObject): string {
  const owner = o.kind === 'column' || o.kind === 'constraint' ? `${o.table}.` : '';
  return `${o.kind} ${o.schema && !owner ? `${o.schema}.` : ''}${owner}${o.name}`;
}

/**
 * Objects looked up by name, so that matching thousands of them against each other
 * (`sameObject`, `contains`) costs a map access each rather than a scan of the list.
 */
export class ObjectIndex {
  private readonly items: (DbObject | undefined)[] = [];
  private readonly byName = new Map<string, number[]>();
  private readonly byTable = new Map<string, number[]>();

  constructor(objects: readonly DbObject[] = []) {
    objects.forEach((o) => this.add(o));
  }

  add(o: DbObject): void {
    const i = this.items.push(o) - 1;
    addTo(this.byName, o.name, i);
    if (o.table !== undefined) addTo(this.byTable, o.table, i);
  }

  /** The first object that names the same one as `o`. */
  same(o: DbObject): number | undefined {
    return this.byName.get(o.name)?.find((i) => this.items[i] !== undefined && sameObject(this.items[i]!, o));
  }

  /** Whether another object here contains `part` (its table, or a column it covers, is here). */
  hasContainerOf(part: DbObject): boolean {
    return containerNames(part).some((name) => (this.byName.get(name) ?? []).some((i) => this.items[i] !== undefined && this.items[i] !== part && contains(this.items[i]!, part)));
  }

  /** Whether an object here is `o` or contains it. */
  covers(o: DbObject): boolean {
    return this.same(o) !== undefined || this.hasContainerOf(o);
  }

  /** Removes the parts of `container` (the columns, constraints and indexes of a table; those on a column). */
  removePartsOf(container: DbObject): void {
    const table = container.kind === 'column' ? container.table : container.name;
    for (const i of this.byTable.get(table ?? '') ?? []) if (this.items[i] && contains(container, this.items[i]!)) this.items[i] = undefined;
  }

  remove(i: number): void {
    this.items[i] = undefined;
  }

  /** What is left, in the order added. */
  list(): DbObject[] {
    return this.items.filter((o): o is DbObject => o !== undefined);
  }
}


/**
 * What a script leaves behind, in order: objects created and not removed again, and
 * objects that existed before and were removed (a create after the removal cancels it).
 */
export function netEffects(statements: readonly Statement[]): Effects {
  // The downgrade rules fold a whole script on every check; after an edit that leaves
  // every statement's effects as they were (typing inside one), the last fold still holds.
  const effects = statements.map(effectsOf);
  const hit = lastFolds.find((f) => sameEffects(f.effects, effects));
  if (hit) return hit.result;
  const result = fold(effects);
  lastFolds.unshift({ effects, result });
  lastFolds.length = Math.min(lastFolds.length, KEPT_FOLDS);
  return result;
}

// A few: the up and down scripts of the migration being edited, and a neighbour.
const KEPT_FOLDS = 4;
const lastFolds: { effects: Effects[]; result: Effects }[] = [];

function sameEffects(a: Effects[], b: Effects[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  }
  return true;
}

function fold(effects: Effects[]): Effects {
  const created = new ObjectIndex();
  const removed = new ObjectIndex();
  for (const e of effects) {
    for (const r of e.removed) {
      const i = created.same(r);
      if (i !== undefined) created.remove(i);
      else if (!created.hasContainerOf(r)) removed.add(r);
      // Parts of a relation created in the same script go with it.
      created.removePartsOf(r);
    }
    for (const c of e.created) {
      const i = removed.same(c);
      if (i !== undefined) removed.remove(i);
      else created.add(c);
    }
  }
  return { created: created.list(), removed: removed.list() };
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
