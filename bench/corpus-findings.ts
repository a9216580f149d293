// Findings per rule and corpus set, from the CLI as a user runs it:
//   node out/bench/corpus-findings.js [--save counts.json] [--baseline counts.json]
// --save writes the counts; --baseline shows each changed cell as `before → after`, which
// is how the false alarms fixed on the real corpus are recorded in bench/README.md.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusRoot, repoRoot, table } from './util';

/** Set → rule → findings. */
type Counts = Record<string, Record<string, number>>;

function countSet(dir: string): Record<string, number> {
  const out = execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'migration-guard.js'), 'check', dir, '--format', 'json', '--exit-zero'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const counts: Record<string, number> = {};
  for (const f of JSON.parse(out) as { ruleId: string }[]) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
  return counts;
}

function countCorpus(): Counts {
  const sets = fs
    .readdirSync(corpusRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Object.fromEntries(sets.map((set) => [set, countSet(path.join(corpusRoot, set))]));
}

/** The markdown table: a row per rule, a column per set with findings, then the total. */
export function findingsTable(after: Counts, before?: Counts): string {
  const get = (c: Counts | undefined, set: string, rule: string) => c?.[set]?.[rule] ?? 0;
  const all = [after, ...(before ? [before] : [])];
  const sets = [...new Set(all.flatMap((c) => Object.keys(c)))].sort().filter((s) => all.some((c) => Object.keys(c[s] ?? {}).length > 0));
  const rules = [...new Set(all.flatMap((c) => Object.values(c).flatMap((r) => Object.keys(r))))].sort();
  const cell = (a: number, b: number | undefined) => (b === undefined || a === b ? String(a) : `${b} → ${a}`);
  const total = (c: Counts | undefined, rule: string) => sets.reduce((n, s) => n + get(c, s, rule), 0);
  const rows = rules.map((rule) => [
    rule,
    ...sets.map((s) => cell(get(after, s, rule), before && get(before, s, rule))),
    cell(total(after, rule), before && total(before, rule)),
  ]);
  return table(['rule', ...sets, 'total'], rows);
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const counts = countCorpus();
  const save = option('--save');
  if (save) fs.writeFileSync(save, JSON.stringify(counts, null, 2) + '\n');
  const baseline = option('--baseline');
  console.log(findingsTable(counts, baseline ? (JSON.parse(fs.readFileSync(baseline, 'utf8')) as Counts) : undefined));
}
