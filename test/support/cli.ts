import { PassThrough } from 'node:stream';
import { run } from '../../server/src/cli/run';
import { repoRoot } from './paths';

/** Runs the CLI in-process, as `migration-guard <argv>` in `cwd` would, and collects what it prints. */
export async function cli(argv: string[], cwd = repoRoot) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const code = await run(argv, { cwd, out, err, color: false });
  return { code, stdout, stderr };
}
