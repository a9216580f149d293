import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'adding-field-with-default';
const check = (text: string, pgVersion = 15) => findingsOf(analyze({ text }, { pgVersion }), RULE);

describe(RULE, () => {
  it('reports a volatile default, on the command', () => {
    const text = 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();';
    const [f, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('ADD'), end: text.length - 1 });
    assert.match(f.message, /^Adding users\.token with this default: gen_random_uuid\(\) is volatile: every existing row gets its own value, so PostgreSQL rewrites the whole table/);
  });

  it('reports random(), clock_timestamp(), nextval() and unknown functions on every version', () => {
    for (const fn of ['random()', 'clock_timestamp()', "nextval('s')", 'my_func()']) {
      assert.equal(check(`ALTER TABLE t ADD COLUMN x int DEFAULT ${fn};`, 16).length, 1, fn);
    }
    assert.match(check('ALTER TABLE t ADD COLUMN x int DEFAULT my_func();')[0].message, /not known to be STABLE or IMMUTABLE/);
  });

  it('accepts constant and stable defaults from PostgreSQL 11', () => {
    for (const d of ["'x'", '0', 'now()', 'CURRENT_TIMESTAMP', "'{}'::jsonb", 'NULL', 'lower(\'A\')']) {
      assert.deepEqual(check(`ALTER TABLE t ADD COLUMN x text DEFAULT ${d};`, 11), [], d);
    }
  });

  it('reports any default before PostgreSQL 11', () => {
    assert.match(check("ALTER TABLE t ADD COLUMN x text DEFAULT 'x';", 10)[0].message, /before PostgreSQL 11/);
    assert.deepEqual(check('ALTER TABLE t ADD COLUMN x text DEFAULT NULL;', 10), []);
  });

  it('leaves serial, identity and generated columns to adding-serial-or-generated-column', () => {
    assert.deepEqual(check('ALTER TABLE t ADD COLUMN x serial, ADD COLUMN y int GENERATED ALWAYS AS IDENTITY;', 10), []);
  });

  it('accepts a table created earlier in the same migration', () => {
    assert.deepEqual(check('CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN x float8 DEFAULT random();'), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(check(`-- migration-guard-ignore ${RULE}: small table\nALTER TABLE t ADD COLUMN x float8 DEFAULT random();`), []);
  });
});
