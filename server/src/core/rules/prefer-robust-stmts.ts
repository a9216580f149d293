import { alterCommands } from '../sql/ast';
import type { Statement } from '../sql/script';
import { insertAt } from './fixes/text';
import { tokenize, topLevelParts, type Token } from './fixes/tokens';
import type { Rule } from './types';

/** Where `IF NOT EXISTS` goes: after this keyword (then after CONCURRENTLY, if present). */
const CREATE_KEYWORD: Record<string, string> = {
  CreateStmt: 'TABLE',
  IndexStmt: 'INDEX',
  CreateSchemaStmt: 'SCHEMA',
  CreateExtensionStmt: 'EXTENSION',
  CreateSeqStmt: 'SEQUENCE',
};

/** Where `IF EXISTS` goes in `DROP <type>` (the type's last word). */
const DROP_KEYWORD: Record<string, string> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_FOREIGN_TABLE: 'TABLE',
  OBJECT_INDEX: 'INDEX',
  OBJECT_VIEW: 'VIEW',
  OBJECT_MATVIEW: 'VIEW',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_SCHEMA: 'SCHEMA',
  OBJECT_EXTENSION: 'EXTENSION',
  OBJECT_TYPE: 'TYPE',
  OBJECT_DOMAIN: 'DOMAIN',
  OBJECT_FUNCTION: 'FUNCTION',
  OBJECT_PROCEDURE: 'PROCEDURE',
  OBJECT_TRIGGER: 'TRIGGER',
};

/** ALTER TABLE commands that can be guarded: subtype → [verb, optional noun after it, the guard that follows them]. */
const ALTER_GUARDS: Record<string, [string, string, string]> = {
  AT_AddColumn: ['ADD', 'COLUMN', ' IF NOT EXISTS'],
  AT_DropColumn: ['DROP', 'COLUMN', ' IF EXISTS'],
  AT_DropConstraint: ['DROP', 'CONSTRAINT', ' IF EXISTS'],
};

export const preferRobustStmts: Rule = {
  meta: {
    id: 'prefer-robust-stmts',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'A CREATE or DROP without IF [NOT] EXISTS in a migration that runs outside a transaction fails when a half-applied run is retried.',
    fixable: true,
    equivalents: {
      squawk: 'prefer-robust-stmts',
      'postgres-language-server': 'preferRobustStmts',
    },
  },
  create: () => ({
    statement({ statement, direction, inTransaction, unit }, report) {
      // A transaction rolls a failed run back, and the last statement cannot be left
      // half-applied by a later one failing: either way a retry starts clean.
      if (direction !== 'up' || inTransaction || statement.index === unit.up.statements.length - 1) return;
      const guards = missingGuards(statement);
      if (guards === undefined) return;
      const path = unit.up.script.path;
      const unnamedIndex = statement.kind === 'IndexStmt' && !statement.node.idxname;
      const words = [...new Set(guards.map((g) => g.text.trim()))].join(' and ') || 'IF [NOT] EXISTS';
      report({
        span: statement.span,
        message: unnamedIndex
          ? 'This migration runs outside a transaction, so if a later statement fails this index stays, and a retry builds a second copy of it under a new name; name the index and add IF NOT EXISTS.'
          : `This migration runs outside a transaction, so if a later statement fails this one stays applied and a retry fails on it; add ${words}.`,
        fixes: guards.length > 0 ? [{ title: `Add ${words}`, edits: guards.map((g) => insertAt(path, statement.span.start + g.at, g.text)) }] : [],
      });
    },
  }),
};

interface Guard {
  /** Offset in the statement's text. */
  at: number;
  text: string;
}

/**
 * The insertions that make the statement safe to run twice; empty when it needs one that
 * no insertion gives (an unnamed index), undefined when it is already safe or never was a concern.
 */
function missingGuards(statement: Statement): Guard[] | undefined {
  const n = statement.node;
  const tokens = tokenize(statement.text);
  const create = CREATE_KEYWORD[statement.kind];
  if (create) {
    if (n.if_not_exists) return undefined;
    if (statement.kind === 'IndexStmt' && !n.idxname) return [];
    const at = afterKeyword(tokens, create);
    return at === undefined ? [] : [{ at, text: ' IF NOT EXISTS' }];
  }
  if (statement.kind === 'DropStmt') {
    const keyword = DROP_KEYWORD[n.removeType];
    if (!keyword || n.missing_ok) return undefined;
    const at = afterKeyword(tokens, keyword);
    return at === undefined ? [] : [{ at, text: ' IF EXISTS' }];
  }
  if (statement.kind === 'AlterTableStmt') return alterGuards(statement, tokens);
  return undefined;
}

function alterGuards(statement: Statement, tokens: Token[]): Guard[] | undefined {
  const cmds = alterCommands(statement.node);
  const unguarded = cmds.map((cmd, i) => ({ guard: ALTER_GUARDS[cmd.subtype], i })).filter(({ guard, i }) => guard && !cmds[i].missing_ok);
  if (unguarded.length === 0) return undefined;
  const parts = topLevelParts(tokens);
  if (parts.length !== cmds.length) return [];
  const guards: Guard[] = [];
  for (const { guard, i } of unguarded) {
    const [verb, noun, text] = guard;
    // The first part starts with `ALTER TABLE name`, so its verb comes third at the earliest.
    const v = parts[i].findIndex((t, k) => k >= (i === 0 ? 3 : 0) && t.keywordKind > 0 && t.text.toUpperCase() === verb);
    if (v < 0) return [];
    const next = parts[i][v + 1];
    guards.push({ at: next?.keywordKind && next.text.toUpperCase() === noun ? next.end : parts[i][v].end, text });
  }
  return guards;
}

/** End of `keyword` (and of CONCURRENTLY right after it). */
function afterKeyword(tokens: Token[], keyword: string): number | undefined {
  const k = tokens.findIndex((t) => t.keywordKind > 0 && t.text.toUpperCase() === keyword);
  if (k < 0) return undefined;
  const next = tokens[k + 1];
  return next && next.text.toUpperCase() === 'CONCURRENTLY' ? next.end : tokens[k].end;
}
