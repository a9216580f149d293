import { STATE_WORDS } from './appliedState';
import { isMissing, type GraphModel } from './model';
import type { MigrationState } from './protocol';
import type { Run } from './runs';

/** Where the revision stands on the connected environment, when it was read. */
export interface KnownState {
  environment: string;
  state: MigrationState;
}

/** The tooltip lines for a box: a revision, a folded run or a missing revision. */
export function describe(model: GraphModel, run: Run | undefined, key: string, known?: KnownState): string[] {
  if (run) return [`${run.members.length} migrations`, `${run.members[0]} … ${run.members[run.members.length - 1]}`, 'Click or Enter to unfold'];
  const node = model.nodes.get(key);
  if (!node) return [];
  if (isMissing(node)) {
    const named = model.folder.problems.filter((p) => p.missing === key).map((p) => p.message);
    return [`${key}: missing revision`, ...(named.length ? named : ['Named by another revision; no file declares it'])];
  }
  const marks = [node.isHead && 'head', node.isBase && 'base', node.isBranchPoint && 'branch point', node.isMergePoint && 'merge point'].filter(Boolean);
  const problems = model.folder.problems.filter((p) => p.id === key || p.ids?.includes(key)).map((p) => p.message);
  return [
    node.name,
    node.path,
    `${node.id}${marks.length ? ` (${marks.join(', ')})` : ''}`,
    ...(node.branchLabels.length ? [`branch labels: ${node.branchLabels.join(', ')}`] : []),
    ...(node.dependsOn.length ? [`depends on: ${node.dependsOn.join(', ')}`] : []),
    ...(node.date ? [`created ${node.date}`] : []),
    ...(node.findings !== undefined ? [`${node.findings} finding${node.findings === 1 ? '' : 's'}`] : []),
    ...(known ? [`${STATE_WORDS[known.state]} on ${known.environment}`] : []),
    ...problems,
  ];
}
