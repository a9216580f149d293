// Whole-process time of the CLI as CI runs it: `node bin/migration-guard.js check <dir> --format json`.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { large5000, writeBigFileWorkspace, writeGolangMigrateFolder } from './generate';
import { median, ms, now, removeDir, repoRoot, table, tempDir, type Section } from './util';

const RUNS = 5;

interface CliRun {
  ms: number;
  code: number | null;
  findings: number;
  stdoutBytes: number;
  stderr: string;
}

function runOnce(args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = now() - t0;
      const stdout = Buffer.concat(out).toString('utf8');
      resolve({ ms: elapsed, code, findings: countFindings(stdout), stdoutBytes: Buffer.byteLength(stdout), stderr });
    });
  });
}

/** The JSON format's shape is the CLI's business; count findings whichever way it nests them. */
function countFindings(stdout: string): number {
  try {
    const j = JSON.parse(stdout);
    if (Array.isArray(j)) return j.length;
    if (Array.isArray(j?.findings)) return j.findings.length;
    if (Array.isArray(j?.files)) return j.files.reduce((a: number, f: any) => a + (f?.findings?.length ?? f?.messages?.length ?? 0), 0);
    return NaN;
  } catch {
    return NaN;
  }
}

export interface CliCase {
  name: string;
  runs: CliRun[];
}

async function measure(name: string, dir: string, cwd: string): Promise<CliCase> {
  const args = [path.join(repoRoot, 'bin', 'migration-guard.js'), 'check', dir, '--format', 'json'];
  const runs: CliRun[] = [];
  await runOnce(args, cwd); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    const r = await runOnce(args, cwd);
    if (r.code !== 0 && r.code !== 1) throw new Error(`CLI exited ${r.code} on ${name}:\n${r.stderr}`);
    runs.push(r);
  }
  return { name, runs };
}

export async function run(log: (s: string) => void = () => undefined): Promise<Section & { cases: CliCase[] }> {
  const cases: CliCase[] = [];
  const small = tempDir('mg-bench-cli-');
  const big = tempDir('mg-bench-cli-big-');
  try {
    writeGolangMigrateFolder(small, 2000);
    writeBigFileWorkspace(big, large5000());
    log('cli: 2,000 small migrations');
    cases.push(await measure('2,000 small migrations (4,000 files: up + down)', 'db/migrations', small));
    log('cli: 5,000-statement file');
    cases.push(await measure('one 5,000-statement migration (+ 0001_init, downs)', 'db/migrations', big));
    log('cli: node baseline');
    const baseline: CliRun[] = [];
    for (let i = 0; i < RUNS; i++) baseline.push(await runOnce(['-e', '0'], repoRoot));
    cases.push({ name: 'for scale: `node -e 0`', runs: baseline });
  } finally {
    removeDir(small);
    removeDir(big);
  }
  const rows = cases.map((c) => [
    c.name,
    ms(median(c.runs.map((r) => r.ms)), 0),
    c.runs.map((r) => r.ms.toFixed(0)).join(', '),
    c.name.startsWith('for scale') ? '–' : String(c.runs[0].code),
    c.name.startsWith('for scale') ? '–' : Number.isNaN(c.runs[0].findings) ? '?' : c.runs[0].findings,
  ]);
  const md = [
    `\`node bin/migration-guard.js check db/migrations --format json\` run as a child process from the workspace; wall time from spawn to exit, ` +
      `median of ${RUNS} runs after one unmeasured run (exit code 0 or 1 are both normal).`,
    '',
    table(['input', 'median', 'runs (ms)', 'exit code', 'findings'], rows),
  ].join('\n');
  return { title: 'CLI (whole process)', markdown: md, cases };
}

if (require.main === module) {
  run(console.error).then((s) => console.log(`## ${s.title}\n\n${s.markdown}`));
}
