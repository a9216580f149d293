import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PG_VERSION } from '../core/engine';
import { allChecks } from '../core/catalog';
import { ConfigResolver } from '../core/config/resolver';
import type { Finding } from '../core/model';
import type { RuleMeta } from '../core/rules/types';
import { DiskFileView, rememberingReads } from '../core/sources/files';
import { loadParsersFor } from '../core/parsers';
import { MigrationWorkspace } from '../core/workspace';
import { formatConfigProblems } from './configProblems';
import { DRIFT_USAGE, driftCommand } from './drift';
import { DRY_RUN_USAGE, dryRunCommand } from './dryRun';
import { formatEquivalentsMarkdown, formatJson, formatRulesJson, formatRulesMarkdown, formatRulesText, formatStylish } from './format';
import { formatGithub } from './github';
import { GRAPH_USAGE, graphCommand } from './graph';
import { formatJunit } from './junit';
import { locate, relativePath, type CheckReport } from './locate';
import { repoRootOf } from './repoRoot';
import { formatSarif } from './sarif';

export interface CliIo {
  cwd: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  color: boolean;
}

export const USAGE = `Usage:
  migration-guard check [paths...] [options]
  migration-guard rules [--format text|json|markdown|equivalents-markdown]
  migration-guard dry-run [paths...] [options]
  migration-guard drift [paths...] [options]
${GRAPH_USAGE}

check   finds migration folders under the paths (default: .) and reports unsafe operations
rules   lists every rule with its default severity, fix and equivalents in other tools
drift   compares a database's schema with what its applied migrations make
graph   prints each folder's revision graph: bases, heads, branch and merge points, history

check options:
  --format stylish|json|sarif|github|junit   output format (default: stylish)
  --config <file>          use this configuration file for every folder, instead of the
                           .migration-guard.json(c) nearest above each one
  --pg-version N           PostgreSQL major version, over the configuration's pgVersion
  --changed-since <ref>    check only files changed since a git ref (and untracked ones)
  --quiet                  report errors only
  --max-warnings N         exit 1 when there are more than N warnings
  --exit-zero              exit 0 even when there are findings

${DRY_RUN_USAGE}
${DRIFT_USAGE}
Exit codes: 0 no error-level finding (and no more warnings than --max-warnings),
1 error-level findings or too many warnings, 2 bad usage, a path that does not exist,
a broken configuration file, or a --changed-since git could not answer.
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
    if (command === 'dry-run') return await dryRunCommand(rest, io);
    if (command === 'drift') return await driftCommand(rest, io);
    if (command === 'graph') return await graphCommand(rest, io);
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
  const formats: Record<string, (checks: RuleMeta[]) => string> = {
    text: formatRulesText,
    json: formatRulesJson,
    markdown: formatRulesMarkdown,
    'equivalents-markdown': formatEquivalentsMarkdown,
  };
  const format = formats[values.format!];
  if (!format) throw new UsageError(`unknown format "${values.format}"`);
  io.out.write(format(allChecks));
  return 0;
}

/** Each output format, and what its paths are relative to. */
const FORMATS: Record<string, { write(report: CheckReport, io: CliIo): string; relativeTo: 'cwd' | 'repository' }> = {
  stylish: { write: (r, io) => formatStylish(r.findings, io.color), relativeTo: 'cwd' },
  json: { write: (r) => formatJson(r.findings), relativeTo: 'cwd' },
  sarif: { write: (r) => formatSarif(r, allChecks), relativeTo: 'repository' },
  github: { write: (r) => formatGithub(r), relativeTo: 'repository' },
  junit: { write: (r) => formatJunit(r), relativeTo: 'cwd' },
};

async function check(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'stylish' },
      config: { type: 'string' },
      'pg-version': { type: 'string' },
      'changed-since': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'max-warnings': { type: 'string' },
      'exit-zero': { type: 'boolean', default: false },
    },
  });
  const format = FORMATS[values.format!];
  if (!format) throw new UsageError(`unknown format "${values.format}"`);
  const pgVersion = optionalInteger(values['pg-version'], 9, 19, '--pg-version takes a PostgreSQL major version such as 15');
  const maxWarnings = optionalInteger(values['max-warnings'], 0, Number.MAX_SAFE_INTEGER, '--max-warnings takes a number of warnings such as 0');
  const config = values.config === undefined ? undefined : path.resolve(io.cwd, values.config);
  if (config && !fs.statSync(config, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`no such configuration file: ${values.config}`);

  const targets = (positionals.length ? positionals : ['.']).map((p) => path.resolve(io.cwd, p));
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`no such file or directory: ${path.relative(io.cwd, t) || t}`);

  // One pass over files that do not change meanwhile: the findings' positions come from the
  // texts analysed rather than a second read of each file, and the listing is read once.
  const files = rememberingReads(new DiskFileView());
  // A file argument is checked in the context of its folder (duplicates, downs), then filtered.
  const onlyFiles = new Set(targets.filter((t) => fs.statSync(t).isFile()));
  const roots = targets.map((t) => (onlyFiles.has(t) ? path.dirname(path.dirname(t)) : t));
  const configs = new ConfigResolver(files, { explicit: config });
  const changedSince = values['changed-since'] === undefined ? undefined : { ref: values['changed-since'], cwd: io.cwd };
  const workspace = new MigrationWorkspace(roots, files, { pgVersion: DEFAULT_PG_VERSION, configs, flags: { pgVersion, changedSince } });
  const folders = workspace.discover();
  await loadParsersFor(folders.map((f) => f.format));
  if (folders.length === 0) io.err.write(`migration-guard: no migration folders found under ${positionals.join(', ') || '.'}\n`);
  const problems = [...configs.problems().values()].flat();
  io.err.write(formatConfigProblems(problems, files, io.cwd));
  if (problems.some((p) => p.severity === 'error')) return 2;
  const baselineErrors = await workspace.refreshBaselines();
  for (const e of baselineErrors) io.err.write(`migration-guard: ${e.message}\n`);
  if (baselineErrors.length > 0) return 2;

  const findings: Finding[] = [];
  const checked: string[] = [];
  const seen = new Set<string>();
  const wanted = (file: string) => onlyFiles.size === 0 || onlyFiles.has(file);
  for (const ref of folders) {
    if (seen.has(ref.path)) continue;
    seen.add(ref.path);
    const analysis = workspace.analyze(ref);
    findings.push(...analysis.findings.filter((f) => wanted(f.path) && (!values.quiet || f.severity === 'error')));
    checked.push(...analysis.files.filter(wanted));
  }
  const base = format.relativeTo === 'repository' ? repoRootOf(io.cwd) : io.cwd;
  const report: CheckReport = { findings: locate(findings, files, base), files: checked.map((f) => relativePath(base, f)) };
  io.out.write(format.write(report, io));
  const errors = findings.some((f) => f.severity === 'error');
  const tooManyWarnings = maxWarnings !== undefined && findings.filter((f) => f.severity === 'warning').length > maxWarnings;
  return (errors || tooManyWarnings) && !values['exit-zero'] ? 1 : 0;
}

function optionalInteger(value: string | undefined, min: number, max: number, usage: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${usage}, not "${value}"`);
  return n;
}
