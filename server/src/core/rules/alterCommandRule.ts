// Shared shape of the rules that flag single commands of an ALTER TABLE on an existing
// table: each finding lands on its own command when commands and text line up.
import type { Span } from '../model';
import { alterCommands, relationName } from '../sql/ast';
import type { Statement } from '../sql/script';
import { tokenize, topLevelParts } from './fixes/tokens';
import { spanWithin } from './subSpan';
import type { Rule, RuleMeta } from './types';

/** `message` says what is wrong with one command, or undefined when nothing is. */
export function alterCommandRule(meta: RuleMeta, message: (cmd: any, table: string) => string | undefined): Rule {
  return {
    meta,
    create: () => ({
      statementKinds: ['AlterTableStmt'],
      statement({ statement, direction, createdEarlier }, report) {
        if (direction !== 'up' || statement.kind !== 'AlterTableStmt') return;
        const table = relationName(statement.node.relation);
        if (createdEarlier(table)) return;
        const cmds = alterCommands(statement.node);
        const spans = commandSpans(statement, cmds.length);
        cmds.forEach((cmd, i) => {
          const text = message(cmd, table);
          if (text) report({ span: spans[i] ?? statement.span, message: text });
        });
      },
    }),
  };
}

/** File offsets of each comma-separated command; empty when they do not match the AST's count. */
export function commandSpans(statement: Statement, count: number): Span[] {
  const parts = topLevelParts(tokenize(statement.text));
  if (parts.length !== count) return [];
  return parts.map((part, i) => {
    // The first part also holds `ALTER TABLE name`.
    const from = part[i === 0 ? tableEnd(part) : 0] ?? part[0];
    return spanWithin(statement, { start: from.start, end: part[part.length - 1].end });
  });
}

/** Index of the first token after `ALTER TABLE [IF EXISTS] [ONLY] name`. */
function tableEnd(part: { text: string }[]): number {
  let k = 2;
  while (k < part.length && ['IF', 'EXISTS', 'ONLY'].includes(part[k].text.toUpperCase())) k++;
  // The name, possibly qualified.
  k++;
  while (k + 1 < part.length && part[k].text === '.') k += 2;
  if (part[k]?.text === '*') k++;
  return k;
}
