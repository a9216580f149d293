import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import '../../support/parser-hook';
import { discoverFolders, DiskFileView, readFolder } from '../../../server/src/core/sources';
import { withoutBindParameters } from '../../../server/src/core/sources/python/sqlstring';
import { parseScript } from '../../../server/src/core/sql/script';
import { corpusRoot } from '../../support/paths';
import { analyzeRevisions, readRevisions, revision, revisionPath } from './support';

const truth = JSON.parse(fs.readFileSync(path.join(corpusRoot, 'TRUTH.json'), 'utf8')).alembic;
const disk = new DiskFileView();
const corpus = (set: string) => {
  const refs = discoverFolders([path.join(corpusRoot, set)], disk);
  assert.equal(refs.length, 1, JSON.stringify(refs));
  assert.equal(refs[0].format, 'alembic');
  return readFolder(refs[0], disk);
};

describe('Alembic revisions', () => {
  for (const set of ['redash', 'keystone']) {
    it(`${set}: revision, down_revision, branch_labels and depends_on as Alembic reads them`, () => {
      const folder = corpus(set);
      const expected = truth[set];
      assert.equal(folder.migrations.length, expected.revision_count);
      assert.deepEqual(folder.strays, []);
      for (const m of folder.migrations) {
        const down = expected.down_revision[m.id];
        assert.deepEqual(m.parents, down === null ? [] : Array.isArray(down) ? down : [down], m.id);
        assert.deepEqual(m.dependsOn ?? [], expected.depends_on[m.id] ?? [], m.id);
        // TRUTH lists labels as Alembic propagates them along a branch; a file declares them once.
        for (const label of m.branchLabels ?? []) assert.ok(expected.branch_labels[m.id]?.includes(label), m.id);
        if (set === 'keystone') assert.equal(path.relative(folder.path, m.path), expected.files[m.id]);
      }
      const declared = folder.migrations.filter((m) => m.branchLabels).map((m) => [m.id, m.branchLabels]);
      if (set === 'keystone') assert.deepEqual(declared.sort(), [['29e87d24a316', ['expand']], ['e25ffa003242', ['contract']]]);
    });
  }

  it('redash: every statement rendered (op.execute strings included) parses once bind parameters are substituted', () => {
    let count = 0;
    for (const m of corpus('redash').migrations) {
      for (const script of [m.up, m.down]) {
        if (!script) continue;
        for (const s of parseScript(script).statements) {
          if (s.rendered?.unanalysed) continue;
          count++;
          assert.equal(s.error, undefined, `${path.basename(m.path)}: ${s.text}`);
        }
      }
    }
    assert.ok(count > 50, `${count} statements`);
  });

  it('bind parameters become NULL, padded when long enough to keep positions', () => {
    assert.deepEqual(withoutBindParameters('WHERE a = :dashboard_id AND b::text = %(x)s AND c = :id'), {
      sql: 'WHERE a = NULL          AND b::text = NULL  AND c = NULL',
      sameLength: false,
    });
  });

  it('positions are UTF-16 offsets, exact inside a verbatim string literal', () => {
    const text = revision('ab12', null, ['op.execute("UPDATE t SET name = \'é😀\' WHERE x")', 'op.execute("DELETE FROM t")']);
    const [m] = readRevisions({ [revisionPath('ab12_x.py')]: text }).migrations;
    const statements = parseScript(m.up).statements;
    assert.equal(text.slice(statements[1].span.start, statements[1].span.end), 'DELETE FROM t');
    assert.equal(text.slice(statements[0].span.start, statements[0].span.end), "UPDATE t SET name = 'é😀' WHERE x");
  });

  it('names bound at module level are followed; a dynamic down_revision is reported, not guessed', () => {
    const files = {
      [revisionPath('aa_one.py')]: revision('aa', null, ['pass']),
      [revisionPath('bb_two.py')]: revision('bb', null, ['pass']).replace('down_revision = None', 'down_revision = PREV_ID\nPREV_ID = "aa"'),
      [revisionPath('cc_three.py')]: revision('cc', null, ['pass']).replace('down_revision = None', 'down_revision = compute()'),
    };
    const folder = readRevisions(files);
    const byId = new Map(folder.migrations.map((m) => [m.id, m]));
    assert.deepEqual(byId.get('bb')!.parents, ['aa']);
    assert.deepEqual(byId.get('cc')!.parents, []);
    assert.equal(byId.get('cc')!.notAnalysed?.[0].field, 'down_revision');
    const finding = analyzeRevisions(files).findings.find((f) => f.ruleId === 'not-analysed')!;
    assert.match(finding.message, /down_revision .*`compute\(\)`/);
    assert.equal(files[revisionPath('cc_three.py')].slice(finding.span.start, finding.span.end), 'compute()');
  });

  it('a Python syntax error is reported where it is; the rest of the revision is still read', () => {
    const text = revision('ab12', null, ['op.drop_table("a"', 'op.drop_table("b")']);
    const analysis = analyzeRevisions({ [revisionPath('ab12_x.py')]: text });
    const notRead = analysis.findings.filter((f) => f.ruleId === 'not-analysed');
    assert.ok(notRead.some((f) => /Python syntax error/.test(f.message)), JSON.stringify(analysis.findings));
    assert.equal(analysis.folder.migrations[0].id, 'ab12');
  });

  it('empty downgrades are kept and flagged; a missing downgrade() is no down', () => {
    const raise = revision('aa', null, ['pass']).replace('def downgrade():\n    pass', 'def downgrade():\n    """No way back."""\n    raise NotImplementedError()');
    const none = revision('bb', 'aa', ['pass']).replace(/def downgrade[^]*$/, '');
    const [a, b] = readRevisions({ [revisionPath('aa_one.py')]: raise, [revisionPath('bb_two.py')]: none }).migrations;
    assert.equal(a.down?.emptyBody, 'raise');
    assert.deepEqual(a.down?.rendered, []);
    assert.equal(b.down, undefined);
    assert.equal(b.up.emptyBody, 'pass');
  });

  it('a branch on the dialect is read only when PostgreSQL takes it', () => {
    // keystone/common/sql/migrations/versions/27e647c0fad4_initial_version.py guards MySQL- and SQLite-only DDL this way.
    const body = [
      'bind = op.get_bind()',
      "if bind.engine.name == 'mysql':",
      '    op.create_index("mysql_only", "t", ["a"])',
      "elif op.get_bind().dialect.name in ('postgresql', 'postgres'):",
      '    op.create_index("postgres_only", "t", ["b"])',
      'else:',
      '    op.create_index("other", "t", ["c"])',
      "if bind.engine.name != 'sqlite':",
      '    op.create_index("not_sqlite", "t", ["d"])',
      "if (bind.engine.name == 'sqlite'):",
      '    op.create_index("sqlite_only", "t", ["e"])',
      'if use_index:',
      '    op.create_index("maybe", "t", ["f"])',
      'else:',
      '    op.create_index("or_this", "t", ["g"])',
    ];
    const [m] = readRevisions({ [revisionPath('ab12_x.py')]: revision('ab12', null, body) }).migrations;
    const indexes = m.up.rendered!.filter((s) => s.sql).map((s) => /INDEX (\w+)/.exec(s.sql)?.[1]);
    assert.deepEqual(indexes, ['postgres_only', 'not_sqlite', 'maybe', 'or_this']);
  });

  it('op calls it cannot translate are reported once each, with the reason', () => {
    const text = revision('ab12', null, ['op.execute(build_sql())', 'conn = op.get_bind()', 'op.add_column("t", sa.Column("c", MyType()))']);
    const notRead = analyzeRevisions({ [revisionPath('ab12_x.py')]: text }).findings.filter((f) => f.ruleId === 'not-analysed');
    assert.equal(notRead.length, 3);
    assert.deepEqual(
      notRead.map((f) => text.slice(f.span.start, f.span.end)),
      ['op.execute(build_sql())', 'op.get_bind()', 'op.add_column("t", sa.Column("c", MyType()))'],
    );
    assert.match(notRead[2].message, /MyType is not one Migration Guard knows/);
  });
});
