import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PG_VERSION } from '../core/engine';
import type { Finding } from '../core/model';
import { allRules } from '../core/rules';
import { DiskFileView } from '../core/sources/files';
import { loadParser } from '../core/sql/parser';
import { MigrationWorkspace } from '../core/workspace';
import { formatJson, formatRulesJson, formatRulesMarkdown, formatRulesText, formatStylish } from './format';
import { locate, type Located } from './locate';

export interface CliIo {
  cwd: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  color: boolean;
}

export const USAGE = `Usage:
  migration-guard check [paths...] [--format stylish|json] [--pg-version N] [--exit-zero]
  migration-guard rules [--format text|json|markdown]

check   finds migration folders under the paths (default: .) and reports unsafe operations
rules   lists every rule with its default severity, fix and equivalents in other tools

Exit codes: 0 no error-level finding, 1 error-level findings, 2 bad usage or a path that does not exist.
`;

class UsageError extends Error {}

export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out.write(USAGE);
      return command ? 0 : 2;
    }
    if (command === 'check') return await check(rest, io);
    if (command === 'rules') return listRules(rest, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError || (e as any)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.err.write(`migration-guard: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

function listRules(argv: string[], io: CliIo): number {
  const { values } = parseArgs({ args: argv, options: { format: { type: 'string', default: 'text' } } });
  const formats: Record<string, (rules: typeof allRules) => string> = { text: formatRulesText, json: formatRulesJson, markdown: formatRulesMarkdown };
  const format = formats[values.format!];
  if (!format) throw new UsageError(`unknown format "${values.format}"`);
  io.out.write(format(allRules));
  return 0;
}

async function check(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'stylish' },
      'pg-version': { type: 'string' },
      'exit-zero': { type: 'boolean', default: false },
    },
  });
  if (values.format !== 'stylish' && values.format !== 'json') throw new UsageError(`unknown format "${values.format}"`);
  const pgVersion = values['pg-version'] === undefined ? DEFAULT_PG_VERSION : Number(values['pg-version']);
  if (!Number.isInteger(pgVersion) || pgVersion < 9 || pgVersion > 19)
    throw new UsageError(`--pg-version takes a PostgreSQL major version such as 15, not "${values['pg-version']}"`);

  const targets = (positionals.length ? positionals : ['.']).map((p) => path.resolve(io.cwd, p));
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`no such file or directory: ${path.relative(io.cwd, t) || t}`);

  await loadParser();
  const files = new DiskFileView();
  // A file argument is checked in the context of its folder (duplicates, downs), then filtered.
  const onlyFiles = new Set(targets.filter((t) => fs.statSync(t).isFile()));
  const roots = targets.map((t) => (onlyFiles.has(t) ? path.dirname(path.dirname(t)) : t));
  const workspace = new MigrationWorkspace(roots, files, { pgVersion });
  const folders = workspace.discover();
  if (folders.length === 0) io.err.write(`migration-guard: no migration folders found under ${positionals.join(', ') || '.'}\n`);

  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const ref of folders) {
    if (seen.has(ref.path)) continue;
    seen.add(ref.path);
    for (const f of workspace.analyze(ref).findings) if (onlyFiles.size === 0 || onlyFiles.has(f.path)) findings.push(f);
  }
  const located: Located[] = locate(findings, files, io.cwd);
  io.out.write(values.format === 'json' ? formatJson(located) : formatStylish(located, io.color));
  const errors = findings.some((f) => f.severity === 'error');
  return errors && !values['exit-zero'] ? 1 : 0;
}
