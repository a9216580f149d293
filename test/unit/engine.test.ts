import * as assert from 'node:assert/strict';
import { analyzeFolder, transactionMap } from '../../server/src/core/engine';
import type { Migration, MigrationFolder, TransactionMode } from '../../server/src/core/model';
import type { Rule } from '../../server/src/core/rules/types';
import { loadParser } from '../../server/src/core/sql/parser';
import { parseScript } from '../../server/src/core/sql/script';
import { LineIndex } from '../../server/src/core/text/lineIndex';

function migration(sql: string, transaction: TransactionMode = 'wrapped', path = '/db/0001_a.up.sql'): Migration {
  const up = { path, text: sql, span: { start: 0, end: sql.length } };
  return { id: '0001', name: 'a', format: 'golang-migrate', folder: '/db', path, sortKey: [1], parents: [], up, supportsDown: false, transaction };
}
const folderOf = (...migrations: Migration[]): MigrationFolder => ({ path: '/db', format: 'golang-migrate', migrations, strays: [] });
const inTx = (sql: string, mode: TransactionMode) => {
  const m = migration(sql, mode);
  return transactionMap(parseScript(m.up), m);
};

describe('engine', () => {
  before(() => loadParser());

  describe('transactionMap', () => {
    it('follows the runner: wrapped, none, and implicit only for several statements', () => {
      assert.deepEqual(inTx('SELECT 1; SELECT 2;', 'wrapped'), [true, true]);
      assert.deepEqual(inTx('SELECT 1; SELECT 2;', 'none'), [false, false]);
      assert.deepEqual(inTx('SELECT 1; SELECT 2;', 'implicit'), [true, true]);
      assert.deepEqual(inTx('SELECT 1;', 'implicit'), [false]);
    });

    it('opens and closes explicit transaction blocks', () => {
      assert.deepEqual(inTx('SELECT 1; BEGIN; SELECT 2; COMMIT; SELECT 3;', 'none'), [false, true, true, false, false]);
      assert.deepEqual(inTx('START TRANSACTION; SELECT 2; ROLLBACK;', 'none'), [true, true, false]);
    });
  });

  const boom: Rule = {
    meta: { id: 'boom', category: 'correctness', defaultSeverity: 'warning', summary: 's', fixable: false, equivalents: {} },
    create: () => ({
      statement({ statement }, report) {
        if (statement.kind === 'DeleteStmt') throw new Error('kaboom');
        report({ span: statement.span, message: `saw ${statement.kind}` });
      },
    }),
  };

  it('contains a rule that throws to the statement it threw on', () => {
    const { findings } = analyzeFolder(folderOf(migration('SELECT 1; DELETE FROM t; SELECT 2;')), { pgVersion: 15 }, [boom]);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.message]), [
      ['boom', 'saw SelectStmt'],
      ['internal-error', 'Internal error in rule boom: kaboom. The other rules still ran; please report this.'],
      ['boom', 'saw SelectStmt'],
    ]);
  });

  it('applies severity settings and turns rules off', () => {
    const folder = folderOf(migration('SELECT 1;'));
    assert.equal(analyzeFolder(folder, { pgVersion: 15, rules: { boom: 'error' } }, [boom]).findings[0].severity, 'error');
    assert.equal(analyzeFolder(folder, { pgVersion: 15, rules: { boom: 'off' } }, [boom]).findings.length, 0);
  });

  it('honours ignore directives for a statement and for a file, by rule id', () => {
    const sql = '-- migration-guard-ignore boom: fine\nSELECT 1;\n-- migration-guard-ignore other: no\nSELECT 2;';
    assert.deepEqual(
      analyzeFolder(folderOf(migration(sql)), { pgVersion: 15 }, [boom]).findings.map((f) => [f.ruleId, f.span.start]),
      [
        ['unused-ignore', sql.indexOf('-- migration-guard-ignore other')],
        ['boom', sql.indexOf('SELECT 2')],
      ],
    );
    const whole = '-- migration-guard-ignore-file boom: generated\nSELECT 1;\nSELECT 2;';
    assert.equal(analyzeFolder(folderOf(migration(whole)), { pgVersion: 15 }, [boom]).findings.length, 0);
  });

  it('knows which tables the script created earlier, schema by schema', () => {
    const seen: Record<string, boolean> = {};
    const probe: Rule = {
      meta: { id: 'probe', category: 'correctness', defaultSeverity: 'info', summary: 's', fixable: false, equivalents: {} },
      create: () => ({
        statement({ statement, createdEarlier }) {
          if (statement.kind === 'SelectStmt') for (const n of ['t', 'public.t', 'archive.t', 'other']) seen[n] = createdEarlier(n);
        },
      }),
    };
    analyzeFolder(folderOf(migration('CREATE TABLE public.t (id int); SELECT 1;')), { pgVersion: 15 }, [probe]);
    assert.deepEqual(seen, { t: true, 'public.t': true, 'archive.t': false, other: false });
  });

  it('does not count a table the script creates only later as created earlier', () => {
    const seen: boolean[] = [];
    const probe: Rule = {
      meta: { id: 'probe', category: 'correctness', defaultSeverity: 'info', summary: 's', fixable: false, equivalents: {} },
      create: () => ({
        statement({ statement, createdEarlier }) {
          if (statement.kind === 'DropStmt' || statement.kind === 'SelectStmt') seen.push(createdEarlier('t'));
        },
      }),
    };
    analyzeFolder(folderOf(migration('DROP TABLE IF EXISTS t; CREATE TABLE t (id int); SELECT 1;')), { pgVersion: 15 }, [probe]);
    assert.deepEqual(seen, [false, true]);
  });

  it('skips rules outside their PostgreSQL versions', () => {
    const old: Rule = { ...boom, meta: { ...boom.meta, id: 'old', pgVersions: { max: 10 } } };
    assert.equal(analyzeFolder(folderOf(migration('SELECT 1;')), { pgVersion: 15 }, [old]).findings.length, 0);
    assert.equal(analyzeFolder(folderOf(migration('SELECT 1;')), { pgVersion: 10 }, [old]).findings.length, 1);
  });
});

describe('LineIndex', () => {
  it('converts offsets to positions and back, at line ends and past the end', () => {
    const index = new LineIndex('ab\ncd\n');
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(index.positionAt(99), { line: 2, character: 0 });
    assert.equal(index.offsetAt({ line: 1, character: 1 }), 4);
    assert.equal(index.offsetAt({ line: 0, character: 50 }), 3);
    assert.equal(index.offsetAt({ line: 9, character: 0 }), 6);
  });
});
