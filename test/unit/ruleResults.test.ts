import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { analyzeFolder } from '../../server/src/core/engine';
import type { Migration, MigrationFolder } from '../../server/src/core/model';
import { RuleResultCache } from '../../server/src/core/ruleResults';
import { allRules } from '../../server/src/core/rules';
import type { Rule } from '../../server/src/core/rules/types';
import { loadParser } from '../../server/src/core/sql/parser';
import { corpusSqlFiles } from '../support/corpusSql';

// Kept rule results must never show: after any sequence of edits, an analysis that reuses
// them reports exactly what a fresh one reports.

function folderOf(up: string, down: string, transaction: Migration['transaction'] = 'implicit'): MigrationFolder {
  const script = (path: string, text: string) => ({ path, text, span: { start: 0, end: text.length } });
  const first: Migration = { id: '0001', name: 'a', format: 'golang-migrate', folder: '/f', path: '/f/0001_a.up.sql', sortKey: [1], parents: [], up: script('/f/0001_a.up.sql', 'CREATE TABLE accounts (id bigint PRIMARY KEY, email text);'), supportsDown: true, transaction };
  const second: Migration = { ...first, id: '0002', name: 'b', path: '/f/0002_b.up.sql', sortKey: [2], parents: ['0001'], up: script('/f/0002_b.up.sql', up), down: script('/f/0002_b.down.sql', down) };
  return { path: '/f', format: 'golang-migrate', migrations: [first, second], strays: [] };
}

// Edits that change what other statements see: tables created earlier, transactions, duplicated statements.
const SNIPPETS = [
  'CREATE TABLE users (id int, name varchar(20));\n',
  'CREATE TABLE accounts (id int);\n',
  'ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT random();\n',
  'CREATE INDEX users_name ON users (name);\n',
  'BEGIN;\n',
  'COMMIT;\n',
  'SET lock_timeout = 1000;\n',
  'ALTER TABLE accounts ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES users (id);\n',
  ';',
  ' ',
  "'",
  '--',
];

describe('kept rule results', function () {
  this.timeout(120_000);
  before(() => loadParser());

  it('report after every edit exactly what a fresh analysis reports (corpus files, random edits)', () => {
    const files = corpusSqlFiles();
    const corpusText = fc.constantFrom(...files).map((f) => fs.readFileSync(f, 'utf8'));
    const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 30 }), insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6 })), down: fc.boolean() });
    fc.assert(
      fc.property(corpusText, fc.array(edit, { minLength: 1, maxLength: 6 }), fc.constantFrom('implicit', 'wrapped', 'none', 'auto'), (original, edits, transaction) => {
        const cache = new RuleResultCache();
        let up = original;
        let down = 'DROP TABLE users;\n' + original.slice(0, 200);
        analyzeFolder(folderOf(up, down, transaction as Migration['transaction']), { pgVersion: 15 }, allRules, cache);
        for (const e of edits) {
          const text = e.down ? down : up;
          const at = e.at % (text.length + 1);
          const next = text.slice(0, at) + e.insert + text.slice(at + e.length);
          if (e.down) down = next;
          else up = next;
          const folder = folderOf(up, down, transaction as Migration['transaction']);
          const kept = analyzeFolder(folder, { pgVersion: 15 }, allRules, cache).findings;
          const fresh = analyzeFolder(folder, { pgVersion: 15 }).findings;
          assert.deepEqual(kept, fresh);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('visit again only the statements whose text or surroundings changed', () => {
    const visited: string[] = [];
    const probe: Rule = {
      meta: { id: 'probe', category: 'correctness', defaultSeverity: 'warning', summary: '', fixable: false, equivalents: {} },
      create: () => ({
        statementKinds: ['AlterTableStmt'],
        statement({ statement, createdEarlier }, report) {
          visited.push(statement.text);
          if (!createdEarlier(statement.node.relation.relname)) report({ span: statement.span, message: 'existing table' });
        },
      }),
    };
    const cache = new RuleResultCache();
    const up = 'ALTER TABLE a ADD x int;\nALTER TABLE b ADD x int;\nALTER TABLE c ADD x int;';
    const run = (text: string) => analyzeFolder(folderOf(text, ''), { pgVersion: 15 }, [probe], cache).findings.map((f) => f.span.start);

    assert.deepEqual(run(up), [0, 25, 50]);
    visited.length = 0;
    // Every statement moves; only the edited one is visited, and the others' findings move with them.
    assert.deepEqual(run(`  ${up.replace('ADD x', 'ADD y')}`), [2, 27, 52]);
    assert.deepEqual(visited, ['ALTER TABLE a ADD y int']);
    visited.length = 0;
    // Creating b earlier changes createdEarlier's answer for b's statement alone.
    assert.deepEqual(run(`CREATE TABLE b ();\n${up}`), [19, 69]);
    assert.deepEqual(visited, ['ALTER TABLE b ADD x int']);
  });

  it('are not shared by two statements with the same text', () => {
    const cache = new RuleResultCache();
    const up = 'ALTER TABLE b ADD COLUMN x serial;\nCREATE TABLE b ();\nALTER TABLE b ADD COLUMN x serial;';
    for (const text of [up, ` ${up}`, `${up} `]) {
      const folder = folderOf(text, '');
      assert.deepEqual(analyzeFolder(folder, { pgVersion: 15 }, allRules, cache).findings, analyzeFolder(folder, { pgVersion: 15 }).findings);
    }
  });

  it('are not kept for a visit that read the rest of the migration', () => {
    let visits = 0;
    const counting: Rule = {
      meta: { id: 'counting', category: 'correctness', defaultSeverity: 'warning', summary: '', fixable: false, equivalents: {} },
      create: () => ({
        statementKinds: ['SelectStmt'],
        statement(s, report) {
          visits++;
          report({ span: s.statement.span, message: `${s.unit.up.statements.length} statements` });
        },
      }),
    };
    const cache = new RuleResultCache();
    const run = (text: string) => analyzeFolder(folderOf(text, ''), { pgVersion: 15 }, [counting], cache).findings.map((f) => f.message);
    assert.deepEqual(run('SELECT 1;'), ['1 statements']);
    assert.deepEqual(run('SELECT 1; SELECT 2;'), ['2 statements', '2 statements']);
    assert.equal(visits, 3);
  });
});
