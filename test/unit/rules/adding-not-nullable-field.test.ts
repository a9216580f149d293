import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, findingsOf, upPath, type MigrationSpec } from '../../support/analyze';

const RULE = 'adding-not-nullable-field';
const TABLE: MigrationSpec = { text: 'CREATE TABLE t (a int, b int NOT NULL);' };
const check = (text: string, pgVersion = 16) => findingsOf(analyze([TABLE, { text }], { pgVersion }), RULE);

describe(RULE, () => {
  it('reports SET NOT NULL, on the command', () => {
    const text = 'ALTER TABLE t ALTER COLUMN a SET NOT NULL;';
    const [f, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('ALTER COLUMN'), end: text.length - 1 });
    assert.match(f.message, /^Setting t\.a NOT NULL scans all of t for nulls under an ACCESS EXCLUSIVE lock/);
  });

  it('accepts it from PostgreSQL 12 after a validated CHECK (a IS NOT NULL), in this migration or an earlier one', () => {
    const add = 'ALTER TABLE t ADD CONSTRAINT a_nn CHECK (a IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT a_nn;';
    assert.deepEqual(check(`${add}\nALTER TABLE t ALTER a SET NOT NULL;`), []);
    assert.deepEqual(findingsOf(analyze([TABLE, { text: add }, { text: 'ALTER TABLE t ALTER a SET NOT NULL;' }]), RULE), []);
    assert.equal(check(`${add}\nALTER TABLE t ALTER a SET NOT NULL;`, 11).length, 1);
  });

  it("knows PostgreSQL 18's NOT NULL … NOT VALID once it is validated", () => {
    const add = 'ALTER TABLE t ADD CONSTRAINT a_nn NOT NULL a NOT VALID;';
    assert.equal(check(`${add}\nALTER TABLE t ALTER a SET NOT NULL;`, 18).length, 1);
    assert.deepEqual(check(`${add}\nALTER TABLE t VALIDATE CONSTRAINT a_nn;\nALTER TABLE t ALTER a SET NOT NULL;`, 18), []);
  });

  it('still reports it when the check is not validated, or is about another column', () => {
    assert.equal(check('ALTER TABLE t ADD CONSTRAINT c CHECK (a IS NOT NULL) NOT VALID;\nALTER TABLE t ALTER a SET NOT NULL;').length, 1);
    assert.equal(check('ALTER TABLE t ADD CONSTRAINT c CHECK (b IS NOT NULL);\nALTER TABLE t ALTER a SET NOT NULL;').length, 1);
  });

  it('accepts a column that is already NOT NULL, and a table created in the same migration', () => {
    assert.deepEqual(check('ALTER TABLE t ALTER b SET NOT NULL;'), []);
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE TABLE u (a int);\nALTER TABLE u ALTER a SET NOT NULL;' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(check(`-- migration-guard-ignore ${RULE}: 12 rows\nALTER TABLE t ALTER a SET NOT NULL;`), []);
  });

  describe('fix', () => {
    it('proves the column non-null with a validated check, then drops the check', () => {
      const specs = [TABLE, { text: 'ALTER TABLE t ALTER COLUMN a SET NOT NULL; -- now required\nSELECT 1;\n' }];
      const { files, after, fix } = applyFirstFix(specs, RULE);
      assert.equal(
        files[upPath(specs[1], 1)],
        'ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_a_check;\n' +
          'ALTER TABLE t ALTER COLUMN a SET NOT NULL; -- now required\nALTER TABLE t DROP CONSTRAINT t_a_check;\nSELECT 1;\n',
      );
      assert.match(fix.title, /move the ADD and VALIDATE into an earlier migration/);
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
      assert.deepEqual(findingsOf(after, RULE), []);
    });

    it('picks a free constraint name and quotes identifiers', () => {
      const specs = [{ text: 'CREATE TABLE "Orders" ("Total" int, CONSTRAINT "Orders_Total_check" CHECK ("Total" > 0));' }, { text: 'ALTER TABLE "Orders" ALTER "Total" SET NOT NULL' }];
      const { files, after } = applyFirstFix(specs, RULE);
      assert.match(files[upPath(specs[1], 1)], /ADD CONSTRAINT "Orders_Total_check1" CHECK \("Total" IS NOT NULL\) NOT VALID;[\s\S]*SET NOT NULL;\nALTER TABLE "Orders" DROP CONSTRAINT "Orders_Total_check1";$/);
      assert.deepEqual(findingsOf(after, RULE), []);
    });

    it('offers no fix before PostgreSQL 12, where the check would not spare the scan', () => {
      assert.deepEqual(check('ALTER TABLE t ALTER a SET NOT NULL;', 11)[0].fixes, []);
    });
  });
});
