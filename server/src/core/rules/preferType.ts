// Shared shape of the rules that prefer one column type to another: they look only at
// columns an up script creates (an existing column's type is a different, costly change)
// and, where a plain rewrite of the type is safe, offer it.
import type { Span } from '../model';
import { isKeyColumn, newColumns, typeNameOf, type NewColumn } from '../sql/columns';
import { utf16Mapper } from '../sql/parser';
import type { Statement } from '../sql/script';
import { tokenize, type Token } from './fixes/tokens';
import { spanWithin } from './subSpan';
import type { Rule, RuleMeta, StatementUnit } from './types';

export interface TypeVerdict {
  message: string;
  /** Text that replaces the type as written (array brackets kept); none when no safe rewrite exists. */
  replacement?: string;
  fixTitle?: string;
}

export interface TypeCheck {
  column: NewColumn;
  /** The type's own name, lowercased and without its schema (see typeNameOf). */
  type: string;
  /** Whether the column is a key or id (see isKeyColumn). */
  isKey: boolean;
  /** Whether its table is new in this script, so constraints on it cost no scan. */
  tableIsNew: boolean;
}

export function typePreferenceRule(meta: RuleMeta, judge: (c: TypeCheck) => TypeVerdict | undefined): Rule {
  return {
    meta,
    create: () => ({
      statementKinds: NEW_COLUMN_KINDS,
      statement(s, report) {
        if (s.direction !== 'up') return;
        const { statement } = s;
        for (const check of typeChecks(s)) {
          const verdict = judge(check);
          if (!verdict) continue;
          const at = typeSpan(statement, check.column.def.typeName);
          const span = at ? spanWithin(statement, at) : statement.span;
          const { replacement, fixTitle = `Use ${replacement}` } = verdict;
          const edit = { path: s.path, span, newText: replacement ?? '' };
          const fixes = at && replacement !== undefined ? [{ title: fixTitle, edits: [edit] }] : [];
          report({ span, message: verdict.message, fixes });
        }
      },
    }),
  };
}

const NEW_COLUMN_KINDS = ['CreateStmt', 'AlterTableStmt'];

// Asked alike by each of the type-preference rules; keyed by the statement unit, which lives for one analysis.
const checksByUnit = new WeakMap<StatementUnit, TypeCheck[]>();

function typeChecks(s: StatementUnit): TypeCheck[] {
  let checks = checksByUnit.get(s);
  if (!checks) {
    const { statement, createdEarlier } = s;
    checks = newColumns(statement).map((column) => ({
      column,
      type: typeNameOf(column.def),
      isKey: isKeyColumn(statement, column.def),
      tableIsNew: column.inCreateTable || createdEarlier(column.table),
    }));
    checksByUnit.set(s, checks);
  }
  return checks;
}

// Words that end a column's type and start what follows it in a column definition.
const AFTER_TYPE = new Set(['NOT', 'NULL', 'DEFAULT', 'PRIMARY', 'UNIQUE', 'CHECK', 'REFERENCES', 'CONSTRAINT', 'COLLATE', 'GENERATED', 'COMPRESSION', 'STORAGE', 'ARRAY']);

/**
 * Offsets in the statement's text of the type as written, its modifiers included but not
 * its array brackets (`varchar(20)` of `varchar(20)[]`); undefined when the tokens and the
 * AST's location disagree.
 */
export function typeSpan(statement: Statement, typeName: any): Span | undefined {
  if (typeof typeName !== 'object' || typeName === null) return typeSpanIn(statement, typeName);
  // A node of the parse tree, which the parser caches by statement text: the span in that text holds while it lives.
  if (!typeSpans.has(typeName)) typeSpans.set(typeName, typeSpanIn(statement, typeName));
  return typeSpans.get(typeName);
}

const typeSpans = new WeakMap<object, Span | undefined>();

function typeSpanIn(statement: Statement, typeName: any): Span | undefined {
  const tokens = tokenize(statement.text);
  const start = utf16Mapper(statement.text, 'bytes')(typeName?.location ?? -1);
  let i = tokens.findIndex((t) => t.start === start);
  if (i < 0) return undefined;
  let end = start;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.text === '(') {
      const close = matchingParen(tokens, i);
      if (close < 0) return undefined;
      end = tokens[close].end;
      i = close + 1;
    } else if (t.text === '.' || (isWord(t) && !AFTER_TYPE.has(t.text.toUpperCase()))) {
      end = t.end;
      i++;
    } else break;
  }
  return { start, end };
}

function isWord(t: Token): boolean {
  return /^[\p{L}_"]/u.test(t.text);
}

function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return -1;
}
