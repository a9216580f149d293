// A light model of the database schema as a folder's migrations leave it: enough for
// rules to ask "does this table exist, what type is this column, is there a validated
// CHECK (c IS NOT NULL)", never a full PostgreSQL catalog. Catalogs are immutable, so a
// state can be cached and shared; `edit` copies what a change touches.

/** A column type with PostgreSQL's canonical name (`int4`, `varchar`, `timestamptz`). */
export interface ColumnType {
  name: string;
  /** `varchar(20)` → [20]; `numeric(10, 2)` → [10, 2]; empty when unconstrained. */
  typmods: number[];
  /** Array dimensions as written (`int[]` → 1). */
  arrayDims: number;
}

export interface ColumnDefault {
  volatile: boolean;
  /** The expression as the migration wrote it; absent when it could not be read back. */
  expression?: string;
}

export interface Column {
  name: string;
  type: ColumnType;
  notNull: boolean;
  /** Absent when the column has no default (or `DEFAULT NULL`). */
  default?: ColumnDefault;
  identity?: 'always' | 'by default';
  generated?: 'stored' | 'virtual';
}

export type ConstraintKind = 'check' | 'unique' | 'primary' | 'foreign' | 'exclusion' | 'not-null';

export interface Constraint {
  name: string;
  kind: ConstraintKind;
  /** False while added NOT VALID and not yet validated. */
  validated: boolean;
  columns: string[];
  /** For `CHECK (c IS NOT NULL)` and PostgreSQL 18's named NOT NULL constraints: the column it proves non-null. */
  notNullOf?: string;
}

export interface Index {
  name: string;
  unique: boolean;
  /** Plain column keys; an expression key appears as `(expression)`. */
  columns: string[];
  /** Stays true: the model cannot know that a CONCURRENTLY build failed. */
  valid: boolean;
  /** Built with a WHERE clause, so it covers only some rows. */
  partial?: true;
  /**
   * For a partial index whose WHERE clause only asks columns to be non-null (`c IS NOT NULL`,
   * joined by AND): those columns. A search by `c = value` can use it, as PostgreSQL proves.
   */
  nonNullOnly?: string[];
}

export interface Table {
  schema: string;
  name: string;
  /** In column order. */
  columns: ReadonlyMap<string, Column>;
  constraints: ReadonlyMap<string, Constraint>;
  /** By name; an index lives in its table's schema. */
  indexes: ReadonlyMap<string, Index>;
  /** False for CREATE TABLE … AS and LIKE, whose columns the model does not work out. */
  columnsKnown: boolean;
  /** Path of the migration file whose up script created it. */
  createdIn: string;
}

/** `schema.name`, with `public` for an unqualified name (the model ignores search_path). */
export function objectKey(name: string, schema?: string): string {
  return `${schema || 'public'}.${name}`;
}

/** The key of a RangeVar from the AST. */
export function rangeVarKey(rangeVar: any): string {
  return objectKey(String(rangeVar?.relname ?? ''), rangeVar?.schemaname);
}

/**
 * Tables by key: a shared base plus a small overlay of what changed since (undefined
 * marks a dropped table), so that a state per migration or per statement costs what
 * changed, not a copy of every table. The overlay is folded into a new base once it grows.
 */
class TableMap {
  static readonly MAX_OVERLAY = 64;

  constructor(
    private readonly base: ReadonlyMap<string, Table>,
    private readonly overlay: ReadonlyMap<string, Table | undefined>,
  ) {}

  get(key: string): Table | undefined {
    return this.overlay.has(key) ? this.overlay.get(key) : this.base.get(key);
  }

  *values(): IterableIterator<Table> {
    for (const t of this.overlay.values()) if (t) yield t;
    for (const [key, t] of this.base) if (!this.overlay.has(key)) yield t;
  }

  with(changes: ReadonlyMap<string, Table | undefined>): TableMap {
    if (changes.size === 0) return this;
    // Copied map to map: spreading both into an array of entries first made a garbage array per statement.
    const overlay = new Map(this.overlay);
    for (const [key, t] of changes) overlay.set(key, t);
    if (overlay.size <= TableMap.MAX_OVERLAY) return new TableMap(this.base, overlay);
    const base = new Map(this.base);
    for (const [key, t] of overlay) {
      if (t) base.set(key, t);
      else base.delete(key);
    }
    return new TableMap(base, new Map());
  }
}

export class Catalog {
  static readonly empty = new Catalog(new TableMap(new Map(), new Map()), new Map());

  private constructor(
    private readonly tableMap: TableMap,
    /** Enum types by key, their labels in order. */
    readonly enums: ReadonlyMap<string, readonly string[]>,
  ) {}

  /** The table a RangeVar or a `schema.name` key names. */
  table(ref: string | object): Table | undefined {
    return this.tableMap.get(typeof ref === 'string' ? ref : rangeVarKey(ref));
  }

  tables(): IterableIterator<Table> {
    return this.tableMap.values();
  }

  column(table: string | object, column: string): Column | undefined {
    return this.table(table)?.columns.get(column);
  }

  /** The index a `schema.name` key names, and its table. */
  index(key: string): { index: Index; table: Table } | undefined {
    const [schema, name] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
    for (const table of this.tables()) {
      const index = table.schema === schema ? table.indexes.get(name) : undefined;
      if (index) return { index, table };
    }
    return undefined;
  }

  /** Whether a validated constraint proves `column` non-null, so SET NOT NULL can skip its scan (PostgreSQL 12+). */
  provesNotNull(table: string | object, column: string): boolean {
    const t = this.table(table);
    return [...(t?.constraints.values() ?? [])].some((c) => c.validated && c.notNullOf === column);
  }

  /** A copy changed by `change`, which edits a draft; tables it does not touch are shared. */
  edit(change: (draft: CatalogDraft) => void): Catalog {
    const draft = new CatalogDraft(this);
    change(draft);
    return new Catalog(this.tableMap.with(draft.changes), draft.enums ?? this.enums);
  }
}

export type MutableTable = Omit<Table, 'columns' | 'constraints' | 'indexes'> & {
  columns: Map<string, Column>;
  constraints: Map<string, Constraint>;
  indexes: Map<string, Index>;
};

/** A catalog being changed: a table is copied the first time it is touched. */
export class CatalogDraft {
  /** Tables added, changed (copies) or dropped (undefined), by key. */
  readonly changes = new Map<string, MutableTable | undefined>();
  /** A copy of the enums once one changes. */
  enums?: Map<string, readonly string[]>;

  constructor(private readonly from: Catalog) {}

  has(key: string): boolean {
    return (this.changes.has(key) ? this.changes.get(key) : this.from.table(key)) !== undefined;
  }

  /** The table under `key`, safe to change in place; undefined when the model does not know it. */
  table(key: string): MutableTable | undefined {
    if (this.changes.has(key)) return this.changes.get(key);
    const t = this.from.table(key);
    if (!t) return undefined;
    const copy: MutableTable = { ...t, columns: new Map(t.columns), constraints: new Map(t.constraints), indexes: new Map(t.indexes) };
    this.changes.set(key, copy);
    return copy;
  }

  addTable(key: string, table: MutableTable): void {
    this.changes.set(key, table);
  }

  dropTable(key: string): void {
    if (this.has(key)) this.changes.set(key, undefined);
  }

  /** Moves a table to a new key (a rename, or SET SCHEMA); its indexes move with it. */
  renameTable(from: string, to: string, name: string, schema: string): void {
    const t = this.table(from);
    if (!t) return;
    this.changes.set(from, undefined);
    this.addTable(to, { ...t, name, schema });
  }

  /** The key of the table holding the index a `schema.name` key names. */
  tableOfIndex(key: string): string | undefined {
    const name = key.slice(key.indexOf('.') + 1);
    for (const [tableKey, t] of this.changes) if (t?.indexes.has(name) && key === objectKey(name, t.schema)) return tableKey;
    const found = this.from.index(key);
    if (!found) return undefined;
    const tableKey = objectKey(found.table.name, found.table.schema);
    // The draft may have dropped or changed that table since.
    return this.table(tableKey)?.indexes.has(name) ? tableKey : undefined;
  }

  /** Changes one column in place (by copy); does nothing when the model does not know it. */
  updateColumn(tableKey: string, column: string, change: (c: Column) => Column): void {
    const t = this.table(tableKey);
    const c = t?.columns.get(column);
    if (t && c) t.columns.set(column, change(c));
  }

  enum(key: string): readonly string[] | undefined {
    return (this.enums ?? this.from.enums).get(key);
  }

  setEnum(key: string, values: readonly string[] | undefined): void {
    this.enums ??= new Map(this.from.enums);
    if (values) this.enums.set(key, values);
    else this.enums.delete(key);
  }
}
