// Column types as PostgreSQL stores them: the parser already maps SQL spellings such as
// `integer` or `timestamp with time zone` to `pg_catalog.int4`, but names written bare
// (`int8`, `text`, `timestamptz`, `bigserial`) arrive as written, so both meet here.
import { stringList } from '../sql/ast';
import type { ColumnType } from './catalog';

const ALIASES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  serial: 'int4',
  serial4: 'int4',
  smallserial: 'int2',
  serial2: 'int2',
  bigserial: 'int8',
  serial8: 'int8',
  real: 'float4',
  float: 'float8',
  'double precision': 'float8',
  decimal: 'numeric',
  boolean: 'bool',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  'bit varying': 'varbit',
};

/** The normalised type of a TypeName node. */
export function columnType(typeName: any): ColumnType {
  const names = stringList(typeName?.names);
  const bare = names.length === 2 && names[0] === 'pg_catalog' ? names[1] : names.join('.');
  const typmods = (typeName?.typmods ?? []).map((m: any) => m?.A_Const?.ival?.ival).filter((n: unknown) => typeof n === 'number');
  return { name: ALIASES[bare.toLowerCase()] ?? bare, typmods, arrayDims: (typeName?.arrayBounds ?? []).length };
}

/** How PostgreSQL's format_type would print it (`varchar(20)`, `numeric(10,2)[]`). */
export function formatColumnType(t: ColumnType): string {
  return `${t.name}${t.typmods.length ? `(${t.typmods.join(',')})` : ''}${'[]'.repeat(t.arrayDims)}`;
}

export function sameColumnType(a: ColumnType, b: ColumnType): boolean {
  return formatColumnType(a) === formatColumnType(b);
}
