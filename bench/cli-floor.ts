// The floor under the CLI's whole-process time: a bare Node script that only loads libpg-query,
// reads the 2,000-migration folder's 4,000 files and parses each in one parseSync call, phase
// by phase, beside the CLI itself on the same files:
//   node out/bench/cli-floor.js [runs]
// Each run is a fresh child process; the table gives medians of wall time and of the process's
// CPU time (user + system, all threads), which stays meaningful while other work shares the cores.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeGolangMigrateFolder } from './generate';
import { median, removeDir, repoRoot, table, tempDir } from './util';

const PHASES = ['node start', 'libpg-query load', 'reading', 'parsing'] as const;
type Phase = (typeof PHASES)[number];

/** What a child reports: ms of each phase. */
interface Sample {
  wall: Record<Phase, number>;
  cpu: Record<Phase, number>;
}

/** Run inside the child: the measured script. */
async function child(dir: string, liftoff: boolean): Promise<void> {
  const wall = { 'node start': performance.now() } as Record<Phase, number>;
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const cpu = { 'node start': cpuNow() } as Record<Phase, number>;
  const phase = async (name: Phase, work: () => unknown) => {
    const [w, c] = [performance.now(), cpuNow()];
    await work();
    wall[name] = performance.now() - w;
    cpu[name] = cpuNow() - c;
  };
  // What the CLI does before libpg-query compiles its WASM: V8 flags apply to modules compiled after them.
  if (liftoff) (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--liftoff-only');
  let pg!: typeof import('libpg-query');
  await phase('libpg-query load', async () => {
    pg = require('libpg-query');
    await pg.loadModule();
  });
  let texts: string[] = [];
  await phase('reading', () => {
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.sql'));
    texts = names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
  });
  let failed = 0;
  await phase('parsing', () => {
    for (const t of texts) {
      try {
        pg.parseSync(t);
      } catch {
        failed++;
      }
    }
  });
  process.stdout.write(JSON.stringify({ wall, cpu, files: texts.length, failed }));
}

/** CPU ms of the whole process (all threads) at exit, written to stderr by a preloaded hook. */
const CPU_HOOK = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-ms ' + (u.user + u.system) / 1000); });`;

function timed(args: string[], cwd: string, hook: string): { stdout: string; total: number; totalCpu: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', hook, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const total = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { stdout: r.stdout, total, totalCpu: Number(/cpu-ms (\S+)\s*$/.exec(r.stderr)?.[1]) };
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 9);
  const dir = tempDir('mg-bench-cli-floor-');
  try {
    writeGolangMigrateFolder(dir, 2000);
    const hook = path.join(dir, 'cpu-hook.js');
    fs.writeFileSync(hook, CPU_HOOK);
    const measure = (args: string[]) => {
      timed(args, dir, hook); // warm the file cache
      return Array.from({ length: runs }, () => timed(args, dir, hook));
    };
    const totals = (rs: ReturnType<typeof timed>[]) => [median(rs.map((r) => r.total)).toFixed(0), median(rs.map((r) => r.totalCpu)).toFixed(0)];
    const folder = path.join(dir, 'db', 'migrations');
    const variants: [string, string[]][] = [
      ['bare script, default V8 tiers', [__filename, '--child', folder]],
      ['bare script, --liftoff-only', [__filename, '--child', folder, '--liftoff']],
    ];
    const rows: (string | number)[][] = [];
    for (const [name, args] of variants) {
      const rs = measure(args);
      const samples = rs.map((r) => JSON.parse(r.stdout) as Sample);
      const cell = (p: Phase) => `${median(samples.map((s) => s.wall[p])).toFixed(0)} / ${median(samples.map((s) => s.cpu[p])).toFixed(0)}`;
      rows.push([name, ...PHASES.map(cell), ...totals(rs)]);
    }
    const cli = measure([path.join(repoRoot, 'bin', 'migration-guard.js'), 'check', 'db/migrations', '--format', 'json']);
    rows.push(['the CLI: `check db/migrations --format json`', '–', '–', '–', '–', ...totals(cli)]);
    const node = measure(['-e', '0']);
    rows.push(['for scale: `node -e 0`', '–', '–', '–', '–', ...totals(node)]);
    console.log(
      [
        `2,000 golang-migrate migrations (4,000 files), median of ${runs} fresh processes. Phases as wall ms / CPU ms ` +
          '(CPU of the whole process, all threads: V8 compiles WASM and collects garbage on helper threads); ' +
          '`node start` is from the process\'s time origin to the script\'s first line. Spawn → exit is wall time seen by the parent.',
        '',
        table(['script', ...PHASES, 'spawn → exit (ms)', 'CPU (ms)'], rows),
      ].join('\n'),
    );
  } finally {
    removeDir(dir);
  }
}

if (require.main === module) {
  if (process.argv[2] === '--child') child(process.argv[3], process.argv[4] === '--liftoff');
  else main();
}
