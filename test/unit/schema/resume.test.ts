import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeFolder } from '../../../server/src/core/engine';
import { Catalog } from '../../../server/src/core/schema/catalog';
import { replay } from '../../../server/src/core/schema/replay';
import { resumeStates } from '../../../server/src/core/schema/resume';
import { parseScript } from '../../../server/src/core/sql/script';
import { analyze, filesOf, findingsOf, folderFrom, type MigrationSpec } from '../../support/analyze';

const ORIGIN = '/db/0001_a.up.sql';
const statementsOf = (text: string) => parseScript({ path: ORIGIN, text, span: { start: 0, end: text.length } }).statements;

/** Everything a catalog says, as plain data, so states built by different routes compare. */
function dump(c: Catalog): unknown {
  const tables = [...c.tables()].map((t) => ({ ...t, columns: [...t.columns], constraints: [...t.constraints], indexes: [...t.indexes] }));
  return { tables: tables.sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`)), enums: [...c.enums].sort() };
}

/** The states a replay from scratch gives, statement by statement. */
function fresh(text: string): Catalog[] {
  const states = [Catalog.empty];
  for (const s of statementsOf(text)) states.push(replay(states[states.length - 1], [s], ORIGIN));
  return states;
}

const BASE = [
  'CREATE TABLE t (id int);',
  'INSERT INTO t VALUES (1);',
  'ALTER TABLE t ADD COLUMN a int;',
  "CREATE TYPE mood AS ENUM ('ok');",
  'ALTER TABLE t ALTER COLUMN a SET NOT NULL;',
  'CREATE INDEX t_a ON t (a);',
].join('\n');

describe('schema states resumed after an edit', () => {
  const cases: [string, string][] = [
    ['spacing inside a DDL statement', BASE.replace('ADD COLUMN a int', 'ADD  COLUMN a int')],
    ['a DML statement changed', BASE.replace('VALUES (1)', 'VALUES (2)')],
    ['a change that alters the schema every later statement sees', BASE.replace('ADD COLUMN a int', 'ADD COLUMN b int')],
    ['a column type changed', BASE.replace('ADD COLUMN a int', 'ADD COLUMN a text')],
    ['a statement inserted', BASE.replace('INSERT INTO', 'CREATE TABLE u (x int);\nINSERT INTO')],
    ['a statement removed', BASE.replace('CREATE INDEX t_a ON t (a);', '')],
    ['the first statement changed', BASE.replace('CREATE TABLE t (id int)', 'CREATE TABLE t (id bigint)')],
    ['a statement broken mid-edit', BASE.replace('ALTER TABLE t ADD', 'ALTER TABLE t AD')],
  ];
  for (const [what, edited] of cases) {
    it(`equal a fresh replay: ${what}`, () => {
      const before = resumeStates(undefined, Catalog.empty, statementsOf(BASE), ORIGIN);
      const after = resumeStates(before, Catalog.empty, statementsOf(edited), ORIGIN);
      assert.deepEqual(after.states.map(dump), fresh(edited).map(dump));
    });
  }

  it('keeps the very states before the first change, and after it when the change leaves the schema as it was', () => {
    const before = resumeStates(undefined, Catalog.empty, statementsOf(BASE), ORIGIN);
    const spaced = resumeStates(before, Catalog.empty, statementsOf(BASE.replace('ADD COLUMN a int', 'ADD  COLUMN a int')), ORIGIN);
    assert.ok(spaced.states.every((s, i) => s === before.states[i]));
    const renamed = resumeStates(before, Catalog.empty, statementsOf(BASE.replace('ADD COLUMN a int', 'ADD COLUMN b int')), ORIGIN);
    assert.ok(renamed.states.slice(0, 3).every((s, i) => s === before.states[i]));
    assert.notEqual(renamed.states[3], before.states[3]);
  });
});

describe('findings after an edit that changes the schema later statements see', () => {
  const script = (column: string) => [`ALTER TABLE t ADD COLUMN ${column};`, 'INSERT INTO t VALUES (1);', 'ALTER TABLE t ALTER COLUMN a SET NOT NULL;'].join('\n');
  const specs = (column: string): MigrationSpec[] => [{ text: 'CREATE TABLE t (id int);' }, { text: script(column) }];

  it('equal those of a fresh analysis, with the states of the first analysis still cached', () => {
    const first = analyze(specs('a int'));
    assert.equal(findingsOf(first, 'adding-not-nullable-field').length, 1);
    const edited = specs('a int NOT NULL DEFAULT 0');
    const incremental = analyze(edited);
    // The same migrations in a folder no analysis has cached anything for.
    const fresh = analyzeFolder({ ...folderFrom(filesOf(edited), edited), path: '/fresh/migrations' }, { pgVersion: 16 });
    assert.deepEqual(findingsOf(incremental, 'adding-not-nullable-field'), []);
    assert.deepEqual(incremental.findings, fresh.findings);
  });
});

describe('the schema at the end after an edit of a migration with kept statement states', () => {
  // foreign-key-without-index judges on the schema at the end; the ALTER TABLE makes other
  // rules ask for the states before each statement of the edited script, so they are kept.
  const specs = (middle: string): MigrationSpec[] => [
    { text: 'CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int, p_id int);' },
    { text: `SELECT 1;\nALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;\n${middle}` },
    { text: 'ALTER TABLE c ADD COLUMN note text;' },
  ];

  it('equals a fresh analysis whether the edit changes the schema or only its spacing', () => {
    analyze(specs(''));
    for (const middle of ['CREATE INDEX c_p ON c (p_id);', 'CREATE  INDEX c_p ON c (p_id);', '', 'SELECT  2;']) {
      const edited = specs(middle);
      const incremental = analyze(edited);
      const fresh = analyzeFolder({ ...folderFrom(filesOf(edited), edited), path: '/fresh/migrations' }, { pgVersion: 16 });
      assert.deepEqual(incremental.findings, fresh.findings, middle);
      assert.equal(findingsOf(incremental, 'foreign-key-without-index').length, middle.includes('INDEX') ? 0 : 1, middle);
    }
  });
});
