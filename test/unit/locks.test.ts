import * as assert from 'node:assert/strict';
import '../support/parser-hook';
import type { Script } from '../../server/src/core/model';
import { parseScript } from '../../server/src/core/sql/script';
import {
  conflicts,
  describeLock,
  LOCK_MODES,
  locksOf,
  strongestLock,
  type LockEffect,
  type LockInfo,
  type LockMode,
} from '../../server/src/core/sql/locks';

function locks(sql: string, pgVersion = 16): LockInfo[] {
  const script: Script = { path: '/x.sql', text: sql, span: { start: 0, end: sql.length } };
  const [statement, ...rest] = parseScript(script).statements;
  assert.equal(rest.length, 0);
  assert.equal(statement.error, undefined);
  return locksOf(statement, pgVersion);
}

/** relation → "MODE effect" for compact assertions. */
function summary(sql: string, pgVersion?: number): Record<string, string> {
  return Object.fromEntries(locks(sql, pgVersion).map((l) => [l.relation, `${l.mode} ${l.effect}`]));
}

const only = (sql: string, pgVersion?: number): LockInfo => {
  const [l, ...rest] = locks(sql, pgVersion);
  assert.equal(rest.length, 0, sql);
  return l;
};

const lock = (mode: LockMode, effect: LockEffect) => `${mode} ${effect}`;

describe('locksOf', () => {
  it('CREATE INDEX takes SHARE, CONCURRENTLY SHARE UPDATE EXCLUSIVE, both scanning', () => {
    const plain = only('CREATE INDEX i ON app.users (email)');
    assert.deepEqual(
      { relation: plain.relation, mode: plain.mode, effect: plain.effect, reads: plain.blocksReads, writes: plain.blocksWrites },
      { relation: 'app.users', mode: 'SHARE', effect: 'scan', reads: false, writes: true },
    );
    const concurrent = only('CREATE INDEX CONCURRENTLY i ON users (email)');
    assert.equal(concurrent.mode, 'SHARE UPDATE EXCLUSIVE');
    assert.equal(concurrent.blocksWrites, false);
  });

  it('DROP INDEX takes ACCESS EXCLUSIVE, CONCURRENTLY SHARE UPDATE EXCLUSIVE', () => {
    assert.deepEqual(summary('DROP INDEX i'), { i: lock('ACCESS EXCLUSIVE', 'metadata') });
    assert.deepEqual(summary('DROP INDEX CONCURRENTLY i'), { i: lock('SHARE UPDATE EXCLUSIVE', 'metadata') });
  });

  describe('ALTER TABLE', () => {
    it('ADD COLUMN is metadata-only, unless the default is volatile', () => {
      assert.deepEqual(summary('ALTER TABLE t ADD COLUMN a int'), { t: lock('ACCESS EXCLUSIVE', 'metadata') });
      assert.deepEqual(summary("ALTER TABLE t ADD COLUMN a text DEFAULT 'x' NOT NULL"), { t: lock('ACCESS EXCLUSIVE', 'metadata') });
      assert.deepEqual(summary('ALTER TABLE t ADD COLUMN a timestamptz DEFAULT now()'), { t: lock('ACCESS EXCLUSIVE', 'metadata') });
      const uuid = only('ALTER TABLE t ADD COLUMN a uuid DEFAULT gen_random_uuid()');
      assert.equal(uuid.effect, 'rewrite');
      assert.match(uuid.note!, /gen_random_uuid\(\) is volatile/);
      assert.match(only('ALTER TABLE t ADD COLUMN a int DEFAULT my_fn()').note!, /unless my_fn\(\) is declared STABLE or IMMUTABLE/);
    });

    it('ADD COLUMN with any default rewrites before PostgreSQL 11', () => {
      assert.equal(only('ALTER TABLE t ADD COLUMN a int DEFAULT 0', 10).effect, 'rewrite');
      assert.equal(only('ALTER TABLE t ADD COLUMN a int DEFAULT NULL', 10).effect, 'metadata');
      assert.equal(only('ALTER TABLE t ADD COLUMN a int DEFAULT 0', 11).effect, 'metadata');
    });

    it('ADD COLUMN rewrites for serial, identity and stored generated columns, not virtual ones', () => {
      for (const column of ['a bigserial', 'a int GENERATED ALWAYS AS IDENTITY', 'a int GENERATED ALWAYS AS (b * 2) STORED']) {
        assert.equal(only(`ALTER TABLE t ADD COLUMN ${column}`).effect, 'rewrite', column);
      }
      assert.equal(only('ALTER TABLE t ADD COLUMN a int GENERATED ALWAYS AS (b * 2) VIRTUAL').effect, 'metadata');
    });

    it('ADD COLUMN NOT NULL without a default scans', () => {
      assert.equal(only('ALTER TABLE t ADD COLUMN a int NOT NULL').effect, 'scan');
    });

    it('SET NOT NULL scans, ALTER TYPE rewrites, DROP COLUMN is metadata, SET STATISTICS is SHARE UPDATE EXCLUSIVE', () => {
      assert.deepEqual(summary('ALTER TABLE t ALTER COLUMN a SET NOT NULL'), { t: lock('ACCESS EXCLUSIVE', 'scan') });
      assert.deepEqual(summary('ALTER TABLE t ALTER COLUMN a TYPE bigint'), { t: lock('ACCESS EXCLUSIVE', 'rewrite') });
      assert.deepEqual(summary('ALTER TABLE t DROP COLUMN a'), { t: lock('ACCESS EXCLUSIVE', 'metadata') });
      assert.deepEqual(summary('ALTER TABLE t ALTER COLUMN a SET STATISTICS 500'), { t: lock('SHARE UPDATE EXCLUSIVE', 'metadata') });
    });

    it('ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on both tables and scans unless NOT VALID', () => {
      assert.deepEqual(summary('ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users'), {
        orders: lock('SHARE ROW EXCLUSIVE', 'scan'),
        users: lock('SHARE ROW EXCLUSIVE', 'scan'),
      });
      assert.deepEqual(summary('ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users NOT VALID'), {
        orders: lock('SHARE ROW EXCLUSIVE', 'metadata'),
        users: lock('SHARE ROW EXCLUSIVE', 'metadata'),
      });
      assert.equal(only('ALTER TABLE orders VALIDATE CONSTRAINT c').mode, 'SHARE UPDATE EXCLUSIVE');
    });

    it('ADD CHECK takes ACCESS EXCLUSIVE and scans unless NOT VALID', () => {
      assert.deepEqual(summary('ALTER TABLE t ADD CHECK (a > 0)'), { t: lock('ACCESS EXCLUSIVE', 'scan') });
      assert.deepEqual(summary('ALTER TABLE t ADD CHECK (a > 0) NOT VALID'), { t: lock('ACCESS EXCLUSIVE', 'metadata') });
    });

    it('keeps the strongest mode and effect of all subcommands per relation', () => {
      const [t, users] = locks('ALTER TABLE t SET (fillfactor = 70), ADD FOREIGN KEY (u) REFERENCES users NOT VALID, ALTER a TYPE text');
      assert.deepEqual([t.relation, t.mode, t.effect, t.blocksReads], ['t', 'ACCESS EXCLUSIVE', 'rewrite', true]);
      assert.deepEqual([users.relation, users.mode, users.effect], ['users', 'SHARE ROW EXCLUSIVE', 'metadata']);
    });

    it('ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent since PostgreSQL 12', () => {
      const attach = 'ALTER TABLE p ATTACH PARTITION p1 FOR VALUES IN (1)';
      assert.deepEqual(summary(attach), { p: lock('SHARE UPDATE EXCLUSIVE', 'metadata'), p1: lock('ACCESS EXCLUSIVE', 'scan') });
      assert.equal(summary(attach, 11).p, lock('ACCESS EXCLUSIVE', 'metadata'));
      assert.deepEqual(summary('ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY'), {
        p: lock('SHARE UPDATE EXCLUSIVE', 'metadata'),
        p1: lock('SHARE UPDATE EXCLUSIVE', 'metadata'),
      });
      assert.deepEqual(summary('ALTER TABLE p DETACH PARTITION p1 FINALIZE'), { p: lock('SHARE UPDATE EXCLUSIVE', 'metadata') });
    });
  });

  it('DROP TABLE and TRUNCATE take ACCESS EXCLUSIVE on every table named', () => {
    assert.deepEqual(summary('DROP TABLE a, s.b'), { a: lock('ACCESS EXCLUSIVE', 'metadata'), 's.b': lock('ACCESS EXCLUSIVE', 'metadata') });
    assert.deepEqual(summary('TRUNCATE a, b'), { a: lock('ACCESS EXCLUSIVE', 'metadata'), b: lock('ACCESS EXCLUSIVE', 'metadata') });
  });

  it('RENAME takes ACCESS EXCLUSIVE; renaming an index SHARE UPDATE EXCLUSIVE since PostgreSQL 12', () => {
    assert.equal(only('ALTER TABLE t RENAME COLUMN a TO b').mode, 'ACCESS EXCLUSIVE');
    assert.equal(only('ALTER TABLE t RENAME TO u').mode, 'ACCESS EXCLUSIVE');
    assert.equal(only('ALTER INDEX i RENAME TO j').mode, 'SHARE UPDATE EXCLUSIVE');
    assert.equal(only('ALTER INDEX i RENAME TO j', 11).mode, 'ACCESS EXCLUSIVE');
  });

  it('INSERT, UPDATE and DELETE take ROW EXCLUSIVE on the target and ACCESS SHARE on what they read', () => {
    assert.deepEqual(summary('INSERT INTO a SELECT * FROM b'), { a: lock('ROW EXCLUSIVE', 'none'), b: lock('ACCESS SHARE', 'none') });
    assert.deepEqual(summary('UPDATE a SET x = 1 WHERE id = 2'), { a: lock('ROW EXCLUSIVE', 'none') });
    assert.deepEqual(summary('DELETE FROM a'), { a: lock('ROW EXCLUSIVE', 'scan') });
  });

  it('SELECT takes ACCESS SHARE (ROW SHARE with FOR UPDATE), not on its own WITH queries', () => {
    assert.deepEqual(summary('WITH x AS (SELECT * FROM a) SELECT * FROM x JOIN b USING (id)'), {
      a: lock('ACCESS SHARE', 'none'),
      b: lock('ACCESS SHARE', 'none'),
    });
    assert.deepEqual(summary('SELECT * FROM a FOR UPDATE'), { a: lock('ROW SHARE', 'none') });
    assert.deepEqual(summary('WITH gone AS (DELETE FROM a RETURNING id) SELECT * FROM gone'), { a: lock('ROW EXCLUSIVE', 'none') });
  });

  it('LOCK TABLE takes the mode it names, ACCESS EXCLUSIVE by default', () => {
    assert.deepEqual(summary('LOCK TABLE a, b IN SHARE ROW EXCLUSIVE MODE'), {
      a: lock('SHARE ROW EXCLUSIVE', 'none'),
      b: lock('SHARE ROW EXCLUSIVE', 'none'),
    });
    assert.equal(only('LOCK a').mode, 'ACCESS EXCLUSIVE');
    assert.equal(only('LOCK a IN ACCESS SHARE MODE').mode, 'ACCESS SHARE');
  });

  it('VACUUM FULL and CLUSTER rewrite under ACCESS EXCLUSIVE; VACUUM and ANALYZE take SHARE UPDATE EXCLUSIVE', () => {
    assert.deepEqual(summary('VACUUM (FULL) t'), { t: lock('ACCESS EXCLUSIVE', 'rewrite') });
    assert.deepEqual(summary('VACUUM FULL'), { '*': lock('ACCESS EXCLUSIVE', 'rewrite') });
    assert.deepEqual(summary('CLUSTER t USING i'), { t: lock('ACCESS EXCLUSIVE', 'rewrite') });
    assert.deepEqual(summary('VACUUM t'), { t: lock('SHARE UPDATE EXCLUSIVE', 'scan') });
    assert.deepEqual(summary('ANALYZE t'), { t: lock('SHARE UPDATE EXCLUSIVE', 'scan') });
  });

  it('REFRESH MATERIALIZED VIEW takes ACCESS EXCLUSIVE, CONCURRENTLY EXCLUSIVE', () => {
    assert.deepEqual(summary('REFRESH MATERIALIZED VIEW m'), { m: lock('ACCESS EXCLUSIVE', 'rewrite') });
    const concurrent = only('REFRESH MATERIALIZED VIEW CONCURRENTLY m');
    assert.equal(concurrent.mode, 'EXCLUSIVE');
    assert.equal(concurrent.blocksReads, false);
  });

  it('REINDEX blocks writes and, through its index locks, reads; CONCURRENTLY neither', () => {
    const table = only('REINDEX TABLE t');
    assert.deepEqual([table.mode, table.blocksReads, table.blocksWrites], ['SHARE', true, true]);
    assert.equal(only('REINDEX INDEX i').mode, 'ACCESS EXCLUSIVE');
    const concurrent = only('REINDEX TABLE CONCURRENTLY t');
    assert.deepEqual([concurrent.mode, concurrent.blocksReads, concurrent.blocksWrites], ['SHARE UPDATE EXCLUSIVE', false, false]);
  });

  it('CREATE TRIGGER takes SHARE ROW EXCLUSIVE; DROP TRIGGER ACCESS EXCLUSIVE on the table', () => {
    assert.deepEqual(summary('CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()'), { t: lock('SHARE ROW EXCLUSIVE', 'metadata') });
    assert.deepEqual(summary('DROP TRIGGER tr ON s.t'), { 's.t': lock('ACCESS EXCLUSIVE', 'metadata') });
  });

  it('CREATE TABLE locks only the tables its foreign keys reference, and a partition parent', () => {
    assert.deepEqual(locks('CREATE TABLE t (a int)'), []);
    assert.deepEqual(summary('CREATE TABLE c (a int REFERENCES p, b int, FOREIGN KEY (b) REFERENCES q (id))'), {
      p: lock('SHARE ROW EXCLUSIVE', 'metadata'),
      q: lock('SHARE ROW EXCLUSIVE', 'metadata'),
    });
    assert.deepEqual(summary('CREATE TABLE c PARTITION OF p FOR VALUES IN (1)'), { p: lock('ACCESS EXCLUSIVE', 'metadata') });
  });

  it('CREATE TABLE takes no lock for a foreign key to the new table itself', () => {
    // gitness/app/store/database/migrate/postgres/0067_create_ar_tables.up.sql: manifests.manifest_subject_id references manifests.
    assert.deepEqual(locks('CREATE TABLE IF NOT EXISTS manifests (manifest_id serial PRIMARY KEY, manifest_subject_id int, FOREIGN KEY (manifest_subject_id) REFERENCES manifests (manifest_id))'), []);
    assert.deepEqual(summary('CREATE TABLE app.tree (id int PRIMARY KEY, parent int REFERENCES tree, owner int REFERENCES other.tree)'), {
      'other.tree': lock('SHARE ROW EXCLUSIVE', 'metadata'),
    });
  });

  it('takes no lock for statements that touch no table', () => {
    assert.deepEqual(locks("SET lock_timeout = '2s'"), []);
    assert.deepEqual(locks('CREATE TYPE mood AS ENUM (\'ok\')'), []);
  });

  it('derives blocksReads and blocksWrites from the conflict table', () => {
    for (const mode of LOCK_MODES) {
      const [l] = locks(`LOCK t IN ${mode} MODE`);
      assert.equal(l.blocksReads, mode === 'ACCESS EXCLUSIVE', mode);
      assert.equal(l.blocksWrites, ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'].includes(mode), mode);
    }
  });
});

describe('conflicts', () => {
  it('is symmetric and matches the documented table at its corners', () => {
    for (const a of LOCK_MODES) for (const b of LOCK_MODES) assert.equal(conflicts(a, b), conflicts(b, a), `${a} / ${b}`);
    assert.equal(conflicts('SHARE UPDATE EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE'), true);
    assert.equal(conflicts('SHARE', 'SHARE'), false);
    assert.equal(conflicts('ROW EXCLUSIVE', 'ROW EXCLUSIVE'), false);
    assert.equal(conflicts('ACCESS SHARE', 'EXCLUSIVE'), false);
  });
});

describe('describeLock', () => {
  it('says in plain words what each mode blocks', () => {
    for (const mode of LOCK_MODES) assert.ok(describeLock(mode).length > 20, mode);
    assert.match(describeLock('SHARE'), /blocks INSERT, UPDATE and DELETE; reads go on/);
    assert.match(describeLock('ACCESS EXCLUSIVE'), /blocks every read and write/);
  });
});

describe('strongestLock', () => {
  it('picks the mode that blocks the most', () => {
    assert.equal(strongestLock(locks('ALTER TABLE orders ADD FOREIGN KEY (u) REFERENCES users, ALTER a TYPE text'))?.mode, 'ACCESS EXCLUSIVE');
    assert.equal(strongestLock([]), undefined);
  });
});
