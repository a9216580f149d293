import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import type { FolderAnalysis } from '../core/engine';
import type { Span } from '../core/model';
import { ignoreDirectiveEdit } from '../core/ignoreEdit';
import { statementAt } from '../core/statementAt';
import type { TextPositions } from '../core/text/lineIndex';
import { toDiagnostic, toWorkspaceEdit } from './convert';

const overlaps = (a: Span, b: Span) => a.start <= b.end && b.start <= a.end;

/** Each finding's own fixes (preferred), then "ignore this rule here" for each finding. */
export function codeActionsFor(
  analysis: FolderAnalysis,
  file: string,
  range: Span,
  indexOf: (file: string) => TextPositions,
): CodeAction[] {
  const index = indexOf(file);
  const findings = analysis.findings.filter((f) => f.path === file && overlaps(f.span, range));
  const actions: CodeAction[] = [];
  for (const f of findings) {
    const diagnostic = toDiagnostic(index, f);
    f.fixes.forEach((fix, i) =>
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0,
        edit: toWorkspaceEdit(fix, indexOf),
      }),
    );
  }
  for (const f of findings) {
    const hit = statementAt(analysis, file, f.span.start);
    const text = hit?.script.script.text;
    if (!hit || text === undefined) continue;
    actions.push({
      title: `Ignore ${f.ruleId} for this statement`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(index, f)],
      edit: toWorkspaceEdit({ title: '', edits: [ignoreDirectiveEdit(file, text, hit.statement.span.start, f.ruleId)] }, indexOf),
    });
  }
  return actions;
}
