// What an Alembic revision module declares: its identifiers (revision, down_revision,
// branch_labels, depends_on) and its upgrade()/downgrade() bodies, read from the syntax tree.
import type { NotAnalysed, Span } from '../../model';
import { syntaxErrorNote, type PyNode } from '../python/parser';
import { evaluate, Scope, short, spanOf, type PyValue } from '../python/values';

export interface RevisionFunction {
  body: PyNode;
  /** Statements of the body, comments excluded. */
  statements: PyNode[];
  /** Set when the body does nothing: only `pass`, a docstring, or a `raise`. */
  empty?: 'pass' | 'raise';
}

export interface RevisionModule {
  revision?: string;
  downRevisions: string[];
  branchLabels: string[];
  dependsOn: string[];
  /** Identifiers that could not be read without running the code. */
  notAnalysed: NotAnalysed[];
  scope: Scope;
  /** Comments outside any function, where `# migration-guard-ignore-file` directives go. */
  comments: Span[];
  upgrade?: RevisionFunction;
  downgrade?: RevisionFunction;
}

type ListField = 'down_revision' | 'branch_labels' | 'depends_on';

/** Reads the module whose syntax tree is `root`; `revision` is undefined when it declares none it can be read from. */
export function readRevisionModule(root: PyNode): RevisionModule {
  const statements = root.namedChildren;
  const scope = Scope.of(statements);
  const notAnalysed: NotAnalysed[] = [];
  const syntax = syntaxErrorNote(root);
  if (syntax) notAnalysed.push(syntax);

  const list = (field: ListField): string[] => {
    const node = scope.lookup(field);
    if (!node) return [];
    const read = identifiers(evaluate(node, scope));
    if (typeof read === 'string') notAnalysed.push({ field, span: spanOf(node), reason: `${field} ${read}` });
    return typeof read === 'string' ? [] : read;
  };
  const revisionNode = scope.lookup('revision');
  const revisionValue = revisionNode && evaluate(revisionNode, scope);
  if (revisionNode && revisionValue?.kind !== 'str') {
    const why = revisionValue?.kind === 'unknown' ? revisionValue.reason : `${short(revisionNode.text)} is not a string`;
    notAnalysed.push({ field: 'revision', span: spanOf(revisionNode), reason: `revision cannot be read: ${why}` });
  }
  const functions = functionsOf(statements);
  return {
    revision: revisionValue?.kind === 'str' ? revisionValue.value : undefined,
    downRevisions: list('down_revision'),
    branchLabels: list('branch_labels'),
    dependsOn: list('depends_on'),
    notAnalysed,
    scope,
    comments: statements.filter((s) => s.type === 'comment').map(spanOf),
    upgrade: functions.get('upgrade'),
    downgrade: functions.get('downgrade'),
  };
}

/** A string, a tuple or list of strings, or None; otherwise why not. */
function identifiers(value: PyValue): string[] | string {
  if (value.kind === 'none') return [];
  if (value.kind === 'str') return [value.value];
  if (value.kind === 'seq' && value.items.every((i) => i.kind === 'str')) return value.items.map((i) => (i as { value: string }).value);
  const why = value.kind === 'unknown' ? value.reason : `${short(value.node.text)} is not a string, a tuple of strings or None`;
  return `cannot be read without running the code: ${why}; the revision graph does not know this revision's links.`;
}

function functionsOf(statements: PyNode[]): Map<string, RevisionFunction> {
  const found = new Map<string, RevisionFunction>();
  for (const s of statements) {
    const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    if (def?.type !== 'function_definition') continue;
    const body = def.childForFieldName('body');
    if (!body) continue;
    const inner = body.namedChildren.filter((c) => c.type !== 'comment');
    found.set(def.childForFieldName('name')!.text, { body, statements: inner, ...emptiness(inner) });
  }
  return found;
}

function emptiness(statements: PyNode[]): { empty?: 'pass' | 'raise' } {
  const isDocstring = (s: PyNode) => s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string';
  const rest = statements.filter((s) => !isDocstring(s));
  if (rest.every((s) => s.type === 'pass_statement')) return { empty: 'pass' };
  if (rest.length === 1 && rest[0].type === 'raise_statement') return { empty: 'raise' };
  return {};
}
