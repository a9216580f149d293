import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, findingsOf, upPath, type MigrationSpec } from '../../support/analyze';

const RULE = 'disallowed-unique-constraint';
const check = (text: string) => findingsOf(analyze({ text }), RULE);

describe(RULE, () => {
  it('reports ADD UNIQUE without USING INDEX, on the command', () => {
    const text = 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);';
    const [f, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('ADD'), end: text.length - 1 });
    assert.match(f.message, /^Adding a UNIQUE constraint to users builds its index under an ACCESS EXCLUSIVE lock/);
  });

  it('reports PRIMARY KEY, and UNIQUE on an added column (without a fix)', () => {
    assert.match(check('ALTER TABLE t ADD PRIMARY KEY (id);')[0].message, /PRIMARY KEY/);
    const [f] = check('ALTER TABLE t ADD COLUMN code text UNIQUE;');
    assert.deepEqual(f.fixes, []);
  });

  it('accepts USING INDEX, other constraints, and a table created in the same migration', () => {
    for (const text of [
      'ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX u_idx;',
      'ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY USING INDEX pk_idx;',
      'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;',
      'CREATE TABLE t (a int);\nALTER TABLE t ADD UNIQUE (a);',
    ]) {
      assert.deepEqual(check(text), [], text);
    }
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(check(`-- migration-guard-ignore ${RULE}: empty table\nALTER TABLE t ADD UNIQUE (a);`), []);
  });

  describe('fix', () => {
    it('builds the index concurrently and attaches it, outside a transaction (goose)', () => {
      const spec: MigrationSpec = { format: 'goose', text: '-- +goose Up\nALTER TABLE users ADD UNIQUE (email, "Tenant");\n' };
      const { files, after, fix } = applyFirstFix([spec], RULE);
      assert.equal(
        files[upPath(spec)],
        '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE UNIQUE INDEX CONCURRENTLY "users_email_Tenant_key" ON users (email, "Tenant");\n' +
          'ALTER TABLE users ADD CONSTRAINT "users_email_Tenant_key" UNIQUE USING INDEX "users_email_Tenant_key";\n',
      );
      assert.equal(fix.title, 'Build the index concurrently, then add the constraint USING INDEX, outside a transaction (-- +goose NO TRANSACTION)');
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, 'ban-concurrent-index-creation-in-transaction'), []);
    });

    it('keeps a named primary key and the other commands', () => {
      const spec: MigrationSpec = { text: 'ALTER TABLE s.t ADD COLUMN n int, ADD CONSTRAINT t_pk PRIMARY KEY (id)' };
      const { files, fix } = applyFirstFix([spec], RULE);
      assert.equal(
        files[upPath(spec)],
        'CREATE UNIQUE INDEX CONCURRENTLY t_pk ON s.t (id);\nALTER TABLE s.t ADD COLUMN n int, ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_pk',
      );
      assert.match(fix.title, /then move the index into a migration of its own/);
    });

    it('offers no fix for options USING INDEX cannot keep', () => {
      assert.deepEqual(check('ALTER TABLE t ADD UNIQUE (a) INCLUDE (b);')[0].fixes, []);
      assert.deepEqual(check('ALTER TABLE t ADD UNIQUE (a) DEFERRABLE;')[0].fixes, []);
    });
  });
});
