import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import type { Files } from '../../support/edits';
import { analyzeRevisions, revision, revisionPath } from '../alembic/support';

const RULE = 'orm-in-migration';
const FILE = revisionPath('ab12_backfill.py');
const MODELS: Files = {
  '/project/myapp/__init__.py': '',
  '/project/myapp/models.py': [
    'import sqlalchemy as sa',
    'from myapp.db import db',
    '',
    'class User(db.Model):',
    '    id = sa.Column(sa.Integer, primary_key=True)',
    '',
    'class Order(Base):',
    '    __tablename__ = "orders"',
    '',
    'class Helper:',
    '    pass',
    '',
  ].join('\n'),
};

/** The revision with `imports` after Alembic's, its upgrade() running `body`. */
function check(body: string[], imports = '', modules: Files = MODELS) {
  const text = revision('ab12', null, body).replace('from alembic import op\n', `from alembic import op\nimport sqlalchemy as sa\n${imports}`);
  const analysis = analyzeRevisions({ [FILE]: text, ...modules });
  const pick = (id: string) => analysis.findings.filter((f) => f.ruleId === id).map((f) => ({ at: text.slice(f.span.start, f.span.end), message: f.message }));
  return { orm: pick(RULE), mixed: pick('mixed-data-and-schema-changes'), notAnalysed: pick('not-analysed') };
}

describe(RULE, () => {
  it('a session on Alembic\'s connection: reported once, on its first use, and not as not-analysed', () => {
    const { orm, notAnalysed } = check([
      'session = sa.orm.Session(bind=op.get_bind())',
      'for row in session.query(Thing).all():',
      '    pass',
      'session.commit()',
    ]);
    assert.deepEqual(orm.map((f) => f.at), ['sa.orm.Session(bind=op.get_bind())']);
    assert.match(orm[0].message, /opens an ORM session.*sa\.table/s);
    assert.deepEqual(notAnalysed, []);
  });

  it("the application's models are reported where each is first named; local classes and non-models are not", () => {
    const body = ['conn = op.get_bind()', 'conn.execute(sa.select(User.id))', 'conn.execute(sa.select(User.email, Order.id))', 'Helper()', 'Local()'];
    const { orm } = check(body, 'from myapp.models import User, Order, Helper\n\n\nclass Local:\n    __tablename__ = "local"\n');
    assert.deepEqual(orm.map((f) => f.at), ['User', 'Order']);
    assert.match(orm[0].message, /`User` is the application's model from myapp\.models.*sa\.table\("users"/s);
  });

  it('a model from a module outside the workspace cannot be told from any other class: nothing is guessed', () => {
    assert.deepEqual(check(['op.get_bind().execute(sa.select(User.id))'], 'from otherapp.models import User\n').orm, []);
  });

  it('rows changed through a session count as data changes beside a schema change (mixed-data-and-schema-changes)', () => {
    const schema = 'op.add_column("users", sa.Column("plan", sa.Text()))';
    const withSession = (write: string) =>
      check([schema, 'with sa.orm.Session(bind=op.get_bind()) as session:', `    ${write}`, '    session.commit()'], 'from myapp.models import User\n');
    assert.deepEqual(withSession('session.add(User(plan="free"))').mixed.map((f) => f.at), ['session.add(User(plan="free"))']);
    assert.deepEqual(withSession('session.query(User).filter(User.plan.is_(None)).update({"plan": "free"})').mixed.map((f) => f.at), ['session.query(User)']);
    // Reading is not changing rows.
    assert.deepEqual(withSession('session.query(User).count()').mixed, []);
  });

  it('a session factory bound first (sessionmaker) makes sessions when called', () => {
    const { orm, mixed } = check(['Factory = sessionmaker(bind=op.get_bind())', 's = Factory()', 's.add_all([])', 'op.drop_column("users", "legacy")'], 'from sqlalchemy.orm import sessionmaker\n');
    assert.deepEqual(orm.map((f) => f.at), ['sessionmaker(bind=op.get_bind())']);
    assert.deepEqual(mixed.map((f) => f.at), ['op.drop_column("users", "legacy")']);
  });

  it("Flask-SQLAlchemy's db.session counts as a session (redash's revisions use it)", () => {
    const { orm, notAnalysed } = check(['rows = db.session.execute("SELECT id, layout FROM dashboards")', 'db.session.commit()'], 'from myapp.models import db\n');
    assert.deepEqual(orm.map((f) => f.at), ['db.session.execute("SELECT id, layout FROM dashboards")']);
    assert.match(orm[0].message, /^`db\.session\.execute\(…\)` reads or manages rows through the ORM/);
    assert.deepEqual(notAnalysed, []);
  });

  it('is silenced by an ignore comment above the statement', () => {
    const { orm } = check(['# migration-guard-ignore orm-in-migration: models frozen for this release', 'session = sa.orm.Session(bind=op.get_bind())']);
    assert.deepEqual(orm, []);
  });
});
