import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeFolder } from '../../../server/src/core/engine';
import { withPythonTree } from '../../../server/src/core/sources/python/parser';
import { parseScript } from '../../../server/src/core/sql/script';
import { analyze, analyzeFiles, assertClean, downPath, filesOf, findingsOf, folderFrom, upPath, type MigrationSpec } from '../../support/analyze';
import { applyEdits } from '../../support/edits';
import { analyzeRevisions, applyFirstFix as applyAlembicFix, revision, revisionPath } from '../alembic/support';

const RULE = 'missing-down-migration';
const ALEMBIC_FILE = revisionPath('ab12_change.py');

describe(RULE, () => {
  it('reports a golang-migrate up with no down file, on its first statement', () => {
    const spec = { text: '\n-- users\nCREATE TABLE users (id int);\n', id: '0003' };
    const [f, ...rest] = findingsOf(analyze(spec), RULE);
    assert.equal(rest.length, 0);
    assert.equal(f.path, upPath(spec));
    assert.deepEqual(f.span, { start: spec.text.indexOf('CREATE'), end: spec.text.indexOf(';') });
    assert.equal(f.severity, 'info');
    assert.equal(
      f.message,
      'This migration has no down, so it cannot be rolled back: add 0003_change.down.sql next to it with the SQL that undoes it.',
    );
  });

  it('points at the start of an empty file', () => {
    const [f] = findingsOf(analyze({ text: '-- nothing yet\n' }), RULE);
    assert.deepEqual(f.span, { start: 0, end: 0 });
  });

  it("names each format's place for the down", () => {
    const expected: [Parameters<typeof analyze>[0], RegExp][] = [
      [{ format: 'dbmate', text: '-- migrate:up\nSELECT 1;\n' }, /add a `-- migrate:down` section/],
      [{ format: 'goose', text: '-- +goose Up\nSELECT 1;\n' }, /add a `-- \+goose Down` section/],
      [{ format: 'flyway', text: 'SELECT 1;', id: '1.2' }, /add the undo script U1\.2__change\.sql/],
      [{ format: 'plain', text: 'SELECT 1;', id: '007' }, /add 007_change_down\.sql next to it \(or a file of the same name in rollback\/\)/],
    ];
    for (const [spec, message] of expected) assert.match(findingsOf(analyze(spec), RULE)[0]?.message ?? '', message);
  });

  it('accepts migrations that have a down', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;', down: 'SELECT 2;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ format: 'dbmate', text: '-- migrate:up\nSELECT 1;\n-- migrate:down\n' }), RULE), []);
  });

  it('accepts formats without downs', () => {
    for (const format of ['prisma', 'supabase'] as const) assert.deepEqual(findingsOf(analyze({ format, text: 'SELECT 1;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ format: 'flyway', text: 'SELECT 1;', repeatable: true, id: 'views' }), RULE), []);
  });

  it('is silenced by a file-wide ignore directive', () => {
    const text = `-- migration-guard-ignore-file ${RULE}: forward-only\nCREATE TABLE users (id int);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});

describe(`${RULE}: empty downs`, () => {
  it('reports an empty dbmate down section on its marker line, when the up changes something', () => {
    const text = '-- migrate:up\nCREATE TABLE users (id int);\n\n-- migrate:down\n-- nothing to do\n';
    const [f, ...rest] = findingsOf(analyze({ format: 'dbmate', text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('-- migrate:down'), end: text.indexOf('\n-- nothing') });
    assert.equal(f.message, 'The down of this migration is empty, so rolling it back would leave what the up changed in place: write the SQL that undoes it.');
  });

  it('reports an empty .down.sql file, in that file', () => {
    const spec = { text: 'ALTER TABLE orders ADD COLUMN note text;', down: '\n' };
    const [f] = findingsOf(analyze(spec), RULE);
    assert.equal(f.path, downPath(spec));
    assert.deepEqual(f.span, { start: 1, end: 1 });
  });

  it('accepts an empty down when the up changes nothing a down would undo', () => {
    assert.deepEqual(findingsOf(analyze({ format: 'dbmate', text: '-- migrate:up\nSET lock_timeout = 1;\nSELECT 1;\n-- migrate:down\n' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE orders VALIDATE CONSTRAINT c;', down: '' }), RULE), []);
  });

  for (const [body, what] of [
    ['pass', 'only `pass`'],
    ['"""Nothing."""', 'only `pass`'],
    ['raise NotImplementedError()', '`raise NotImplementedError`'],
  ]) {
    it(`reports an Alembic downgrade() that is ${body}`, () => {
      const text = revision('ab12', null, ['op.add_column("orders", sa.Column("note", sa.Text()))']).replace(/def downgrade\(\):\n {4}pass/, `def downgrade():\n    ${body}`);
      const [f] = analyzeRevisions({ [ALEMBIC_FILE]: text }).findings.filter((x) => x.ruleId === RULE);
      assert.match(f.message, new RegExp(`is ${what.replace(/[`()]/g, '.')}, so rolling it back`));
      assert.deepEqual(f.span, { start: text.indexOf(body), end: text.indexOf(body) + body.length });
    });
  }

  it('is silenced in Alembic by a file-wide directive above an operation', () => {
    const body = [`# migration-guard-ignore-file ${RULE}: forward-only`, 'op.add_column("orders", sa.Column("note", sa.Text()))'];
    assert.deepEqual(analyzeRevisions({ [ALEMBIC_FILE]: revision('ab12', null, body) }).findings.filter((x) => x.ruleId === RULE), []);
  });

  it('accepts an Alembic revision whose upgrade() is empty too (a merge revision)', () => {
    assert.deepEqual(analyzeRevisions({ [ALEMBIC_FILE]: revision('ab12', null, ['pass']) }).findings.filter((x) => x.ruleId === RULE), []);
  });
});

/** The up of every golden case: one statement of each invertible kind, then one that is not. */
const UP = [
  'CREATE TABLE users (id bigint PRIMARY KEY);',
  'CREATE INDEX users_id_idx ON users (id);',
  'ALTER TABLE users ADD COLUMN email text, ADD CONSTRAINT users_email_check CHECK (email <> \'\');',
  'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
  'ALTER TABLE users RENAME COLUMN email TO mail;',
  "CREATE TYPE mood AS ENUM ('ok');",
  'CREATE VIEW user_ids AS SELECT id FROM users;',
].join('\n');

const DOWN = [
  'DROP VIEW IF EXISTS user_ids;',
  'DROP TYPE IF EXISTS mood;',
  'ALTER TABLE users RENAME COLUMN mail TO email;',
  'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;',
  'ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_check;',
  'ALTER TABLE users DROP COLUMN IF EXISTS email;',
  'DROP INDEX IF EXISTS users_id_idx;',
  'DROP TABLE IF EXISTS users;',
  '',
].join('\n');

/** Applies the first fix, then analyses again with the down the fix wrote. */
function generate(spec: MigrationSpec, downFile?: string) {
  const files = filesOf([spec]);
  const finding = findingsOf(analyzeFiles(files, [spec]), RULE)[0];
  assert.ok(finding?.fixes[0], 'a fix is offered');
  const fixed = applyEdits(files, finding.fixes[0].edits);
  const again = downFile ? { ...spec, down: fixed[downFile] } : spec;
  return { fix: finding.fixes[0], files: fixed, after: analyzeFiles(downFile ? filesOf([again]) : fixed, [again]) };
}

describe(`${RULE}: Generate the down migration`, () => {
  it('golang-migrate: creates the .down.sql, undoing each statement in reverse order', () => {
    const spec = { text: `${UP}\n`, id: '0003' };
    const down = '/project/migrations/0003_change.down.sql';
    const { fix, files, after } = generate(spec, down);
    assert.equal(fix.title, 'Generate the down migration');
    assert.deepEqual(fix.edits, [{ path: down, span: { start: 0, end: 0 }, newText: DOWN, create: true }]);
    assertClean(after, RULE, 'down-does-not-undo-up', 'down-destroys-data');
    assert.equal(files[down], DOWN);
  });

  it('dbmate: appends a -- migrate:down section', () => {
    const text = `-- migrate:up\n${UP}\n`;
    const { files, after } = generate({ format: 'dbmate', text });
    assert.equal(files['/project/migrations/1_change.sql'], `${text}\n-- migrate:down\n${DOWN}`);
    assertClean(after, RULE, 'down-does-not-undo-up', 'down-destroys-data');
  });

  it('dbmate: fills an empty -- migrate:down section', () => {
    const text = `-- migrate:up\n${UP}\n-- migrate:down`;
    const { files, after } = generate({ format: 'dbmate', text });
    assert.equal(files['/project/migrations/1_change.sql'], `${text}\n${DOWN}`);
    assertClean(after, RULE, 'down-does-not-undo-up');
  });

  it('goose: appends a -- +goose Down section, with CRLF line breaks where the file has them', () => {
    const text = `-- +goose Up\r\n${UP.replace(/\n/g, '\r\n')}\r\n`;
    const { files, after } = generate({ format: 'goose', text });
    assert.equal(files['/project/migrations/1_change.sql'], `${text}\r\n-- +goose Down\r\n${DOWN.replace(/\n/g, '\r\n')}`);
    assertClean(after, RULE, 'down-does-not-undo-up');
  });

  it('Flyway: creates the U script', () => {
    const spec: MigrationSpec = { format: 'flyway', text: UP, id: '1.2', supportsDown: true };
    const { fix } = generate(spec);
    assert.deepEqual(fix.edits.map((e) => [e.path, e.create]), [['/project/migrations/U1.2__change.sql', true]]);
  });

  it('plain: creates <name>_down.sql, or the file in rollback/ when the folder keeps rollbacks there', () => {
    const spec: MigrationSpec = { format: 'plain', text: UP, id: '002', supportsDown: true };
    assert.equal(generate(spec).fix.edits[0].path, '/project/migrations/002_change_down.sql');
    const specs: MigrationSpec[] = [{ format: 'plain', text: 'SELECT 1;', id: '001', down: 'SELECT 1;' }, spec];
    const folder = folderFrom(filesOf(specs), specs);
    folder.migrations[0].down!.path = '/project/migrations/rollback/001_change.sql';
    const [f] = findingsOf(analyzeFolder(folder, { pgVersion: 16 }), RULE);
    assert.equal(f.fixes[0].edits[0].path, '/project/migrations/rollback/002_change.sql');
    assert.match(f.message, /: add rollback\/002_change\.sql with the SQL that undoes it\.$/);
  });

  it('writes a TODO for what cannot be inverted, and counts them in the title', () => {
    const up = "ALTER TABLE orders DROP COLUMN legacy;\nUPDATE orders SET total = 0\n  WHERE total IS NULL;\nALTER TABLE orders ADD COLUMN note text;\n";
    const { fix, files } = generate({ text: up }, '/project/migrations/1_change.down.sql');
    assert.equal(fix.title, 'Generate the down migration (2 statements could not be inverted: see the TODOs)');
    assert.equal(
      files['/project/migrations/1_change.down.sql'],
      [
        'ALTER TABLE orders DROP COLUMN IF EXISTS note;',
        '-- TODO(migration-guard): cannot invert: UPDATE orders SET total = 0',
        '-- TODO(migration-guard): cannot invert: ALTER TABLE orders DROP COLUMN legacy',
        '--   adding the column back would not bring back its values',
        '',
      ].join('\n'),
    );
  });

  it('restores a column type and drops a default from what the earlier migrations say', () => {
    const specs: MigrationSpec[] = [
      { text: 'CREATE TABLE orders (id int, total varchar(20));' },
      { text: 'ALTER TABLE orders ALTER COLUMN total TYPE text, ALTER COLUMN id SET DEFAULT 0;' },
    ];
    const [, f] = findingsOf(analyze(specs), RULE);
    assert.equal(f.fixes[0].edits[0].newText, 'ALTER TABLE orders ALTER COLUMN id DROP DEFAULT;\nALTER TABLE orders ALTER COLUMN total TYPE varchar(20) USING total::varchar(20);\n');
  });

  it('puts back a default the up replaced or dropped, as the earlier migrations wrote it', () => {
    const specs: MigrationSpec[] = [
      { text: "CREATE TABLE orders (id int, status text DEFAULT 'new'::text, placed date DEFAULT current_date);" },
      { text: "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'open', ALTER COLUMN placed DROP DEFAULT;" },
    ];
    const [, f] = findingsOf(analyze(specs), RULE);
    assert.equal(
      f.fixes[0].edits[0].newText,
      "ALTER TABLE orders ALTER COLUMN placed SET DEFAULT current_date;\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new'::text;\n",
    );
  });

  it('names an unnamed constraint as PostgreSQL would, and drops a CONCURRENTLY index concurrently only outside a transaction', () => {
    const alone = generate({ text: 'CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);' }).fix.edits[0].newText;
    assert.equal(alone, 'DROP INDEX CONCURRENTLY IF EXISTS orders_user_idx;\n');
    const goose = '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY a_idx ON orders (a);\nCREATE INDEX CONCURRENTLY b_idx ON orders (b);\n';
    assert.match(generate({ format: 'goose', text: goose }).fix.edits[0].newText, /DROP INDEX CONCURRENTLY IF EXISTS b_idx;\nDROP INDEX CONCURRENTLY IF EXISTS a_idx;\n$/);
    const wrapped = generate({ format: 'dbmate', text: '-- migrate:up\nCREATE INDEX CONCURRENTLY a_idx ON orders (a);\nALTER TABLE orders ADD UNIQUE (email);\n' });
    assert.match(wrapped.fix.edits[0].newText, /\nALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_email_key;\nDROP INDEX IF EXISTS a_idx;\n$/);
  });

  it('leaves alone what the earlier migrations already made', () => {
    const specs: MigrationSpec[] = [
      { text: 'CREATE TABLE orders (id int NOT NULL, note text);\nCREATE INDEX orders_id_idx ON orders (id);' },
      {
        text:
          'CREATE TABLE IF NOT EXISTS orders (id int);\nCREATE INDEX IF NOT EXISTS orders_id_idx ON orders (id);\n' +
          'ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text, ADD COLUMN IF NOT EXISTS status text, ALTER COLUMN id SET NOT NULL, ALTER COLUMN note DROP NOT NULL;',
      },
    ];
    const [, f] = findingsOf(analyze(specs), RULE);
    assert.equal(f.fixes[0].edits[0].newText, 'ALTER TABLE orders DROP COLUMN IF EXISTS status;\n');
  });

  it('offers no fix when nothing of the up can be undone by a down', () => {
    const [f] = findingsOf(analyze({ text: 'SELECT 1;' }), RULE);
    assert.deepEqual(f.fixes, []);
  });

  it('every generated down parses', () => {
    for (const [, down] of Object.entries(generate({ text: `${UP}\n` }, '/project/migrations/1_change.down.sql').files)) {
      for (const s of parseScript({ path: 'x', text: down, span: { start: 0, end: down.length } }).statements) assert.notEqual(s.kind, 'Invalid', s.text);
    }
  });
});

describe(`${RULE}: Generate the down migration (Alembic)`, () => {
  const UPGRADE = [
    'op.create_table("users", sa.Column("id", sa.BigInteger(), primary_key=True))',
    'op.add_column("orders", sa.Column("note", sa.Text()))',
    'op.create_index("ix_orders_note", "orders", ["note"])',
    'op.create_unique_constraint("uq_orders_note", "orders", ["note"])',
    'op.alter_column("orders", "total", nullable=False, server_default="0")',
    'op.alter_column("orders", "ref", new_column_name="reference")',
    'op.rename_table("carts", "baskets")',
    'op.execute("CREATE VIEW v AS SELECT 1")',
  ];
  const DOWNGRADE = [
    "op.execute('DROP VIEW IF EXISTS v')",
    "op.rename_table('baskets', 'carts')",
    "op.alter_column('orders', 'reference', new_column_name='ref')",
    "op.alter_column('orders', 'total', server_default=None)",
    "op.alter_column('orders', 'total', nullable=True)",
    "op.drop_constraint('uq_orders_note', 'orders')",
    "op.drop_index('ix_orders_note', table_name='orders')",
    "op.drop_column('orders', 'note')",
    "op.drop_table('users')",
  ];

  it('replaces a `pass` downgrade() body with the inverse op calls', () => {
    const files = { [ALEMBIC_FILE]: revision('ab12', null, UPGRADE) };
    const { fix, files: fixed, after } = applyAlembicFix(files, RULE);
    assert.equal(fix.editsCode, true);
    assert.ok(fixed[ALEMBIC_FILE].endsWith(`def downgrade():\n${DOWNGRADE.map((l) => `    ${l}\n`).join('')}`), fixed[ALEMBIC_FILE]);
    assert.ok(withPythonTree(fixed[ALEMBIC_FILE], (root) => !root.hasError));
    for (const id of [RULE, 'down-does-not-undo-up', 'down-destroys-data', 'syntax-error', 'not-analysed']) assert.deepEqual(after.findings.filter((f) => f.ruleId === id), [], id);
  });

  it('keeps the docstring of a downgrade() that raises NotImplementedError', () => {
    const text = revision('ab12', null, ['op.add_column("orders", sa.Column("note", sa.Text()))']).replace(
      /def downgrade\(\):\n {4}pass/,
      'def downgrade():\n    """Irreversible."""\n    raise NotImplementedError()',
    );
    const { files: fixed, after } = applyAlembicFix({ [ALEMBIC_FILE]: text }, RULE);
    assert.ok(fixed[ALEMBIC_FILE].endsWith(`def downgrade():\n    """Irreversible."""\n    op.drop_column('orders', 'note')\n`), fixed[ALEMBIC_FILE]);
    assert.deepEqual(after.findings.filter((f) => f.ruleId === RULE), []);
  });

  it('adds a downgrade() when there is none, and says a dropped column cannot come back with its data', () => {
    const text = revision('ab12', null, ['op.drop_column("orders", "legacy")']).replace(/\n\ndef downgrade\(\):\n {4}pass\n/, '');
    const { fix, files: fixed } = applyAlembicFix({ [ALEMBIC_FILE]: text }, RULE);
    assert.equal(fix.title, 'Generate the down migration (1 statement could not be inverted: see the TODO)');
    assert.equal(
      fixed[ALEMBIC_FILE].slice(text.length),
      '\n\ndef downgrade():\n    # TODO(migration-guard): cannot invert: op.drop_column("orders", "legacy")\n    #   adding the column back would not bring back its values\n',
    );
    assert.ok(withPythonTree(fixed[ALEMBIC_FILE], (root) => !root.hasError));
  });
});
