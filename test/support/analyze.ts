// Builds migrations in memory from SQL strings and runs the engine on them, so rule
// tests need neither files on disk nor the format adapters.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFolder, type FolderAnalysis, type RuleSetting } from '../../server/src/core/engine';
import type { Finding, FormatId, Migration, MigrationFolder, Script, Span, StrayFile, TransactionMode } from '../../server/src/core/model';
import { applyEdits, type Files } from './edits';

export const FOLDER = '/project/migrations';

export interface MigrationSpec {
  /** Defaults to golang-migrate. */
  format?: FormatId;
  /** The file that defines the migration; defaults to a name in the format's style. */
  path?: string;
  /** That file's text. dbmate and goose files carry their own up/down markers; for the others it is the up script. */
  text: string;
  /** Text of the separate down file (golang-migrate, Flyway, plain). */
  down?: string;
  /** Defaults to what the format and the file say (markers, Flyway's `.conf`). */
  transaction?: TransactionMode;
  /** Defaults to the spec's position in the list, from 1. */
  id?: string;
  repeatable?: boolean;
  supportsDown?: boolean;
}

export interface AnalyzeOptions {
  pgVersion?: number;
  rules?: Record<string, RuleSetting>;
  strays?: StrayFile[];
}

const UP_NAMES: Record<FormatId, (id: string) => string> = {
  'golang-migrate': (id) => `${id}_change.up.sql`,
  flyway: (id) => `V${id}__change.sql`,
  dbmate: (id) => `${id}_change.sql`,
  goose: (id) => `${id}_change.sql`,
  prisma: (id) => `${id}_change/migration.sql`,
  supabase: (id) => `${id}_change.sql`,
  plain: (id) => `${id}_change.sql`,
  alembic: (id) => `${id}_change.py`,
  django: (id) => `app/migrations/${id}_change.py`,
};

const DOWN_NAMES: Partial<Record<FormatId, (up: string) => string>> = {
  'golang-migrate': (up) => up.replace(/\.up\.sql$/, '.down.sql'),
  flyway: (up) => path.join(path.dirname(up), path.basename(up).replace(/^V/, 'U')),
  plain: (up) => up.replace(/\.sql$/, '_down.sql'),
};

const MARKERS: Partial<Record<FormatId, RegExp>> = {
  dbmate: /^--\s*migrate:(up|down)\b.*$/gm,
  goose: /^--\s*\+goose\s+(up|down)\s*$/gim,
};

const idOf = (spec: MigrationSpec, i: number) => spec.id ?? String(i + 1);
const formatOf = (spec: MigrationSpec): FormatId => spec.format ?? 'golang-migrate';

export function upPath(spec: MigrationSpec, i = 0): string {
  return spec.path ?? path.join(FOLDER, UP_NAMES[formatOf(spec)](idOf(spec, i)));
}

export function downPath(spec: MigrationSpec, i = 0): string | undefined {
  return spec.down === undefined ? undefined : DOWN_NAMES[formatOf(spec)]?.(upPath(spec, i));
}

/** The files the specs describe. */
export function filesOf(specs: MigrationSpec[]): Files {
  const files: Files = {};
  specs.forEach((spec, i) => {
    files[upPath(spec, i)] = spec.text;
    const down = downPath(spec, i);
    if (down) files[down] = spec.down!;
  });
  return files;
}

/** One migration read from `files`, as an adapter would build it. */
export function migrationFrom(files: Files, spec: MigrationSpec, i = 0, parents: string[] = []): Migration {
  const format = formatOf(spec);
  const file = upPath(spec, i);
  const text = files[file];
  const id = idOf(spec, i);
  const sections = splitSections(text, MARKERS[format]);
  const downFile = downPath(spec, i);
  let down: Script | undefined;
  if (sections.down) down = { path: file, text, span: sections.down.span };
  else if (downFile) down = { path: downFile, text: files[downFile], span: { start: 0, end: files[downFile].length } };
  return {
    id,
    name: 'change',
    format,
    folder: FOLDER,
    path: file,
    sortKey: (id.match(/\d+/g) ?? []).map(Number),
    parents,
    up: { path: file, text, span: sections.up.span },
    down,
    supportsDown: spec.supportsDown ?? (!['prisma', 'supabase'].includes(format) && !spec.repeatable),
    transaction: spec.transaction ?? transactionOf(format, files, file, sections.up.marker),
    ...(spec.repeatable ? { repeatable: true } : {}),
  };
}

/** The folder the specs make, read from `files` (which fixes may have edited). */
export function folderFrom(files: Files, specs: MigrationSpec[], strays: StrayFile[] = []): MigrationFolder {
  const migrations = specs.map((spec, i) => migrationFrom(files, spec, i, i === 0 ? [] : [idOf(specs[i - 1], i - 1)]));
  return { path: FOLDER, format: formatOf(specs[0] ?? { text: '' }), migrations, strays };
}

export function analyzeFiles(files: Files, specs: MigrationSpec[], options: AnalyzeOptions = {}): FolderAnalysis {
  return analyzeFolder(folderFrom(files, specs, options.strays), { pgVersion: options.pgVersion ?? 16, rules: options.rules });
}

export function analyze(specs: MigrationSpec | MigrationSpec[], options: AnalyzeOptions = {}): FolderAnalysis {
  const list = Array.isArray(specs) ? specs : [specs];
  return analyzeFiles(filesOf(list), list, options);
}

/** The findings of one rule. */
export function findingsOf(analysis: FolderAnalysis, ruleId: string): Finding[] {
  return analysis.findings.filter((f) => f.ruleId === ruleId);
}

/** Asserts that the analysed files parse and that none of `ruleIds` reports anything: what a fix must leave behind. */
export function assertClean(analysis: FolderAnalysis, ...ruleIds: string[]): void {
  for (const id of ['syntax-error', ...ruleIds]) assert.deepEqual(findingsOf(analysis, id), [], id);
}

/**
 * Analyses the specs, applies the first fix of the first finding of `ruleId`, and
 * analyses the edited files again.
 */
export function applyFirstFix(specs: MigrationSpec[], ruleId: string, options: AnalyzeOptions = {}) {
  const files = filesOf(specs);
  const before = analyzeFiles(files, specs, options);
  const finding = findingsOf(before, ruleId)[0];
  if (!finding?.fixes[0]) throw new Error(`no fix from ${ruleId}: ${JSON.stringify(before.findings)}`);
  const fixed = applyEdits(files, finding.fixes[0].edits);
  return { finding, fix: finding.fixes[0], files: fixed, after: analyzeFiles(fixed, specs, options) };
}

interface Section {
  span: Span;
  /** The marker line that opens it. */
  marker: string;
}

/** Cuts a dbmate or goose file at its marker lines; without markers the whole text is the up. */
function splitSections(text: string, markers: RegExp | undefined): { up: Section; down?: Section } {
  const found = markers ? [...text.matchAll(new RegExp(markers.source, markers.flags))] : [];
  const result: { up?: Section; down?: Section } = {};
  found.forEach((m, k) => {
    const direction = m[1].toLowerCase() as 'up' | 'down';
    const start = Math.min(text.length, m.index! + m[0].length + 1);
    const end = found[k + 1]?.index ?? text.length;
    result[direction] ??= { span: { start, end }, marker: m[0] };
  });
  return { up: result.up ?? { span: { start: 0, end: text.length }, marker: '' }, down: result.down };
}

function transactionOf(format: FormatId, files: Files, file: string, upMarker: string): TransactionMode {
  switch (format) {
    case 'dbmate':
      return /\stransaction:false\b/.test(upMarker) ? 'implicit' : 'wrapped';
    case 'goose':
      return /^--\s*\+goose\s+NO\s+TRANSACTION\s*$/im.test(files[file]) ? 'none' : 'wrapped';
    case 'flyway':
      return /^\s*executeInTransaction\s*=\s*false\s*$/im.test(files[`${file}.conf`] ?? '') ? 'none' : 'auto';
    default:
      return 'implicit';
  }
}
