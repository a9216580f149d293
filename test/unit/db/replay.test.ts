import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { replay } from '../../../server/src/core/db/replay';
import { analyze } from '../../support/analyze';
import { testDb, type TestDb } from './dbTest';

describe('replay on a real PostgreSQL', () => {
  let db: TestDb;
  beforeEach(async () => (db = await testDb()));
  afterEach(() => db.end());

  const tables = async () => (await db.admin.query(`SELECT string_agg(relname, ',' ORDER BY relname) AS t FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`)).rows[0].t;

  it('applies migrations, one query each, and names the statement that fails', async () => {
    const text = 'CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\nALTER TABLE b ADD COLUMN x int NOT NULL;\n';
    const { units } = analyze([{ text: 'CREATE TABLE a (id int) -- trailing comment\n;\nCREATE INDEX a_id ON a (id);\n' }, { text }]);
    const failure = await replay(db.admin, units);
    assert.ok(failure);
    assert.match(failure.message, /column "x" of relation "b" contains null values/);
    assert.equal(text.slice(failure.span.start, failure.span.end), 'ALTER TABLE b ADD COLUMN x int NOT NULL');
    assert.equal(await tables(), 'a,b', 'the failing migration ran up to its failing statement, as a runner without a transaction would');
  });

  it('runs statements that refuse a transaction, and a migration with its own BEGIN and COMMIT', async () => {
    const { units } = analyze([
      { text: 'CREATE TABLE c (id int);\nCREATE INDEX CONCURRENTLY c_id ON c (id);\n' },
      { text: "BEGIN;\nCREATE TYPE mood AS ENUM ('ok');\nCOMMIT;\nALTER TYPE mood ADD VALUE 'sad';\nCREATE TABLE d (m mood DEFAULT 'sad');\n" },
    ]);
    assert.equal(await replay(db.admin, units), undefined);
    assert.equal(await tables(), 'c,d');
  });
});
