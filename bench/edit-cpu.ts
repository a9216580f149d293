// CPU time of the check that follows a one-character edit, measured in process: the same
// generated workspace and edits as lsp-latency.ts, the folder read through an overlay as
// the server reads open documents, MigrationWorkspace.analyze as the server's check calls
// it. CPU time (process.cpuUsage) rather than wall time, so that other work on a shared
// machine inflates it far less; no LSP framing or diagnostics conversion is counted.
//   node out/bench/edit-cpu.js [0|1|2]   (10 lines, 300 lines, 5,000 statements; default 2)
// Run under `node --cpu-prof` to see where the time goes.
import { MigrationWorkspace } from '../server/src/core/workspace';
import { loadParsers } from '../server/src/core/parsers';
import { OverlayFileView } from '../server/src/core/sources';
import { splitStatements } from '../server/src/core/sql/split';
import { large5000, medium300, small10, writeBigFileWorkspace } from './generate';
import { median, ms, removeDir, tempDir } from './util';

const EDITS = 30;
const WARMUP_EDITS = 2;
const FILES = [small10, medium300, large5000];

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

export async function measureEditCpu(text: string, edits = EDITS): Promise<number[]> {
  await loadParsers();
  const root = tempDir('mg-edit-cpu-');
  try {
    const file = writeBigFileWorkspace(root, text);
    const open = new Map([[file, text]]);
    const workspace = new MigrationWorkspace([root], new OverlayFileView((f) => open.get(f)), { pgVersion: 15, keepRuleResults: true });
    const [ref] = workspace.discover();
    workspace.analyze(ref);
    // As lsp-latency.ts: after the first word of the statements from the middle on, a space inserted, then deleted.
    const chunks = splitStatements(text).chunks;
    const first = Math.max(0, chunks.findIndex((c) => c.span.end >= text.length / 2));
    const times: number[] = [];
    for (let e = 0; e < 2 * (edits + WARMUP_EDITS); e++) {
      const c = chunks[Math.min(chunks.length - 1, first + (e >> 1))];
      const at = c.span.start + (/^\S+/.exec(text.slice(c.span.start, c.span.end))?.[0].length ?? 0);
      text = e % 2 === 0 ? `${text.slice(0, at)} ${text.slice(at)}` : text.slice(0, at) + text.slice(at + 1);
      open.set(file, text);
      const start = cpuMs();
      workspace.analyze(ref);
      if (e >= 2 * WARMUP_EDITS) times.push(cpuMs() - start);
    }
    return times;
  } finally {
    removeDir(root);
  }
}

if (require.main === module) {
  const gen = FILES[Number(process.argv[2] ?? 2)];
  measureEditCpu(gen()).then((times) => {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`${times.length} edits: CPU per check median ${ms(median(times))}, min ${ms(sorted[0])}, max ${ms(sorted[sorted.length - 1])}`);
  });
}
