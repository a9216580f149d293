import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import '../../support/parser-hook';
import { discoverFolders, DiskFileView, readFolder } from '../../../server/src/core/sources';
import type { Files } from '../../support/edits';
import { corpusRoot } from '../../support/paths';
import { readRevisions, revision, revisionPath } from './support';

// What can be resolved is checked against real Alembic in test/fixtures/alembic/types
// (golden.test.ts); here, what cannot be, and the forms around it.

const FILE = revisionPath('ab12_items.py');

/** The revision's upgrade() as SQL, or the reason each call was not translated. */
function rendered(body: string[], modules: Files = {}, header = ''): string[] {
  const text = revision('ab12', null, body).replace('from alembic import op\n', `from alembic import op\nimport enum\nimport sqlalchemy as sa\n${header}`);
  const [m] = readRevisions({ [FILE]: text, ...modules }).migrations;
  return m.up.rendered!.map((r) => r.unanalysed ?? r.sql.replace(/\s+/g, ' '));
}

const column = (type: string) => [`op.add_column("items", sa.Column("x", ${type}))`];

describe('Alembic: column types the project defines', () => {
  it('a TypeDecorator or a subclass of a known type defined in the revision itself', () => {
    const header = ['class Slug(sa.String):', '    pass', '', 'class Blob(sa.types.TypeDecorator):', '    impl = sa.LargeBinary', ''].join('\n');
    assert.deepEqual(rendered([...column('Slug(40)'), ...column('Blob()')], {}, header), [
      'ALTER TABLE items ADD COLUMN x VARCHAR(40)',
      'ALTER TABLE items ADD COLUMN x BYTEA',
    ]);
  });

  it('enum classes: auto() members listed by name, the type named after the class', () => {
    const header = ['class Tier(enum.Enum):', '    FREE = enum.auto()', '    PAID = enum.auto()', ''].join('\n');
    const body = ['op.create_table("items", sa.Column("tier", sa.Enum(Tier)))'];
    assert.deepEqual(rendered(body, {}, header), ["CREATE TYPE tier AS ENUM ('FREE', 'PAID'); CREATE TABLE items ( tier tier )"]);
  });

  for (const [what, header, type, reason] of [
    [
      'a TypeDecorator that picks its type per dialect',
      'class Guid(sa.types.TypeDecorator):\n    impl = sa.CHAR\n\n    def load_dialect_impl(self, dialect):\n        return dialect.type_descriptor(sa.Uuid())\n',
      'Guid()',
      /Guid picks its type per database in load_dialect_impl\(\)/,
    ],
    ['a library type', 'from sqlalchemy_utils import UUIDType\n', 'UUIDType()', /UUIDType is not one Migration Guard knows/],
    ['an enum class from a library', 'from payments_sdk import Status\n', 'sa.Enum(Status)', /the Enum's class Status is not defined where it can be read/],
    ['a values_callable other than [m.value for m in e]', 'class S(enum.Enum):\n    A = "a"\n', 'sa.Enum(S, values_callable=lambda e: [str(m) for m in e])', /values_callable `lambda e: \[str\(m\) for m in e\]` is not/],
    ['an enum member whose value is computed', 'class S(enum.Enum):\n    A = "a".upper()\n', 'sa.Enum(S)', /the value of S\.A cannot be read/],
    ['an enum class used as a column type', 'class S(enum.Enum):\n    A = "a"\n', 'S', /S is an enum class, a column type only inside sa\.Enum/],
  ] as const) {
    it(`${what}: not analysed, with the reason`, () => {
      const [out] = rendered(column(type), {}, header);
      assert.match(out, reason);
      assert.match(out, /^op\.add_column\(…\) is not translated: /);
    });
  }

  it('a module of the project that is not in the workspace is named in the reason', () => {
    const modules = { '/project/myapp/__init__.py': '' };
    const [out] = rendered(column('db.Guid()'), modules, 'from myapp import db\n');
    assert.match(out, /`db\.Guid` comes from myapp\.db, which is not among the workspace's files/);
  });

  it("a project module's relative star import and its own imports are followed", () => {
    const modules = {
      '/project/myapp/__init__.py': '',
      '/project/myapp/db/__init__.py': 'from .types import *\n',
      '/project/myapp/db/types.py': 'import sqlalchemy\nfrom myapp.db.base import Base\n\nclass Code(Base):\n    pass\n',
      '/project/myapp/db/base.py': 'from sqlalchemy import types\n\nclass Base(types.TypeDecorator):\n    impl = types.String(8)\n',
    };
    assert.deepEqual(rendered(column('db.Code()'), modules, 'from myapp import db\n'), ['ALTER TABLE items ADD COLUMN x VARCHAR(8)']);
    // The modules read are the folder's inputs: the editor reads the revisions again when one changes.
    const text = revision('ab12', null, column('db.Code()')).replace('from alembic import op\n', 'from alembic import op\nimport sqlalchemy as sa\nfrom myapp import db\n');
    assert.deepEqual(readRevisions({ [FILE]: text, ...modules }).inputs!.sort(), ['/project/myapp/__init__.py', '/project/myapp/db/__init__.py', '/project/myapp/db/base.py', '/project/myapp/db/types.py']);
  });

  it('a project module or env.py cut off mid-statement is read as far as it goes, without failing the folder', () => {
    const broken: Files = {
      '/project/myapp/__init__.py': '',
      '/project/myapp/db.py': 'from \nimport sqlalchemy as\nclass Code(sa.types.TypeDecorator:\n    impl = sa.Text\n\nclass Blob(sa.types.TypeDecorator):\n    impl = sa.LargeBinary\n',
      '/project/migrations/env.py': 'from alembic import context\ncontext.configure(connection=, transaction_per_migration=True\n',
    };
    const out = rendered([...column('db.Code()'), ...column('db.Blob()')], broken, 'from myapp import db\n');
    assert.equal(out.length, 2);
    assert.equal(out[1], 'ALTER TABLE items ADD COLUMN x BYTEA');
  });

  it("keystone: JsonBlob lives in keystone.common.sql, which the corpus does not hold, so those calls say so; the rest is translated", () => {
    const disk = new DiskFileView();
    const [ref] = discoverFolders([path.join(corpusRoot, 'keystone')], disk);
    const initial = readFolder(ref, disk).migrations.find((m) => m.id === '27e647c0fad4')!;
    const reasons = initial.up.rendered!.flatMap((r) => (r.unanalysed?.includes('JsonBlob') ? [r.unanalysed] : []));
    assert.ok(reasons.length >= 3, JSON.stringify(reasons));
    for (const r of reasons) assert.match(r, /`ks_sql\.JsonBlob` comes from keystone\.common\.sql, which is not among the workspace's files/);
  });
});
