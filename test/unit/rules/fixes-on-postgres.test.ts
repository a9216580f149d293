// Every quick fix, run on a real PostgreSQL: the set-up schema with rows, then the fixed
// migration executed the way its format's runner executes it. A fix that parses but
// fails on the server (CONCURRENTLY inside a transaction, a constraint named wrongly)
// fails here.
import * as assert from 'node:assert/strict';
import type { Client } from 'pg';
import { transactionMap } from '../../../server/src/core/engine';
import type { Migration } from '../../../server/src/core/model';
import { allRules } from '../../../server/src/core/rules';
import { parseScript } from '../../../server/src/core/sql/script';
import '../../support/parser-hook';
import { applyFirstFix, findingsOf, migrationFrom, type AnalyzeOptions, type MigrationSpec } from '../../support/analyze';
import type { Files } from '../../support/edits';
import { freshDatabase } from '../../support/postgres';

interface FixCase {
  /** Tables and rows, run on the server first and shown to the rules as the previous migration. */
  setup: string;
  /** The migration the rule flags (golang-migrate unless `format` says otherwise). */
  migration: MigrationSpec;
  /** A query whose one value must be true once the fixed migration has run. */
  expect: string;
  /** For rules that apply only to some PostgreSQL versions. */
  options?: AnalyzeOptions;
  /** The fix writes a down: it runs after the up and must leave the schema as it was before the up. */
  roundTrip?: true;
}

const ORDERS =
  'CREATE TABLE orders (id int, user_id int, email text, total int);\n' +
  "INSERT INTO orders SELECT g, g % 10, 'u' || g || '@example.com', g FROM generate_series(1, 1000) g;";

/** The type of `table.column` as PostgreSQL spells it. */
const typeOf = (table: string, column: string) =>
  `(SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attname = '${column}')`;
const hasColumn = (table: string, column: string) =>
  `EXISTS (SELECT FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attname = '${column}')`;
const hasCheck = (table: string) => `EXISTS (SELECT FROM pg_constraint WHERE conrelid = '${table}'::regclass AND contype = 'c')`;

/** The public schema's relations, columns (type, NOT NULL, default), constraints and types, one line each, sorted. */
const CATALOG_DUMP = `SELECT coalesce(string_agg(line, E'\\n' ORDER BY line), '') FROM (
  SELECT 'relation ' || relname || ' ' || relkind::text FROM pg_class WHERE relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
    || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'type ' || typname || ' ' || typtype::text FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd', 'r')
) dump(line)`;

/**
 * Fixes that change how revisions are linked, or that only declare a reverse, not the SQL
 * that runs: nothing to run on a server. Their tests apply the fix and check again
 * (test/unit/rules/<id>.test.ts, test/unit/django/rules.test.ts).
 */
const NOT_SQL: Record<string, string> = {
  'multiple-heads': 'writes a merge revision file',
  'missing-parent': "points down_revision at an existing revision",
  'django-multiple-leaf-nodes': 'writes a merge migration file (test/unit/django/rules.test.ts)',
  'django-runsql-without-reverse': 'adds reverse_sql=migrations.RunSQL.noop, which runs no SQL (test/unit/django/rules.test.ts)',
  'django-runpython-without-reverse': 'adds reverse_code=migrations.RunPython.noop, which runs no SQL (test/unit/django/rules.test.ts)',
};

/** One case per fixable rule, by rule id. */
const CASES: Record<string, FixCase> = {
  'require-concurrent-index-creation': {
    setup: ORDERS,
    migration: { format: 'goose', text: '-- +goose Up\nCREATE INDEX orders_user_idx ON orders (user_id);\n' },
    expect: "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_user_idx'::regclass",
  },
  'constraint-missing-not-valid': {
    setup: ORDERS,
    migration: { text: 'ALTER TABLE orders ADD CHECK (total > 0);' },
    expect: "SELECT convalidated FROM pg_constraint WHERE conname = 'orders_total_check'",
  },
  'ban-concurrent-index-creation-in-transaction': {
    setup: ORDERS,
    migration: { format: 'dbmate', text: '-- migrate:up\nCREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\n' },
    expect: "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_user_idx'::regclass",
  },
  'disallowed-unique-constraint': {
    setup: ORDERS,
    migration: { format: 'flyway', text: 'ALTER TABLE orders ADD UNIQUE (email);' },
    expect: "SELECT i.indisvalid AND c.contype = 'u' FROM pg_constraint c JOIN pg_index i ON i.indexrelid = c.conindid WHERE c.conname = 'orders_email_key'",
  },
  'adding-not-nullable-field': {
    setup: ORDERS,
    migration: { format: 'goose', text: '-- +goose Up\nALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;\n' },
    expect: "SELECT attnotnull AND NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c') FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'user_id'",
  },
  'prefer-bigint-over-int': {
    setup: 'CREATE TABLE orders (id bigint, total int);',
    migration: { text: 'ALTER TABLE orders ADD COLUMN parent_id int;' },
    expect: `SELECT ${typeOf('orders', 'parent_id')} = 'bigint'`,
  },
  'prefer-bigint-over-smallint': {
    setup: 'CREATE TABLE orders (id bigint, total int);',
    migration: { text: 'ALTER TABLE orders ADD COLUMN region_id smallint;' },
    expect: `SELECT ${typeOf('orders', 'region_id')} = 'bigint'`,
  },
  'prefer-identity': {
    setup: ORDERS,
    migration: { text: 'CREATE TABLE payments (id bigserial PRIMARY KEY, amount int);\nINSERT INTO payments (amount) VALUES (1);' },
    expect: "SELECT attidentity = 'd' FROM pg_attribute WHERE attrelid = 'payments'::regclass AND attname = 'id'",
  },
  'prefer-text-field': {
    setup: ORDERS,
    migration: { text: 'CREATE TABLE notes (id bigint, body varchar(200) NOT NULL);' },
    expect: `SELECT ${typeOf('notes', 'body')} = 'text' AND ${hasCheck('notes')}`,
  },
  'ban-char-field': {
    setup: ORDERS,
    migration: { text: 'CREATE TABLE countries (code char(2) PRIMARY KEY);' },
    expect: `SELECT ${typeOf('countries', 'code')} = 'text' AND ${hasCheck('countries')}`,
  },
  'prefer-timestamptz': {
    setup: ORDERS,
    migration: { text: 'ALTER TABLE orders ADD COLUMN shipped_at timestamp(3) without time zone;' },
    expect: `SELECT ${typeOf('orders', 'shipped_at')} = 'timestamp(3) with time zone'`,
  },
  'prefer-jsonb': {
    setup: ORDERS,
    migration: { text: 'ALTER TABLE orders ADD COLUMN meta json;' },
    expect: `SELECT ${typeOf('orders', 'meta')} = 'jsonb'`,
  },
  'prefer-robust-stmts': {
    // A run that failed after the first index: the fixed migration must go through on retry.
    setup: `${ORDERS}\nCREATE INDEX orders_user_idx ON orders (user_id);`,
    migration: {
      format: 'goose',
      text: '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\nCREATE INDEX CONCURRENTLY orders_email_idx ON orders (email);\n',
    },
    expect: "SELECT count(*) = 2 FROM pg_indexes WHERE tablename = 'orders'",
  },
  'require-concurrent-index-deletion': {
    setup: `${ORDERS}\nCREATE INDEX orders_user_idx ON orders (user_id);`,
    migration: { format: 'goose', text: '-- +goose Up\nDROP INDEX orders_user_idx;\nSELECT 1;\n' },
    expect: "SELECT to_regclass('orders_user_idx') IS NULL",
  },
  'require-concurrent-reindex': {
    setup: `${ORDERS}\nCREATE INDEX orders_user_idx ON orders (user_id);`,
    migration: { format: 'dbmate', text: '-- migrate:up\nREINDEX TABLE orders;\n' },
    expect: "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_user_idx'::regclass",
  },
  'require-concurrent-refresh-materialized-view': {
    setup:
      `${ORDERS}\nCREATE MATERIALIZED VIEW totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id;\n` +
      "CREATE UNIQUE INDEX totals_user ON totals (user_id);\nINSERT INTO orders VALUES (1001, 99, 'x', 5);",
    migration: { format: 'flyway', text: 'REFRESH MATERIALIZED VIEW totals;' },
    expect: 'SELECT EXISTS (SELECT FROM totals WHERE user_id = 99)',
  },
  'require-concurrent-detach-partition': {
    setup:
      'CREATE TABLE events (at int) PARTITION BY RANGE (at);\n' +
      'CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (10);\nINSERT INTO events VALUES (1);',
    migration: { format: 'flyway', text: 'ALTER TABLE events DETACH PARTITION events_1;' },
    expect: "SELECT NOT EXISTS (SELECT FROM pg_inherits WHERE inhrelid = 'events_1'::regclass)",
  },
  'combine-alter-table': {
    setup: `${ORDERS}\nUPDATE orders SET user_id = 0 WHERE user_id IS NULL;`,
    migration: { text: "SET lock_timeout = '2s';\nALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;\nALTER TABLE orders ALTER COLUMN total TYPE bigint;\n" },
    expect: `SELECT ${typeOf('orders', 'total')} = 'bigint' AND (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'user_id')`,
  },
  'foreign-key-without-index': {
    setup: `${ORDERS}\nCREATE TABLE users (id int PRIMARY KEY);\nINSERT INTO users SELECT generate_series(0, 9);`,
    migration: { format: 'goose', text: '-- +goose Up\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n' },
    expect: "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_user_id_idx'::regclass",
  },
  'primary-key-on-nullable-column': {
    setup: `${ORDERS}\nCREATE UNIQUE INDEX orders_id_key ON orders (id);`,
    migration: { format: 'goose', text: '-- +goose Up\nALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_id_key;\n' },
    expect: "SELECT contype = 'p' AND NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c') FROM pg_constraint WHERE conname = 'orders_pkey'",
  },
  'require-timeout-settings': {
    setup: ORDERS,
    migration: { text: 'ALTER TABLE orders ADD COLUMN note text;' },
    expect: `SELECT ${hasColumn('orders', 'note')} AND current_setting('lock_timeout') = '5s'`,
  },
  'transaction-nesting': {
    setup: ORDERS,
    migration: { format: 'goose', text: '-- +goose Up\nBEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n' },
    expect: `SELECT ${hasColumn('orders', 'note')}`,
  },
  'ban-uncommitted-transaction': {
    setup: ORDERS,
    migration: { text: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\n' },
    // Inside a transaction left open, the ALTER would have assigned a transaction id.
    expect: `SELECT ${hasColumn('orders', 'note')} AND pg_current_xact_id_if_assigned() IS NULL`,
  },
  'ban-alter-enum-add-value-in-transaction': {
    setup: "CREATE TYPE mood AS ENUM ('ok');",
    migration: { format: 'goose', text: "-- +goose Up\nALTER TYPE mood ADD VALUE 'meh';\n" },
    expect: "SELECT 'meh' = ANY (enum_range(NULL::mood)::text[])",
    options: { pgVersion: 11 },
  },
  'missing-down-migration': {
    setup: `${ORDERS}\nALTER TABLE orders ALTER COLUMN id SET DEFAULT 0;`,
    migration: {
      format: 'dbmate',
      text:
        '-- migrate:up\n' +
        'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n' +
        'CREATE INDEX users_email_idx ON users (email);\n' +
        'ALTER TABLE orders ADD COLUMN note text, ADD CHECK (total > 0), ADD UNIQUE (email);\n' +
        'ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL, ALTER COLUMN total SET DEFAULT 0, ALTER COLUMN total TYPE bigint;\n' +
        'ALTER TABLE orders RENAME COLUMN email TO contact;\n' +
        "CREATE TYPE mood AS ENUM ('ok');\n" +
        'ALTER TABLE orders ALTER COLUMN id SET DEFAULT -1;\n' +
        'CREATE VIEW order_totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id;\n',
    },
    expect: "SELECT to_regclass('users') IS NULL AND (SELECT count(*) = 1000 FROM orders)",
    roundTrip: true,
  },
};

/** Runs a migration's up (or down) script as its runner would: one multi-statement query, or statement by statement inside and outside transaction blocks. */
async function runAsRunner(db: Client, migration: Migration, direction: 'up' | 'down' = 'up'): Promise<void> {
  const run = migration[direction]!;
  if (migration.transaction === 'implicit') {
    await db.query(run.text.slice(run.span.start, run.span.end));
    return;
  }
  const script = parseScript(run);
  const inTransaction = transactionMap(script, migration);
  let open = false;
  for (const statement of script.statements) {
    const wanted = inTransaction[statement.index] && statement.kind !== 'TransactionStmt';
    if (wanted !== open) await db.query(wanted ? 'BEGIN' : 'COMMIT');
    open = wanted;
    await db.query(statement.text);
  }
  if (open) await db.query('COMMIT');
}

describe('quick fixes on a real PostgreSQL', () => {
  it('has a case for every fixable rule', () => {
    const missing = allRules.filter((r) => r.meta.fixable && !(r.meta.id in CASES) && !(r.meta.id in NOT_SQL)).map((r) => r.meta.id);
    if (missing.length > 0) assert.fail(`fixable rules with no case in CASES (test/unit/rules/fixes-on-postgres.test.ts):\n  ${missing.join('\n  ')}`);
    const unknown = Object.keys(CASES).filter((id) => !allRules.some((r) => r.meta.id === id && r.meta.fixable));
    assert.deepEqual(unknown, [], 'cases for rules that are not fixable, or do not exist');
  });

  for (const [ruleId, c] of Object.entries(CASES)) {
    it(`${ruleId}: the fixed migration runs and leaves the expected schema`, async function () {
      this.timeout(30_000);
      // The set-up stands for earlier history, not for a migration that needs a down of its own.
      const specs: MigrationSpec[] = [{ format: c.migration.format, text: c.setup, supportsDown: false }, c.migration];
      const { files, after } = applyFirstFix(specs, ruleId, c.options);
      assert.deepEqual(findingsOf(after, ruleId), [], 'the rule is silent after the fix');
      const fixed = migrationFrom(files, c.migration, 1);
      const db = await freshDatabase();
      try {
        await db.query(c.setup);
        const dump = async () => (await db.query({ text: CATALOG_DUMP, rowMode: 'array' })).rows[0][0] as string;
        const before = c.roundTrip && (await dump());
        const directions = c.roundTrip ? (['up', 'down'] as const) : (['up'] as const);
        for (const direction of directions) {
          await runAsRunner(db, fixed, direction).catch((e: Error) => {
            throw new Error(`the fixed migration's ${direction} failed: ${e.message}\n${describeFiles(files)}`);
          });
        }
        if (c.roundTrip) assert.equal(await dump(), before, `the down does not restore the schema\n${describeFiles(files)}`);
        const row = (await db.query({ text: c.expect, rowMode: 'array' })).rows[0];
        assert.equal(row?.[0], true, `${c.expect}\n${describeFiles(files)}`);
      } finally {
        await db.end();
      }
    });
  }
});

function describeFiles(files: Files): string {
  return Object.entries(files)
    .map(([path, text]) => `--- ${path}\n${text}`)
    .join('\n');
}
