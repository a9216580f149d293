// How much of the netbox Django project (../shared/corpus/netbox) renders as SQL: every
// statement of every migration, forwards, read through the real adapter, counted as
// rendered or "not analysed" and the latter grouped by reason. Run after a build:
// `node out/bench/django-coverage.js [project dir]`.
import * as path from 'node:path';
import { loadParsers } from '../server/src/core/parsers';
import { DiskFileView, discoverFolders, readFolder } from '../server/src/core/sources';

/** Reasons differ in the names they quote; the first words say which case it is. */
const TOP = 25;

function group(reason: string): string {
  return reason
    .replace(/^Django operation not rendered: /, '')
    .replace(/\b(the (field|model|index|constraint)|field|of|model) [\w.]+/g, '$1 …')
    .replace(/\b[A-Z]\w+ has no/g, '… has no')
    .replace(/\(.*\)/g, '(…)');
}

async function main(): Promise<void> {
  await loadParsers();
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'netbox'));
  const files = new DiskFileView();
  const counts = new Map<string, number>();
  let rendered = 0;
  let total = 0;
  for (const ref of discoverFolders([root], files).filter((r) => r.format === 'django')) {
    for (const m of readFolder(ref, files).migrations) {
      for (const s of m.up.rendered ?? []) {
        total++;
        if (s.unanalysed === undefined) rendered++;
        else counts.set(group(s.unanalysed), (counts.get(group(s.unanalysed)) ?? 0) + 1);
      }
    }
  }
  const unanalysed = total - rendered;
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
  console.log(`${root}: ${total} statements, ${rendered} rendered, ${unanalysed} not analysed (${pct(unanalysed)})`);
  for (const [reason, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${String(n).padStart(5)}  ${reason}`);
  if (counts.size > TOP) console.log(`  … and ${counts.size - TOP} more reasons`);
}

void main();
