import type { FolderAnalysis } from './engine';
import type { ParsedScript, Statement } from './sql/script';

export interface StatementHit {
  statement: Statement;
  script: ParsedScript;
  direction: 'up' | 'down';
}

/** The statement of `file` whose text contains `offset` (its `;` included). */
export function statementAt(analysis: FolderAnalysis, file: string, offset: number): StatementHit | undefined {
  for (const unit of analysis.units) {
    for (const direction of ['up', 'down'] as const) {
      const script = unit[direction];
      if (!script || script.script.path !== file) continue;
      if (offset < script.script.span.start || offset > script.script.span.end) continue;
      const statement = script.statements.find((s) => offset >= s.span.start && offset <= s.span.end + 1);
      if (statement) return { statement, script, direction };
    }
  }
  return undefined;
}
