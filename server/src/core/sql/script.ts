import type { OrmUse, RenderedStatement, Script, Span } from '../model';
import { parseStatement } from './parser';
import { resplit, splitStatements, type PreviousSplit } from './split';

/** Whose comment it is: ours, or squawk's (honoured only when the configuration says so). */
export type DirectiveTool = 'migration-guard' | 'squawk';

export interface IgnoreDirective {
  tool: DirectiveTool;
  /** Rule ids it names (the tool's own ids); empty means every rule. */
  rules: string[];
  reason: string;
  span: Span;
  /** `migration-guard-ignore-file`: applies to the whole file. */
  wholeFile: boolean;
}

export interface Statement {
  /** Position in its script, from 0. */
  index: number;
  /** File offsets (UTF-16) of the statement, without its `;`. */
  span: Span;
  text: string;
  /** libpg-query node type (`IndexStmt`, `AlterTableStmt` …); `Invalid` when it did not parse. */
  kind: string;
  /** The node's body as libpg-query gives it; undefined when it did not parse. */
  node?: any;
  error?: { message: string; span: Span };
  /** Ignore directives in the comments right above it. */
  ignores: IgnoreDirective[];
  /**
   * Generated from code (an Alembic operation) rather than written as SQL: its `text` is
   * not in the file, so fixes must edit the code, not the SQL. `verbatim` when the SQL is a
   * string literal in the file and `span` points inside it.
   */
  rendered?: { verbatim: boolean; unanalysed?: string; createsTable?: string; outsideTransaction?: true; dataChange?: true; orm?: OrmUse };
}

export interface ParsedScript {
  script: Script;
  statements: Statement[];
  /** `migration-guard-ignore-file` directives anywhere in the script's comments. */
  fileIgnores: IgnoreDirective[];
  /** Every directive of the script in text order, including ones above no statement. */
  directives: IgnoreDirective[];
  /** Set when the text is not analysed at all (binary content, too large). */
  skipped?: { reason: string };
}

/** Text longer than this (in UTF-16 units) is reported once instead of analysed. */
export const MAX_SCRIPT_CHARS = 10 * 1024 * 1024;

const TOOLS: DirectiveTool[] = ['migration-guard', 'squawk'];
const DIRECTIVES = TOOLS.map((tool) => ({
  tool,
  pattern: new RegExp(`${tool}-ignore(-file)?\\b\\s*([^:\\n]*?)\\s*(?::\\s*(.*?))?\\s*(?:\\*\\/)?\\s*$`),
}));

export function parseDirective(comment: string, span: Span): IgnoreDirective | undefined {
  for (const { tool, pattern } of DIRECTIVES) {
    const m = pattern.exec(comment);
    if (!m) continue;
    const rules = m[2]
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    return { tool, rules, reason: (m[3] ?? '').trim(), span, wholeFile: Boolean(m[1]) };
  }
  return undefined;
}

// Shared by every statement with no comment above it: never changed.
const NO_DIRECTIVES: IgnoreDirective[] = [];

/**
 * Gathers the directives of a script's comments: every one into `directives`, file-wide
 * ones into `fileIgnores`; `add` returns the others, which cover one statement.
 */
function directiveCollector(text: string) {
  const fileIgnores: IgnoreDirective[] = [];
  const directives: IgnoreDirective[] = [];
  /** Every directive of these comments, in order. */
  const directivesOf = (comments: Span[] = []) => {
    if (comments.length === 0) return NO_DIRECTIVES;
    const found: IgnoreDirective[] = [];
    for (const c of comments) {
      const d = parseDirective(text.slice(c.start, c.end), c);
      if (d) found.push(d);
    }
    return found;
  };
  const add = (found: IgnoreDirective[]) => {
    if (found.length === 0) return found;
    directives.push(...found);
    fileIgnores.push(...found.filter((d) => d.wholeFile));
    return found.filter((d) => !d.wholeFile);
  };
  const directivesIn = (comments?: Span[]) => add(directivesOf(comments));
  return { fileIgnores, directives, directivesOf, add, directivesIn };
}

export function parseScript(script: Script): ParsedScript {
  const { text, span } = script;
  const length = span.end - span.start;
  if (length > MAX_SCRIPT_CHARS) {
    const mb = (length / (1024 * 1024)).toFixed(1);
    return skipped(script, `File is too large to analyse (${mb} MB; the limit is ${MAX_SCRIPT_CHARS / (1024 * 1024)} MB).`);
  }
  const nul = text.indexOf('\u0000', span.start);
  if (nul >= 0 && nul < span.end) return skipped(script, 'File looks binary (it contains NUL bytes); it is not analysed.');

  if (script.rendered) return parseRendered(script, script.rendered);
  const split = splitAfterEdit(script.path, text, span);
  const { chunks, trailingComments, carried } = split.result;
  const earlier = carried && split.previous;
  const statements: Statement[] = [];
  const { fileIgnores, directives, directivesOf, add, directivesIn } = directiveCollector(text);
  const firsts: number[] = [];
  const chunkDirectives: IgnoreDirective[][] = [];

  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    firsts.push(statements.length);
    // A chunk the resplit carried over parses as it did: its statements move, nothing is parsed again.
    let from = -1;
    let by = 0;
    if (earlier) {
      if (i < carried.kept) from = i;
      else if (carried.moved && i >= carried.moved.at) {
        from = i - carried.moved.at + carried.moved.from;
        by = carried.moved.by;
      }
    }
    if (from >= 0) {
      const was = earlier!.directives[from];
      const found = by === 0 || was.length === 0 ? was : was.map((d) => ({ ...d, span: shift(d.span, by) }));
      chunkDirectives.push(found);
      const ignores = add(found);
      for (let k = earlier!.firsts[from]; k < earlier!.firsts[from + 1]; k++) {
        const st = earlier!.statements[k];
        statements.push(by === 0 && st.index === statements.length ? st : moveStatement(st, by, statements.length, ignores));
      }
      continue;
    }
    const found = directivesOf(chunk.comments);
    chunkDirectives.push(found);
    const ignores = add(found);
    const chunkText = text.slice(chunk.span.start, chunk.span.end);
    const outcome = parseStatement(chunkText);
    const base = chunk.span.start;
    if (!outcome.ok) {
      statements.push({
        index: statements.length,
        span: chunk.span,
        text: chunkText,
        kind: 'Invalid',
        error: { message: outcome.message, span: errorSpan(text, base + outcome.offset, chunk.span) },
        ignores,
      });
      continue;
    }
    // Normally one node a chunk; more only if the splitter under-split (then keep each).
    for (const n of outcome.nodes) {
      const start = base + skipSpaceAndComments(chunkText, n.start);
      const end = base + trimEnd(chunkText, n.end);
      statements.push({
        index: statements.length,
        span: { start, end: Math.max(end, start) },
        text: text.slice(start, end),
        kind: n.kind,
        node: n.node,
        ignores,
      });
    }
  }
  firsts.push(statements.length);
  directivesIn(trailingComments);
  split.remember({ statements, firsts, directives: chunkDirectives });
  return { script, statements, fileIgnores, directives };
}

/** What a split's chunks parsed into, kept with the split for the next version of the text. */
interface ChunkParses {
  statements: Statement[];
  /** Chunk i's statements are statements[firsts[i]] up to statements[firsts[i + 1]]. */
  firsts: number[];
  /** Per chunk, the directives of the comments above it, file-wide ones included. */
  directives: IgnoreDirective[][];
}

const shift = (span: Span, by: number): Span => (by === 0 ? span : { start: span.start + by, end: span.end + by });

function moveStatement(st: Statement, by: number, index: number, ignores: IgnoreDirective[]): Statement {
  const moved: Statement = { index, span: shift(st.span, by), text: st.text, kind: st.kind, ignores };
  if (st.node !== undefined) moved.node = st.node;
  if (st.error) moved.error = { message: st.error.message, span: shift(st.error.span, by) };
  return moved;
}

// The last split of the scripts edited most recently, by file and start (a file may hold an up and a down): typing in a long file then
// re-scans only from the edited statement (see resplit), and parses only what it re-scanned. A few files, as an editor has open.
const lastSplits = new Map<string, PreviousSplit & { parsed?: ChunkParses }>();
const KEPT_SPLITS = 8;

function splitAfterEdit(path: string, text: string, region: Span) {
  const key = `${path}\u0000${region.start}`;
  const previous = lastSplits.get(key);
  const result = previous ? resplit(previous, text, region) : splitStatements(text, region);
  lastSplits.delete(key);
  if (lastSplits.size >= KEPT_SPLITS) lastSplits.delete(lastSplits.keys().next().value!);
  const entry: PreviousSplit & { parsed?: ChunkParses } = { text, region, result };
  lastSplits.set(key, entry);
  return { result, previous: previous?.parsed, remember: (parsed: ChunkParses) => (entry.parsed = parsed) };
}

/** Statements of a code migration: each operation's SQL parsed, positions on the operation. */
function parseRendered(script: Script, rendered: RenderedStatement[]): ParsedScript {
  const statements: Statement[] = [];
  const { fileIgnores, directives, directivesIn } = directiveCollector(script.text);
  // A statement directive at module level is above no operation: kept only so it is reported as unused.
  directivesIn(script.moduleComments);
  for (const r of rendered) {
    const ignores = directivesIn(r.comments);
    const verbatim = r.verbatimAt !== undefined;
    const flags = { ...(r.outsideTransaction ? { outsideTransaction: true as const } : {}), ...(r.dataChange ? { dataChange: true as const } : {}) };
    // Inside a verbatim literal positions are exact; otherwise everything lands on the operation.
    const place = (from: number, to: number): Span => (verbatim ? { start: r.verbatimAt! + from, end: r.verbatimAt! + to } : r.span);
    const chunks = r.unanalysed ? [] : splitStatements(r.sql).chunks;
    if (chunks.length === 0) {
      const unanalysed = r.unanalysed ?? 'it renders to no SQL';
      const rendered = { verbatim, unanalysed, ...flags, ...(r.orm ? { orm: r.orm } : {}), ...(r.createsTable ? { createsTable: r.createsTable } : {}) };
      statements.push({ index: 0, text: r.sql, ignores, span: r.span, kind: 'Unanalysed', rendered });
    }
    // Each statement of an op.execute string parses on its own, as statements of a file do.
    for (const chunk of chunks) {
      const chunkText = r.sql.slice(chunk.span.start, chunk.span.end);
      const outcome = parseStatement(chunkText);
      const base = { index: 0, ignores, rendered: { verbatim, ...flags } };
      if (!outcome.ok) {
        const at = errorSpan(r.sql, chunk.span.start + outcome.offset, chunk.span);
        const error = { message: outcome.message, span: place(at.start, at.end) };
        statements.push({ ...base, text: chunkText, span: place(chunk.span.start, chunk.span.end), kind: 'Invalid', error });
        continue;
      }
      for (const n of outcome.nodes) {
        const from = chunk.span.start + skipSpaceAndComments(chunkText, n.start);
        const to = chunk.span.start + trimEnd(chunkText, n.end);
        statements.push({ ...base, text: r.sql.slice(from, to), span: place(from, to), kind: n.kind, node: n.node });
      }
    }
  }
  statements.forEach((s, i) => (s.index = i));
  return { script, statements, fileIgnores, directives };
}

function skipped(script: Script, reason: string): ParsedScript {
  return { script, statements: [], fileIgnores: [], directives: [], skipped: { reason } };
}

/** The word the parser stopped at; "at end of input" points past the text, so take the last word. */
function errorSpan(text: string, at: number, chunk: Span): Span {
  if (at >= chunk.end) {
    let start = chunk.end;
    while (start > chunk.start && !/\s/.test(text[start - 1])) start--;
    return { start, end: chunk.end };
  }
  let end = at;
  while (end < chunk.end && !/\s/.test(text[end])) end++;
  return { start: at, end: Math.max(end, at + 1) };
}

function skipSpaceAndComments(s: string, i: number): number {
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s.startsWith('--', i)) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl + 1;
    } else if (s.startsWith('/*', i)) {
      const close = s.indexOf('*/', i + 2);
      i = close < 0 ? s.length : close + 2;
    } else return i;
  }
}

function trimEnd(s: string, end: number): number {
  let j = Math.min(end, s.length);
  while (j > 0 && /[\s;]/.test(s[j - 1])) j--;
  return j;
}
