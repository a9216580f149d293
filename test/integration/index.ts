// Entry point of the integration suite that runs INSIDE the VS Code extension host
// (`extensionTestsPath` → out/test/integration/index.js). Used by both launchers:
// test/codeserver/run.ts (code-server + chromium) and test/electron/run.ts (desktop VS Code).
//
// Runs every `*.test.js` next to this file with mocha's spec reporter, without colours, and
// writes the reporter's output to a file, because the extension host's console is only seen
// through the workbench (with `%c` styling in a browser):
//   $MG_TEST_REPORT, else <first workspace folder>/.migration-guard-test/report.txt,
//   else <os.tmpdir()>/migration-guard-integration-report.txt.
// Resolves when every test passed, rejects otherwise (the workbench then exits with code 1).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function reportPath(): string {
  if (process.env.MG_TEST_REPORT) return process.env.MG_TEST_REPORT;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme === 'file') return path.join(folder.uri.fsPath, '.migration-guard-test', 'report.txt');
  return path.join(os.tmpdir(), 'migration-guard-integration-report.txt');
}

export async function run(): Promise<void> {
  const report = reportPath();
  fs.mkdirSync(path.dirname(report), { recursive: true });
  const lines: string[] = [];
  const flush = () => fs.writeFileSync(report, lines.join('\n') + '\n');

  // The spec reporter prints through Base.consoleLog: tee it into the report.
  const Base = Mocha.reporters.Base;
  const original = Base.consoleLog;
  Base.consoleLog = (...args: unknown[]) => {
    lines.push(format(...args));
    original(...args);
  };

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: Mocha.reporters.Spec });
  const grep = process.env.MG_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(__dirname, f));
  lines.push(`# migration-guard integration suite: ${files.map((f) => path.basename(f)).join(', ')}`);
  lines.push(`# VS Code ${vscode.version}, ${vscode.env.appName}, ${vscode.env.appHost}`);
  for (const f of files) mocha.addFile(f);

  try {
    if (files.length === 0) throw new Error(`no *.test.js files in ${__dirname}`);
    const failures = await new Promise<number>((resolve, reject) => {
      try {
        mocha.run(resolve);
      } catch (err) {
        reject(err);
      }
    });
    lines.push(`# result: ${failures === 0 ? 'PASS' : `FAIL (${failures} failing)`}`);
    if (failures > 0) throw new Error(`${failures} integration test(s) failed; report: ${report}`);
  } catch (err) {
    if (!lines.some((l) => l.startsWith('# result:'))) lines.push(`# result: ERROR ${err instanceof Error ? err.stack : String(err)}`);
    throw err;
  } finally {
    Base.consoleLog = original;
    flush();
  }
}
