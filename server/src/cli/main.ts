import './wasmTiers';
import { run } from './run';

run(process.argv.slice(2), { cwd: process.cwd(), out: process.stdout, err: process.stderr, color: Boolean(process.stdout.isTTY) })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    process.stderr.write(`migration-guard: internal error: ${e?.stack ?? e}\n`);
    process.exitCode = 2;
  });
