// Building the revision graph of 10,000 revisions (target: well under 200 ms): a
// linear chain as the linear formats produce it, and an Alembic-style history whose
// branches fork and merge again every 50 revisions, with a few depends_on links.
import { createHash } from 'node:crypto';
import { buildGraph } from '../server/src/core/graph';
import type { Migration, MigrationFolder } from '../server/src/core/model';
import { median, ms, now, table, type Section } from './util';

const SIZE = 10_000;
const RUNS = 15;
const FOLDER = '/bench/versions';

function migration(id: string, parents: string[], dependsOn?: string[]): Migration {
  const path = `${FOLDER}/${id}_change.py`;
  const up = { path, text: '', span: { start: 0, end: 0 } };
  return { id, name: 'change', format: 'alembic', folder: FOLDER, path, sortKey: [], parents, up, supportsDown: true, transaction: 'wrapped', ...(dependsOn ? { dependsOn } : {}) };
}

function linear(): MigrationFolder {
  const ids = Array.from({ length: SIZE }, (_, i) => String(i + 1).padStart(6, '0'));
  const migrations = ids.map((id, i) => ({ ...migration(id, i ? [ids[i - 1]] : []), format: 'golang-migrate' as const }));
  return { path: FOLDER, format: 'golang-migrate', migrations, strays: [] };
}

/** A base, then 200 blocks of 50: two branches of 24 and 25 revisions from the last merge, merged by the 50th; every 500th revision (from the 257th) also depends on one 250 before it. */
function branchy(): MigrationFolder {
  const hex = (i: number) => createHash('sha1').update(String(i)).digest('hex').slice(0, 12);
  const migrations: Migration[] = [migration(hex(0), [])];
  const add = (parents: string[]) => {
    const i = migrations.length;
    migrations.push(migration(hex(i), parents, i % 500 === 257 ? [hex(i - 250)] : undefined));
    return hex(i);
  };
  const branch = (from: string, length: number) => Array.from({ length }).reduce<string>((tip) => add([tip]), from);
  let tip = hex(0);
  while (migrations.length < SIZE) tip = add([branch(tip, 24), branch(tip, 25)]);
  return { path: FOLDER, format: 'alembic', migrations, strays: [] };
}

export async function run(log: (s: string) => void = () => undefined): Promise<Section> {
  const rows = [
    ['10,000 revisions, linear (golang-migrate chain)', linear()],
    ['10,001 revisions, a fork and a merge every 50, depends_on every 500 (Alembic)', branchy()],
  ].map(([name, folder]) => {
    log(`graph: ${name}`);
    const times: number[] = [];
    let shape = '';
    for (let i = 0; i <= RUNS; i++) {
      const t = now();
      const graph = buildGraph(folder as MigrationFolder);
      if (i > 0) times.push(now() - t);
      shape = `${graph.heads.length} / ${graph.mergePoints.length} / ${graph.problems.length}`;
    }
    return [name as string, ms(median(times)), ms(Math.max(...times)), shape];
  });
  const markdown = [
    `\`buildGraph\` in process (heads, bases, branch and merge points, labels, cycles, history order): median and slowest of ${RUNS} runs after one warm-up. Target: well under 200 ms.`,
    '',
    table(['input', 'median', 'slowest', 'heads / merges / problems'], rows),
  ].join('\n');
  return { title: 'Revision graph', markdown };
}

if (require.main === module) {
  run(console.error).then((s) => console.log(`## ${s.title}\n\n${s.markdown}`));
}
