// `npm test`: builds, type-checks, installs what the editor tests need, then runs
// every suite against real parts (the bundled server over stdio, Neovim, code-server).
// Ends with one "tests: N passed, N failed" line, the total over all suites.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

const root = new URL('..', import.meta.url).pathname;
const totals = { passed: 0, failed: 0 };

function step(title, command, args, { countTests = false } = {}) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: ['inherit', countTests ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
  if (countTests) {
    process.stdout.write(r.stdout ?? '');
    // The suite ran inside the editor; its mocha report says how many passed and failed.
    totals.passed += Number(/(\d+) passing/.exec(r.stdout)?.[1] ?? 0);
    totals.failed += Number(/(\d+) failing/.exec(r.stdout)?.[1] ?? 0);
  }
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (exit ${r.status ?? r.signal})`);
    finish(1);
  }
}

const testFiles = (dir) =>
  readdirSync(join(root, dir), { recursive: true })
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => join(root, dir, f));

async function mochaSuite(title, dirs) {
  console.log(`\n▶ ${title}`);
  const mocha = new Mocha({ timeout: 60_000, reporter: 'spec' });
  for (const dir of dirs) for (const f of testFiles(dir)) mocha.addFile(f);
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  totals.passed += stats.passes;
  totals.failed += stats.failures;
}

function finish(code) {
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
  process.exit(code || (totals.failed > 0 ? 1 : 0));
}

// Compiled tests of files since deleted must not run.
rmSync(join(root, 'out'), { recursive: true, force: true });
step('bundle (esbuild)', 'node', ['esbuild.mjs']);
step('type-check and compile tests (tsc)', 'npx', ['tsc', '-p', '.']);
step('type-check the graph panel page (tsc, DOM)', 'npx', ['tsc', '-p', 'client/webview']);
step('editor test dependencies (chromium, neovim, code-server)', 'node', ['scripts/ensure-test-deps.mjs']);
await mochaSuite('unit and protocol tests', ['out/test/unit', 'out/test/protocol']);
step('package the extension (vsce)', 'npm', ['run', '--silent', 'package']);
step('VS Code integration suite in code-server, from the .vsix', 'node', ['out/test/codeserver/run.js', '--vsix', 'migration-guard.vsix'], {
  countTests: true,
});
finish(0);
