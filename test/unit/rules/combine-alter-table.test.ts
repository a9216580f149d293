import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, findingsOf, upPath, type MigrationSpec } from '../../support/analyze';

const RULE = 'combine-alter-table';
const AUTHORS: MigrationSpec = { text: 'CREATE TABLE authors (id bigint, name text, email text, age int);' };
const check = (text: string) => findingsOf(analyze([AUTHORS, { text }]), RULE);
const TWO = "SET lock_timeout = '2s';\nALTER TABLE authors ALTER COLUMN name SET NOT NULL;\nALTER TABLE authors ALTER COLUMN email SET NOT NULL;\n";

describe(RULE, () => {
  it('reports the second of two ALTER TABLEs that each scan the same table', () => {
    const [f, ...rest] = check(TWO);
    assert.equal(rest.length, 0);
    const start = TWO.lastIndexOf('ALTER TABLE');
    assert.deepEqual(f.span, { start, end: TWO.length - 2 });
    assert.equal(f.severity, 'info');
    assert.match(f.message, /^This ALTER TABLE reads all of authors again, after the one on line 2 did/);
  });

  it('reports a rewrite after a scan, and ignores unrelated statements in between', () => {
    const text = 'ALTER TABLE authors ALTER name SET NOT NULL;\nCREATE INDEX CONCURRENTLY books_idx ON books (title);\nALTER TABLE public.authors ALTER age TYPE bigint;';
    assert.equal(check(text).length, 1);
  });

  it('accepts statements that only change the catalogue, and the combined statement', () => {
    assert.deepEqual(check('ALTER TABLE authors ADD COLUMN bio text;\nALTER TABLE authors ALTER name SET NOT NULL;'), []);
    assert.deepEqual(check('ALTER TABLE authors ALTER name SET NOT NULL, ALTER email SET NOT NULL;'), []);
  });

  it('accepts pairs that cannot be merged: a backfill between them, a VALIDATE, another table', () => {
    assert.deepEqual(check("ALTER TABLE authors ALTER age TYPE bigint;\nUPDATE authors SET name = '' WHERE name IS NULL;\nALTER TABLE authors ALTER name SET NOT NULL;"), []);
    assert.deepEqual(check('ALTER TABLE authors ADD CONSTRAINT c CHECK (age > 0) NOT VALID;\nALTER TABLE authors VALIDATE CONSTRAINT c;\nALTER TABLE authors ALTER name SET NOT NULL;'), []);
    assert.deepEqual(check('ALTER TABLE authors ALTER name SET NOT NULL;\nALTER TABLE books ALTER title SET NOT NULL;'), []);
  });

  it('accepts a table created earlier in the same migration', () => {
    assert.deepEqual(findingsOf(analyze({ text: `${AUTHORS.text}\n${TWO}` }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(check(TWO.replace(/\nALTER TABLE authors ALTER COLUMN email/, `\n-- migration-guard-ignore ${RULE}: kept apart for review\nALTER TABLE authors ALTER COLUMN email`)), []);
  });

  describe('fix', () => {
    it('moves the earlier commands into the later statement and removes the earlier one', () => {
      const spec = { text: TWO };
      const { files, after, fix } = applyFirstFix([AUTHORS, spec], RULE);
      assert.equal(fix.title, 'Combine the two ALTER TABLE statements into one');
      assert.equal(
        files[upPath(spec, 1)],
        "SET lock_timeout = '2s';\nALTER TABLE authors ALTER COLUMN name SET NOT NULL,\n  ALTER COLUMN email SET NOT NULL;\n",
      );
      assert.deepEqual(findingsOf(after, RULE), []);
      assert.deepEqual(findingsOf(after, 'syntax-error'), []);
    });
  });
});
