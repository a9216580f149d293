import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { FolderAnalysis } from '../core/engine';
import { ruleDocUri } from '../core/rules/docs';
import { safePattern } from '../core/rules/safePattern';
import { describeLock, locksOf, type LockInfo } from '../core/sql/locks';
import { statementAt } from '../core/statementAt';

const effectText: Record<LockInfo['effect'], string> = {
  rewrite: 'rewrites the whole table (time grows with its size)',
  scan: 'scans the whole table while holding the lock',
  metadata: 'changes the catalog only (quick once the lock is granted)',
  none: '',
};

/** What a reviewer needs to know about the statement under the cursor. */
export function hoverFor(analysis: FolderAnalysis, file: string, offset: number, pgVersion: number): Hover | null {
  const hit = statementAt(analysis, file, offset);
  if (!hit) return null;
  const { statement } = hit;
  // Alembic revisions get the safe pattern written as op.* calls, SQL files the SQL one.
  const format = analysis.units.find((u) => u.up === hit.script || u.down === hit.script)?.migration.format;
  const parts: string[] = [];
  if (statement.error) {
    parts.push(`**Does not parse**: ${statement.error.message}`);
  } else {
    const locks = locksOf(statement, pgVersion);
    if (locks.length === 0) parts.push(`\`${statement.kind}\`: takes no lock on an existing table.`);
    for (const l of locks) {
      const effect = effectText[l.effect];
      parts.push(
        `**${l.mode}** lock on \`${l.relation}\`: ${describeLock(l.mode)}` +
          (effect ? `; ${effect}` : '') +
          (l.note ? `. ${l.note[0].toUpperCase()}${l.note.slice(1)}.` : '.'),
      );
    }
  }
  const flagged = analysis.findings.filter(
    (f) => f.path === file && f.span.start >= statement.span.start && f.span.start <= statement.span.end,
  );
  // The finding's message is already in the editor's diagnostic hover: add what it lacks.
  for (const ruleId of new Set(flagged.map((f) => f.ruleId))) {
    parts.push('---', `**${ruleId}**: [rule documentation](${ruleDocUri(ruleId)})`);
    const pattern = safePattern(ruleId, format === 'alembic' || format === 'django' ? format : 'sql');
    if (pattern) parts.push(`**Safe pattern**\n\n${pattern}`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') } };
}
