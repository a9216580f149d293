// Why libpg-query and not pgsql-ast-parser: how many real migration statements each
// parser accepts, which kinds the baseline rejects, and how fast each parses whole files.
// pgsql-ast-parser is a devDependency only, as the comparison baseline.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadModule, parseSync } from 'libpg-query';
import { parse as astParse } from 'pgsql-ast-parser';
import { splitStatements } from '../server/src/core/sql/split';
import { corpusRoot, median, now, pct, table, type Section } from './util';

interface CorpusSet {
  name: string;
  files: { rel: string; text: string; bytes: number }[];
  /** Not counted in the total (squawk/ok holds PG19-devel syntax). */
  separate: boolean;
}

interface Failure {
  set: string;
  file: string;
  statement: string;
  message: string;
}

const RUNS = 7;

function listSql(dir: string, skip: (abs: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(d, e.name);
      if (skip(abs)) continue;
      if (e.isDirectory()) walk(abs);
      else if (e.isFile() && e.name.endsWith('.sql')) out.push(abs);
    }
  };
  walk(dir);
  return out;
}

export function loadCorpus(): CorpusSet[] {
  const sets: CorpusSet[] = [];
  const read = (abs: string) => {
    const text = fs.readFileSync(abs, 'utf8');
    return { rel: path.relative(corpusRoot, abs), text, bytes: Buffer.byteLength(text) };
  };
  for (const name of fs.readdirSync(corpusRoot).sort()) {
    const dir = path.join(corpusRoot, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    if (name === 'squawk') {
      const data = path.join(dir, 'crates', 'squawk_parser', 'tests', 'data');
      // err/ is invalid on purpose: left out entirely.
      sets.push({ name: 'squawk/ok', files: listSql(path.join(data, 'ok'), () => false).map(read), separate: true });
      continue;
    }
    const files = listSql(dir, () => false).map(read);
    if (files.length) sets.push({ name, files, separate: false });
  }
  return sets;
}

/** The leading keywords of a statement, with the feature that matters for ALTER TABLE etc. */
export function category(stmt: string): string {
  const s = stmt
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const u = s.toUpperCase();
  const has = (re: RegExp) => re.test(u);
  const words = u.split(/[\s(;]+/).filter(Boolean);
  const w = (n: number) => words.slice(0, n).join(' ');
  if (u.startsWith('ALTER TABLE')) {
    if (has(/\bNOT VALID\b/)) return 'ALTER TABLE … NOT VALID';
    if (has(/\bVALIDATE CONSTRAINT\b/)) return 'ALTER TABLE … VALIDATE CONSTRAINT';
    if (has(/\b(ENABLE|DISABLE|FORCE|NO FORCE) ROW LEVEL SECURITY\b/)) return 'ALTER TABLE … ROW LEVEL SECURITY';
    if (has(/\bOWNER TO\b/)) return 'ALTER TABLE … OWNER TO';
    if (has(/\bREPLICA IDENTITY\b/)) return 'ALTER TABLE … REPLICA IDENTITY';
    if (has(/\bSET (LOGGED|UNLOGGED)\b/)) return 'ALTER TABLE … SET LOGGED/UNLOGGED';
    if (has(/\bSET SCHEMA\b/)) return 'ALTER TABLE … SET SCHEMA';
    if (has(/\b(ATTACH|DETACH) PARTITION\b/)) return 'ALTER TABLE … ATTACH/DETACH PARTITION';
    if (has(/\bALTER (COLUMN )?\S+ (SET DATA )?TYPE\b/)) return 'ALTER TABLE … ALTER COLUMN TYPE';
    if (has(/\bSET (STATISTICS|STORAGE|COMPRESSION)\b|\bSET \(/)) return 'ALTER TABLE … SET storage/options';
    if (has(/\bADD (COLUMN )?\S+ .*GENERATED\b/)) return 'ALTER TABLE … ADD COLUMN GENERATED';
    if (has(/\bADD (CONSTRAINT \S+ )?(FOREIGN KEY|UNIQUE|PRIMARY KEY|CHECK|EXCLUDE)\b/)) return 'ALTER TABLE … ADD CONSTRAINT';
    if (has(/\bUSING INDEX\b/)) return 'ALTER TABLE … USING INDEX';
    if (has(/\bRENAME CONSTRAINT\b/)) return 'ALTER TABLE … RENAME CONSTRAINT';
    if (has(/\b(ENABLE|DISABLE) TRIGGER\b/)) return 'ALTER TABLE … ENABLE/DISABLE TRIGGER';
    if (has(/\bINHERIT\b/)) return 'ALTER TABLE … INHERIT';
    if (has(/\bDROP (CONSTRAINT|COLUMN)\b.*,/)) return 'ALTER TABLE … several DROP';
    return 'ALTER TABLE (other)';
  }
  if (u.startsWith('CREATE')) {
    let rest = words.slice(1);
    const mods = new Set(['OR', 'REPLACE', 'UNIQUE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'CONSTRAINT', 'RECURSIVE', 'TRUSTED', 'PROCEDURAL', 'DEFAULT']);
    while (rest.length && mods.has(rest[0])) rest = rest.slice(1);
    const obj = rest[0] === 'MATERIALIZED' || rest[0] === 'EVENT' || rest[0] === 'FOREIGN' || rest[0] === 'TEXT' || rest[0] === 'ACCESS'
      ? `${rest[0]} ${rest[1]}`
      : rest[0];
    if (obj === 'TABLE') {
      if (has(/\bPARTITION (OF|BY)\b/)) return 'CREATE TABLE … PARTITION';
      if (has(/\bGENERATED\b/)) return 'CREATE TABLE … GENERATED';
      if (has(/\bAS\s+(SELECT|WITH|\()|\bAS SELECT\b/)) return 'CREATE TABLE … AS';
      if (has(/\bEXCLUDE\b/)) return 'CREATE TABLE … EXCLUDE';
      if (has(/\bLIKE\b/)) return 'CREATE TABLE … LIKE';
      if (has(/\bINHERITS\b/)) return 'CREATE TABLE … INHERITS';
      if (has(/\bREFERENCES\b.*\bON (DELETE|UPDATE) SET (NULL|DEFAULT) \(/)) return 'CREATE TABLE … ON DELETE SET NULL (cols)';
      return 'CREATE TABLE (other)';
    }
    if (obj === 'INDEX') {
      if (has(/\bCONCURRENTLY\b/)) return 'CREATE INDEX CONCURRENTLY';
      return 'CREATE INDEX (other)';
    }
    return `CREATE ${obj ?? ''}`.trim();
  }
  if (u.startsWith('COMMENT ON')) return 'COMMENT ON';
  if (u.startsWith('ALTER')) {
    const rest = words.slice(1);
    const obj = rest[0] === 'DEFAULT' || rest[0] === 'MATERIALIZED' || rest[0] === 'EVENT' || rest[0] === 'FOREIGN' ? `${rest[0]} ${rest[1]}` : rest[0];
    return `ALTER ${obj ?? ''}`.trim();
  }
  if (u.startsWith('DROP')) return w(2);
  if (u.startsWith('DO')) return 'DO';
  if (/^(GRANT|REVOKE)\b/.test(u)) return words[0];
  if (/^(INSERT|UPDATE|DELETE)\b/.test(u)) return words[0];
  if (/^WITH\b/.test(u)) return 'WITH … (CTE)';
  return w(1);
}

/** Runs `fn` on every file RUNS times (after one warm-up pass) and returns the median MB/s. */
function throughput(files: { text: string; bytes: number }[], fn: (text: string) => unknown): number {
  const bytes = files.reduce((a, f) => a + f.bytes, 0);
  const one = () => {
    const t0 = now();
    for (const f of files) {
      try {
        fn(f.text);
      } catch {
        // a failure still costs its time
      }
    }
    return now() - t0;
  };
  one();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(one());
  return bytes / 1e6 / (median(times) / 1000);
}

export async function run(log: (s: string) => void = () => undefined): Promise<Section> {
  await loadModule();
  const sets = loadCorpus();
  const pgFailures: Failure[] = [];
  const astFailures: Failure[] = [];
  const rows: (string | number)[][] = [];
  const perSet: { name: string; separate: boolean; stmts: number; pg: number; ast: number; files: number; bytes: number }[] = [];
  const wholeFiles: { set: string; text: string; bytes: number; pgOk: boolean; astOk: boolean }[] = [];

  for (const set of sets) {
    let stmts = 0;
    let pg = 0;
    let ast = 0;
    for (const f of set.files) {
      for (const chunk of splitStatements(f.text).chunks) {
        const stmt = f.text.slice(chunk.span.start, chunk.span.end);
        stmts++;
        try {
          parseSync(stmt);
        } catch (e: any) {
          pg++;
          pgFailures.push({ set: set.name, file: f.rel, statement: stmt, message: String(e?.message ?? e) });
        }
        try {
          astParse(stmt, { locationTracking: true });
        } catch (e: any) {
          ast++;
          astFailures.push({ set: set.name, file: f.rel, statement: stmt, message: String(e?.message ?? e).split('\n')[0] });
        }
      }
      let pgOk = true;
      let astOk = true;
      try {
        parseSync(f.text);
      } catch {
        pgOk = false;
      }
      try {
        astParse(f.text, { locationTracking: true });
      } catch {
        astOk = false;
      }
      wholeFiles.push({ set: set.name, text: f.text, bytes: f.bytes, pgOk, astOk });
    }
    perSet.push({ name: set.name, separate: set.separate, stmts, pg, ast, files: set.files.length, bytes: set.files.reduce((a, f) => a + f.bytes, 0) });
    log(`parsers: ${set.name}: ${stmts} statements`);
  }

  const totalOf = (list: typeof perSet) =>
    list.reduce((a, s) => ({ stmts: a.stmts + s.stmts, pg: a.pg + s.pg, ast: a.ast + s.ast, files: a.files + s.files, bytes: a.bytes + s.bytes }), {
      stmts: 0,
      pg: 0,
      ast: 0,
      files: 0,
      bytes: 0,
    });
  const counted = perSet.filter((s) => !s.separate);
  const total = totalOf(counted);
  const row = (name: string, s: { stmts: number; pg: number; ast: number; files: number; bytes: number }) => [
    name,
    s.files,
    s.bytes.toLocaleString('en-US'),
    s.stmts,
    `${s.pg} (${pct(s.pg, s.stmts)})`,
    `${s.ast} (${pct(s.ast, s.stmts)})`,
  ];
  for (const s of counted) rows.push(row(s.name, s));
  rows.push(row('**total**', total));
  for (const s of perSet.filter((x) => x.separate)) rows.push(row(`${s.name} (PG19-devel syntax; not in total)`, s));

  // Throughput: whole files, parsed once per file per run.
  const realFiles = wholeFiles.filter((f) => f.set !== 'squawk/ok');
  const bothOk = realFiles.filter((f) => f.pgOk && f.astOk);
  log(`parsers: throughput over ${realFiles.length} files`);
  const tp = [
    {
      label: `all ${realFiles.length} files (${(realFiles.reduce((a, f) => a + f.bytes, 0) / 1e6).toFixed(2)} MB; a file that fails counts its time up to the error)`,
      pg: throughput(realFiles, parseSync),
      ast: throughput(realFiles, (t) => astParse(t, { locationTracking: true })),
      astNoLoc: throughput(realFiles, (t) => astParse(t)),
    },
    {
      label: `the ${bothOk.length} files both parse whole (${(bothOk.reduce((a, f) => a + f.bytes, 0) / 1e6).toFixed(2)} MB)`,
      pg: throughput(bothOk, parseSync),
      ast: throughput(bothOk, (t) => astParse(t, { locationTracking: true })),
      astNoLoc: throughput(bothOk, (t) => astParse(t)),
    },
  ];
  const wholeFail = {
    pg: realFiles.filter((f) => !f.pgOk).length,
    ast: realFiles.filter((f) => !f.astOk).length,
  };

  // Categories of what pgsql-ast-parser rejects (real sets only).
  const cats = new Map<string, { n: number; sets: Set<string>; example: string }>();
  for (const f of astFailures.filter((x) => x.set !== 'squawk/ok')) {
    const c = category(f.statement);
    const e = cats.get(c) ?? { n: 0, sets: new Set<string>(), example: '' };
    e.n++;
    e.sets.add(f.set);
    if (!e.example) e.example = oneLine(f.statement, 70);
    cats.set(c, e);
  }
  const catRows = [...cats]
    .sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]))
    .map(([c, e]) => [c, e.n, pct(e.n, total.ast), [...e.sets].join(', '), `\`${e.example.replace(/`/g, "'")}\``]);

  const pgRow = (f: Failure) => [f.set, f.file.replace('squawk/crates/squawk_parser/tests/data/', 'squawk/…/'), `\`${oneLine(f.statement, 80).replace(/`/g, "'")}\``, oneLine(f.message, 60), verdict(f)];
  const pgReal = pgFailures.filter((f) => f.set !== 'squawk/ok');
  const pgSquawk = pgFailures.filter((f) => f.set === 'squawk/ok');
  const byVerdict = new Map<string, { n: number; example: string }>();
  for (const f of pgSquawk) {
    const v = verdict(f);
    const e = byVerdict.get(v) ?? { n: 0, example: `\`${oneLine(f.statement, 70).replace(/`/g, "'")}\`` };
    e.n++;
    byVerdict.set(v, e);
  }
  const squawkRows = [...byVerdict].sort((a, b) => b[1].n - a[1].n).map(([v, e]) => [v, e.n, e.example]);

  const md = [
    `Corpus: \`../shared/corpus\` (real migrations, see its PROVENANCE.md), \`.sql\` files only (the Alembic/Django sets hold no \`.sql\`), ` +
      `squawk \`err/\` left out (invalid on purpose). Each file is split with \`server/src/core/sql/split.ts\` and every statement is parsed by ` +
      `libpg-query \`parseSync\` and by pgsql-ast-parser \`parse(sql, { locationTracking: true })\` (a linter needs positions).`,
    '',
    '**Statements rejected, per corpus set**',
    '',
    table(['set', 'files', 'bytes', 'statements', 'libpg-query failures', 'pgsql-ast-parser failures'], rows),
    '',
    `**Whole-file parse throughput** (each file parsed whole, once per file per run; median of ${RUNS} runs after a warm-up; squawk/ok left out). ` +
      `Whole files that fail: libpg-query ${wholeFail.pg}/${realFiles.length}, pgsql-ast-parser ${wholeFail.ast}/${realFiles.length} ` +
      `(whole-file parsing also feeds it the comments the splitter strips, e.g. Prisma's \`/* Warnings … \` block).`,
    '',
    table(
      ['files', 'libpg-query', 'pgsql-ast-parser (locationTracking)', 'pgsql-ast-parser (no locations)'],
      tp.map((t) => [t.label, `${t.pg.toFixed(1)} MB/s`, `${t.ast.toFixed(1)} MB/s`, `${t.astNoLoc.toFixed(1)} MB/s`]),
    ),
    '',
    `**What pgsql-ast-parser rejects** (${total.ast} statements over the real sets, by leading keywords / feature)`,
    '',
    table(['statement kind', 'failures', 'share', 'sets', 'example'], catRows, ['l', 'r', 'r', 'l', 'l']),
    '',
    `**Every statement libpg-query rejects in the real sets** (${pgReal.length})`,
    '',
    pgReal.length ? table(['set', 'file', 'statement', 'error', 'would PostgreSQL 18 reject it too?'], pgReal.map(pgRow), ['l', 'l', 'l', 'l', 'l']) : '_none_',
    '',
    `**libpg-query failures in squawk/ok** (${pgSquawk.length} of ${perSet.find((x) => x.separate)?.stmts ?? 0} statements), grouped by the answer to "would PostgreSQL 18 reject it too?"`,
    '',
    table(['would PostgreSQL 18 reject it too?', 'statements', 'example'], squawkRows, ['l', 'r', 'l']),
    '',
    '<details><summary>every squawk/ok statement libpg-query rejects</summary>',
    '',
    table(['set', 'file', 'statement', 'error', 'would PostgreSQL 18 reject it too?'], pgSquawk.map(pgRow), ['l', 'l', 'l', 'l', 'l']),
    '',
    '</details>',
  ].join('\n');
  return { title: 'Parsers: libpg-query 18 vs pgsql-ast-parser on real migrations', markdown: md };
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * Whether PostgreSQL 18 itself would reject the statement. Each rule below was written after
 * reading the failing statements by eye (and, for the CREATE RULE pieces, parsing the
 * whole statement); anything not covered reads "not judged".
 */
export function verdict(f: Failure): string {
  const s = f.statement.replace(/\s+/g, ' ').trim();
  const m = f.message;
  if (/^DROP INDEX \S+ ON /i.test(s)) return 'yes: MySQL syntax, a real bug in that down migration';
  if (/^\)$/.test(s) || (/^create (or replace )?rule /i.test(s) && /at end of input/.test(m)))
    return 'no: our splitter cut a multi-action `CREATE RULE … DO (a; b)` at the inner `;`; the whole statement parses';
  if (/MATCH PARTIAL not yet implemented/.test(m)) return 'yes: PostgreSQL raises the same error';
  if (/cannot be used as a role name here/.test(m)) return 'yes: PostgreSQL raises the same error';
  if (/current database cannot be changed/.test(m)) return 'yes: PostgreSQL raises the same error (SET CATALOG)';
  if (/unrecognized JSON encoding/.test(m)) return 'yes: PostgreSQL knows only UTF8/UTF16/UTF32';
  if (/^select \* from json_table\(/i.test(s) && /"plan"/.test(m)) return 'yes: JSON_TABLE has no PLAN clause in PG 17/18';
  if (/^select foo\[10\]\.bar\(/i.test(s)) return 'yes: not a type name, so no typed literal';
  if (/^merge /i.test(s) && /overriding \w+ value default values/i.test(s)) return 'yes: MERGE INSERT takes no OVERRIDING with DEFAULT VALUES';
  if (/property graph|graph_table/i.test(s)) return 'yes in 18: SQL/PGQ property graphs are PG19-devel';
  if (/^repack\b/i.test(s)) return 'yes in 18: REPACK is PG19-devel';
  if (/^checkpoint \(/i.test(s)) return 'yes in 18: CHECKPOINT options are PG19-devel';
  if (/\bFOR PORTION OF\b/i.test(s)) return 'yes in 18: FOR PORTION OF is PG19-devel';
  if (/ON CONFLICT .* DO SELECT/i.test(s)) return 'yes in 18: ON CONFLICT DO SELECT is PG19-devel';
  if (/group by all/i.test(s)) return 'yes in 18: GROUP BY ALL is PG19-devel';
  if (/publication .*(all tables except|all sequences)/i.test(s)) return 'yes in 18: publication EXCEPT / ALL SEQUENCES are PG19-devel';
  if (/foreign data wrapper .*connection/i.test(s)) return 'yes in 18: FDW CONNECTION is PG19-devel';
  return 'not judged';
}

if (require.main === module) {
  run(console.error).then((s) => console.log(`## ${s.title}\n\n${s.markdown}`));
}
