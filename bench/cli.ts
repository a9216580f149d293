// Whole-process time of the CLI as CI runs it: `node bin/migration-guard.js check <dir> --format json`,
// and of `squawk` on the same files when it could be installed (bench/tools.ts).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { large5000, writeBigFileWorkspace, writeGolangMigrateFolder } from './generate';
import { ensureTool, SQUAWK } from './tools';
import { median, ms, now, removeDir, repoRoot, table, tempDir, type Section } from './util';

const RUNS = 5;

interface CliRun {
  ms: number;
  code: number | null;
  findings: number;
  stdoutBytes: number;
  stderr: string;
}

function runOnce(command: string, args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** A command line: ours, or a competitor's on the same files. */
type Command = [command: string, ...args: string[]];

const oursOn = (dir: string): Command => [process.execPath, path.join(repoRoot, 'bin', 'migration-guard.js'), 'check', dir, '--format', 'json'];
// squawk expands the glob itself, and lints every file it is given, down migrations too, as ours does.
const squawkOn = (bin: string, dir: string): Command => [bin, `${dir}/*.sql`, '--reporter', 'json'];

async function measure(name: string, [command, ...args]: Command, cwd: string): Promise<CliCase> {
  const runs: CliRun[] = [];
  await runOnce(command, args, cwd); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    const r = await runOnce(command, args, cwd);
    if (r.code !== 0 && r.code !== 1) throw new Error(`CLI exited ${r.code} on ${name}:\n${r.stderr}`);
    runs.push(r);
  }
  return { name, runs };
}

const SQUAWK_TARGET = 1.5;

function squawkRatio(cases: CliCase[], name: string): string {
  const time = (n: string) => median(cases.find((c) => c.name === n)?.runs.map((r) => r.ms) ?? []);
  const ratio = time(name) / time(`${name}: squawk ${SQUAWK.version}`);
  return `${ratio.toFixed(2)}× ${ratio <= SQUAWK_TARGET ? '✅' : '❌'}`;
}

export async function run(log: (s: string) => void = () => undefined): Promise<Section & { cases: CliCase[] }> {
  const cases: CliCase[] = [];
  const small = tempDir('mg-bench-cli-');
  const big = tempDir('mg-bench-cli-big-');
  const squawk = ensureTool(SQUAWK);
  const inputs: [string, string][] = [
    ['2,000 small migrations (4,000 files: up + down)', small],
    ['one 5,000-statement migration (+ 0001_init, downs)', big],
  ];
  try {
    writeGolangMigrateFolder(small, 2000);
    writeBigFileWorkspace(big, large5000());
    for (const [name, cwd] of inputs) {
      log(`cli: ${name}`);
      cases.push(await measure(name, oursOn('db/migrations'), cwd));
      if (squawk.bin) cases.push(await measure(`${name}: squawk ${SQUAWK.version}`, squawkOn(squawk.bin, 'db/migrations'), cwd));
    }
    log('cli: node baseline');
    const baseline: CliRun[] = [];
    for (let i = 0; i < RUNS; i++) baseline.push(await runOnce(process.execPath, ['-e', '0'], repoRoot));
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
    '',
    squawk.bin
      ? `\`squawk 'db/migrations/*.sql' --reporter json\` beside it (a native binary from npm, its own rule set): ` +
        inputs.map(([name]) => `${name}: ours ÷ squawk = ${squawkRatio(cases, name)}`).join('; ') +
        ` (target: ours within ${SQUAWK_TARGET}×).`
      : `squawk not measured: ${squawk.error}`,
  ].join('\n');
  return { title: 'CLI (whole process)', markdown: md, cases };
}

if (require.main === module) {
  run(console.error).then((s) => console.log(`## ${s.title}\n\n${s.markdown}`));
}
