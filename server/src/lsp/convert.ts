import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { ConfigProblem } from '../core/config/types';
import type { FileEdit, Finding, Fix, Severity, Span } from '../core/model';
import { ruleDocUri } from '../core/rules/docs';
import { LineIndex, type TextPositions } from '../core/text/lineIndex';
import { addTo } from '../core/group';

export const SOURCE = 'migration-guard';

export const toUri = (file: string) => URI.file(file).toString();
export const toPath = (uri: string) => URI.parse(uri).fsPath;

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(index: TextPositions, span: Span): Range {
  return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
}

export function toDiagnostic(index: TextPositions, f: Finding): Diagnostic {
  return {
    range: toRange(index, f.span),
    severity: severities[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocUri(f.ruleId) },
    message: f.message,
  };
}

/** A problem of a configuration file, shown in that file. */
export function configDiagnostic(index: TextPositions, p: ConfigProblem): Diagnostic {
  return { range: toRange(index, p.span), severity: severities[p.severity], source: SOURCE, message: p.message };
}

/** A fix's edits as one WorkspaceEdit; new files become create operations first. */
export function toWorkspaceEdit(fix: Fix, indexOf: (file: string) => TextPositions): WorkspaceEdit {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of fix.edits) addTo(byFile, e.path, e);
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const [file, edits] of byFile) {
    const uri = toUri(file);
    const creating = edits.some((e) => e.create);
    if (creating) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    const index = creating ? new LineIndex('') : indexOf(file);
    const textEdits: TextEdit[] = edits.map((e) => ({ range: toRange(index, e.span), newText: e.newText }));
    documentChanges.push({ textDocument: { uri, version: null }, edits: textEdits });
  }
  return { documentChanges };
}
