import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeFolder } from '../../../server/src/core/engine';
import type { Files } from '../../support/edits';
import { analyzeRevisions, readRevisions, revision, revisionPath } from './support';

const RULE = 'ban-enum-value-use-in-same-transaction';
const ADD = 'op.execute("ALTER TYPE order_status ADD VALUE \'archived\'")';
const USE = 'op.execute("UPDATE orders SET status = \'archived\' WHERE closed_at < now()")';
const AUTOCOMMIT = 'with op.get_context().autocommit_block():';
const ENV = '/project/migrations/env.py';

/** env.py as `alembic init` writes it, with `online` added to the online context.configure() and `offline` to the offline one. */
function envPy(online = '', offline = ''): string {
  return [
    'from alembic import context',
    'from myapp.models import Base',
    '',
    'target_metadata = Base.metadata',
    '',
    'def run_migrations_offline():',
    `    context.configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True${offline})`,
    '    with context.begin_transaction():',
    '        context.run_migrations()',
    '',
    'def run_migrations_online():',
    '    with engine_from_config(context.config.get_section("alembic")).connect() as connection:',
    `        context.configure(connection=connection, target_metadata=target_metadata${online})`,
    '        with context.begin_transaction():',
    '            context.run_migrations()',
    '',
    'if context.is_offline_mode():',
    '    run_migrations_offline()',
    'else:',
    '    run_migrations_online()',
    '',
  ].join('\n');
}

/** A chain of revisions a1 → a2 → …, each with the given upgrade() body. */
function chain(...bodies: string[][]): Files {
  const files: Files = {};
  bodies.forEach((body, i) => (files[revisionPath(`a${i + 1}_step.py`)] = revision(`a${i + 1}`, i === 0 ? null : `a${i}`, body)));
  return files;
}

const findings = (files: Files) => analyzeRevisions(files).findings.filter((f) => f.ruleId === RULE);

describe('Alembic transactions across revisions', () => {
  it('by default (no env.py setting) one transaction spans the run: a value added by one revision cannot be used by the next', () => {
    const files = chain([ADD], ['op.add_column("orders", sa.Column("note", sa.Text()))'], [USE]);
    assert.ok(readRevisions(files).migrations.every((m) => m.transactionSpansRun));
    const [f] = findings(files);
    assert.equal(f.path, revisionPath('a3_step.py'));
    assert.equal(files[f.path].slice(f.span.start, f.span.end), /"(.*)"/.exec(USE)![1]);
    assert.match(f.message, /'archived' is added to order_status by revision a1.*transaction_per_migration=True/);
  });

  for (const [what, env] of [
    ['transaction_per_migration=True in the online configure()', envPy(', transaction_per_migration=True')],
    ['transactional_ddl=False (Alembic then commits each revision)', envPy(', transactional_ddl=False')],
    ['a module-level name bound to True', `PER_REVISION = True\n${envPy(', transaction_per_migration=PER_REVISION')}`],
  ]) {
    it(`${what}: each revision commits, nothing is reported`, () => {
      const files = { ...chain([ADD], [USE]), [ENV]: env };
      assert.ok(readRevisions(files).migrations.every((m) => !m.transactionSpansRun));
      assert.deepEqual(findings(files), []);
    });
  }

  it('online mode decides when the offline configure() says otherwise', () => {
    const onlyOffline = { ...chain([ADD], [USE]), [ENV]: envPy('', ', transaction_per_migration=True') };
    assert.equal(findings(onlyOffline).length, 1);
  });

  it('env.py is found through alembic.ini: script_location names the script directory', () => {
    const ini = '[alembic]\nscript_location = %(here)s/scripts\nversion_locations = %(here)s/migrations/versions\n';
    const files = { ...chain([ADD], [USE]), '/project/alembic.ini': ini, '/project/scripts/env.py': envPy(', transaction_per_migration=True') };
    assert.deepEqual(findings(files), []);
    assert.equal(findings({ ...files, '/project/scripts/env.py': envPy() }).length, 1);
    // The editor reads the revisions again when either file changes.
    assert.deepEqual(readRevisions(files).inputs, ['/project/alembic.ini', '/project/scripts/env.py']);
  });

  for (const [what, files] of [
    ['the value is added inside an autocommit_block()', chain([AUTOCOMMIT, `    ${ADD}`], [USE])],
    ['the adding revision commits after it', chain([ADD, AUTOCOMMIT, '    op.create_index("ix", "orders", ["status"], postgresql_concurrently=True)'], [USE])],
    ['a revision in between commits', chain([ADD], [AUTOCOMMIT, '    op.execute("VACUUM orders")'], [USE])],
    ['the using revision commits first', chain([ADD], [AUTOCOMMIT, '    op.execute("VACUUM orders")', USE])],
  ] as const) {
    it(`nothing is reported when ${what}`, () => assert.deepEqual(findings(files), []));
  }

  it('a revision on another branch that commits does not run in between, so it does not help', () => {
    const files = {
      ...chain([ADD]),
      [revisionPath('b1_side.py')]: revision('b1', 'a1', [AUTOCOMMIT, '    op.execute("VACUUM orders")']),
      [revisionPath('c1_use.py')]: revision('c1', 'a1', [USE]),
    };
    assert.deepEqual(findings(files).map((f) => f.path), [revisionPath('c1_use.py')]);
  });

  it('within one revision the advice is autocommit_block(), since a later revision shares the transaction', () => {
    const [f] = findings(chain([ADD, USE]));
    assert.match(f.message, /earlier in the same transaction.*autocommit_block/);
    assert.match(findings({ ...chain([ADD, USE]), [ENV]: envPy(', transaction_per_migration=True') })[0].message, /move this statement into a later migration/);
  });

  for (const [rule, call, pgVersion] of [
    ['ban-concurrent-index-creation-in-transaction', 'op.create_index("ix", "orders", ["status"], postgresql_concurrently=True)', 16],
    ['ban-alter-enum-add-value-in-transaction', ADD, 11],
  ] as const) {
    it(`${rule}: inside the revision's transaction whatever env.py says, outside it only in an autocommit_block()`, () => {
      const ruleIds = (files: Files) => analyzeFolder(readRevisions(files), { pgVersion }).findings.map((f) => f.ruleId);
      assert.ok(ruleIds(chain([call])).includes(rule));
      assert.ok(ruleIds({ ...chain([call]), [ENV]: envPy(', transaction_per_migration=True') }).includes(rule));
      assert.ok(ruleIds({ ...chain([call]), [ENV]: envPy(', transactional_ddl=False') }).includes(rule));
      assert.ok(!ruleIds(chain([AUTOCOMMIT, `    ${call}`])).includes(rule));
    });
  }

  it('CREATE INDEX CONCURRENTLY in a revision: the advice is autocommit_block(), not a revision of its own', () => {
    const analysis = analyzeRevisions(chain(['op.execute("CREATE INDEX CONCURRENTLY ix ON orders (status)")']));
    const f = analysis.findings.find((x) => x.ruleId === 'ban-concurrent-index-creation-in-transaction')!;
    assert.match(f.message, /^Alembic runs revisions inside a transaction, where CREATE INDEX CONCURRENTLY fails: put the call inside `with op\.get_context\(\)\.autocommit_block\(\):`/);
  });
});
