import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigResolver } from '../core/config/resolver';
import { DEFAULT_PG_VERSION } from '../core/engine';
import { describeProblem, graphJson, graphOf, type RevisionGraph, type RevisionNode } from '../core/graph';
import { DiskFileView, readFolder } from '../core/sources';
import { loadParsers } from '../core/parsers';
import { MigrationWorkspace } from '../core/workspace';
import type { CliIo } from './run';
import { relativePath } from './locate';

export const GRAPH_USAGE = `  migration-guard graph [paths...] [--format text|json]`;

const FORMATS: Record<string, (graphs: RevisionGraph[], base: string) => string> = { text: formatText, json: formatJson };

/**
 * `migration-guard graph`: each migration folder's revisions, heads, bases,
 * branch and merge points, and history, as `alembic heads` and `alembic
 * history` show them. Informational: exits 0 whatever the graph holds, 2 on
 * bad usage.
 */
export async function graphCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', default: 'text' } } });
  const format = FORMATS[values.format!];
  const targets = (positionals.length ? positionals : ['.']).map((p) => path.resolve(io.cwd, p));
  const missing = targets.find((t) => !fs.existsSync(t));
  const problem = !format ? `unknown format "${values.format}"` : missing ? `no such file or directory: ${path.relative(io.cwd, missing) || missing}` : undefined;
  if (problem) {
    io.err.write(`migration-guard: ${problem}\n\nUsage:\n${GRAPH_USAGE}\n`);
    return 2;
  }
  await loadParsers();
  const files = new DiskFileView();
  const workspace = new MigrationWorkspace(targets, files, { pgVersion: DEFAULT_PG_VERSION, configs: new ConfigResolver(files) });
  const refs = workspace.discover();
  if (refs.length === 0) io.err.write(`migration-guard: no migration folders found under ${positionals.join(', ') || '.'}\n`);
  io.out.write(format(refs.map((ref) => graphOf(readFolder(ref, files))), io.cwd));
  return 0;
}

/** Alembic's `history` line: `down -> rev (labels) (head) (branchpoint) (mergepoint), doc`. */
export function historyLine(node: RevisionNode): string {
  const down = node.parents.length ? node.parents.join(', ') : '<base>';
  const deps = node.dependsOn.length ? ` (${node.dependsOn.join(', ')})` : '';
  const marks = [
    node.branchLabels.length ? `(${node.branchLabels.join(', ')})` : '',
    node.isHead && node.dependents.length === 0 ? '(head)' : '',
    node.isHead && node.dependents.length > 0 ? '(effective head)' : '',
    node.isBranchPoint ? '(branchpoint)' : '',
    node.isMergePoint ? '(mergepoint)' : '',
  ].filter(Boolean);
  return `${down}${deps} -> ${[node.id, ...marks].join(' ')}, ${node.migration.name}`;
}

function formatText(graphs: RevisionGraph[], base: string): string {
  return graphs
    .map((g) => {
      const list = (ids: string[]) => (ids.length ? ids.join(', ') : '(none)');
      const lines = [
        `${relativePath(base, g.folder.path)} (${g.folder.format}, ${g.nodes.size} revision${g.nodes.size === 1 ? '' : 's'})`,
        `  bases: ${list(g.bases)}`,
        `  heads: ${list(g.heads)}`,
        `  branch points: ${list(g.branchPoints)}`,
        `  merge points: ${list(g.mergePoints)}`,
        ...g.problems.map((p) => `  problem: ${describeProblem(p, base)}`),
        '',
        ...[...g.order].reverse().map((id) => historyLine(g.nodes.get(id)!)),
      ];
      return lines.join('\n') + '\n';
    })
    .join('\n');
}

/** The shape the editor's graph panel draws too: keep it stable. */
function formatJson(graphs: RevisionGraph[], base: string): string {
  return JSON.stringify({ folders: graphs.map((g) => graphJson(g, (file) => relativePath(base, file))) }, null, 2) + '\n';
}
