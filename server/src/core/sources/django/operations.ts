// A Django migration's operations as statements: RunSQL's SQL read from its strings,
// RunPython marked as a data change, and every model operation handed to the renderer.
import type { CodeOperation, RenderedStatement } from '../../model';
import { commentsAbove } from '../python/comments';
import { sqlOfString } from '../python/sqlstring';
import { describe, type PyValue } from '../python/values';
import { renderMigration, type DjangoMigrationInput, type ProjectState, type RenderedMigration } from './render';

type Call = Extract<PyValue, { kind: 'call' }>;

const CODE_OPERATIONS = { RunSQL: ['sql', 'reverse_sql'], RunPython: ['code', 'reverse_code'] } as const;
type CodeKind = keyof typeof CODE_OPERATIONS;

/** Which code operation a call is (`migrations.RunSQL(...)`, `RunPython(...)`), if any. */
function codeKind(op: PyValue): CodeKind | undefined {
  const name = op.kind === 'call' ? op.callee.split('.').pop() : undefined;
  return name === 'RunSQL' || name === 'RunPython' ? name : undefined;
}

/** Positional or keyword argument `index` of a code operation. */
function argument(call: Call, kind: CodeKind, index: 0 | 1): PyValue | undefined {
  return call.args[index] ?? call.kwargs.get(CODE_OPERATIONS[kind][index]);
}

/** The RunSQL and RunPython operations, with how each can be reversed. */
export function codeOperations(operations: PyValue[]): CodeOperation[] {
  return operations.flatMap((op): CodeOperation[] => {
    const kind = codeKind(op);
    if (!kind || op.kind !== 'call') return [];
    const reverse = argument(op, kind, 1);
    const args = op.node.childForFieldName('arguments')!.namedChildren.filter((c) => c.type !== 'comment');
    return [
      {
        callee: op.callee,
        kind,
        span: { start: op.node.startIndex, end: op.node.endIndex },
        reverse: !reverse || reverse.kind === 'none' ? 'missing' : isNoop(reverse) ? 'noop' : 'given',
        argumentsEnd: args.length ? args[args.length - 1].endIndex : op.node.endIndex - 1,
      },
    ];
  });
}

/** `migrations.RunSQL.noop`, `RunPython.noop`, or RunSQL's other way of saying nothing: `''`, `[]`. */
function isNoop(v: PyValue): boolean {
  if (v.kind === 'ref') return v.dotted.endsWith('.noop');
  return (v.kind === 'str' && v.value.trim() === '') || (v.kind === 'seq' && v.items.length === 0);
}

/**
 * Both directions of a migration, in operation order: code operations rendered here, the
 * rest by the model-state renderer, which also advances `state`. Each statement carries the
 * comments above its operation, where ignore directives go.
 */
export function renderOperations(migration: DjangoMigrationInput, text: string, state: ProjectState): RenderedMigration {
  const models = migration.operations.filter((op) => !codeKind(op));
  const rendered = renderMigration({ ...migration, operations: models }, state);
  const up = [...rendered.up];
  const down = [...rendered.down];
  for (const op of migration.operations) {
    const kind = codeKind(op);
    if (!kind || op.kind !== 'call') continue;
    up.push(...codeStatements(op, kind, argument(op, kind, 0)));
    const reverse = argument(op, kind, 1);
    if (reverse && reverse.kind !== 'none' && !isNoop(reverse)) down.push(...codeStatements(op, kind, reverse));
  }
  const start = (s: RenderedStatement) => s.span.start;
  const withComments = (s: RenderedStatement): RenderedStatement => {
    const op = migration.operations.find((o) => o.node.startIndex <= s.span.start && s.span.end <= o.node.endIndex);
    return s.comments || !op ? s : { ...s, comments: commentsAbove(text, op.node.startIndex) };
  };
  // Backwards, Django undoes the operations last first.
  return {
    up: up.sort((a, b) => start(a) - start(b)).map(withComments),
    down: down.sort((a, b) => start(b) - start(a)).map(withComments),
  };
}

/** The statements one direction of a code operation runs. */
function codeStatements(op: Call, kind: CodeKind, given: PyValue | undefined): RenderedStatement[] {
  const span = { start: op.node.startIndex, end: op.node.endIndex };
  if (kind === 'RunPython') {
    return [{ sql: '', span, dataChange: true, unanalysed: `${op.callee} runs Python code, which Migration Guard does not run; it is counted as a data change.` }];
  }
  if (!given) return [{ sql: '', span, unanalysed: `${op.callee}(…) has no SQL.` }];
  // A list or tuple of statements, each a string or a (sql, params) pair.
  const items = given.kind === 'seq' ? given.items : [given];
  return items.map((item): RenderedStatement => {
    const sql = item.kind === 'seq' ? item.items[0] : item;
    if (sql?.kind === 'str') return { ...sqlOfString(sql), span };
    return { sql: '', span, unanalysed: `${op.callee}(…) is not translated: its SQL ${sql ? describe(sql) : 'is an empty pair'}.` };
  });
}
