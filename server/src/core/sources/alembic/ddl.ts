// Alembic operations rendered to the SQL `alembic upgrade --sql` emits for PostgreSQL
// (checked statement by statement against real Alembic in test/fixtures/alembic).
import { quoteIdent } from '../../rules/fixes/tokens';
import { Args, columnExpression, literal, qualified, serverDefault, sqlText, Unanalysable } from './sqltext';
import { columnType, type ColumnType } from './sqltypes';
import type { TypeLookup } from './project';
import { describe, type PyValue } from '../python/values';

type Call = Extract<PyValue, { kind: 'call' }>;

export interface OpSpec {
  /** Parameter names of `op.<name>(...)`, in order. */
  params: string[];
  /** Of `batch_op.<name>(...)`, which takes the table from its block; undefined when batch mode has no such call. */
  batch?: string[];
  render(a: Args): string[];
}

const last = (dotted: string) => dotted.split('.').pop()!;
const isCall = (v: PyValue | undefined, ...names: string[]): v is Call => v?.kind === 'call' && names.includes(last(v.callee));
const list = (names: string[]) => names.join(', ');

interface ColumnDef {
  name: string;
  type: ColumnType;
  nullable: boolean;
  primaryKey: boolean;
  default?: string;
  foreignKeys: Call[];
  unique: boolean;
  index: boolean;
  autoincrement: boolean;
  /** `sa.Identity()`: SQLAlchemy writes an identity column, not a SERIAL. */
  identity?: 'ALWAYS' | 'BY DEFAULT';
}

function readColumn(v: PyValue, types: TypeLookup | undefined): ColumnDef {
  if (!isCall(v, 'Column')) throw new Unanalysable(`the column ${describe(v)}`);
  const name = v.args[0]?.kind === 'str' ? v.args[0].value : undefined;
  if (!name) throw new Unanalysable('the column has no literal name');
  const a = new Args(v, ['name', 'type_']);
  const extras = a.rest();
  const primaryKey = a.flag('primary_key');
  const nullable = a.get('nullable');
  const dflt = a.get('server_default');
  const auto = a.get('autoincrement');
  return {
    name,
    type: columnType(a.get('type_'), types),
    primaryKey,
    nullable: nullable === undefined ? !primaryKey : a.flag('nullable'),
    default: dflt === undefined || dflt.kind === 'none' ? undefined : serverDefault(dflt),
    foreignKeys: extras.filter((e): e is Call => isCall(e, 'ForeignKey')),
    unique: a.flag('unique'),
    index: a.flag('index'),
    autoincrement: !(auto?.kind === 'bool' && !auto.value),
    ...identityOf(extras.find((e): e is Call => isCall(e, 'Identity'))),
  };
}

function identityOf(call: Call | undefined): Pick<ColumnDef, 'identity'> {
  if (!call) return {};
  const always = new Args(call, []).get('always');
  return { identity: always?.kind === 'bool' && always.value ? 'ALWAYS' : 'BY DEFAULT' };
}

function columnSql(c: ColumnDef, serial = false): string {
  const type = serial && c.type.serial && !c.identity ? c.type.serial : c.type.sql;
  const identity = c.identity ? `GENERATED ${c.identity} AS IDENTITY` : '';
  // An identity column is NOT NULL by definition, and SQLAlchemy does not repeat it.
  const notNull = c.nullable || c.identity ? '' : 'NOT NULL';
  return [quoteIdent(c.name), type, c.default !== undefined ? `DEFAULT ${c.default}` : '', identity, notNull].filter(Boolean).join(' ');
}

const named = (name: PyValue | undefined, body: string) => (name?.kind === 'str' ? `CONSTRAINT ${quoteIdent(name.value)} ${body}` : body);

/** `FOREIGN KEY(a) REFERENCES t (b) ON DELETE …`; every name already quoted. */
function foreignKeySql(local: string[], referent: string, remote: string[], options: Map<string, PyValue>): string {
  let sql = `FOREIGN KEY(${list(local)}) REFERENCES ${referent} (${list(remote)})`;
  for (const [kw, clause] of [['ondelete', 'ON DELETE'], ['onupdate', 'ON UPDATE']]) {
    const v = options.get(kw);
    if (v?.kind === 'str') sql += ` ${clause} ${v.value}`;
  }
  const deferrable = options.get('deferrable');
  if (deferrable?.kind === 'bool') sql += deferrable.value ? ' DEFERRABLE' : ' NOT DEFERRABLE';
  const initially = options.get('initially');
  if (initially?.kind === 'str') sql += ` INITIALLY ${initially.value}`;
  return sql + notValid(options);
}

/** SQLAlchemy's `table.column` (or `schema.table.column`) targets, as the referenced table and its columns. */
function targets(refs: string[]): { referent: string; remote: string[] } {
  const referent = refs[0]?.split('.').slice(0, -1).map(quoteIdent).join('.');
  if (!referent) throw new Unanalysable('the foreign key target names no table');
  return { referent, remote: refs.map((r) => quoteIdent(r.split('.').pop()!)) };
}

function notValid(options: Map<string, PyValue>): string {
  const v = options.get('postgresql_not_valid');
  return v?.kind === 'bool' && v.value ? ' NOT VALID' : '';
}

const seqOf = (v: PyValue | undefined): PyValue[] => (v?.kind === 'seq' ? v.items : v ? [v] : []);

function strings(values: PyValue[], what: string): string[] {
  return values.map((v) => {
    if (v.kind !== 'str') throw new Unanalysable(`${what} ${describe(v)}`);
    return v.value;
  });
}

/** A table-level constraint or index among create_table's arguments. */
function tableItem(v: Call, table: string): { constraint?: string; primary?: string; index?: string } {
  const kind = last(v.callee);
  const a = new Args(v, []);
  const name = a.get('name');
  if (kind === 'PrimaryKeyConstraint') return { primary: named(name, `PRIMARY KEY (${list(strings(v.args, 'a key column').map(quoteIdent))})`) };
  if (kind === 'UniqueConstraint') return { constraint: named(name, `UNIQUE (${list(strings(v.args, 'a unique column').map(quoteIdent))})`) };
  if (kind === 'CheckConstraint') return { constraint: named(name, `CHECK (${conditionSql(v.args[0])})`) };
  if (kind === 'ForeignKeyConstraint') {
    const cols = new Args(v, ['columns', 'refcolumns']);
    const { referent, remote } = targets(strings(seqOf(cols.get('refcolumns')), 'a referenced column'));
    return { constraint: named(name, foreignKeySql(cols.names('columns'), referent, remote, v.kwargs)) };
  }
  if (kind === 'Index') {
    const index = new Args(v, ['name']);
    return { index: createIndex(index.str('name'), table, v.args.slice(1).map(columnExpression), v.kwargs) };
  }
  throw new Unanalysable(`${kind} in create_table is not one Migration Guard knows`);
}

function conditionSql(v: PyValue | undefined): string {
  if (v?.kind === 'str') return v.value;
  const text = v && sqlText(v);
  if (text !== undefined) return text;
  throw new Unanalysable(v ? `the condition ${describe(v)}` : 'the condition is missing');
}

function createIndex(name: string, table: string, columns: string[], kw: Map<string, PyValue>): string {
  const on = (k: string) => kw.get(k)?.kind === 'bool' && (kw.get(k) as { value: boolean }).value;
  const using = kw.get('postgresql_using');
  const where = kw.get('postgresql_where');
  return [
    `CREATE ${on('unique') ? 'UNIQUE ' : ''}INDEX`,
    on('postgresql_concurrently') ? 'CONCURRENTLY' : '',
    on('if_not_exists') ? 'IF NOT EXISTS' : '',
    `${quoteIdent(name)} ON ${table}`,
    using?.kind === 'str' ? `USING ${using.value}` : '',
    `(${list(columns)})`,
    where ? `WHERE ${conditionSql(where)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const tableOf = (a: Args, param = 'table_name', schema = 'schema') => qualified(a.str(param), a.optionalStr(schema));
const alter = (a: Args, param?: string, schema?: string) => `ALTER TABLE ${tableOf(a, param, schema)}`;

export const OPS: Record<string, OpSpec> = {
  create_table: {
    params: ['table_name'],
    render(a) {
      const table = tableOf(a);
      const items = a.rest();
      const columns = items.filter((v) => isCall(v, 'Column')).map((c) => readColumn(c, a.types));
      const stray = items.find((v) => v.kind !== 'call');
      if (stray) throw new Unanalysable(`an argument of create_table ${describe(stray)}`);
      const others = (items as Call[]).filter((v) => !isCall(v, 'Column')).map((v) => tableItem(v, table));
      const keyed = columns.filter((c) => c.primaryKey);
      const primary = others.find((o) => o.primary)?.primary ?? (keyed.length ? `PRIMARY KEY (${list(keyed.map((c) => quoteIdent(c.name)))})` : undefined);
      const pkColumns = keyed.length ? keyed : columns.filter((c) => primary?.includes(`(${quoteIdent(c.name)})`));
      const serial = pkColumns.length === 1 && pkColumns[0].autoincrement && pkColumns[0].foreignKeys.length === 0 ? pkColumns[0] : undefined;
      for (const c of pkColumns) c.nullable = false;
      const lines = [
        ...columns.map((c) => columnSql(c, c === serial)),
        ...(primary ? [primary] : []),
        ...others.flatMap((o) => (o.constraint ? [o.constraint] : [])),
        ...columns.flatMap((c) => c.foreignKeys.map((fk) => columnForeignKey(c, fk))),
        ...columns.filter((c) => c.unique).map((c) => `UNIQUE (${quoteIdent(c.name)})`),
      ];
      const enums = columns.flatMap((c) => (c.type.enumType ? [c.type.enumType] : []));
      return [
        ...enums.map((e) => `CREATE TYPE ${quoteIdent(e.name)} AS ENUM (${list(e.values.map((v) => literal({ kind: 'str', value: v } as PyValue)))})`),
        `CREATE TABLE ${table} (\n    ${lines.join(', \n    ')}\n)`,
        ...others.flatMap((o) => (o.index ? [o.index] : [])),
        ...columns.filter((c) => c.index).map((c) => createIndex(`ix_${a.str('table_name')}_${c.name}`, table, [quoteIdent(c.name)], new Map())),
      ];
    },
  },
  drop_table: {
    params: ['table_name'],
    render: (a) => [`DROP TABLE ${a.flag('if_exists') ? 'IF EXISTS ' : ''}${tableOf(a)}`],
  },
  add_column: {
    params: ['table_name', 'column'],
    batch: ['column'],
    render(a) {
      const column = a.get('column');
      const c = readColumn(column ?? ({ kind: 'none' } as PyValue), a.types);
      const add = `${alter(a)} ADD COLUMN ${a.flag('if_not_exists') ? 'IF NOT EXISTS ' : ''}${columnSql(c)}`;
      return [add, ...c.foreignKeys.map((fk) => `${alter(a)} ADD ${columnForeignKey(c, fk)}`)];
    },
  },
  drop_column: {
    params: ['table_name', 'column_name'],
    batch: ['column_name'],
    render: (a) => [`${alter(a)} DROP COLUMN ${a.flag('if_exists') ? 'IF EXISTS ' : ''}${quoteIdent(a.str('column_name'))}`],
  },
  alter_column: {
    params: ['table_name', 'column_name'],
    batch: ['column_name'],
    render(a) {
      const column = `${alter(a)} ALTER COLUMN ${quoteIdent(a.str('column_name'))}`;
      const out: string[] = [];
      const type = a.get('type_');
      const using = a.get('postgresql_using');
      if (type && type.kind !== 'none') out.push(`${column} TYPE ${columnType(type, a.types).sql}${using?.kind === 'str' ? ` USING ${using.value}` : ''}`);
      const nullable = a.get('nullable');
      if (nullable && nullable.kind !== 'none') out.push(`${column} ${a.flag('nullable') ? 'DROP' : 'SET'} NOT NULL`);
      // Alembic's "not given" is False; None drops the default.
      const dflt = a.get('server_default');
      if (dflt && !(dflt.kind === 'bool' && !dflt.value)) out.push(dflt.kind === 'none' ? `${column} DROP DEFAULT` : `${column} SET DEFAULT ${serverDefault(dflt)}`);
      const comment = a.get('comment');
      if (comment && !(comment.kind === 'bool' && !comment.value)) {
        out.push(`COMMENT ON COLUMN ${tableOf(a)}.${quoteIdent(a.str('column_name'))} IS ${literal(comment)}`);
      }
      const rename = a.optionalStr('new_column_name');
      if (rename) out.push(`${alter(a)} RENAME ${quoteIdent(a.str('column_name'))} TO ${quoteIdent(rename)}`);
      return out;
    },
  },
  create_index: {
    params: ['index_name', 'table_name', 'columns'],
    batch: ['index_name', 'columns'],
    render: (a) => [createIndex(a.str('index_name'), tableOf(a), a.names('columns'), kwargsOf(a))],
  },
  drop_index: {
    params: ['index_name', 'table_name'],
    batch: ['index_name'],
    render(a) {
      const flags = [a.flag('postgresql_concurrently') ? 'CONCURRENTLY ' : '', a.flag('if_exists') ? 'IF EXISTS ' : ''].join('');
      return [`DROP INDEX ${flags}${qualified(a.str('index_name'), a.optionalStr('schema'))}`];
    },
  },
  create_foreign_key: {
    params: ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols'],
    batch: ['constraint_name', 'referent_table', 'local_cols', 'remote_cols'],
    render(a) {
      const referent = qualified(a.str('referent_table'), a.optionalStr('referent_schema'));
      const fk = foreignKeySql(a.names('local_cols'), referent, a.names('remote_cols'), kwargsOf(a));
      return [`${alter(a, 'source_table', 'source_schema')} ADD ${named(a.get('constraint_name'), fk)}`];
    },
  },
  create_unique_constraint: {
    params: ['constraint_name', 'table_name', 'columns'],
    batch: ['constraint_name', 'columns'],
    render: (a) => [`${alter(a)} ADD ${named(a.get('constraint_name'), `UNIQUE (${list(a.names('columns'))})`)}`],
  },
  create_check_constraint: {
    params: ['constraint_name', 'table_name', 'condition'],
    batch: ['constraint_name', 'condition'],
    render: (a) => [`${alter(a)} ADD ${named(a.get('constraint_name'), `CHECK (${conditionSql(a.get('condition'))})${notValid(kwargsOf(a))}`)}`],
  },
  create_primary_key: {
    params: ['constraint_name', 'table_name', 'columns'],
    batch: ['constraint_name', 'columns'],
    render: (a) => [`${alter(a)} ADD ${named(a.get('constraint_name'), `PRIMARY KEY (${list(a.names('columns'))})`)}`],
  },
  drop_constraint: {
    params: ['constraint_name', 'table_name', 'type_'],
    batch: ['constraint_name', 'type_'],
    render: (a) => [`${alter(a)} DROP CONSTRAINT ${a.flag('if_exists') ? 'IF EXISTS ' : ''}${quoteIdent(a.str('constraint_name'))}`],
  },
  rename_table: {
    params: ['old_table_name', 'new_table_name'],
    render: (a) => [`ALTER TABLE ${tableOf(a, 'old_table_name')} RENAME TO ${quoteIdent(a.str('new_table_name'))}`],
  },
  bulk_insert: {
    params: ['table', 'rows'],
    render(a) {
      const table = a.get('table');
      if (!isCall(table, 'table', 'Table') || table.args[0]?.kind !== 'str') throw new Unanalysable(`the table ${table ? describe(table) : 'is missing'}`);
      const columns = table.args.slice(1).flatMap((c) => (isCall(c, 'column', 'Column') && c.args[0]?.kind === 'str' ? [c.args[0].value] : []));
      const rows = a.get('rows');
      if (rows?.kind !== 'seq') throw new Unanalysable(`the rows ${rows ? describe(rows) : 'are missing'}`);
      const name = qualified(table.args[0].value, table.kwargs.get('schema')?.kind === 'str' ? (table.kwargs.get('schema') as { value: string }).value : undefined);
      return rows.items.map((row) => {
        if (row.kind !== 'dict') throw new Unanalysable(`a row ${describe(row)}`);
        const values = new Map(row.entries.map(([k, v]) => [k.kind === 'str' ? k.value : '', v]));
        const present = columns.filter((c) => values.has(c));
        return `INSERT INTO ${name} (${list(present.map(quoteIdent))}) VALUES (${list(present.map((c) => literal(values.get(c)!)))})`;
      });
    },
  },
};

function columnForeignKey(c: ColumnDef, fk: Call): string {
  const target = fk.args[0];
  if (target?.kind !== 'str') throw new Unanalysable(`the foreign key target ${target ? describe(target) : 'is missing'}`);
  const { referent, remote } = targets([target.value]);
  return named(fk.kwargs.get('name'), foreignKeySql([quoteIdent(c.name)], referent, remote, fk.kwargs));
}

/** Every argument of the call as options (the `postgresql_*` flags and friends). */
function kwargsOf(a: Args): Map<string, PyValue> {
  const keys = ['unique', 'if_not_exists', 'postgresql_concurrently', 'postgresql_using', 'postgresql_where', 'postgresql_not_valid', 'ondelete', 'onupdate', 'deferrable', 'initially'];
  return new Map(keys.flatMap((k) => (a.get(k) ? [[k, a.get(k)!] as [string, PyValue]] : [])));
}
