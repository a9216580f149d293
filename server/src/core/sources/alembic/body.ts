// Walks an upgrade()/downgrade() body and renders each op.* call it meets, with the
// context the call runs in: a batch_alter_table block's table, an autocommit_block().
import type { RenderedStatement } from '../../model';
import { OPS } from './ddl';
import type { RevisionFunction } from './module';
import { OrmReader, ormStatement } from './orm';
import type { TypeLookup } from './project';
import type { PyNode } from '../python/parser';
import { Unanalysable, Args } from './sqltext';
import { commentsAbove } from '../python/comments';
import { sqlOfString } from '../python/sqlstring';
import { describe, dottedName, evaluate, Scope, spanOf, type PyValue } from '../python/values';

interface Context {
  scope: Scope;
  text: string;
  /** Names the operations object goes by here: `op`, and a batch block's alias. */
  batch?: { alias: string; given: Map<string, PyValue> };
  outside: boolean;
  types: TypeLookup;
  orm: OrmReader;
}

type Call = Extract<PyValue, { kind: 'call' }>;

/** What the body's operations render to, in the order they appear. */
export function renderBody(fn: RevisionFunction, moduleScope: Scope, text: string, types: TypeLookup): RenderedStatement[] {
  const out: RenderedStatement[] = [];
  visit(fn.statements, { scope: Scope.of(fn.statements, moduleScope), text, outside: false, types, orm: new OrmReader(types) }, out);
  return out;
}

/** Compound statements whose blocks run (maybe conditionally, maybe repeatedly) as part of the body. */
const COMPOUND = new Set(['if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement', 'except_clause', 'finally_clause']);

function visit(statements: PyNode[], ctx: Context, out: RenderedStatement[]): void {
  for (const s of statements) {
    if (s.type === 'expression_statement' || s.type === 'assignment') {
      for (const call of callsIn(s)) renderCall(call, ctx, out);
      ormUses(s, ctx, out);
    } else if (s.type === 'with_statement') {
      visitWith(s, ctx, out);
    } else if (s.type === 'if_statement') {
      visitIf(s, ctx, out);
    } else if (COMPOUND.has(s.type)) {
      for (const child of s.namedChildren) {
        if (child.type === 'block') visit(child.namedChildren, ctx, out);
        else if (COMPOUND.has(child.type)) visit([child], ctx, out);
        // A condition or the iterable of a loop: `for user in session.query(User):`.
        else ormUses(child, ctx, out);
      }
    }
  }
}

/**
 * An if with its elif and else clauses. A branch chosen by the database's dialect
 * (`if bind.engine.name == 'sqlite':`) is read only when PostgreSQL takes it, as keystone's
 * initial revision guards MySQL- and SQLite-only DDL; other conditions may go either way.
 */
function visitIf(s: PyNode, ctx: Context, out: RenderedStatement[]): void {
  const clauses = [s, ...s.namedChildren.filter((c) => c.type === 'elif_clause' || c.type === 'else_clause')];
  for (const clause of clauses) {
    const condition = clause.childForFieldName('condition');
    if (condition) ormUses(condition, ctx, out);
    const taken = condition ? postgresTakes(condition, ctx.scope) : true;
    if (taken === false) continue;
    const body = clause.childForFieldName(clause.type === 'else_clause' ? 'body' : 'consequence');
    if (body) visit(body.namedChildren, ctx, out);
    if (taken === true) return;
  }
}

/** PostgreSQL's names for itself in SQLAlchemy (`postgres` is the pre-1.4 alias). */
const POSTGRES_DIALECTS = new Set(['postgresql', 'postgres']);

/**
 * Whether the branch of `condition` runs on PostgreSQL, when the condition compares the
 * dialect's name (`bind.engine.name == 'mysql'`, `op.get_bind().dialect.name in ('mysql', 'sqlite')`);
 * undefined for any other condition.
 */
function postgresTakes(condition: PyNode, scope: Scope): boolean | undefined {
  if (condition.type === 'parenthesized_expression' && condition.namedChildren.length === 1) return postgresTakes(condition.namedChildren[0], scope);
  if (condition.type !== 'comparison_operator' || condition.namedChildren.length !== 2) return undefined;
  const [left, right] = condition.namedChildren;
  if (!/(^|\.)(dialect|engine)\.name$/.test(left.text.replace(/\s+/g, ''))) return undefined;
  const names = dialectNames(evaluate(right, scope));
  if (!names) return undefined;
  const operator = condition.children.filter((c) => !c.isNamed).map((c) => c.type).join(' ');
  const listed = names.some((n) => POSTGRES_DIALECTS.has(n));
  if (operator === '==' || operator === 'in') return listed;
  if (operator === '!=' || operator === 'not in') return !listed;
  return undefined;
}

/** The names a string, or a tuple, list or set of strings, gives. */
function dialectNames(v: PyValue): string[] | undefined {
  if (v.kind === 'str') return [v.value];
  if (v.kind !== 'seq') return undefined;
  const names = v.items.flatMap((i) => (i.kind === 'str' ? [i.value] : []));
  return names.length === v.items.length ? names : undefined;
}

/** The op calls an expression statement makes: `op.x(...)`, or `conn = op.get_bind()`. */
function callsIn(s: PyNode): PyNode[] {
  const expr = s.type === 'expression_statement' ? s.namedChildren[0] : s;
  if (expr?.type === 'call') return [expr];
  if (expr?.type === 'assignment') return callsIn(expr.childForFieldName('right') ?? expr);
  return [];
}

function visitWith(s: PyNode, ctx: Context, out: RenderedStatement[]): void {
  let inner = ctx;
  const items = s.namedChildren.find((c) => c.type === 'with_clause')?.namedChildren ?? [];
  for (const item of items.filter((c) => c.type === 'with_item')) {
    const value = item.childForFieldName('value')!;
    const call = value.type === 'as_pattern' ? value.namedChildren[0] : value;
    const alias = value.type === 'as_pattern' ? value.childForFieldName('alias')?.text : undefined;
    const session = call?.type === 'call' ? ctx.orm.opensSession(call, alias) : undefined;
    if (session) out.push(ormStatement(session, placed(s, ctx)));
    const v = call && evaluate(call, ctx.scope);
    if (v?.kind !== 'call') continue;
    if (/(^|\.)get_context\(\)\.autocommit_block$/.test(v.callee)) inner = { ...inner, outside: true };
    else if (isOp(v.callee, ctx, 'batch_alter_table') && alias) {
      const a = new Args(v, ['table_name']);
      const given = new Map<string, PyValue>();
      for (const [from, to] of [['table_name', ['table_name', 'source_table']], ['schema', ['schema', 'source_schema']]] as const) {
        const value = a.get(from);
        if (value) for (const key of to) given.set(key, value);
      }
      inner = { ...inner, batch: { alias, given } };
    }
  }
  const body = s.childForFieldName('body');
  if (body) visit(body.namedChildren, inner, out);
}

function isOp(callee: string, ctx: Context, name?: string): boolean {
  const [object, method, ...more] = callee.split('.');
  return more.length === 0 && (object === 'op' || object === ctx.batch?.alias) && (name === undefined || method === name);
}

function renderCall(node: PyNode, ctx: Context, out: RenderedStatement[]): void {
  const callee = dottedName(node.childForFieldName('function')!);
  if (!callee || !isOp(callee, ctx)) return;
  const name = callee.split('.')[1];
  const inBatch = callee.split('.')[0] !== 'op';
  const base = { span: spanOf(node), ...placed(node, ctx) };
  const unanalysed = (reason: string): void => void out.push({ ...base, sql: '', unanalysed: reason });
  if (name === 'f' || name === 'get_context' || name === 'batch_alter_table') return;
  const call = evaluate(node, ctx.scope);
  if (call.kind !== 'call') return unanalysed(call.kind === 'unknown' ? `${callee}(…) cannot be read: ${call.reason}` : `${callee}(…) cannot be read`);
  if (name === 'get_bind') return unanalysed('SQL run through op.get_bind() is Python code that Migration Guard does not run or analyse.');
  try {
    if (name === 'execute') return void out.push({ ...base, ...executeSql(call) });
    const spec = OPS[name];
    const params = inBatch ? spec?.batch : spec?.params;
    if (!spec || !params) return unanalysed(`${callee}() is not an operation Migration Guard translates to SQL yet.`);
    const sql = spec.render(new Args(call, params, inBatch ? ctx.batch!.given : undefined, ctx.types));
    out.push({ ...base, sql: sql.join(';\n') });
  } catch (e) {
    if (!(e instanceof Unanalysable)) throw e;
    unanalysed(`${callee}(…) is not translated: ${e.message}.`);
  }
}

/** Where a statement of the body stands: the comments above it, and whether it runs outside the transaction. */
function placed(node: PyNode, ctx: Context): Pick<RenderedStatement, 'comments' | 'outsideTransaction'> {
  return { comments: commentsAbove(ctx.text, node.startIndex), ...(ctx.outside ? { outsideTransaction: true as const } : {}) };
}

function ormUses(node: PyNode, ctx: Context, out: RenderedStatement[]): void {
  for (const use of ctx.orm.usesIn(node)) out.push(ormStatement(use, placed(node, ctx)));
}

/** op.execute's SQL: a string (verbatim when it is one plain literal), or `sa.text(...)` of one. */
function executeSql(call: Call): Pick<RenderedStatement, 'sql' | 'verbatimAt'> {
  let v = call.args[0] ?? call.kwargs.get('sqltext');
  if (v?.kind === 'call' && ['text', 'literal_column'].includes(v.callee.split('.').pop()!)) v = v.args[0];
  if (v?.kind !== 'str') throw new Unanalysable(v ? `its SQL ${describe(v)}` : 'it has no SQL');
  return sqlOfString(v);
}
