// Static evaluation of the Python expressions migrations pass to Alembic: literals,
// names bound to literals, string concatenation and f-strings over such names, and calls
// kept as data (`sa.String(80)`). Anything else is `unknown`, with the reason, never run.
import type { Span } from '../../model';
import type { PyNode } from './parser';

export type PyValue =
  | { kind: 'str'; value: string; node: PyNode; /** Offset where `value` stands verbatim in the file. */ verbatimAt?: number }
  | { kind: 'num'; value: number; text: string; node: PyNode }
  | { kind: 'bool'; value: boolean; node: PyNode }
  | { kind: 'none'; node: PyNode }
  | { kind: 'seq'; items: PyValue[]; node: PyNode }
  | { kind: 'dict'; entries: [PyValue, PyValue][]; node: PyNode }
  | { kind: 'call'; callee: string; args: PyValue[]; kwargs: Map<string, PyValue>; node: PyNode }
  /** A name or attribute that is no binding of the module: `sa.Integer`, `postgresql.JSONB`. */
  | { kind: 'ref'; dotted: string; node: PyNode }
  | { kind: 'unknown'; reason: string; node: PyNode };

/** Names bound by plain assignments, innermost scope first. */
export class Scope {
  constructor(
    private readonly bindings: Map<string, PyNode>,
    private readonly outer?: Scope,
  ) {}

  lookup(name: string): PyNode | undefined {
    return this.bindings.get(name) ?? this.outer?.lookup(name);
  }

  /** The plain `name = value` (or `name: T = value`) statements among `statements`; the last one wins. */
  static of(statements: PyNode[], outer?: Scope): Scope {
    const bindings = new Map<string, PyNode>();
    for (const s of statements) {
      const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
      const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
      const right = a?.childForFieldName('right');
      if (left?.type === 'identifier' && right) bindings.set(left.text, right);
    }
    return new Scope(bindings, outer);
  }
}

export const spanOf = (node: PyNode): Span => ({ start: node.startIndex, end: node.endIndex });

/** Evaluates `node` under `scope`; `depth` stops a name bound to itself from looping. */
export function evaluate(node: PyNode, scope: Scope, depth = 0): PyValue {
  if (depth > 20) return unknown(node, 'the value is defined through too many names');
  const ev = (n: PyNode) => evaluate(n, scope, depth + 1);
  switch (node.type) {
    case 'string':
      return stringValue(node, scope, depth);
    case 'concatenated_string':
      return joinStrings(node, node.namedChildren.map(ev));
    case 'integer':
    case 'float': {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isNaN(value) ? unknown(node, `${node.text} is not a plain number`) : { kind: 'num', value, text: node.text, node };
    }
    case 'unary_operator': {
      const operand = ev(node.childForFieldName('argument')!);
      const op = node.childForFieldName('operator')?.text;
      if (operand.kind === 'num' && op === '-') return { kind: 'num', value: -operand.value, text: `-${operand.text}`, node };
      return unknown(node, `${node.text} is computed`);
    }
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true', node };
    case 'none':
      return { kind: 'none', node };
    case 'tuple':
    case 'list':
      return { kind: 'seq', items: node.namedChildren.filter((c) => c.type !== 'comment').map(ev), node };
    case 'dictionary':
      return dictValue(node, ev);
    case 'parenthesized_expression':
      return ev(node.namedChildren.find((c) => c.type !== 'comment')!);
    case 'binary_operator':
      return binary(node, ev);
    case 'identifier': {
      const bound = scope.lookup(node.text);
      return bound ? evaluate(bound, scope, depth + 1) : { kind: 'ref', dotted: node.text, node };
    }
    case 'attribute':
      return dottedName(node) ? { kind: 'ref', dotted: dottedName(node)!, node } : unknown(node, `${node.text} is computed`);
    case 'call':
      return callValue(node, ev);
    default:
      return unknown(node, `${short(node.text)} is computed at run time`);
  }
}

/** `a.b.c` when the expression is only names and dots. */
export function dottedName(node: PyNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type !== 'attribute') return undefined;
  const object = dottedName(node.childForFieldName('object')!);
  return object && `${object}.${node.childForFieldName('attribute')!.text}`;
}

function callValue(node: PyNode, ev: (n: PyNode) => PyValue): PyValue {
  const fn = node.childForFieldName('function')!;
  const callee = dottedName(fn) ?? dottedTail(fn);
  const argList = node.childForFieldName('arguments');
  if (!callee || !argList || argList.type !== 'argument_list') return unknown(node, `${short(node.text)} is computed at run time`);
  const args: PyValue[] = [];
  const kwargs = new Map<string, PyValue>();
  for (const a of argList.namedChildren) {
    if (a.type === 'comment') continue;
    if (a.type === 'keyword_argument') kwargs.set(a.childForFieldName('name')!.text, ev(a.childForFieldName('value')!));
    else if (a.type === 'list_splat' || a.type === 'dictionary_splat') return unknown(node, `${short(node.text)} passes arguments with ${a.text.startsWith('**') ? '**' : '*'}`);
    else args.push(ev(a));
  }
  return { kind: 'call', callee, args, kwargs, node };
}

/** For `op.get_context().autocommit_block`: the call's own dotted name with `()` kept, so callers can match it. */
function dottedTail(node: PyNode): string | undefined {
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object')!;
  const head = object.type === 'call' ? `${dottedName(object.childForFieldName('function')!) ?? '?'}()` : dottedName(object);
  return head && `${head}.${node.childForFieldName('attribute')!.text}`;
}

function dictValue(node: PyNode, ev: (n: PyNode) => PyValue): PyValue {
  const entries: [PyValue, PyValue][] = [];
  for (const pair of node.namedChildren) {
    if (pair.type === 'comment') continue;
    if (pair.type !== 'pair') return unknown(node, 'the dictionary is built with ** or a comprehension');
    entries.push([ev(pair.childForFieldName('key')!), ev(pair.childForFieldName('value')!)]);
  }
  return { kind: 'dict', entries, node };
}

function binary(node: PyNode, ev: (n: PyNode) => PyValue): PyValue {
  const op = node.childForFieldName('operator')?.text;
  const left = ev(node.childForFieldName('left')!);
  const right = ev(node.childForFieldName('right')!);
  if (op === '+' && left.kind === 'str' && right.kind === 'str') return joinStrings(node, [left, right]);
  if (op === '+' && left.kind === 'seq' && right.kind === 'seq') return { kind: 'seq', items: [...left.items, ...right.items], node };
  for (const side of [left, right]) if (side.kind === 'unknown') return { ...side, node };
  return unknown(node, `${short(node.text)} is computed (${op} is only followed for strings and lists)`);
}

function joinStrings(node: PyNode, parts: PyValue[]): PyValue {
  let value = '';
  for (const p of parts) {
    if (p.kind !== 'str') return p.kind === 'unknown' ? { ...p, node } : unknown(node, `${short(node.text)} mixes strings with other values`);
    value += p.value;
  }
  return { kind: 'str', value, node };
}

function stringValue(node: PyNode, scope: Scope, depth: number): PyValue {
  const start = node.children[0];
  const prefix = /^[a-zA-Z]*/.exec(start?.text ?? '')![0].toLowerCase();
  if (prefix.includes('b')) return unknown(node, 'bytes literals are not SQL text');
  const raw = prefix.includes('r');
  let value = '';
  let verbatim = true;
  for (const part of node.namedChildren) {
    if (part.type === 'string_content') {
      value += raw ? part.text : unescape(part);
      if (!raw && part.namedChildren.some((c) => c.type === 'escape_sequence')) verbatim = false;
    } else if (part.type === 'interpolation') {
      const inner = evaluate(part.childForFieldName('expression')!, scope, depth + 1);
      const formatted = part.namedChildren.some((c) => c.type === 'format_specifier' || c.type === 'type_conversion');
      if (formatted) return unknown(part, `${short(part.text)} formats its value`);
      if (inner.kind === 'str' || inner.kind === 'num') value += inner.kind === 'str' ? inner.value : inner.text;
      else return inner.kind === 'unknown' ? inner : unknown(part, `${short(part.text)} is not a constant of the module`);
      verbatim = false;
    }
  }
  const content = node.namedChildren.find((c) => c.type === 'string_content');
  const verbatimAt = verbatim ? (content?.startIndex ?? start.endIndex) : undefined;
  return { kind: 'str', value, node, ...(verbatimAt !== undefined ? { verbatimAt } : {}) };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

function unescape(content: PyNode): string {
  let out = '';
  let at = content.startIndex;
  const text = content.text;
  for (const e of content.namedChildren) {
    if (e.type !== 'escape_sequence') continue;
    out += text.slice(at - content.startIndex, e.startIndex - content.startIndex);
    out += decodeEscape(e.text);
    at = e.endIndex;
  }
  return out + text.slice(at - content.startIndex);
}

function decodeEscape(e: string): string {
  const c = e[1];
  if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(parseInt(e.slice(2), 16));
  if (/[0-7]/.test(c) && e.length > 2) return String.fromCharCode(parseInt(e.slice(1), 8));
  if (c === '\n' || c === '\r') return '';
  return ESCAPES[c] ?? e;
}

function unknown(node: PyNode, reason: string): PyValue {
  return { kind: 'unknown', reason, node };
}

/** Why a value is not the literal an argument needs, for messages. */
export function describe(v: PyValue): string {
  return v.kind === 'unknown' ? `cannot be read: ${v.reason}` : `is ${short(v.node.text)}, which is not a literal`;
}

export function short(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `\`${line.length > 60 ? `${line.slice(0, 57)}…` : line}\``;
}
