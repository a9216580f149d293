import type { InlayHint, Position } from 'vscode-languageserver/node';
import { statementUnits, type FolderAnalysis } from '../core/engine';
import type { Span } from '../core/model';
import { lockLabel, predictedLock } from '../core/predictedLock';
import { describeLock } from '../core/sql/locks';

/**
 * After each statement of `file` within `range` that locks an existing table, the strongest
 * lock it takes: `⟵ SHARE on orders`. Tables created earlier in the same script are left
 * out, as the rules leave them out: nobody else can be waiting on them.
 */
export function lockModeHints(analysis: FolderAnalysis, file: string, range: Span, pgVersion: number, positionAt: (offset: number) => Position): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const unit of analysis.units) {
    for (const s of statementUnits(unit)) {
      const { statement, direction } = s;
      const script = unit[direction]!.script;
      if (script.path !== file || statement.span.end < range.start || statement.span.start > range.end) continue;
      const lock = predictedLock(s, pgVersion);
      if (!lock) continue;
      const end = script.text[statement.span.end] === ';' ? statement.span.end + 1 : statement.span.end;
      hints.push({
        position: positionAt(end),
        label: `⟵ ${lockLabel(lock)}`,
        paddingLeft: true,
        tooltip: `${lock.mode}: ${describeLock(lock.mode)}`,
      });
    }
  }
  return hints;
}
