import type { Connection } from 'vscode-languageserver/node';
import { GRAPH_REQUEST, PREVIEW_REQUEST, type GraphFolder, type GraphPayload, type PreviewParams, type PreviewPayload } from '../../../client/webview/protocol';
import type { FolderAnalysis } from '../core/engine';
import { graphJson, graphOf, problemSite, revisionSpan } from '../core/graph';
import { migrationDate } from '../core/migrationDate';
import type { Migration, Span } from '../core/model';
import { LineIndex } from '../core/text/lineIndex';
import { toPath, toRange } from './convert';
import { previewPayload } from './preview';

/** What the panel's requests read of the server's state. */
export interface PanelSource {
  analyses(): Iterable<FolderAnalysis>;
  /** The analysis of the folder a file belongs to. */
  analysisOf(file: string): FolderAnalysis | undefined;
  /** The PostgreSQL major version that applies to a file. */
  pgVersionOf(file: string): number;
}

/** The custom requests behind the editor's graph panel. */
export function registerPanelRequests(connection: Connection, source: PanelSource): void {
  connection.onRequest(GRAPH_REQUEST, () => graphPayload([...source.analyses()]));
  connection.onRequest(PREVIEW_REQUEST, (params: PreviewParams): PreviewPayload => {
    const file = toPath(params.uri);
    const analysis = source.analysisOf(file);
    return analysis ? previewPayload(analysis, file, params, (f) => source.pgVersionOf(f)) : { direction: params.direction, migrations: [] };
  });
}

/**
 * The revision graph of every analysed folder, in the shape `migration-guard graph --format json`
 * prints, with absolute paths (the panel opens them), each migration's findings counted and its date,
 * and where each revision and each problem's finding sit in their files.
 * Built from the server's analyses, so it shows unsaved edits.
 */
export function graphPayload(analyses: FolderAnalysis[]): GraphPayload {
  return { folders: analyses.map(folderPayload).sort((a, b) => a.path.localeCompare(b.path)) };
}

function folderPayload(analysis: FolderAnalysis): GraphFolder {
  const graph = graphOf(analysis.folder);
  const json = graphJson(graph, (file) => file);
  const findings = new Map<string, number>();
  for (const f of analysis.findings) findings.set(f.path, (findings.get(f.path) ?? 0) + 1);
  const findingsOf = (m: Migration) => [...new Set([m.path, m.up.path, m.down?.path])].reduce((n, p) => n + (p ? findings.get(p) ?? 0 : 0), 0);
  // Declarations are looked up in the revision file's text, which is the up script's.
  const rangeIn = (m: Migration, span: Span) => toRange(new LineIndex(m.up.text), span);
  return {
    ...json,
    nodes: json.nodes.map((n) => {
      const { migration } = graph.nodes.get(n.id)!;
      const date = migrationDate(migration);
      return { ...n, findings: findingsOf(migration), ...(date ? { date } : {}), declaredAt: rangeIn(migration, revisionSpan(migration)) };
    }),
    problems: json.problems.map((p, i) => {
      const { migration, span } = problemSite(graph, graph.problems[i]);
      return { ...p, at: { path: migration.path, range: rangeIn(migration, span) } };
    }),
  };
}
