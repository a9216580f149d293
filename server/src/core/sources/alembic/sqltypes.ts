// SQLAlchemy column types as its PostgreSQL dialect names them in DDL.
import { quoteIdent } from '../../rules/fixes/tokens';
import { Unanalysable } from './sqltext';
import { describe, type PyValue } from '../python/values';

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

const TYPES: Record<string, (c: Call) => ColumnType | string> = {
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
  ARRAY: (c) => `${columnType(arg(c, 0, 'item_type')).sql}[]`,
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

function enumType(c: Call): ColumnType {
  const name = c.kwargs.get('name');
  if (name?.kind !== 'str') throw new Unanalysable('the Enum has no literal name=');
  const created = c.kwargs.get('create_type');
  const values = c.args.map((v) => (v.kind === 'str' ? v.value : undefined));
  const known = values.every((v) => v !== undefined) && values.length > 0;
  const create = !(created?.kind === 'bool' && !created.value) && known;
  return { sql: quoteIdent(name.value), ...(create ? { enumType: { name: name.value, values: values as string[] } } : {}) };
}

/** `sa.String(80)`, `sa.Integer`, `postgresql.JSONB(astext_type=sa.Text())` … as DDL. */
export function columnType(v: PyValue | undefined): ColumnType {
  if (!v) throw new Unanalysable('the column has no type');
  const call: Call | undefined = v.kind === 'call' ? v : v.kind === 'ref' ? { args: [], kwargs: new Map() } : undefined;
  const dotted = v.kind === 'call' ? v.callee : v.kind === 'ref' ? v.dotted : undefined;
  const render = dotted ? TYPES[dotted.split('.').pop()!] : undefined;
  if (!call || !render) throw new Unanalysable(`the column type ${v.kind === 'unknown' || !dotted ? describe(v) : `${dotted} is not one Migration Guard knows`}`);
  const t = render(call);
  return typeof t === 'string' ? { sql: t } : t;
}
