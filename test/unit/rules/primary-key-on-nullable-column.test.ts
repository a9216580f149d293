import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, findingsOf, upPath, type MigrationSpec } from '../../support/analyze';

const RULE = 'primary-key-on-nullable-column';
const TABLE: MigrationSpec = { text: 'CREATE TABLE authors (name text, id bigint NOT NULL);\nCREATE UNIQUE INDEX authors_name_key ON authors (name);\nCREATE UNIQUE INDEX authors_id_key ON authors (id);' };
const check = (text: string, pgVersion = 16) => findingsOf(analyze([TABLE, { text }], { pgVersion }), RULE);
const ADD_PK = 'ALTER TABLE authors ADD CONSTRAINT authors_pkey PRIMARY KEY USING INDEX authors_name_key;';

describe(RULE, () => {
  it('reports PRIMARY KEY USING INDEX over a nullable column, on the command', () => {
    const [f, ...rest] = check(ADD_PK);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: ADD_PK.indexOf('ADD CONSTRAINT'), end: ADD_PK.length - 1 });
    assert.match(f.message, /^The primary key makes authors\.name NOT NULL, which scans all of authors for nulls under an ACCESS EXCLUSIVE lock/);
    assert.equal(f.severity, 'warning');
  });

  it('accepts an index over NOT NULL columns, or columns set NOT NULL or proved non-null before', () => {
    assert.deepEqual(check('ALTER TABLE authors ADD PRIMARY KEY USING INDEX authors_id_key;'), []);
    assert.deepEqual(check(`ALTER TABLE authors ALTER name SET NOT NULL;\n${ADD_PK}`), []);
    const proof = 'ALTER TABLE authors ADD CONSTRAINT nn CHECK (name IS NOT NULL) NOT VALID;\nALTER TABLE authors VALIDATE CONSTRAINT nn;';
    assert.deepEqual(check(`${proof}\n${ADD_PK}`), []);
    // Before PostgreSQL 12 the check proves nothing to ALTER TABLE.
    assert.equal(check(`${proof}\n${ADD_PK}`, 11).length, 1);
  });

  it('accepts what the catalogue cannot see, tables created in the same migration, and PRIMARY KEY without USING INDEX', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE other ADD PRIMARY KEY USING INDEX other_key;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: `${TABLE.text}\n${ADD_PK}` }), RULE), []);
    assert.deepEqual(check('ALTER TABLE authors ADD PRIMARY KEY (name);'), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(check(`-- migration-guard-ignore ${RULE}: 40 rows\n${ADD_PK}`), []);
  });

  describe('fix', () => {
    it('proves the column non-null with a validated check first, then drops the check', () => {
      const specs = [TABLE, { format: 'goose' as const, text: `-- +goose Up\n${ADD_PK}\n` }];
      const { files, after, fix } = applyFirstFix(specs, RULE);
      assert.equal(
        files[upPath(specs[1], 1)],
        '-- +goose Up\nALTER TABLE authors ADD CONSTRAINT authors_name_check CHECK (name IS NOT NULL) NOT VALID;\n' +
          `ALTER TABLE authors VALIDATE CONSTRAINT authors_name_check;\n${ADD_PK}\nALTER TABLE authors DROP CONSTRAINT authors_name_check;\n`,
      );
      assert.match(fix.title, /^Prove the column non-null .*move the ADD and VALIDATE into an earlier migration/);
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
      assert.deepEqual(findingsOf(after, RULE), []);
    });

    it('offers none before PostgreSQL 12', () => {
      assert.deepEqual(check(ADD_PK, 11)[0].fixes, []);
    });
  });
});
