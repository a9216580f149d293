import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'mixed-data-and-schema-changes';

describe(RULE, () => {
  it('reports once, on the second of a data change and a schema change of existing tables', () => {
    const text = [
      'UPDATE orders SET customer_id = NULL WHERE customer_id NOT IN (SELECT id FROM customers);',
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
      "INSERT INTO audit (what) VALUES ('fk');",
    ].join('\n');
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    const second = text.split('\n')[1];
    assert.deepEqual(f.span, { start: text.indexOf(second), end: text.indexOf(second) + second.length - 1 });
    assert.match(f.message, /changes existing rows \(line 1\) and the schema of an existing table \(line 2\)/);
  });

  it('reports a schema change followed by a backfill of the same table', () => {
    const text = 'ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = \'free\' WHERE id > 0;';
    const [f] = findingsOf(analyze({ text }), RULE);
    assert.match(text.slice(f.span.start, f.span.end), /^UPDATE users/);
  });

  it('counts COPY … FROM as a data change and a foreign key of a new table as a schema change', () => {
    const text = 'CREATE TABLE lines (order_id bigint REFERENCES orders);\nCOPY orders FROM STDIN;';
    assert.equal(findingsOf(analyze({ text }), RULE).length, 1);
  });

  it('accepts seeding a table the script created, next to schema changes', () => {
    const text = "CREATE TABLE countries (code text PRIMARY KEY);\nINSERT INTO countries VALUES ('FR');\nCREATE INDEX countries_code ON countries (code);";
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('accepts seeding literal rows next to schema changes, but not an upsert that updates existing ones', () => {
    // chatbot-ui/supabase/migrations/20240108234541_add_profiles.sql: a new table referencing auth.users, and a storage bucket row.
    const schema = 'CREATE TABLE IF NOT EXISTS profiles (id uuid PRIMARY KEY, user_id uuid NOT NULL UNIQUE REFERENCES auth.users(id) ON DELETE CASCADE);';
    const seed = "INSERT INTO storage.buckets (id, name, public) VALUES ('profile_images', 'profile_images', true);";
    assert.deepEqual(findingsOf(analyze({ text: `${schema}\n${seed}` }), RULE), []);
    const upsert = "INSERT INTO storage.buckets (id, name) VALUES ('files', 'files') ON CONFLICT (id) DO UPDATE SET name = excluded.name;";
    assert.equal(findingsOf(analyze({ text: `${schema}\n${upsert}` }), RULE).length, 1);
    assert.equal(findingsOf(analyze({ text: `${schema}\nINSERT INTO storage.buckets SELECT * FROM old_buckets;` }), RULE).length, 1);
  });

  it('accepts data changes next to statements that block no writes to existing tables', () => {
    const text = "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY i ON users (email);\nUPDATE users SET plan = 'free' WHERE id = 1;\nCOPY users TO STDOUT;";
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('looks at each migration, and only at up scripts, on its own', () => {
    const specs = [
      { text: 'ALTER TABLE users ADD COLUMN plan text;', down: "UPDATE users SET plan = 'x' WHERE id = 1;" },
      { text: "UPDATE users SET plan = 'free' WHERE id > 0;" },
    ];
    assert.deepEqual(findingsOf(analyze(specs), RULE), []);
  });

  it('is silenced by an ignore directive on the second statement', () => {
    const text = `ALTER TABLE settings ADD COLUMN v text;\n-- migration-guard-ignore ${RULE}: one row\nINSERT INTO settings (k) VALUES ('x');`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
