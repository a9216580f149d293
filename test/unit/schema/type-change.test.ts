import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { columnType } from '../../../server/src/core/schema/column-type';
import { typeChange } from '../../../server/src/core/schema/type-change';
import { parseStatement } from '../../../server/src/core/sql/parser';
import { freshDatabase } from '../../support/postgres';

// [from, to, whether the real server rewrites the table, with TimeZone UTC and with another zone]
const CASES: [string, string, boolean, boolean][] = [
  ['varchar(10)', 'varchar(20)', false, false],
  ['varchar(10)', 'varchar(5)', true, true],
  ['varchar(10)', 'text', false, false],
  ['varchar', 'text', false, false],
  ['text', 'varchar', false, false],
  ['text', 'varchar(10)', true, true],
  ['numeric(10,2)', 'numeric(12,2)', false, false],
  ['numeric(10,2)', 'numeric(12,3)', true, true],
  ['numeric(10,2)', 'numeric', false, false],
  ['numeric', 'numeric(10,2)', true, true],
  ['cidr', 'inet', false, false],
  ['timestamp', 'timestamptz', false, true],
  ['timestamptz', 'timestamp', false, true],
  ['integer', 'bigint', true, true],
  ['int8', 'int4', true, true],
  ['varchar(10)[]', 'varchar(20)[]', true, true],
  ['varchar[]', 'text[]', true, true],
  ['char(3)', 'char(5)', true, true],
  ['char(3)', 'text', true, true],
  ['timestamp(3)', 'timestamp(6)', false, false],
  ['timestamp(3)', 'timestamp', false, false],
  ['varbit(3)', 'varbit(5)', false, false],
  ['json', 'jsonb', true, true],
];

function typeOf(sql: string) {
  const outcome = parseStatement(`ALTER TABLE t ALTER c TYPE ${sql}`);
  if (!outcome.ok) throw new Error(outcome.message);
  return columnType(outcome.nodes[0].node.cmds[0].AlterTableCmd.def.ColumnDef.typeName);
}

describe('typeChange, checked against a real PostgreSQL', () => {
  it('predicts a rewrite exactly when the server rewrites the table (its relfilenode changes)', async function () {
    this.timeout(60_000);
    const db = await freshDatabase();
    try {
      const version = Number((await db.query('SHOW server_version_num')).rows[0].server_version_num.slice(0, 2));
      for (const [zone, column] of [['UTC', 2], ['Europe/Paris', 3]] as const) {
        await db.query(`SET TimeZone = '${zone}'`);
        for (const c of CASES) {
          const [from, to] = c;
          await db.query(`DROP TABLE IF EXISTS p; CREATE TABLE p (c ${from}); INSERT INTO p VALUES (NULL)`);
          const file = 'SELECT relfilenode FROM pg_class WHERE relname = $1';
          const before = (await db.query(file, ['p'])).rows[0].relfilenode;
          await db.query(`ALTER TABLE p ALTER c TYPE ${to}`);
          const rewrote = (await db.query(file, ['p'])).rows[0].relfilenode !== before;
          assert.equal(rewrote, c[column], `server: ${from} → ${to} in ${zone}`);
          const predicted = typeChange(typeOf(from), typeOf(to), version).kind;
          const expected = c[2] === c[3] ? (c[2] ? 'rewrite' : 'none') : 'unless-utc';
          assert.equal(predicted, expected, `model: ${from} → ${to}`);
        }
      }
    } finally {
      await db.end();
    }
  });

  it('calls timestamp → timestamptz a rewrite before PostgreSQL 12', () => {
    assert.equal(typeChange(typeOf('timestamp'), typeOf('timestamptz'), 11).kind, 'rewrite');
  });
});
