import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { corpusSqlFiles } from '../support/corpusSql';
import { loadParser, parseStatement, utf16Mapper } from '../../server/src/core/sql/parser';
import { MAX_SCRIPT_CHARS, parseDirective, parseScript } from '../../server/src/core/sql/script';

const script = (text: string) => parseScript({ path: '/m.sql', text, span: { start: 0, end: text.length } });

describe('parseScript (libpg-query)', () => {
  before(() => loadParser());

  it('gives each statement its kind, AST and span', () => {
    const text = 'CREATE TABLE t (id int);\nCREATE INDEX i ON t (id);\n';
    const { statements } = script(text);
    assert.deepEqual(statements.map((s) => s.kind), ['CreateStmt', 'IndexStmt']);
    assert.equal(statements[1].node.idxname, 'i');
    assert.equal(text.slice(statements[1].span.start, statements[1].span.end), 'CREATE INDEX i ON t (id)');
  });

  it('keeps a statement that does not parse, with the error at the offending token', () => {
    const text = 'SELECT 1;\nALTER TABLE t ADD COLUMNN x int;\nSELECT 2;';
    const { statements } = script(text);
    assert.deepEqual(statements.map((s) => s.kind), ['SelectStmt', 'Invalid', 'SelectStmt']);
    const err = statements[1].error!;
    // COLUMNN reads as a column name and x as its type, so PostgreSQL stops at "int".
    assert.match(err.message, /syntax error at or near "int"/);
    assert.equal(text.slice(err.span.start, err.span.end), 'int');
  });

  it("maps the parser's byte offsets and code-point error cursors to UTF-16 offsets", () => {
    // é is 2 bytes and 1 code point, 😀 is 4 bytes, 1 code point and 2 UTF-16 units.
    assert.deepEqual([0, 2, 6].map(utf16Mapper('é😀a', 'bytes')), [0, 1, 3]);
    assert.deepEqual([0, 1, 2].map(utf16Mapper('é😀a', 'codePoints')), [0, 1, 3]);
    const located = parseStatement("SELECT 'é😀' AS x; CREATE INDEX i ON t (a)");
    assert.ok(located.ok);
    assert.equal(located.nodes[1].start, "SELECT 'é😀' AS x; ".length);
    const text = "SELECT 'é😀' FROM WHERE; SELECT 1;";
    const err = script(text).statements[0].error!;
    assert.match(err.message, /at or near "WHERE"/);
    assert.equal(text.slice(err.span.start, err.span.end), 'WHERE');
  });

  it("puts an error at the end of input on the statement's last word", () => {
    const text = 'SELECT 1 FROM;\nSELECT 2;';
    const err = script(text).statements[0].error!;
    assert.match(err.message, /end of input/);
    assert.equal(text.slice(err.span.start, err.span.end), 'FROM');
  });

  it('never hands the parser an empty string', () => {
    assert.deepEqual(script('').statements, []);
    assert.deepEqual(script('  -- just a comment\n').statements, []);
  });

  it('reads ignore directives above a statement and for the whole file', () => {
    const text = `-- migration-guard-ignore-file ban-drop-table: legacy\n-- migration-guard-ignore a-rule, b-rule: reviewed by DBA\nSELECT 1;`;
    const parsed = script(text);
    assert.deepEqual(parsed.fileIgnores.map((d) => d.rules), [['ban-drop-table']]);
    assert.deepEqual(parsed.statements[0].ignores.map((d) => [d.rules, d.reason]), [[['a-rule', 'b-rule'], 'reviewed by DBA']]);
    assert.deepEqual(parseDirective('/* migration-guard-ignore x: y */', { start: 0, end: 0 })?.rules, ['x']);
    assert.equal(parseDirective('-- an ordinary comment', { start: 0, end: 0 }), undefined);
  });

  it('skips binary and oversized text with a reason instead of parsing it', () => {
    assert.match(script('SELECT 1;\u0000\u0001').skipped!.reason, /binary/);
    const big = { path: '/big.sql', text: '', span: { start: 0, end: MAX_SCRIPT_CHARS + 1 } };
    assert.match(parseScript(big).skipped!.reason, /too large/);
  });

  it('parses an edited text as a fresh parse does, carrying over the statements the edit did not touch', () => {
    const files = corpusSqlFiles();
    const BITS = ['-- migration-guard-ignore ban-drop-table\n', '-- migration-guard-ignore-file\n', 'DROP TABLE t;\n', 'SELECT 1; SELECT 2;', ';', "'", '/*', '*/', '\n', ' ', 'é', 'CREATE TABLE', '$$'];
    const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), removed: fc.nat({ max: 12 }), inserted: fc.constantFrom('', ...BITS) });
    let fresh = 0;
    const parse = (path: string, text: string) => {
      const { statements, fileIgnores, directives } = parseScript({ path, text, span: { start: 0, end: text.length } });
      return { statements, fileIgnores, directives };
    };
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 5 }), (file, edits) => {
        // Directives and a broken statement at the end, where most edits move them.
        let text = `${fs.readFileSync(file, 'utf8')}\n-- migration-guard-ignore ban-drop-table: kept\nDROP TABLE t;\n/* migration-guard-ignore-file prefer-robust-stmts */\nALTER TABLE;\nSELECT 1; SELECT 2\n`;
        parse('/edited.sql', text);
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.inserted + text.slice(at + e.removed);
          assert.deepEqual(parse('/edited.sql', text), parse(`/fresh/${fresh++}.sql`, text));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('caches parses by text, so an unchanged statement is not parsed again', () => {
    const a = parseStatement('SELECT 42');
    assert.equal(parseStatement('SELECT 42'), a);
  });

  describe('code migrations (rendered SQL)', () => {
    const py = [
      '# migration-guard-ignore ban-drop-table: gone since v3',
      'op.drop_table("old")',
      'op.execute("UPDATE t SET a = 1; SELEC 2")',
      'op.create_index("i", "t", ["a"])',
      'op.do_magic()',
    ].join('\n');
    const span = (needle: string) => ({ start: py.indexOf(needle), end: py.indexOf(needle) + needle.length });
    const literal = 'UPDATE t SET a = 1; SELEC 2';
    let parsed: ReturnType<typeof parseScript>;
    before(() => (parsed = parseScript({
      path: '/v/1.py',
      text: py,
      span: { start: 0, end: py.length },
      rendered: [
        { sql: 'DROP TABLE old', span: span('op.drop_table("old")'), comments: [span('# migration-guard-ignore ban-drop-table: gone since v3')] },
        { sql: literal, span: span(`op.execute("${literal}")`), verbatimAt: py.indexOf(literal) },
        { sql: 'CREATE INDEX i ON t (a)', span: span('op.create_index("i", "t", ["a"])') },
        { sql: '', span: span('op.do_magic()'), unanalysed: 'op.do_magic is not an Alembic operation we know' },
      ],
    })));

    it('puts generated statements on the code they came from, with directives from its comments', () => {
      const [drop, , , index] = parsed.statements;
      assert.deepEqual([drop.kind, drop.span, drop.rendered], ['DropStmt', span('op.drop_table("old")'), { verbatim: false }]);
      assert.deepEqual(drop.ignores.map((d) => d.rules), [['ban-drop-table']]);
      assert.deepEqual([index.kind, index.span], ['IndexStmt', span('op.create_index("i", "t", ["a"])')]);
    });

    it('points inside a verbatim string literal, statement by statement and at errors', () => {
      const [, update, invalid] = parsed.statements;
      assert.equal(py.slice(update.span.start, update.span.end), 'UPDATE t SET a = 1');
      assert.equal(py.slice(invalid.error!.span.start, invalid.error!.span.end), 'SELEC');
    });

    it('keeps an operation it cannot translate, saying why', () => {
      const last = parsed.statements[parsed.statements.length - 1];
      assert.equal(last.kind, 'Unanalysed');
      assert.match(last.rendered!.unanalysed!, /do_magic/);
      assert.deepEqual(parsed.statements.map((s) => s.index), [0, 1, 2, 3, 4]);
    });
  });
});
