import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, findingsOf, upPath } from '../../support/analyze';

const RULE = 'require-concurrent-index-creation';
const IN_TRANSACTION = 'ban-concurrent-index-creation-in-transaction';

describe(RULE, () => {
  it('reports CREATE INDEX without CONCURRENTLY on the whole statement', () => {
    const text = 'CREATE INDEX users_email ON users (email);\n';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.indexOf(';') });
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /SHARE lock that blocks all writes to users/);
  });

  it('reports unique and schema-qualified indexes', () => {
    const findings = findingsOf(analyze({ text: 'CREATE UNIQUE INDEX i ON app.users (email);' }), RULE);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /app\.users/);
  });

  it('accepts CREATE INDEX CONCURRENTLY', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE INDEX CONCURRENTLY i ON users (email);' }), RULE), []);
  });

  it('accepts an index on a table created earlier in the same script', () => {
    const text = 'CREATE TABLE app.users (id int, email text);\nCREATE INDEX i ON users (email);';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('still reports an index on a table created in an earlier migration', () => {
    const specs = [{ text: 'CREATE TABLE users (id int);' }, { text: 'CREATE INDEX i ON users (id);' }];
    assert.equal(findingsOf(analyze(specs), RULE).length, 1);
  });

  it('ignores down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'DROP INDEX i;', down: 'CREATE INDEX i ON users (email);' }), RULE), []);
  });

  it('is silenced by an ignore directive on the line above', () => {
    const text = `-- migration-guard-ignore ${RULE}: the table has ten rows\nCREATE INDEX i ON users (email);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('is silenced by a file-wide ignore directive', () => {
    const text = `-- migration-guard-ignore-file ${RULE}: lookup tables only\nSELECT 1;\nCREATE INDEX i ON users (email);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  describe('fix', () => {
    it('inserts CONCURRENTLY after the INDEX keyword, not in comments or quoted names', () => {
      const spec = { text: 'CREATE /* index */ UNIQUE index IF NOT EXISTS "INDEX" ON users (email);\n' };
      const { fix, files, after } = applyFirstFix([spec], RULE);
      assert.equal(fix.title, 'Create the index concurrently');
      assert.equal(files[upPath(spec)], 'CREATE /* index */ UNIQUE index CONCURRENTLY IF NOT EXISTS "INDEX" ON users (email);\n');
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, IN_TRANSACTION), []);
    });

    it('keeps offsets right after non-ASCII text', () => {
      const spec = { text: "-- Привет 👋\nCREATE INDEX i ON users (lower(name || 'é'));" };
      const { files, after } = applyFirstFix([spec], RULE);
      assert.match(files[upPath(spec)], /^-- Привет 👋\nCREATE INDEX CONCURRENTLY i ON users/);
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
    });

    it('says the index must move when an implicit-transaction script holds other statements', () => {
      const spec = { text: 'ALTER TABLE users ADD COLUMN email text;\nCREATE INDEX i ON users (email);\n' };
      const { fix, after } = applyFirstFix([spec], RULE);
      assert.match(fix.title, /move it into a migration of its own/);
      assert.equal(fix.edits.length, 1);
      assert.deepEqual(findingsOf(after, RULE), []);
      // The next rule takes over: the statement still runs inside the implicit transaction.
      assert.equal(findingsOf(after, IN_TRANSACTION).length, 1);
    });

    it('turns the transaction off on the dbmate up marker', () => {
      const spec = {
        format: 'dbmate' as const,
        text: '-- migrate:up\nCREATE INDEX i ON users (email);\n\n-- migrate:down\nDROP INDEX i;\n',
      };
      const { fix, files, after } = applyFirstFix([spec], RULE);
      assert.match(fix.title, /transaction:false/);
      assert.equal(
        files[upPath(spec)],
        '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON users (email);\n\n-- migrate:down\nDROP INDEX i;\n',
      );
      assert.equal(after.folder.migrations[0].transaction, 'implicit');
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, IN_TRANSACTION), []);
    });

    it('asks for a migration of its own in dbmate when other statements share the section', () => {
      const spec = { format: 'dbmate' as const, text: '-- migrate:up\nCREATE INDEX i ON users (email);\nSELECT 1;\n' };
      const { fix } = applyFirstFix([spec], RULE);
      assert.equal(fix.title, 'Create the index concurrently (then move it into a migration of its own)');
      assert.equal(fix.edits.length, 1);
    });

    it('adds NO TRANSACTION as the first line of a goose file, in its line breaks', () => {
      const spec = {
        format: 'goose' as const,
        text: '-- +goose Up\r\nCREATE INDEX i ON users (email);\r\n-- +goose Down\r\nDROP INDEX i;\r\n',
      };
      const { files, after } = applyFirstFix([spec], RULE);
      assert.ok(files[upPath(spec)].startsWith('-- +goose NO TRANSACTION\r\n-- +goose Up\r\nCREATE INDEX CONCURRENTLY i'));
      assert.equal(after.folder.migrations[0].transaction, 'none');
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, IN_TRANSACTION), []);
    });

    it('relies on Flyway running a script of only CONCURRENTLY statements outside a transaction', () => {
      const spec = { format: 'flyway' as const, text: 'CREATE INDEX i ON users (email);\n' };
      const { fix, after } = applyFirstFix([spec], RULE);
      assert.equal(fix.title, 'Create the index concurrently');
      assert.equal(fix.edits.length, 1);
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, IN_TRANSACTION), []);
    });

    it("creates Flyway's script configuration with executeInTransaction=false when other statements share the script", () => {
      const spec = { format: 'flyway' as const, text: 'CREATE INDEX i ON users (email);\nUPDATE users SET email = lower(email) WHERE email <> lower(email);\n' };
      const { fix, files, after } = applyFirstFix([spec], RULE);
      const conf = `${upPath(spec)}.conf`;
      assert.deepEqual(
        fix.edits.find((e) => e.path === conf),
        { path: conf, span: { start: 0, end: 0 }, newText: 'executeInTransaction=false\n', create: true },
      );
      assert.equal(files[conf], 'executeInTransaction=false\n');
      assert.equal(after.folder.migrations[0].transaction, 'none');
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, IN_TRANSACTION), []);
    });

    it('adds no transaction edit when the migration already runs outside one', () => {
      const spec = { format: 'goose' as const, text: '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX i ON users (email);\n' };
      const { fix } = applyFirstFix([spec], RULE);
      assert.equal(fix.title, 'Create the index concurrently');
      assert.equal(fix.edits.length, 1);
    });
  });
});
