import type { CodeLens } from 'vscode-languageserver/node';
import type { FolderAnalysis } from '../core/engine';
import { revisionSpan } from '../core/graph';
import type { TextPositions } from '../core/text/lineIndex';
import { STATE_WORDS } from '../../../client/webview/appliedState';
import type { MigrationState } from '../../../client/webview/protocol';
import { toRange, toUri } from './convert';

/** Commands the lenses run; the client registers them. */
export const LENS_COMMANDS = { dryRun: 'migrationGuard.dryRun', preview: 'migrationGuard.previewSql', showGraph: 'migrationGuard.showGraph' } as const;

/** Where a migration stands on the active environment; undefined when nothing is known. */
export type AppliedStateLookup = (folder: string, id: string) => { environment: string; state: MigrationState } | undefined;

/**
 * Above each migration defined in `file` (its `revision =` line, else the file's start):
 * dry run, SQL preview, where it stands on the environment when known, and the graph.
 */
export function codeLensesFor(analysis: FolderAnalysis, file: string, index: TextPositions, stateOf: AppliedStateLookup): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const { migration } of analysis.units) {
    if (migration.path !== file) continue;
    const range = toRange(index, revisionSpan(migration));
    const uri = toUri(file);
    const lens = (title: string, command: string) => lenses.push({ range, command: { title, command, arguments: command ? [uri] : undefined } });
    lens('$(play) Dry run', LENS_COMMANDS.dryRun);
    lens('$(preview) Preview SQL', LENS_COMMANDS.preview);
    const known = stateOf(analysis.folder.path, migration.id);
    // A label only: the state is shown, there is nothing to run.
    if (known) lens(`${STATE_WORDS[known.state]} on ${known.environment}`, '');
    lens('$(git-merge) Open in graph', LENS_COMMANDS.showGraph);
  }
  return lenses;
}
