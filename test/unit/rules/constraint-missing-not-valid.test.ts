import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, findingsOf, upPath, type MigrationSpec } from '../../support/analyze';

const RULE = 'constraint-missing-not-valid';

/** Applies the fix and checks the result parses and satisfies the rule; returns the new text. */
function fixed(spec: MigrationSpec): string {
  const { files, after } = applyFirstFix([spec], RULE);
  assert.deepEqual(findingsOf(after, 'syntax-error'), []);
  assert.deepEqual(findingsOf(after, RULE), []);
  return files[upPath(spec)];
}

describe(RULE, () => {
  it('reports a foreign key added without NOT VALID, on the constraint clause', () => {
    const text = 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('CONSTRAINT'), end: text.length - 1 });
    assert.match(f.message, /^Adding foreign key orders_user_fk checks every row of orders .* block writes to orders and users/);
  });

  it('reports a check constraint', () => {
    const [f] = findingsOf(analyze({ text: 'ALTER TABLE orders ADD CHECK (total >= 0);' }), RULE);
    assert.match(f.message, /^Adding check constraint scans all of orders under an ACCESS EXCLUSIVE lock/);
  });

  it('reports each offending command of a multi-command ALTER TABLE', () => {
    const text = 'ALTER TABLE t ADD COLUMN a int, ADD FOREIGN KEY (a) REFERENCES u, ADD CONSTRAINT c CHECK (a > 0) NOT VALID;';
    const findings = findingsOf(analyze({ text }), RULE);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].span, { start: text.indexOf('FOREIGN'), end: text.indexOf(', ADD CONSTRAINT') });
  });

  it('accepts NOT VALID, NOT ENFORCED, and other constraint kinds', () => {
    for (const text of [
      'ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY (a) REFERENCES u NOT VALID;',
      'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;',
      'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT ENFORCED;',
      'ALTER TABLE t ADD CONSTRAINT c UNIQUE (a);',
      'ALTER TABLE t VALIDATE CONSTRAINT c;',
    ]) {
      assert.deepEqual(findingsOf(analyze({ text }), RULE), [], text);
    }
  });

  it('accepts constraints on a table created earlier in the same script', () => {
    const text = 'CREATE TABLE orders (id int, user_id int);\nALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('ignores down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;', down: 'ALTER TABLE t ADD CHECK (a > 0);' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: empty table\nALTER TABLE t ADD CHECK (a > 0);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  describe('fix', () => {
    it('adds NOT VALID and a VALIDATE CONSTRAINT statement after the statement', () => {
      const text = 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id); -- link\nSELECT 1;\n';
      assert.equal(
        fixed({ text }),
        'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID; -- link\n' +
          'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\nSELECT 1;\n',
      );
    });

    it('names an unnamed foreign key the way PostgreSQL would', () => {
      const text = 'ALTER TABLE app.Orders ADD FOREIGN KEY (user_id, "Tenant") REFERENCES users;';
      assert.equal(
        fixed({ text }),
        'ALTER TABLE app.Orders ADD CONSTRAINT "orders_user_id_Tenant_fkey" FOREIGN KEY (user_id, "Tenant") REFERENCES users NOT VALID;\n' +
          'ALTER TABLE app.orders VALIDATE CONSTRAINT "orders_user_id_Tenant_fkey";',
      );
    });

    it('names an unnamed check after its only column, or after the table alone', () => {
      assert.match(fixed({ text: 'ALTER TABLE t ADD CHECK (a > 0 AND a < 10);' }), /ADD CONSTRAINT t_a_check CHECK .* NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_a_check;$/);
      assert.match(fixed({ text: 'ALTER TABLE t ADD CHECK (a > b);' }), /VALIDATE CONSTRAINT t_check;$/);
    });

    it('ends the command, not the statement, in a multi-command ALTER TABLE', () => {
      const text = 'ALTER TABLE t ADD CONSTRAINT c CHECK (f(a, b)), ADD COLUMN d int[] DEFAULT ARRAY[1, 2]\n';
      assert.equal(
        fixed({ text }),
        'ALTER TABLE t ADD CONSTRAINT c CHECK (f(a, b)) NOT VALID, ADD COLUMN d int[] DEFAULT ARRAY[1, 2];\nALTER TABLE t VALIDATE CONSTRAINT c;\n',
      );
    });

    it('says to move the VALIDATE out unless each statement commits on its own', () => {
      const text = 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);';
      assert.equal(applyFirstFix([{ text }], RULE).fix.title, 'Add the constraint NOT VALID, then validate it (move the VALIDATE into a later migration)');
      const goose: MigrationSpec = { format: 'goose', text: `-- +goose NO TRANSACTION\n-- +goose Up\n${text}\n` };
      assert.equal(applyFirstFix([goose], RULE).fix.title, 'Add the constraint NOT VALID, then validate it in a statement of its own');
    });

    it('keeps a dbmate down section where it is', () => {
      const spec: MigrationSpec = {
        format: 'dbmate',
        text: '-- migrate:up\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);\n-- migrate:down\nALTER TABLE t DROP CONSTRAINT c;\n',
      };
      assert.equal(
        fixed(spec),
        '-- migrate:up\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;\n-- migrate:down\nALTER TABLE t DROP CONSTRAINT c;\n',
      );
    });
  });
});
