import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { resplit, splitStatements, type PreviousSplit, type SplitResult, type StatementChunk } from '../../server/src/core/sql/split';

const texts = (sql: string) => splitStatements(sql).chunks.map((c) => sql.slice(c.span.start, c.span.end));

describe('splitStatements', () => {
  it('splits on semicolons and trims to the first and last token', () => {
    assert.deepEqual(texts('  SELECT 1 ;\n\nSELECT 2;SELECT 3'), ['SELECT 1', 'SELECT 2', 'SELECT 3']);
  });

  it('keeps semicolons inside strings, quoted identifiers and comments', () => {
    const sql = `INSERT INTO t VALUES ('a;b', 'it''s;');\nSELECT "we;ird" FROM x; -- c;d\nSELECT 2 /* e; /* nested; */ f; */ + 1;`;
    assert.deepEqual(texts(sql), [`INSERT INTO t VALUES ('a;b', 'it''s;')`, `SELECT "we;ird" FROM x`, `SELECT 2 /* e; /* nested; */ f; */ + 1`]);
  });

  it('treats backslash as an escape only in E strings', () => {
    assert.deepEqual(texts(`SELECT E'a\\';b'; SELECT 'c\\'; SELECT 3;`), [`SELECT E'a\\';b'`, `SELECT 'c\\'`, 'SELECT 3']);
  });

  it('keeps dollar-quoted bodies whole, with or without tags, but not $1 parameters', () => {
    const fn = `CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN x := 1; RETURN NEW; END; $body$ LANGUAGE plpgsql`;
    const doBlock = `DO $$ BEGIN PERFORM 1; END $$`;
    assert.deepEqual(texts(`${fn};\n${doBlock};\nPREPARE p AS SELECT $1; SELECT a$b FROM t;`), [fn, doBlock, 'PREPARE p AS SELECT $1', 'SELECT a$b FROM t']);
  });

  it('keeps BEGIN ATOMIC function bodies whole', () => {
    const fn = `CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END`;
    assert.deepEqual(texts(`${fn}; SELECT 9;`), [fn, 'SELECT 9']);
  });

  it('keeps the actions of a multi-action CREATE RULE together, and nothing else', () => {
    const rule = 'CREATE OR REPLACE RULE r AS ON INSERT TO t DO INSTEAD (NOTIFY foo; SELECT 1)';
    assert.deepEqual(texts(`${rule}; SELECT (1; SELECT 2;`), [rule, 'SELECT (1', 'SELECT 2']);
  });

  it('runs an unterminated comment, string or dollar quote to the end, as one statement', () => {
    assert.deepEqual(texts(`SELECT 1; /* open\nSELECT 2;`), ['SELECT 1', '/* open\nSELECT 2;']);
    assert.deepEqual(texts(`SELECT 'open; SELECT 2;`), [`SELECT 'open; SELECT 2;`]);
    assert.deepEqual(texts(`DO $$ open; SELECT 2;`), [`DO $$ open; SELECT 2;`]);
  });

  it('collects the comments above each statement and after the last', () => {
    const sql = `-- one\n/* two */\nSELECT 1;\n-- three\nSELECT 2;\n-- tail\n`;
    const { chunks, trailingComments } = splitStatements(sql);
    assert.deepEqual(chunks[0].comments.map((c) => sql.slice(c.start, c.end)), ['-- one', '/* two */']);
    assert.deepEqual(chunks[1].comments.map((c) => sql.slice(c.start, c.end)), ['-- three']);
    assert.deepEqual(trailingComments.map((c) => sql.slice(c.start, c.end)), ['-- tail']);
  });

  it('splits only inside the region it is given, reporting file offsets', () => {
    const sql = `-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n`;
    const region = { start: sql.indexOf('SELECT 1'), end: sql.indexOf('-- migrate:down') };
    const { chunks } = splitStatements(sql, region);
    assert.equal(chunks.length, 1);
    assert.equal(chunks[0].span.start, region.start);
  });

  it('handles CRLF line endings in line comments', () => {
    const sql = `-- a\r\nSELECT 1;\r\n`;
    const { chunks } = splitStatements(sql);
    assert.equal(sql.slice(chunks[0].comments[0].start, chunks[0].comments[0].end), '-- a');
  });
});

/** What `carried` says of a resplit holds: kept chunks are the earlier ones, moved ones are earlier ones shifted. */
function assertCarried(result: SplitResult, before: StatementChunk[]) {
  const { carried } = result;
  if (!carried) return;
  result.chunks.forEach((chunk, i) => {
    if (i < carried.kept) assert.equal(chunk, before[i]);
    const { moved } = carried;
    if (!moved || i < moved.at) return;
    const was = before[i - moved.at + moved.from];
    const shift = (s: { start: number; end: number }) => ({ start: s.start + moved.by, end: s.end + moved.by });
    assert.deepEqual(chunk, { span: shift(was.span), comments: was.comments.map(shift) });
  });
}

describe('resplit', () => {
  // Pieces that change how the splitter reads what follows: quotes, comments, dollar quotes, ATOMIC bodies, CREATE RULE.
  const BITS = ["'", '"', '$$', '$a$', '--', '/*', '*/', ';', ';\n', '(', ')', "E'", '\\', '\n', ' ', 'BEGIN', 'ATOMIC', 'END', 'CASE', 'CREATE RULE r AS ON INSERT TO t DO (', 'SELECT 1', 'x', 'é'];
  const sqlish = fc.array(fc.constantFrom(...BITS), { maxLength: 80 }).map((a) => a.join(''));
  // An edit: replace text[at, at + removed) by an inserted piece, positions as fractions of the length.
  const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), removed: fc.nat({ max: 6 }), inserted: fc.constantFrom('', ...BITS) });

  it('equals a fresh split after any sequence of edits, region start kept', () => {
    fc.assert(
      fc.property(fc.nat({ max: 3 }), sqlish, fc.array(edit, { maxLength: 6 }), (prefix, start, edits) => {
        let text = 'x;\n'.repeat(prefix) + start;
        const from = 3 * prefix;
        let previous: PreviousSplit = { text, region: { start: from, end: text.length }, result: splitStatements(text, { start: from, end: text.length }) };
        for (const e of edits) {
          const at = from + Math.floor(e.at * (text.length - from));
          text = text.slice(0, at) + e.inserted + text.slice(Math.min(text.length, at + e.removed));
          const region = { start: from, end: text.length };
          const result = resplit(previous, text, region);
          const { carried, ...split } = result;
          assert.deepEqual(split, splitStatements(text, region), JSON.stringify(text));
          assertCarried(result, previous.result.chunks);
          previous = { text, region, result };
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('equals a fresh split after edits anywhere in a long text (compared a block at a time)', () => {
    const long = Array.from({ length: 1500 }, (_, i) => `SELECT ${i}, '${'x'.repeat(i % 7)}';`).join('\n');
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = long;
        let previous: PreviousSplit = { text, region: { start: 0, end: text.length }, result: splitStatements(text) };
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.inserted + text.slice(Math.min(text.length, at + e.removed));
          const region = { start: 0, end: text.length };
          const result = resplit(previous, text, region);
          const { carried, ...split } = result;
          assert.deepEqual(split, splitStatements(text, region));
          assertCarried(result, previous.result.chunks);
          previous = { text, region, result };
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the chunks before the edited statement and rescans only up to the unchanged tail', () => {
    const text = Array.from({ length: 50 }, (_, i) => `SELECT ${i};`).join('\n');
    const before = splitStatements(text);
    const at = text.indexOf('SELECT 25') + 'SELECT'.length;
    const edited = `${text.slice(0, at)} ${text.slice(at)}`;
    const after = resplit({ text, region: { start: 0, end: text.length }, result: before }, edited, { start: 0, end: edited.length });
    const { carried, ...split } = after;
    assert.deepEqual(split, splitStatements(edited));
    assert.deepEqual(carried, { kept: 25, moved: { at: 27, from: 27, by: 1 } });
    assert.ok(after.chunks.slice(0, 25).every((c, i) => c === before.chunks[i]), 'the chunks before the edit are the same objects');
    assert.deepEqual(after.chunks[26].span, { start: before.chunks[26].span.start + 1, end: before.chunks[26].span.end + 1 });
  });
});
