// SQLAlchemy column types as its PostgreSQL dialect names them in DDL.
import { quoteIdent } from '../../rules/fixes/tokens';
import type { ProjectClass, TypeLookup } from './project';
import { Unanalysable } from './sqltext';
import { describe, short, type PyValue } from '../python/values';

export interface ColumnType {
  sql: string;
  /** For an integer primary key that becomes SERIAL / BIGSERIAL / SMALLSERIAL. */
  serial?: string;
  /** A named Enum whose type `create_table` creates first. */
  enumType?: { name: string; values: string[] };
}

type Call = { args: PyValue[]; kwargs: Map<string, PyValue> };

const int = (v: PyValue | undefined): number | undefined => (v?.kind === 'num' ? v.value : undefined);
const arg = (c: Call, i: number, name: string) => c.kwargs.get(name) ?? c.args[i];
const sized = (base: string, n: number | undefined) => (n === undefined ? base : `${base}(${n})`);
const timeZone = (base: string) => (c: Call) => {
  const tz = arg(c, 0, 'timezone');
  return `${base} ${tz?.kind === 'bool' && tz.value ? 'WITH' : 'WITHOUT'} TIME ZONE`;
};

const TYPES: Record<string, (c: Call, types?: TypeLookup) => ColumnType | string> = {
  Integer: () => ({ sql: 'INTEGER', serial: 'SERIAL' }),
  INTEGER: () => ({ sql: 'INTEGER', serial: 'SERIAL' }),
  BigInteger: () => ({ sql: 'BIGINT', serial: 'BIGSERIAL' }),
  BIGINT: () => ({ sql: 'BIGINT', serial: 'BIGSERIAL' }),
  SmallInteger: () => ({ sql: 'SMALLINT', serial: 'SMALLSERIAL' }),
  SMALLINT: () => ({ sql: 'SMALLINT', serial: 'SMALLSERIAL' }),
  String: (c) => sized('VARCHAR', int(arg(c, 0, 'length'))),
  Unicode: (c) => sized('VARCHAR', int(arg(c, 0, 'length'))),
  VARCHAR: (c) => sized('VARCHAR', int(arg(c, 0, 'length'))),
  CHAR: (c) => sized('CHAR', int(arg(c, 0, 'length'))),
  Text: () => 'TEXT',
  UnicodeText: () => 'TEXT',
  TEXT: () => 'TEXT',
  Boolean: () => 'BOOLEAN',
  BOOLEAN: () => 'BOOLEAN',
  DateTime: timeZone('TIMESTAMP'),
  TIMESTAMP: timeZone('TIMESTAMP'),
  Time: timeZone('TIME'),
  TIME: timeZone('TIME'),
  Date: () => 'DATE',
  DATE: () => 'DATE',
  Interval: () => 'INTERVAL',
  INTERVAL: () => 'INTERVAL',
  Numeric: numeric('NUMERIC'),
  NUMERIC: numeric('NUMERIC'),
  DECIMAL: numeric('DECIMAL'),
  Float: (c) => sized('FLOAT', int(arg(c, 0, 'precision'))),
  FLOAT: (c) => sized('FLOAT', int(arg(c, 0, 'precision'))),
  REAL: () => 'REAL',
  Double: () => 'DOUBLE PRECISION',
  DOUBLE_PRECISION: () => 'DOUBLE PRECISION',
  JSON: () => 'JSON',
  JSONB: () => 'JSONB',
  UUID: () => 'UUID',
  Uuid: () => 'UUID',
  LargeBinary: () => 'BYTEA',
  BYTEA: () => 'BYTEA',
  INET: () => 'INET',
  CIDR: () => 'CIDR',
  CITEXT: () => 'CITEXT',
  TSVECTOR: () => 'TSVECTOR',
  ARRAY: (c, types) => `${columnType(arg(c, 0, 'item_type'), types).sql}[]`,
  Enum: enumType,
  ENUM: enumType,
};

function numeric(base: string) {
  return (c: Call) => {
    const p = int(arg(c, 0, 'precision'));
    const s = int(arg(c, 1, 'scale'));
    return p === undefined ? base : s === undefined ? `${base}(${p})` : `${base}(${p}, ${s})`;
  };
}

function enumType(c: Call, types?: TypeLookup): ColumnType {
  const created = c.kwargs.get('create_type');
  const fromClass = enumClass(c, types);
  const name = c.kwargs.get('name');
  // SQLAlchemy names the type of an enum class after the class, lowercased.
  const typeName = name === undefined ? fromClass?.name.toLowerCase() : name.kind === 'str' ? name.value : undefined;
  if (typeName === undefined) throw new Unanalysable('the Enum has no literal name=');
  const values = fromClass ? enumLabels(fromClass, c.kwargs.get('values_callable')) : c.args.map((v) => (v.kind === 'str' ? v.value : undefined));
  const known = values.every((v) => v !== undefined) && values.length > 0;
  const create = !(created?.kind === 'bool' && !created.value) && known;
  return { sql: quoteIdent(typeName), ...(create ? { enumType: { name: typeName, values: values as string[] } } : {}) };
}

type EnumClass = Extract<ProjectClass, { kind: 'enum' }>;

/** `sa.Enum(MyEnum)`: the enum class its first argument names, when it can be read. */
function enumClass(c: Call, types: TypeLookup | undefined): EnumClass | undefined {
  const first = c.args[0];
  if (first?.kind !== 'ref') return undefined;
  const found = types?.classNamed(first.dotted);
  if (!found) throw new Unanalysable(`the Enum's class ${first.dotted} is not defined where it can be read`);
  if (found.kind === 'opaque') throw new Unanalysable(found.reason);
  if (found.kind !== 'enum') throw new Unanalysable(`${first.dotted} is not an enum.Enum class`);
  return found;
}

/**
 * The labels SQLAlchemy gives an enum class: member names, or their values under the one
 * `values_callable` it can read, `lambda e: [m.value for m in e]`. Aliases (a member whose
 * value an earlier one has) are left out, as iterating the class leaves them out.
 */
function enumLabels(cls: EnumClass, valuesCallable: PyValue | undefined): string[] {
  const byValue = !!valuesCallable && valuesCallable.kind !== 'none';
  if (byValue && !/^lambda\s+(\w+)\s*:\s*\[\s*(\w+)\.value\s+for\s+\2\s+in\s+\1\s*\]$/.test(valuesCallable.node.text.replace(/\s+/g, ' ').trim())) {
    throw new Unanalysable(`values_callable ${short(valuesCallable.node.text)} is not \`lambda e: [m.value for m in e]\``);
  }
  const seen = new Set<string>();
  const labels: string[] = [];
  for (const m of cls.members) {
    const v = m.value;
    const isAuto = v.kind === 'call' && v.callee.split('.').pop() === 'auto' && v.args.length === 0;
    if (!isAuto && !['str', 'num', 'bool', 'none'].includes(v.kind)) {
      throw new Unanalysable(`the value of ${cls.name}.${m.name} cannot be read, so whether it is an alias is unknown`);
    }
    const key = isAuto ? `auto:${m.name}` : `${v.kind}:${v.kind === 'str' ? v.value : v.node.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!byValue) labels.push(m.name);
    else if (v.kind === 'str') labels.push(v.value);
    else throw new Unanalysable(`${cls.name}.${m.name} has no string value for values_callable to give`);
  }
  return labels;
}

/** `sa.String(80)`, `sa.Integer`, `postgresql.JSONB(astext_type=sa.Text())`, a project's TypeDecorator … as DDL. */
export function columnType(v: PyValue | undefined, types?: TypeLookup, depth = 0): ColumnType {
  if (!v) throw new Unanalysable('the column has no type');
  const call: Call | undefined = v.kind === 'call' ? v : v.kind === 'ref' ? { args: [], kwargs: new Map() } : undefined;
  const dotted = v.kind === 'call' ? v.callee : v.kind === 'ref' ? v.dotted : undefined;
  const render = dotted ? TYPES[dotted.split('.').pop()!] : undefined;
  if (call && render) {
    const t = render(call, types);
    return typeof t === 'string' ? { sql: t } : t;
  }
  // `MyType.impl` (keystone's `sql.JsonBlob.impl`) is the decorator's impl itself.
  const impl = dotted?.endsWith('.impl') && v.kind === 'ref';
  const project = dotted ? types?.classNamed(impl ? dotted.slice(0, -'.impl'.length) : dotted) : undefined;
  if (call && project) return projectType(project, call, depth);
  throw new Unanalysable(`the column type ${v.kind === 'unknown' || !dotted ? describe(v) : `${dotted} is not one Migration Guard knows`}`);
}

/** What a project's type class compiles to: its `impl`, instantiated with the arguments it was given (TypeDecorator.__init__). */
function projectType(cls: ProjectClass, use: Call, depth: number): ColumnType {
  if (cls.kind === 'opaque') throw new Unanalysable(cls.reason);
  if (cls.kind === 'enum') throw new Unanalysable(`${cls.name} is an enum class, a column type only inside sa.Enum(…)`);
  if (cls.kind === 'model') throw new Unanalysable(`${cls.name} is an ORM model, not a column type`);
  if (depth >= 8) throw new Unanalysable(`${cls.name} is defined through too many classes`);
  const impl = cls.impl;
  // An impl class takes the arguments given to the decorator; an impl instance is used as it is.
  const instance: PyValue = impl.kind === 'ref' ? { kind: 'call', callee: impl.dotted, args: use.args, kwargs: use.kwargs, node: impl.node } : impl;
  return columnType(instance, cls.types, depth + 1);
}
