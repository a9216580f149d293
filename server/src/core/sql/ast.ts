// Small readers over libpg-query's JSON AST, so rules never dig into node shapes twice.
import { remembered } from '../remember';

/** `schema.name` or `name` of a RangeVar. */
export function relationName(rangeVar: any): string {
  if (!rangeVar) return '';
  return rangeVar.schemaname ? `${rangeVar.schemaname}.${rangeVar.relname}` : String(rangeVar.relname ?? '');
}

/** The bare relation name, lowercased, for comparing references made with and without a schema. */
export function relationKey(rangeVar: any): string {
  return String(rangeVar?.relname ?? '').toLowerCase();
}

/** Values of a list of `{String: {sval}}` nodes (names, qualified names). */
export function stringList(list: any[] | undefined): string[] {
  return (list ?? []).map((n) => n?.String?.sval ?? '').filter(Boolean);
}

/** The commands of an ALTER TABLE, each as its AlterTableCmd body. */
export function alterCommands(node: any): any[] {
  return (node?.cmds ?? []).map((c: any) => c.AlterTableCmd).filter(Boolean);
}

/** The single key of a wrapped node (`{Constraint: {...}}` → `Constraint`). */
export function nodeKind(wrapped: any): string | undefined {
  return wrapped && typeof wrapped === 'object' ? Object.keys(wrapped)[0] : undefined;
}

/**
 * Bodies of every wrapped node of `kind` in a subtree, in document order. Fields that
 * hold a bare body (such as a statement's own `relation`) are not wrapped, so they are
 * not found: read those directly.
 */
// Parsed trees are shared by every check of an unchanged statement, so searches are remembered by tree.
const searches = new WeakMap<object, Map<string, any[]>>();

/** Every node of `kind` in `tree`, outermost first. The result is shared: callers must not change it. */
export function nodesOfKind(tree: unknown, kind: string): any[] {
  if (!tree || typeof tree !== 'object') return [];
  // The slow path apart, so that a kept search makes no closures.
  return searches.get(tree)?.get(kind) ?? searchAndKeep(tree, kind);
}

function searchAndKeep(tree: object, kind: string): any[] {
  return remembered(remembered(searches, tree, () => new Map()), kind, () => searchKind(tree, kind));
}

function searchKind(tree: object, kind: string): any[] {
  const found: any[] = [];
  // for…in, not Object.entries: this walks every node of every statement, and the pairs showed up in profiles.
  const visit = (n: any) => {
    if (Array.isArray(n)) {
      for (const item of n) visit(item);
    } else if (n && typeof n === 'object') {
      for (const key in n) {
        if (key === kind) found.push(n[key]);
        visit(n[key]);
      }
    }
  };
  visit(tree);
  return found;
}

/** The columns an index keys on, in order; an expression key appears as `(expression)`. */
export function indexColumns(indexStmt: any): string[] {
  return (indexStmt?.indexParams ?? []).map((p: any) => p.IndexElem?.name ?? '(expression)');
}

/** The columns a table constraint covers: a foreign key's own columns, those a CHECK reads, else its keys. */
export function constraintColumns(constraint: any): string[] {
  if (constraint?.contype === 'CONSTR_FOREIGN') return stringList(constraint.fk_attrs);
  if (constraint?.contype === 'CONSTR_CHECK') return [...new Set(nodesOfKind(constraint.raw_expr, 'ColumnRef').map((r) => stringList(r.fields).pop() ?? ''))].filter(Boolean);
  return stringList(constraint?.keys);
}

/** Names a DROP statement lists, each as its dotted parts (`DROP TABLE s.t` → [['s', 't']]). */
export function droppedNames(dropStmt: any): string[][] {
  return (dropStmt?.objects ?? []).map((o: any) => stringList(o?.List?.items)).filter((n: string[]) => n.length > 0);
}

/** Whether a list of DefElem options (`VACUUM (FULL)`, `REINDEX (CONCURRENTLY)`) names `option`. */
export function hasOption(options: any[] | undefined, option: string): boolean {
  return (options ?? []).some((o) => o?.DefElem?.defname === option);
}

/** The constraints of `contype` (such as `CONSTR_DEFAULT`) among a column definition's constraints. */
export function columnConstraints(columnDef: any, contype: string): any[] {
  // A loop rather than map and filter: asked for every column by the schema model and many rules.
  const found: any[] = [];
  for (const c of columnDef?.constraints ?? []) if (c?.Constraint?.contype === contype) found.push(c.Constraint);
  return found;
}

/**
 * Statements PostgreSQL refuses inside a transaction block (which is why runners such as
 * Flyway run a script made only of them without one).
 */
export function mustRunOutsideTransaction(s: { kind: string; node?: any }): boolean {
  const n = s.node ?? {};
  switch (s.kind) {
    case 'IndexStmt':
    case 'DropStmt':
      return Boolean(n.concurrent);
    case 'ReindexStmt':
      return hasOption(n.params, 'concurrently');
    case 'VacuumStmt':
      return n.is_vacuumcmd === true;
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
    case 'AlterSystemStmt':
      return true;
    default:
      return false;
  }
}
