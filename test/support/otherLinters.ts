// Runs other linters' own rule test cases (eugene's examples, pgfence's fixtures, copied in
// the shared corpus) through our engine and says, case by case, what our equivalent rules did.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FolderAnalysis } from '../../server/src/core/engine';
import { allRules } from '../../server/src/core/rules';
import { statementAt } from '../../server/src/core/statementAt';
import { analyze, upPath, type MigrationSpec } from './analyze';
import { corpusRoot } from './paths';

export type Suite = 'eugene' | 'pgfence';

export interface LinterCase {
  suite: Suite;
  /** Relative to the corpus root. */
  file: string;
  /** First line of the statement the case is about; the whole file when absent. */
  line?: number;
  /** Their check: eugene's E…/W… id, pgfence's rule id or, when it has none we know of, the fixture's pattern. */
  theirs: string;
  /** What their suite expects of the case. */
  expected: 'flagged' | 'clean';
  /** Our rules that report on the case, among its equivalents and these. */
  ours: string[];
  /** Required whenever `ours` is not what the equivalents predict: why we differ. */
  why?: string;
}

export type Outcome = 'flagged as expected' | 'missed' | 'clean as expected' | 'extra finding';

export interface CaseResult {
  /** Our rules that reported on the case, among its equivalents and the row's `ours`. */
  reported: string[];
  /** Our rules whose `equivalents` name their check. */
  equivalents: string[];
  outcome: Outcome;
}

/** Our rules whose `equivalents` for the suite's tool name `check` (entries are comma-separated). */
export function equivalentRules(suite: Suite, check: string): string[] {
  return allRules.filter((r) => (r.meta.equivalents[suite] ?? '').split(/,\s*/).includes(check)).map((r) => r.meta.id);
}

interface Prepared {
  analysis: FolderAnalysis;
  /** Per migration: its path and where its text starts in the corpus file. */
  parts: { path: string; offset: number }[];
  text: string;
}

/**
 * eugene's `bad.sql`/`good.sql` concatenate separate scripts, each opened by `-- 1.sql`,
 * `-- 2.sql` …, so each becomes its own migration of one folder: the table created by
 * `1.sql` is an existing table for `2.sql`, as eugene means it. A pgfence fixture is one
 * migration. Both run as golang-migrate files, an implicit transaction; a file with its
 * own BEGIN … COMMIT gets the transaction block it opens, as when sent as one query.
 */
function migrationsOf(suite: Suite, text: string): { specs: MigrationSpec[]; offsets: number[] } {
  if (suite === 'pgfence') return { specs: [{ text }], offsets: [0] };
  const offsets = [...text.matchAll(/^-- \d+\.sql\s*$/gm)].map((m) => m.index!);
  if (offsets[0] !== 0) offsets.unshift(0);
  return { specs: offsets.map((o, i) => ({ text: text.slice(o, offsets[i + 1] ?? text.length) })), offsets };
}

const prepared = new Map<string, Prepared>();

function prepare(c: LinterCase): Prepared {
  let p = prepared.get(c.file);
  if (!p) {
    const text = fs.readFileSync(path.join(corpusRoot, c.file), 'utf8');
    const { specs, offsets } = migrationsOf(c.suite, text);
    p = { analysis: analyze(specs, { pgVersion: 16 }), parts: specs.map((s, i) => ({ path: upPath(s, i), offset: offsets[i] })), text };
    prepared.set(c.file, p);
  }
  return p;
}

/** Rule ids reported on the case: on its statement, or anywhere in the file. */
function reportedOn(c: LinterCase, p: Prepared): string[] {
  let inCase = (_path: string, _offset: number) => true;
  if (c.line !== undefined) {
    const lineStart = p.text.split('\n').slice(0, c.line - 1).join('\n').length + (c.line > 1 ? 1 : 0);
    const part = [...p.parts].reverse().find((x) => x.offset <= lineStart)!;
    const first = lineStart - part.offset + (/^\s*/.exec(p.text.slice(lineStart))?.[0].length ?? 0);
    const hit = statementAt(p.analysis, part.path, first);
    if (!hit) throw new Error(`${c.file}:${c.line} starts no statement`);
    inCase = (file, offset) => file === part.path && offset >= hit.statement.span.start && offset <= hit.statement.span.end;
  }
  return [...new Set(p.analysis.findings.filter((f) => inCase(f.path, f.span.start)).map((f) => f.ruleId))].sort();
}

export function measureCase(c: LinterCase): CaseResult {
  const equivalents = equivalentRules(c.suite, c.theirs);
  const relevant = new Set([...equivalents, ...c.ours]);
  const reported = reportedOn(c, prepare(c)).filter((id) => relevant.has(id));
  const outcome: Outcome =
    c.expected === 'flagged' ? (reported.length ? 'flagged as expected' : 'missed') : reported.length ? 'extra finding' : 'clean as expected';
  return { reported, equivalents, outcome };
}

/** Does the case's `ours` say just what the equivalents predict, so that it needs no `why`? */
export function agreesWithEquivalents(c: LinterCase, equivalents: string[]): boolean {
  if (c.expected === 'clean') return c.ours.length === 0;
  return c.ours.length > 0 && c.ours.every((id) => equivalents.includes(id));
}
