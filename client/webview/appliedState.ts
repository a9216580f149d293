import type { AppliedStateFolder, AppliedStatePayload, MigrationState } from './protocol';

/** How each state reads in a tooltip and the summary. */
export const STATE_WORDS: Record<MigrationState, string> = {
  applied: 'applied',
  pending: 'pending',
  current: 'current (last applied)',
  dirty: 'dirty: failed half-way',
  failed: 'failed',
  'changed-after-applied': 'edited after it was applied',
};

/** The states the environment records for one folder's revisions; empty when it was not read. */
export function folderStates(payload: AppliedStatePayload | undefined, folder: string): AppliedStateFolder {
  return payload?.folders.find((f) => f.path === folder) ?? { path: folder, states: {}, unknown: [] };
}

/** `prod: at 0042, 3 pending`, or why nothing was read; empty when no environment is involved. */
export function stateSummary(payload: AppliedStatePayload | undefined, folder: AppliedStateFolder): string {
  if (!payload) return '';
  if (payload.error) return `${payload.environment ?? 'no environment'}: ${payload.error}`;
  if (!payload.environment) return '';
  const states = Object.entries(folder.states);
  const current = states.find(([, s]) => s === 'current')?.[0];
  const count = (s: MigrationState) => states.filter(([, x]) => x === s).length;
  const parts = [current ? `at ${current}` : 'nothing applied', `${count('pending')} pending`];
  for (const s of ['dirty', 'failed', 'changed-after-applied'] as const) if (count(s)) parts.push(`${count(s)} ${STATE_WORDS[s].split(':')[0]}`);
  return `${payload.environment}: ${parts.join(', ')}`;
}

/** A folded run's state: its members' when they all agree. */
export function runState(members: string[], states: Record<string, MigrationState>): MigrationState | undefined {
  const first = states[members[0]];
  return first && members.every((m) => states[m] === first) ? first : undefined;
}
