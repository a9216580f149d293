// SQL spelling of the values Alembic operations take, as SQLAlchemy's PostgreSQL
// compiler writes them, and the argument reading every operation shares.
import { quoteIdent } from '../../rules/fixes/tokens';
import type { TypeLookup } from './project';
import { describe, type PyValue } from '../python/values';

/** Raised when an operation cannot be rendered without guessing; becomes an `unanalysed` statement. */
export class Unanalysable extends Error {}

/** Positional and keyword arguments of a call, by parameter name. */
export class Args {
  private readonly values = new Map<string, PyValue>();

  /**
   * `given` holds what the context supplies: a batch block's table name and schema;
   * `types` finds the classes the revision's column types name (enum classes, TypeDecorators).
   */
  constructor(
    call: Extract<PyValue, { kind: 'call' }>,
    params: string[],
    given: Map<string, PyValue> = new Map(),
    readonly types?: TypeLookup,
  ) {
    for (const [k, v] of given) this.values.set(k, v);
    call.args.forEach((v, i) => this.values.set(params[i] ?? `*${i - params.length}`, v));
    for (const [k, v] of call.kwargs) this.values.set(k, v);
  }

  get(name: string): PyValue | undefined {
    return this.values.get(name);
  }

  /** Positional arguments past the named ones (`*columns`). */
  rest(): PyValue[] {
    return [...this.values].filter(([k]) => k.startsWith('*')).map(([, v]) => v);
  }

  str(name: string): string {
    const v = this.get(name);
    if (v?.kind === 'str') return v.value;
    if (v?.kind === 'call' && v.callee.split('.').pop() === 'f' && v.args[0]?.kind === 'str') return v.args[0].value;
    throw new Unanalysable(v ? `${name} ${describe(v)}` : `${name} is missing`);
  }

  optionalStr(name: string): string | undefined {
    const v = this.get(name);
    return v === undefined || v.kind === 'none' ? undefined : this.str(name);
  }

  flag(name: string): boolean {
    const v = this.get(name);
    if (v === undefined || v.kind === 'none') return false;
    if (v.kind === 'bool') return v.value;
    throw new Unanalysable(`${name} ${describe(v)}`);
  }

  names(name: string): string[] {
    const v = this.get(name);
    if (v?.kind === 'str') return [v.value];
    if (v?.kind === 'seq') return v.items.map((i) => columnExpression(i));
    throw new Unanalysable(v ? `${name} ${describe(v)}` : `${name} is missing`);
  }
}

/** A column name, quoted as needed, or an expression given as `sa.text(...)`. */
export function columnExpression(v: PyValue): string {
  if (v.kind === 'str') return quoteIdent(v.value);
  const text = sqlText(v);
  if (text !== undefined) return text;
  throw new Unanalysable(`the column ${describe(v)}`);
}

/** The SQL of a `sa.text("...")` (or `text(...)`, `sa.literal_column(...)`) call. */
export function sqlText(v: PyValue): string | undefined {
  if (v.kind !== 'call' || !['text', 'literal_column'].includes(v.callee.split('.').pop()!)) return undefined;
  const arg = v.args[0];
  return arg?.kind === 'str' ? arg.value : undefined;
}

export function qualified(name: string, schema: string | undefined): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

export function literal(v: PyValue): string {
  switch (v.kind) {
    case 'str':
      return `'${v.value.replace(/'/g, "''")}'`;
    case 'num':
      return v.text;
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'none':
      return 'NULL';
  }
  const text = sqlText(v);
  if (text !== undefined) return text;
  throw new Unanalysable(`the value ${describe(v)}`);
}

/** A server default: a string is a literal, `sa.text` is SQL, `sa.func.now()` a function call. */
export function serverDefault(v: PyValue): string {
  if (v.kind === 'call' && /(^|\.)func\.\w+$/.test(v.callee)) {
    return `${v.callee.split('.').pop()}(${v.args.map(literal).join(', ')})`;
  }
  return literal(v);
}
