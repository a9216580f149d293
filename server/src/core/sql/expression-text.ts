// The source text of a DEFAULT expression, so that the schema model can say what a column's
// default was and a generated down can put it back. Taken from the statement as written
// (libpg-query has no deparser here) and kept only when it parses as an expression on its own.
import { tokenize, type Token } from '../rules/fixes/tokens';
import { parseStatement, utf16Mapper } from './parser';

/** Column-constraint keywords that end a DEFAULT expression inside a column definition. */
const ENDS_EXPRESSION = new Set(['NOT', 'NULL', 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'REFERENCES', 'GENERATED', 'DEFAULT', 'COLLATE', 'DEFERRABLE', 'INITIALLY']);

/** The lowest node location inside an expression tree (bytes), or -1. */
function firstLocation(tree: unknown): number {
  let first = -1;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'location' && typeof value === 'number' && value >= 0) first = first < 0 ? value : Math.min(first, value);
      else visit(value);
    }
  };
  visit(tree);
  return first;
}

/**
 * The text of `expr`, the DEFAULT expression of a column in `statementText`: everything
 * after the DEFAULT keyword that precedes it, up to the next command, column or
 * constraint. Undefined when that cannot be told.
 */
export function defaultExpressionText(statementText: string, expr: unknown): string | undefined {
  const at = firstLocation(expr);
  if (at < 0) return undefined;
  const start = utf16Mapper(statementText, 'bytes')(at);
  const tokens = tokenize(statementText);
  let keyword = -1;
  tokens.forEach((t, i) => {
    if (t.start < start && t.keywordKind > 0 && t.text.toUpperCase() === 'DEFAULT') keyword = i;
  });
  if (keyword < 0) return undefined;
  const taken: Token[] = [];
  let depth = 0;
  for (const t of tokens.slice(keyword + 1)) {
    if (depth === 0 && (t.text === ',' || t.text === ')' || t.text === ';')) break;
    if (depth === 0 && taken.length > 0 && t.keywordKind > 0 && ENDS_EXPRESSION.has(t.text.toUpperCase())) break;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    taken.push(t);
  }
  if (taken.length === 0) return undefined;
  const text = statementText.slice(taken[0].start, taken[taken.length - 1].end);
  const parsed = parseStatement(`SELECT ${text}`);
  return parsed.ok && parsed.nodes.length === 1 ? text : undefined;
}
