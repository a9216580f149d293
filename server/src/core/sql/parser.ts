import { loadModule, parseSync } from 'libpg-query';

/** A parsed statement node: the single key of libpg-query's wrapper object and its body. */
export interface ParsedNode {
  kind: string;
  node: any;
  /** UTF-16 offsets of this node's statement inside the parsed text. */
  start: number;
  end: number;
}

export type ParseOutcome =
  | { ok: true; nodes: ParsedNode[] }
  | { ok: false; message: string; /** UTF-16 offset inside the parsed text */ offset: number };

let loaded: Promise<void> | undefined;

/** Loads PostgreSQL's parser (WASM) once; every parse after it is synchronous. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

const CACHE_LIMIT = 50_000;
// Two generations instead of a strict LRU: a hit in the current one costs one lookup (the
// LRU's delete and re-insert hashed every statement's text three times per check); texts
// not asked for during a whole generation are dropped with the older one.
let current = new Map<string, ParseOutcome>();
let previous = new Map<string, ParseOutcome>();

/**
 * Parses one statement's text with PostgreSQL's own parser. Results are cached by
 * text, so re-checking a file after an edit re-parses only the changed statements.
 */
export function parseStatement(text: string): ParseOutcome {
  const hit = current.get(text);
  if (hit) return hit;
  const outcome = previous.get(text) ?? parseUncached(text);
  if (current.size >= CACHE_LIMIT / 2) {
    previous = current;
    current = new Map();
  }
  current.set(text, outcome);
  return outcome;
}

function parseUncached(text: string): ParseOutcome {
  const toUtf16 = utf16Mapper(text, 'bytes');
  try {
    const result = parseSync(text);
    const nodes: ParsedNode[] = (result.stmts ?? []).map((raw: any) => {
      const kind = Object.keys(raw.stmt ?? {})[0] ?? 'Unknown';
      const startByte = raw.stmt_location ?? 0;
      const start = toUtf16(startByte);
      const end = raw.stmt_len ? toUtf16(startByte + raw.stmt_len) : text.length;
      return { kind, node: raw.stmt?.[kind] ?? {}, start, end };
    });
    return { ok: true, nodes };
  } catch (e: any) {
    const message = String(e?.sqlDetails?.message ?? e?.message ?? e);
    const cursor = e?.sqlDetails?.cursorPosition;
    // Error cursors count code points (PostgreSQL's own cursorpos), unlike node locations.
    const offset = typeof cursor === 'number' && cursor >= 0 ? utf16Mapper(text, 'codePoints')(cursor) : 0;
    return { ok: false, message, offset };
  }
}

/**
 * libpg-query reports node locations as UTF-8 byte offsets and error cursors as
 * code-point counts; LSP and JavaScript count UTF-16 units. Pure-ASCII text (nearly
 * all SQL) needs no table.
 */
export function utf16Mapper(text: string, unit: 'bytes' | 'codePoints'): (offset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return (o) => Math.min(o, text.length);
  const table: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const width = unit === 'codePoints' ? 1 : cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) table.push(i);
    if (cp >= 0x10000) i++;
  }
  table.push(text.length);
  return (o) => (o >= table.length ? text.length : table[o]);
}
