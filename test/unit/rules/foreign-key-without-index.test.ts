import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, findingsOf, upPath, type MigrationSpec } from '../../support/analyze';

const RULE = 'foreign-key-without-index';
const ITEMS: MigrationSpec = { text: 'CREATE TABLE items (id bigint PRIMARY KEY);\nCREATE TABLE purchase (id bigint PRIMARY KEY, item bigint, shop bigint);' };
const check = (...texts: string[]) => findingsOf(analyze([ITEMS, ...texts.map((text) => ({ text }))]), RULE);
const ADD_FK = 'ALTER TABLE purchase ADD CONSTRAINT purchase_item_fkey FOREIGN KEY (item) REFERENCES items (id) NOT VALID;';

describe(RULE, () => {
  it('reports a foreign key added to an existing table without an index on its columns', () => {
    const [f, ...rest] = check(ADD_FK);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: ADD_FK.length - 1 });
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^No index on purchase \(item\) backs this foreign key to items: every DELETE or key UPDATE on items scans all of purchase/);
  });

  it('reports REFERENCES declared in CREATE TABLE and in ADD COLUMN', () => {
    const created = findingsOf(analyze({ text: 'CREATE TABLE items (id bigint PRIMARY KEY);\nCREATE TABLE purchase (id bigint, item bigint REFERENCES items (id), FOREIGN KEY (id) REFERENCES items (id));' }), RULE);
    assert.equal(created.length, 2);
    assert.equal(check('ALTER TABLE purchase ADD COLUMN buyer bigint REFERENCES items (id);').length, 1);
  });

  it('accepts an index leading with the columns: existing, later in the migration, or in a later migration', () => {
    assert.deepEqual(check('CREATE INDEX purchase_item_idx ON purchase (item, shop);', ADD_FK), []);
    assert.deepEqual(check(`${ADD_FK}\nCREATE INDEX CONCURRENTLY purchase_item_idx ON purchase (item);`), []);
    assert.deepEqual(check(ADD_FK, 'CREATE INDEX CONCURRENTLY purchase_item_idx ON purchase (item);'), []);
    // A composite key may be indexed in another column order, as long as the index leads with all of it.
    const composite = 'ALTER TABLE purchase ADD FOREIGN KEY (item, shop) REFERENCES items (id, id) NOT VALID;';
    assert.deepEqual(check(`CREATE UNIQUE INDEX u ON purchase (shop, item);\n${composite}`), []);
    assert.equal(check(`CREATE INDEX u ON purchase (shop, id, item);\n${composite}`).length, 1);
  });

  it('does not count a partial index, nor one that does not lead with the columns', () => {
    assert.equal(check(ADD_FK, 'CREATE INDEX purchase_item_idx ON purchase (item) WHERE item = 1;').length, 1);
    assert.equal(check('CREATE INDEX purchase_shop_item ON purchase (shop, item);', ADD_FK).length, 1);
  });

  it('counts a partial index whose WHERE clause only asks the key columns to be non-null', () => {
    // gitness/app/store/database/migrate/postgres/0036_create_table_rules.up.sql
    const rules = [
      'CREATE TABLE repositories (repo_id serial PRIMARY KEY);',
      'CREATE TABLE rules (rule_id serial PRIMARY KEY, rule_repo_id integer, rule_uid text NOT NULL,',
      ' CONSTRAINT fk_rule_repo_id FOREIGN KEY (rule_repo_id) REFERENCES repositories (repo_id) MATCH SIMPLE ON UPDATE NO ACTION ON DELETE CASCADE);',
      'CREATE UNIQUE INDEX rules_repo_id_uid ON rules(rule_repo_id, LOWER(rule_uid)) WHERE rule_repo_id IS NOT NULL;',
    ].join('\n');
    assert.deepEqual(findingsOf(analyze({ text: rules }), RULE), []);
    assert.deepEqual(check(ADD_FK, 'CREATE INDEX p ON purchase (item, shop) WHERE item IS NOT NULL AND (item IS NOT NULL);'), []);
    // A condition on another column, or on the value, leaves rows out that the check must find.
    assert.equal(check(ADD_FK, 'CREATE INDEX p ON purchase (item) WHERE shop IS NOT NULL;').length, 1);
    assert.equal(check(ADD_FK, 'CREATE INDEX p ON purchase (item) WHERE item IS NOT NULL OR shop > 0;').length, 1);
  });

  it('accepts tables the migrations never show, and foreign keys dropped again later', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;' }), RULE), []);
    assert.deepEqual(check(ADD_FK, 'ALTER TABLE purchase DROP CONSTRAINT purchase_item_fkey;'), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(check(`-- migration-guard-ignore ${RULE}: items are never deleted\n${ADD_FK}`), []);
  });

  describe('fix', () => {
    it('indexes a new table plainly, right after its CREATE TABLE', () => {
      const spec = { text: 'CREATE TABLE items (id bigint PRIMARY KEY);\nCREATE TABLE purchase (id bigint, item bigint REFERENCES items (id)); -- orders\nSELECT 1;\n' };
      const { files, after, fix } = applyFirstFix([spec], RULE);
      assert.equal(fix.title, 'Index the foreign key columns');
      assert.equal(
        files[upPath(spec)],
        'CREATE TABLE items (id bigint PRIMARY KEY);\nCREATE TABLE purchase (id bigint, item bigint REFERENCES items (id)); -- orders\nCREATE INDEX purchase_item_idx ON purchase (item);\nSELECT 1;\n',
      );
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
    });

    it('indexes an existing table concurrently and turns the transaction off where the format can', () => {
      const spec: MigrationSpec = { format: 'goose', text: `-- +goose Up\n${ADD_FK}` };
      const { files, after, fix } = applyFirstFix([ITEMS, spec], RULE);
      assert.equal(fix.title, 'Index the foreign key columns concurrently and run the migration outside a transaction (-- +goose NO TRANSACTION)');
      assert.equal(files[upPath(spec, 1)], `-- +goose NO TRANSACTION\n-- +goose Up\n${ADD_FK}\nCREATE INDEX CONCURRENTLY purchase_item_idx ON purchase (item);`);
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, 'ban-concurrent-index-creation-in-transaction'), []);
    });

    it('says to move the index when the format has no switch', () => {
      const { fix } = applyFirstFix([ITEMS, { text: `SET lock_timeout = '2s';\n${ADD_FK}` }], RULE);
      assert.match(fix.title, /then move the index into a migration of its own/);
    });
  });
});
