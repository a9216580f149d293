// Fixes that edit an Alembic revision's op.* call, for rules whose SQL fix cannot apply to
// SQL generated from code. Every builder returns undefined when the call is not laid out
// the way its edit needs (one call per line, no multi-line string inside it).
import type { FileEdit, Fix, Script, Span } from '../../model';
import { insertAt, lineBreakOf } from '../../rules/fixes/text';
import { quoteIdent, quoteRelation } from '../../rules/fixes/tokens';
import type { Statement } from '../../sql/script';

const callOf = (text: string, span: Span, ...names: string[]) =>
  new RegExp(`^\\w+\\.(${names.join('|')})\\s*\\(`).test(text.slice(span.start, span.end)) && text[span.end - 1] === ')';

/** `op.create_index(...)` → `postgresql_concurrently=True`, inside `with op.get_context().autocommit_block():`. */
export function concurrentIndexFix(statement: Statement, script: Script): Fix | undefined {
  const { text, path } = script;
  const { span } = statement;
  if (!callOf(text, span, 'create_index') || /postgresql_concurrently\s*=/.test(text.slice(span.start, span.end))) return undefined;
  const kwarg = 'postgresql_concurrently=True';
  if (statement.rendered?.outsideTransaction) {
    return { title: 'Create the index concurrently', edits: [keywordArgument(text, path, span, kwarg)], editsCode: true };
  }
  const wrap = wrapInAutocommitBlock(text, path, span);
  if (!wrap) return undefined;
  const edits = [keywordArgument(text, path, span, kwarg, wrap.unit), ...wrap.edits];
  return { title: 'Create the index concurrently, in an autocommit_block()', edits, editsCode: true };
}

/**
 * `op.create_foreign_key(...)` / `op.create_check_constraint(...)` → `postgresql_not_valid=True`,
 * then `op.execute("ALTER TABLE … VALIDATE CONSTRAINT …")` on the next line. Inside the
 * migration's one transaction the ADD's lock lasts until COMMIT: the title says to move it.
 */
export function notValidConstraintFix(statement: Statement, script: Script, constraint: any): Fix | undefined {
  const { text, path } = script;
  const { span } = statement;
  if (!constraint?.conname || !callOf(text, span, 'create_foreign_key', 'create_check_constraint')) return undefined;
  const sql = `ALTER TABLE ${quoteRelation(statement.node.relation)} VALIDATE CONSTRAINT ${quoteIdent(constraint.conname)}`;
  const literal = pythonString(sql);
  const line = lineOf(text, span.start);
  if (!literal || !line) return undefined;
  const lineEnd = endOfLine(text, span.end);
  return {
    title: 'Add the constraint NOT VALID, then validate it (move the VALIDATE into a later migration)',
    edits: [keywordArgument(text, path, span, 'postgresql_not_valid=True'), insertAt(path, lineEnd, `${lineBreakOf(text)}${line.indent}op.execute(${literal})`)],
    editsCode: true,
  };
}

/**
 * Adds `kwarg` as the call's last argument, on a line of its own when the arguments are one
 * a line (indented `deeper` more when the call is being indented too).
 */
function keywordArgument(text: string, path: string, call: Span, kwarg: string, deeper = ''): FileEdit {
  const close = call.end - 1;
  let k = close - 1;
  while (k > call.start && /\s/.test(text[k])) k--;
  const between = text.slice(k + 1, close);
  if (text[k] === '(') return insertAt(path, k + 1, kwarg);
  if (text[k] === ',' && between.includes('\n')) {
    const lastArgLine = lineAt(text, k);
    return insertAt(path, k + 1, `${lineBreakOf(text)}${deeper}${lastArgLine.indent}${kwarg},`);
  }
  return insertAt(path, k + 1, text[k] === ',' ? ` ${kwarg}` : `, ${kwarg}`);
}

/** `with op.get_context().autocommit_block():` above the call, and the call indented one level under it. */
function wrapInAutocommitBlock(text: string, path: string, call: Span): { edits: FileEdit[]; unit: string } | undefined {
  const line = lineOf(text, call.start);
  const inner = text.slice(call.start, call.end);
  // Indenting the lines of a multi-line string would change the string.
  if (!line || /"""|'''/.test(inner)) return undefined;
  const unit = line.indent.includes('\t') ? '\t' : '    ';
  const edits = [insertAt(path, line.start, `${line.indent}with op.get_context().autocommit_block():${lineBreakOf(text)}`)];
  for (let at = line.start; at >= 0 && at < call.end; at = text.indexOf('\n', at) + 1 || -1) edits.push(insertAt(path, at, unit));
  return { edits, unit };
}

/** The start and indentation of the line `at` is on. */
function lineAt(text: string, at: number): { start: number; indent: string } {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  return { start, indent: /^[ \t]*/.exec(text.slice(start, at))![0] };
}

/** The line `at` is on, when only indentation precedes `at` on it (a call that is a statement of its own). */
function lineOf(text: string, at: number): { start: number; indent: string } | undefined {
  const line = lineAt(text, at);
  return line.start + line.indent.length === at ? line : undefined;
}

function endOfLine(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  const end = nl < 0 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** A Python literal for `s`: double-quoted, or single-quoted when `s` holds a double quote. */
function pythonString(s: string): string | undefined {
  if (!s.includes('"')) return `"${s}"`;
  return s.includes("'") ? undefined : `'${s}'`;
}
