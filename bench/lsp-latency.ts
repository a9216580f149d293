// Editor-visible latency of the bundled language server over stdio, as an editor sees it:
// initialize round trip, didOpen → first diagnostics, one-character edit → next
// diagnostics, and the server's memory on a workspace of 2,000 migrations.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { splitStatements } from '../server/src/core/sql/split';
import { large5000, medium300, small10, writeBigFileWorkspace, writeGolangMigrateFolder } from './generate';
import { ensureTool, TOOLS, type ToolSpec } from './tools';
import { median, ms, now, percentile, removeDir, repoRoot, sleep, table, tempDir, type Section } from './util';

const EDITS = 30;
const WARMUP_EDITS = 2;
const uriOf = (file: string) => pathToFileURL(file).toString();

interface Published {
  uri: string;
  version?: number;
  count: number;
  at: number;
}

/** A language server to measure, and how it delivers diagnostics. */
export interface ServerUnderTest {
  name: string;
  command: string;
  args: string[];
  /** push: `publishDiagnostics` (ours tags it with the document version); pull: `textDocument/diagnostic` requests. */
  diagnostics: 'push' | 'pull';
  versioned: boolean;
  /** Ours reads its settings through `workspace/configuration` before its first check. */
  asksConfiguration: boolean;
}

export function ours(nodeArgs: string[] = []): ServerUnderTest {
  const args = [...nodeArgs, path.join(repoRoot, 'dist', 'server.js'), '--stdio'];
  return { name: 'migration-guard', command: process.execPath, args, diagnostics: 'push', versioned: true, asksConfiguration: true };
}

// squawk answers pull requests only; postgrestools pushes, without a document version.
const DELIVERY: Record<string, Pick<ServerUnderTest, 'diagnostics' | 'versioned'>> = {
  squawk: { diagnostics: 'pull', versioned: false },
  postgrestools: { diagnostics: 'push', versioned: false },
};

function competitor(spec: ToolSpec, bin: string): ServerUnderTest {
  return { name: spec.name, command: bin, args: spec.lspArgs, asksConfiguration: false, ...DELIVERY[spec.name] };
}

/** A stdio LSP client to a language server (by default ours, `dist/server.js`), timing what it receives. */
class Session {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  readonly spawnedAt = now();
  private readonly log: Published[] = [];
  private waiters: (() => void)[] = [];
  configAnswered = 0;
  lastPublishAt = 0;
  stderr = '';

  constructor(readonly server: ServerUnderTest = ours()) {
    this.child = spawn(server.command, server.args, {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
      const at = now();
      this.lastPublishAt = at;
      this.log.push({ uri: p.uri, version: p.version, count: p.diagnostics.length, at });
      this.waiters.splice(0).forEach((w) => w());
    });
    // debounceMs 0: the debounce delay is the user's choice, not the server's cost.
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => {
      this.configAnswered++;
      return p.items.map(() => ({ debounceMs: 0 }));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Returns spawn → initialize result and the initialize request's round trip, in ms. */
  async initialize(root: string): Promise<{ cold: number; rtt: number; initializedAt: number }> {
    const t0 = now();
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, diagnostic: {}, synchronization: { dynamicRegistration: false } },
      },
    });
    const t1 = now();
    const initializedAt = now();
    await this.connection.sendNotification('initialized', {});
    return { cold: t1 - this.spawnedAt, rtt: t1 - t0, initializedAt };
  }

  /**
   * Waits until the server has read its settings and answered a request queued behind the
   * check that follows, then until no diagnostics arrived for `quietMs`. Returns when the
   * queued request was answered.
   */
  async settle(quietMs = 300, timeoutMs = 120_000): Promise<number> {
    const deadline = now() + timeoutMs;
    while (this.server.asksConfiguration && this.configAnswered === 0) {
      if (now() > deadline) throw new Error(`server never asked for configuration\n${this.stderr}`);
      await sleep(5);
    }
    // Other servers may answer a hover on an unknown document with an error: still an answer.
    await this.connection
      .sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nonexistent.sql' }, position: { line: 0, character: 0 } })
      .catch(() => undefined);
    const answered = now();
    while (now() - Math.max(this.lastPublishAt, answered) < quietMs) {
      if (now() > deadline) throw new Error('diagnostics never settled');
      await sleep(quietMs / 4);
    }
    return answered;
  }

  /** The first publication for `uri` after index `from` in the log (matching `version` if given). */
  async next(uri: string, from: number, version?: number, timeoutMs = 120_000): Promise<Published> {
    const deadline = now() + timeoutMs;
    for (;;) {
      const hit = this.log.slice(from).find((p) => p.uri === uri && (version === undefined || p.version === version));
      if (hit) return hit;
      const left = deadline - now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} (version ${version})\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The diagnostics of `uri` for `version`: the next publication after `from`, or a pull request's answer. */
  async diagnosticsOf(uri: string, from: number, version: number): Promise<Published> {
    if (this.server.diagnostics === 'push') return this.next(uri, from, this.server.versioned ? version : undefined);
    const report = await this.connection.sendRequest<{ items?: unknown[] }>('textDocument/diagnostic', { textDocument: { uri } });
    return { uri, version, count: report.items?.length ?? 0, at: now() };
  }

  get mark(): number {
    return this.log.length;
  }

  rss(): { rssMb: number; hwmMb: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), sleep(3000)]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const exited = new Promise<void>((r) => (this.child.exitCode !== null ? r() : this.child.once('exit', () => r())));
    await Promise.race([exited, sleep(3000)]);
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/**
 * Edit points: right after the first word of the statements from the middle of the file
 * on, one per insert/delete pair, so each insert yields statement text not seen before.
 */
function editOffsets(text: string, pairs: number): number[] {
  const chunks = splitStatements(text).chunks;
  const mid = text.length / 2;
  let first = chunks.findIndex((c) => c.span.end >= mid);
  if (first < 0) first = 0;
  const out: number[] = [];
  for (let k = 0; k < pairs; k++) {
    const c = chunks[Math.min(chunks.length - 1, first + k)] ?? chunks[0];
    const s = text.slice(c.span.start, c.span.end);
    const word = /^\S+/.exec(s)?.[0].length ?? 0;
    out.push(c.span.start + word);
  }
  return out;
}

export interface FileLatency {
  name: string;
  lines: number;
  statements: number;
  bytes: number;
  open: number;
  openDiagnostics: number;
  edits: number[];
  inserts: number[];
  deletes: number[];
  rssMb: number;
}

export async function measureFile(name: string, text: string, server: ServerUnderTest = ours()): Promise<FileLatency> {
  const root = tempDir('mg-bench-lsp-');
  const file = writeBigFileWorkspace(root, text);
  const uri = uriOf(file);
  const session = new Session(server);
  try {
    await session.initialize(root);
    await session.settle();

    let version = 1;
    let mark = session.mark;
    const t0 = now();
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version, text } });
    const opened = await session.diagnosticsOf(uri, mark, version);
    const open = opened.at - t0;
    await session.settle(200);

    const offsets = editOffsets(text, Math.ceil((EDITS + WARMUP_EDITS) / 2));
    const inserts: number[] = [];
    const deletes: number[] = [];
    const edits: number[] = [];
    for (let i = 0; i < EDITS + WARMUP_EDITS; i++) {
      const at = positionAt(text, offsets[i >> 1]);
      const insert = i % 2 === 0;
      const change = insert
        ? { range: { start: at, end: at }, text: ' ' }
        : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
      version++;
      mark = session.mark;
      const t = now();
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const p = await session.diagnosticsOf(uri, mark, version);
      const dt = p.at - t;
      if (i >= WARMUP_EDITS) {
        edits.push(dt);
        (insert ? inserts : deletes).push(dt);
      }
      await sleep(20);
    }
    const { rssMb } = session.rss();
    return {
      name,
      lines: text.split('\n').length,
      statements: splitStatements(text).chunks.length,
      bytes: Buffer.byteLength(text),
      open,
      openDiagnostics: opened.count,
      edits,
      inserts,
      deletes,
      rssMb,
    };
  } finally {
    await session.close();
    removeDir(root);
  }
}

export interface WorkspaceMemory {
  migrations: number;
  settleMs: number;
  publications: number;
  rssMb: number;
  hwmMb: number;
  idleRssMb: number;
}

/** RSS of the server once the diagnostics of a 2,000-migration workspace have settled. */
export async function measureWorkspace(count = 2000): Promise<WorkspaceMemory> {
  const root = tempDir('mg-bench-ws-');
  writeGolangMigrateFolder(root, count);
  // Baseline: the same server on an empty workspace.
  const emptyRoot = tempDir('mg-bench-empty-');
  const idle = new Session();
  let idleRssMb = NaN;
  try {
    await idle.initialize(emptyRoot);
    await idle.settle();
    idleRssMb = idle.rss().rssMb;
  } finally {
    await idle.close();
    removeDir(emptyRoot);
  }
  const session = new Session();
  try {
    const mark = session.mark;
    const { initializedAt } = await session.initialize(root);
    const checked = await session.settle(1000);
    const settleMs = Math.max(session.lastPublishAt, checked) - initializedAt;
    const { rssMb, hwmMb } = session.rss();
    return { migrations: count, settleMs, publications: session.mark - mark, rssMb, hwmMb, idleRssMb };
  } finally {
    await session.close();
    removeDir(root);
  }
}

export interface InitTimes {
  /** spawn → initialize result, the request sent at once (as editors do). */
  cold: number[];
  /** initialize round trip to a server that has finished starting (sent 1 s after spawn). */
  warm: number[];
  /** spawn → exit of `node -e 0`: what node itself costs on this machine. */
  nodeBaseline: number[];
}

export async function measureInitialize(runs = 5): Promise<InitTimes> {
  const root = tempDir('mg-bench-init-');
  const out: InitTimes = { cold: [], warm: [], nodeBaseline: [] };
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = now();
      await new Promise<void>((resolve, reject) => spawn(process.execPath, ['-e', '0']).on('exit', () => resolve()).on('error', reject));
      out.nodeBaseline.push(now() - t0);
      const cold = new Session();
      try {
        out.cold.push((await cold.initialize(root)).cold);
      } finally {
        await cold.close();
      }
      const warm = new Session();
      try {
        await sleep(1000);
        out.warm.push((await warm.initialize(root)).rtt);
      } finally {
        await warm.close();
      }
    }
  } finally {
    removeDir(root);
  }
  return out;
}

export const FILES: [string, () => string][] = [
  ['10-line migration', small10],
  ['300-line migration', medium300],
  ['5,000-statement migration', large5000],
];

const TARGETS: Record<string, number> = { '300-line migration': 10, '5,000-statement migration': 50 };

export interface Competitor {
  name: string;
  /** Set when the tool could not be installed or measured; then there are no files. */
  error?: string;
  files: FileLatency[];
}

/** The same files through the competitors' language servers, each installed from npm when possible. */
export async function measureCompetitors(log: (s: string) => void): Promise<Competitor[]> {
  const out: Competitor[] = [];
  for (const tool of TOOLS.map(ensureTool)) {
    if (!tool.bin) {
      out.push({ name: tool.spec.name, error: tool.error, files: [] });
      continue;
    }
    const files: FileLatency[] = [];
    try {
      for (const [name, gen] of FILES) {
        log(`lsp: ${tool.spec.name}: ${name}`);
        files.push(await measureFile(name, gen(), competitor(tool.spec, tool.bin)));
      }
      out.push({ name: tool.spec.name, files });
    } catch (e) {
      out.push({ name: tool.spec.name, error: String((e as Error)?.message ?? e).split('\n')[0], files });
    }
  }
  return out;
}

function comparisonTable(ourFiles: FileLatency[], competitors: Competitor[]): string {
  const measured = competitors.filter((c) => c.files.length > 0);
  const rows = ourFiles.map((f) => {
    const cells = measured.map((c) => {
      const theirs = c.files.find((x) => x.name === f.name);
      if (!theirs) return ['n/a', 'n/a', 'n/a'];
      return [ms(theirs.open), ms(median(theirs.edits)), `${(median(f.edits) / median(theirs.edits)).toFixed(2)}×`];
    });
    return [f.name, `${ms(f.open)} / ${ms(median(f.edits))}`, ...cells.flat()];
  });
  const head = ['file', 'ours: didOpen / edit median', ...measured.flatMap((c) => [`${c.name}: didOpen`, `${c.name}: edit median`, `ours ÷ ${c.name} (edit)`])];
  const failed = competitors.filter((c) => c.error).map((c) => `- ${c.name}: not measured: ${c.error}`);
  return [table(head, rows), ...(failed.length ? ['', ...failed] : [])].join('\n');
}

export async function run(
  log: (s: string) => void = () => undefined,
): Promise<Section & { files: FileLatency[]; memory: WorkspaceMemory; init: InitTimes; competitors: Competitor[] }> {
  log('lsp: initialize');
  const init = await measureInitialize(9);
  const files: FileLatency[] = [];
  for (const [name, gen] of FILES) {
    log(`lsp: ${name}`);
    files.push(await measureFile(name, gen()));
  }
  log('lsp: 2,000-migration workspace');
  const memory = await measureWorkspace(2000);
  const competitors = await measureCompetitors(log);

  const rows = files.map((f) => {
    const target = TARGETS[f.name];
    const med = median(f.edits);
    return [
      f.name,
      `${f.lines.toLocaleString('en-US')} / ${f.statements.toLocaleString('en-US')} / ${(f.bytes / 1024).toFixed(0)} KiB`,
      `${ms(f.open)} (${f.openDiagnostics} diags)`,
      ms(med),
      ms(percentile(f.edits, 95)),
      `${ms(median(f.inserts))} / ${ms(median(f.deletes))}`,
      target === undefined ? '–' : `< ${target} ms ${med < target ? '✅' : '❌'}`,
      `${f.rssMb.toFixed(0)} MB`,
    ];
  });
  const md = [
    `Client: \`bench/lsp-latency.ts\`, a stdio JSON-RPC client (\`vscode-jsonrpc\`) to \`dist/server.js --stdio\`; ` +
      `\`workspace/configuration\` answers \`{ debounceMs: 0 }\`, so no debounce delay is counted. ` +
      `Each file is \`db/migrations/0002_big.up.sql\` in a golang-migrate folder with \`0001_init.up/.down.sql\` and its own \`.down.sql\`; one fresh server per file. ` +
      `An edit is one \`didChange\` (incremental) inserting a space after the first word of a statement from the middle of the file on, then deleting it ` +
      `(a new statement for each pair, so each insert is statement text the parser has not seen; a delete restores text it has); ` +
      `time is from sending \`didChange\` to receiving \`publishDiagnostics\` with that document version. ${EDITS} edits after ${WARMUP_EDITS} warm-up edits.`,
    '',
    table(['file', 'lines / statements / size', 'didOpen → diagnostics', 'edit median', 'edit p95', 'insert / delete median', 'target (median)', 'server RSS after'], rows),
    '',
    `**initialize**, ${init.cold.length} fresh servers each on an empty workspace (median; all runs in ms). ` +
      `The target is read as what an editor waits for: spawn → initialize result.`,
    '',
    table(
      ['initialize', 'median', 'runs', 'target'],
      [
        ['spawn → initialize result (request sent at once, as editors do)', ms(median(init.cold)), init.cold.map((x) => x.toFixed(0)).join(', '), `< 150 ms ${median(init.cold) < 150 ? '✅' : '❌'}`],
        ['initialize round trip, server already started (sent 1 s after spawn)', ms(median(init.warm)), init.warm.map((x) => x.toFixed(1)).join(', '), '–'],
        ['for scale: spawn → exit of `node -e 0`', ms(median(init.nodeBaseline)), init.nodeBaseline.map((x) => x.toFixed(0)).join(', '), '–'],
      ],
    ),
    '',
    `**Memory**: server RSS (\`/proc/<pid>/status\` VmRSS) after opening a workspace of ${memory.migrations.toLocaleString('en-US')} small golang-migrate migrations ` +
      `(up + down, ${(memory.migrations * 2).toLocaleString('en-US')} files) and waiting for its diagnostics to settle (1 s without a publication).`,
    '',
    table(
      ['workspace', 'RSS', 'peak RSS (VmHWM)', 'empty workspace RSS', 'initialized → first check done', 'publishDiagnostics sent'],
      [
        [
          `${memory.migrations.toLocaleString('en-US')} migrations`,
          `${memory.rssMb.toFixed(0)} MB`,
          `${memory.hwmMb.toFixed(0)} MB`,
          `${memory.idleRssMb.toFixed(0)} MB`,
          ms(memory.settleMs, 0),
          memory.publications,
        ],
      ],
    ),
  ].join('\n');
  const comparison = [
    '',
    `**Beside other PostgreSQL language servers**, installed by \`bench/tools.ts\` from npm (${TOOLS.map((t) => `${t.pkg}@${t.version}`).join(', ')}), ` +
      `measured by the same client on the same files: squawk (\`squawk server\`) answers \`textDocument/diagnostic\` pull requests, so its time is ` +
      `didChange → pull answer; postgrestools (\`postgrestools lsp-proxy\`) pushes \`publishDiagnostics\` without a document version, so its time is ` +
      `didChange → its next publication. Neither runs the same rules as ours (nor the same number), so this compares responsiveness, not work done. ` +
      `A ratio below 1× means ours answers faster.`,
    '',
    comparisonTable(files, competitors),
  ].join('\n');
  return { title: 'Language server latency (stdio)', markdown: md + comparison, files, memory, init, competitors };
}

if (require.main === module) {
  const prof = process.env.BENCH_CPU_PROF;
  if (prof) {
    // BENCH_CPU_PROF=<dir> [BENCH_FILE=0|1|2]: one file, server run under --cpu-prof.
    const [name, gen] = FILES[Number(process.env.BENCH_FILE ?? 2)];
    fs.mkdirSync(prof, { recursive: true });
    measureFile(name, gen(), ours(['--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`])).then((f) =>
      console.log(`${name}: open ${ms(f.open)}, edit median ${ms(median(f.edits))}, p95 ${ms(percentile(f.edits, 95))}; profile in ${prof}`),
    );
  } else {
    run(console.error).then((s) => console.log(`## ${s.title}\n\n${s.markdown}`));
  }
}
