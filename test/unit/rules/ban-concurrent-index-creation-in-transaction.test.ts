import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, findingsOf, upPath } from '../../support/analyze';

const RULE = 'ban-concurrent-index-creation-in-transaction';

describe(RULE, () => {
  it('reports CREATE INDEX CONCURRENTLY in a golang-migrate file with other statements', () => {
    const text = 'ALTER TABLE users ADD COLUMN email text;\nCREATE INDEX CONCURRENTLY i ON users (email);\n';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    const start = text.indexOf('CREATE');
    assert.deepEqual(f.span, { start, end: text.lastIndexOf(';') });
    assert.equal(f.severity, 'error');
    assert.equal(
      f.message,
      'golang-migrate sends the file as one multi-statement query, which PostgreSQL runs as one transaction, where CREATE INDEX CONCURRENTLY fails: move this statement into a migration of its own.',
    );
    assert.deepEqual(f.fixes, []);
  });

  it('accepts CREATE INDEX CONCURRENTLY alone in an implicit-transaction file', () => {
    for (const format of ['golang-migrate', 'prisma', 'supabase', 'plain'] as const) {
      assert.deepEqual(findingsOf(analyze({ format, text: 'CREATE INDEX CONCURRENTLY i ON users (email);' }), RULE), [], format);
    }
  });

  it('reports DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY in a wrapped migration, naming the switch', () => {
    const text = '-- migrate:up\nDROP INDEX CONCURRENTLY i;\nREINDEX TABLE CONCURRENTLY users;\n';
    const findings = findingsOf(analyze({ format: 'dbmate', text }), RULE);
    assert.equal(findings.length, 2);
    // transaction:false would not help: dbmate would still send both statements as one query.
    assert.match(findings[0].message, /^dbmate runs this migration inside a transaction, where DROP INDEX CONCURRENTLY fails: move the statement into a migration of its own\.$/);
    const alone = findingsOf(analyze({ format: 'dbmate', text: '-- migrate:up\nDROP INDEX CONCURRENTLY i;\n' }), RULE)[0];
    assert.match(alone.message, /add `transaction:false` to the `-- migrate:up` line, or move the statement/);
    assert.match(findings[1].message, /REINDEX CONCURRENTLY/);
  });

  it('explains Flyway and goose switches', () => {
    const mixed = 'CREATE INDEX CONCURRENTLY i ON t (a);\nUPDATE t SET a = 0 WHERE a IS NULL;';
    const flyway = findingsOf(analyze({ format: 'flyway', text: mixed }), RULE)[0];
    assert.match(flyway.message, /^Flyway refuses a migration that mixes CREATE INDEX CONCURRENTLY .* add `executeInTransaction=false` in V1__change\.sql\.conf/);
    // Alone in its script, Flyway runs it outside a transaction by itself.
    assert.deepEqual(findingsOf(analyze({ format: 'flyway', text: 'CREATE INDEX CONCURRENTLY i ON t (a);' }), RULE), []);
    const goose = findingsOf(analyze({ format: 'goose', text: '-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);' }), RULE)[0];
    assert.match(goose.message, /add `-- \+goose NO TRANSACTION` at the top of the file/);
  });

  it('reports a statement between an explicit BEGIN and COMMIT', () => {
    const text = 'BEGIN;\nCREATE INDEX CONCURRENTLY i ON users (email);\nCOMMIT;';
    const [f] = findingsOf(analyze({ format: 'goose', transaction: 'none', text }), RULE);
    assert.match(f.message, /^This statement sits between BEGIN and COMMIT/);
  });

  it('accepts a migration run outside a transaction', () => {
    const text = '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON users (email);\n';
    assert.deepEqual(findingsOf(analyze({ format: 'dbmate', text }), RULE), []);
  });

  it('reports dbmate transaction:false with other statements, which still share one implicit transaction', () => {
    const text = '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON users (email);\nSELECT 1;\n';
    assert.match(findingsOf(analyze({ format: 'dbmate', text }), RULE)[0].message, /^dbmate sends the file as one multi-statement query/);
  });

  describe('DETACH PARTITION … CONCURRENTLY', () => {
    const detach = 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;';

    it('reports it between BEGIN and COMMIT, and in a multi-statement golang-migrate file', () => {
      const [between] = findingsOf(analyze({ format: 'goose', transaction: 'none', text: `BEGIN;\n${detach}\nCOMMIT;` }), RULE);
      assert.match(between.message, /^This statement sits between BEGIN and COMMIT, where DETACH PARTITION … CONCURRENTLY fails/);
      const [mixed] = findingsOf(analyze({ text: `SET lock_timeout = '2s';\n${detach}` }), RULE);
      assert.match(mixed.message, /one multi-statement query, which PostgreSQL runs as one transaction, where DETACH PARTITION … CONCURRENTLY fails/);
    });

    it('reports it alone in a Flyway script, which Flyway wraps because it does not recognise the statement', () => {
      const [f] = findingsOf(analyze({ format: 'flyway', text: detach }), RULE);
      assert.match(f.message, /^Flyway runs this migration inside a transaction, where DETACH PARTITION … CONCURRENTLY fails: add `executeInTransaction=false`/);
      const { files, after } = applyFirstFix([{ format: 'flyway', text: detach }], RULE);
      assert.equal(files[`${upPath({ format: 'flyway', text: detach })}.conf`], 'executeInTransaction=false\n');
      assert.deepEqual(findingsOf(after, RULE), []);
    });

    it('accepts it alone in an implicit-transaction file, and DETACH without CONCURRENTLY anywhere', () => {
      assert.deepEqual(findingsOf(analyze({ text: detach }), RULE), []);
      assert.deepEqual(findingsOf(analyze({ format: 'goose', text: '-- +goose Up\nALTER TABLE events DETACH PARTITION e;' }), RULE), []);
    });
  });

  it('accepts CREATE INDEX without CONCURRENTLY', () => {
    assert.deepEqual(findingsOf(analyze({ format: 'flyway', text: 'CREATE INDEX i ON users (email);' }), RULE), []);
  });

  it('reports the down script of a wrapped migration, naming its own marker', () => {
    const text = '-- migrate:up\nSELECT 1;\n-- migrate:down\nDROP INDEX CONCURRENTLY i;\n';
    const [f] = findingsOf(analyze({ format: 'dbmate', text }), RULE);
    assert.match(f.message, /`-- migrate:down` line/);
    assert.deepEqual(f.fixes, []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `SELECT 1;\n-- migration-guard-ignore ${RULE}: run by hand\nCREATE INDEX CONCURRENTLY i ON users (email);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  describe('fix', () => {
    it('turns the transaction off for dbmate', () => {
      const spec = { format: 'dbmate' as const, text: '-- migrate:up  \nCREATE INDEX CONCURRENTLY i ON users (email);\n' };
      const { fix, files, after } = applyFirstFix([spec], RULE);
      assert.equal(fix.title, 'Run the migration outside a transaction (transaction:false)');
      assert.equal(files[upPath(spec)], '-- migrate:up   transaction:false\nCREATE INDEX CONCURRENTLY i ON users (email);\n');
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
    });

    it('turns the transaction off for goose', () => {
      const spec = { format: 'goose' as const, text: '-- +goose Up\nCREATE INDEX CONCURRENTLY i ON users (email);\n' };
      const { files, after } = applyFirstFix([spec], RULE);
      assert.ok(files[upPath(spec)].startsWith('-- +goose NO TRANSACTION\n-- +goose Up\n'));
      assert.deepEqual(findingsOf(after, RULE), []);
    });

    it('turns the transaction off for Flyway', () => {
      const spec = { format: 'flyway' as const, text: 'DROP INDEX CONCURRENTLY i;\nDELETE FROM t WHERE a IS NULL;\n' };
      const { files, after } = applyFirstFix([spec], RULE);
      assert.equal(files[`${upPath(spec)}.conf`], 'executeInTransaction=false\n');
      assert.deepEqual(findingsOf(after, RULE), []);
    });
  });
});
