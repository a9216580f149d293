// Payloads for the graph panel: a real folder through the language server's graph code,
// and generated ones of any size or shape.
import { ConfigResolver } from '../../server/src/core/config/resolver';
import { DEFAULT_PG_VERSION } from '../../server/src/core/engine';
import { loadParsers } from '../../server/src/core/parsers';
import { DiskFileView } from '../../server/src/core/sources';
import { MigrationWorkspace } from '../../server/src/core/workspace';
import type { FolderAnalysis } from '../../server/src/core/engine';
import { previewPayload } from '../../server/src/lsp/preview';
import { graphPayload } from '../../server/src/lsp/requests';
import type { GraphFolder, GraphPayload, PreviewParams, PreviewPayload } from '../../client/webview/protocol';

/** Every migration folder under dir, analysed as the server analyses them. */
export async function analysesOf(dir: string): Promise<FolderAnalysis[]> {
  await loadParsers();
  const files = new DiskFileView();
  const workspace = new MigrationWorkspace([dir], files, { pgVersion: DEFAULT_PG_VERSION, configs: new ConfigResolver(files) });
  return workspace.discover().map((ref) => workspace.analyze(ref));
}

/** What the server answers for a workspace holding dir: analysed, findings counted. */
export async function payloadOf(dir: string): Promise<GraphPayload> {
  return graphPayload(await analysesOf(dir));
}

/** What the server answers to migrationGuard/preview for a file of an analysed folder. */
export function previewOf(analysis: FolderAnalysis, file: string, params: Omit<PreviewParams, 'uri'>): PreviewPayload {
  return previewPayload(analysis, file, { uri: `file://${file}`, ...params }, () => DEFAULT_PG_VERSION);
}

export interface Rev {
  id: string;
  parents: string[];
  dependsOn?: string[];
}

/** A folder of revisions with heads, bases, branch and merge points worked out as the server does. */
export function folderOf(revs: Rev[], problems: GraphFolder['problems'] = []): GraphFolder {
  const children = new Map<string, number>();
  for (const r of revs) for (const p of new Set(r.parents)) children.set(p, (children.get(p) ?? 0) + 1);
  const nodes = revs.map((r) => ({
    id: r.id,
    name: `change ${r.id}`,
    path: `/project/versions/${r.id}_change.py`,
    parents: r.parents,
    dependsOn: r.dependsOn ?? [],
    branchLabels: [],
    isHead: !children.has(r.id),
    isBase: r.parents.length === 0,
    isBranchPoint: (children.get(r.id) ?? 0) > 1,
    isMergePoint: r.parents.length > 1,
  }));
  const ids = (test: (n: (typeof nodes)[number]) => boolean) => nodes.filter(test).map((n) => n.id);
  return {
    path: '/project/versions',
    format: 'alembic',
    nodes,
    heads: ids((n) => n.isHead),
    bases: ids((n) => n.isBase),
    branchPoints: ids((n) => n.isBranchPoint),
    mergePoints: ids((n) => n.isMergePoint),
    problems,
  };
}

/**
 * n revisions of a long-lived project: mostly linear, and every 100 revisions a side
 * branch of 4 that merges back 10 revisions later; one depends_on every 250.
 */
export function generatedHistory(n: number): GraphFolder {
  const revs: Rev[] = [];
  const id = () => `r${revs.length.toString(16).padStart(5, '0')}`;
  let main: string | undefined;
  let side: string | undefined;
  while (revs.length < n) {
    const at = revs.length % 100;
    if (at === 40 && main && revs.length + 5 < n) {
      let tip = main;
      for (let i = 0; i < 4; i++) revs.push({ id: id(), parents: [tip] }), (tip = revs[revs.length - 1].id);
      side = tip;
    }
    const rev: Rev = { id: id(), parents: main ? [main] : [] };
    if (side && at >= 50) (rev.parents.push(side), (side = undefined));
    if (revs.length % 250 === 200) rev.dependsOn = [revs[revs.length - 120].id];
    revs.push(rev);
    main = rev.id;
  }
  return folderOf(revs);
}
