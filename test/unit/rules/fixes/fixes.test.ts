import * as assert from 'node:assert/strict';
import '../../../support/parser-hook';
import { defaultConstraintName } from '../../../../server/src/core/rules/fixes/constraint-name';
import { nonTransactionalEdits } from '../../../../server/src/core/rules/fixes/non-transactional';
import { findKeyword, quoteIdent, tokenize, topLevelParts } from '../../../../server/src/core/rules/fixes/tokens';
import { applyEdits } from '../../../support/edits';
import { filesOf, migrationFrom, type MigrationSpec } from '../../../support/analyze';

describe('fix helpers', () => {
  describe('nonTransactionalEdits', () => {
    const flyway: MigrationSpec = { format: 'flyway', text: 'CREATE INDEX CONCURRENTLY i ON t (a);' };
    const script = migrationFrom(filesOf([flyway]), flyway).path;
    const conf = `${script}.conf`;

    const confAfter = (existing: string) => {
      const files = { ...filesOf([flyway]), [conf]: existing };
      // Two statements: alone, a CONCURRENTLY statement needs no switch in Flyway.
      const edits = nonTransactionalEdits(migrationFrom(files, flyway), 2, (f) => files[f])!;
      return applyEdits(files, edits)[conf];
    };

    it("appends to an existing Flyway script configuration", () => {
      assert.equal(confAfter('mixed=true'), 'mixed=true\nexecuteInTransaction=false\n');
      assert.equal(confAfter('mixed=true\n'), 'mixed=true\nexecuteInTransaction=false\n');
      assert.equal(confAfter(''), 'executeInTransaction=false\n');
    });

    it('replaces an explicit executeInTransaction=true', () => {
      assert.equal(confAfter('executeInTransaction = true\r\nmixed=true\r\n'), 'executeInTransaction = false\r\nmixed=true\r\n');
    });

    it('adds an up marker to a dbmate file that lacks one', () => {
      const spec: MigrationSpec = { format: 'dbmate', text: 'CREATE INDEX i ON t (a);\n' };
      const files = filesOf([spec]);
      const edits = nonTransactionalEdits(migrationFrom(files, spec), 1)!;
      assert.equal(applyEdits(files, edits)[migrationFrom(files, spec).path], '-- migrate:up transaction:false\nCREATE INDEX i ON t (a);\n');
    });

    it('keeps a byte-order mark first in a goose file', () => {
      const spec: MigrationSpec = { format: 'goose', text: '\uFEFF-- +goose Up\nSELECT 1;\n' };
      const files = filesOf([spec]);
      const edits = nonTransactionalEdits(migrationFrom(files, spec), 2)!;
      assert.equal(applyEdits(files, edits)[migrationFrom(files, spec).path], '\uFEFF-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n');
    });

    it('has nothing to do outside a transaction, and no switch for implicit formats', () => {
      const files = filesOf([flyway]);
      assert.deepEqual(nonTransactionalEdits(migrationFrom(files, { ...flyway, transaction: 'none' }), 2), []);
      const golang: MigrationSpec = { text: 'SELECT 1;' };
      assert.equal(nonTransactionalEdits(migrationFrom(filesOf([golang]), golang), 2), undefined);
      assert.deepEqual(nonTransactionalEdits(migrationFrom(filesOf([golang]), golang), 1), []);
    });

    it('offers no dbmate switch for several statements, which transaction:false still sends as one query', () => {
      const spec: MigrationSpec = { format: 'dbmate', text: '-- migrate:up\nCREATE INDEX i ON t (a);\nSELECT 1;\n' };
      assert.equal(nonTransactionalEdits(migrationFrom(filesOf([spec]), spec), 2), undefined);
    });
  });

  describe('defaultConstraintName', () => {
    it('joins foreign key columns and truncates like makeObjectName', () => {
      assert.equal(defaultConstraintName('orders', { contype: 'CONSTR_FOREIGN', fk_attrs: [{ String: { sval: 'a' } }, { String: { sval: 'b' } }] }), 'orders_a_b_fkey');
      const long = 'x'.repeat(40);
      const name = defaultConstraintName(long, { contype: 'CONSTR_FOREIGN', fk_attrs: [{ String: { sval: 'y'.repeat(40) } }] });
      // PostgreSQL: the longer name loses characters first, to 63 bytes in all.
      assert.equal(name, `${'x'.repeat(29)}_${'y'.repeat(28)}_fkey`);
      assert.equal(Buffer.byteLength(name), 63);
    });

    it('never cuts a multi-byte character in half', () => {
      const name = defaultConstraintName('é'.repeat(40), { contype: 'CONSTR_CHECK', raw_expr: {} });
      assert.ok(Buffer.byteLength(name) <= 63);
      assert.match(name, /^é+_check$/);
    });
  });

  describe('tokens', () => {
    it('finds keywords only outside comments and quotes', () => {
      const sql = `-- INDEX\nCREATE /* INDEX */ "INDEX" INDEX`;
      assert.equal(findKeyword(tokenize(sql), 'INDEX')?.start, sql.lastIndexOf('INDEX'));
    });

    it('splits at top-level commas only', () => {
      const parts = topLevelParts(tokenize('ALTER TABLE t ADD a numeric(10, 2), ADD b int[] DEFAULT ARRAY[1, 2];'));
      assert.equal(parts.length, 2);
    });

    it('quotes identifiers PostgreSQL would quote', () => {
      assert.deepEqual(['orders', 'Orders', 'user', 'name', 'a"b', '1x'].map(quoteIdent), ['orders', '"Orders"', '"user"', 'name', '"a""b"', '"1x"']);
    });
  });
});
