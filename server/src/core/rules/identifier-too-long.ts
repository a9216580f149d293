import type { Statement } from '../sql/script';
import { tokenize } from './fixes/tokens';
import { spanWithin } from './subSpan';
import type { Rule } from './types';

/** NAMEDATALEN - 1. */
const MAX_BYTES = 63;
const UNQUOTED = /^[\p{L}_][\p{L}\p{N}_$]*$/u;

export const identifierTooLong: Rule = {
  meta: {
    id: 'identifier-too-long',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'An identifier longer than 63 bytes, which PostgreSQL silently cuts short, so names can collide or not match.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    statement({ statement, direction }, report) {
      if (direction !== 'up' || !mayHoldLongName(statement)) return;
      const reported = new Set<string>();
      for (const token of tokenize(statement.text)) {
        const name = identifierValue(token.text);
        if (name === undefined || Buffer.byteLength(name) <= MAX_BYTES || reported.has(name)) continue;
        reported.add(name);
        const kept = Buffer.from(name).subarray(0, MAX_BYTES).toString().replace(/\uFFFD$/, '');
        report({
          span: spanWithin(statement, token),
          message: `This identifier is ${Buffer.byteLength(name)} bytes long; PostgreSQL silently cuts it to its first 63 bytes ("${kept}"), so names that share those collide and code or tools that look for the full name do not find it; shorten it.`,
        });
      }
    },
  }),
};

// The parser caches trees by statement text, so a statement's answer below holds for as
// long as its tree lives: an edit elsewhere in a large file does not scan it again.
const longNameByNode = new WeakMap<object, boolean>();

/** A quick look before scanning: is any run of name characters (or any quoted name) over the limit? */
function mayHoldLongName(statement: Statement): boolean {
  if (!statement.node) return scanForLongName(statement.text);
  let answer = longNameByNode.get(statement.node);
  if (answer === undefined) longNameByNode.set(statement.node, (answer = scanForLongName(statement.text)));
  return answer;
}

function scanForLongName(text: string): boolean {
  for (const m of text.matchAll(/"(?:[^"]|"")*"|[\p{L}\p{N}_$]+/gu)) if (Buffer.byteLength(m[0]) > MAX_BYTES) return true;
  return false;
}

/** The name a token stands for (quotes removed, unquoted names lowercased), or undefined if it is no identifier. */
function identifierValue(text: string): string | undefined {
  if (text.startsWith('"') && text.endsWith('"') && text.length > 1) return text.slice(1, -1).replace(/""/g, '"');
  return UNQUOTED.test(text) ? text.toLowerCase() : undefined;
}
