import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf, FOLDER } from '../../support/analyze';
import { alembicSource } from '../../support/revisions';
import { analyzeRevisions, revisionPath } from '../alembic/support';

const RULE = 'duplicate-version';

describe(RULE, () => {
  it('reports every file of a shared version, naming the others', () => {
    const specs = [
      { id: '0003', path: `${FOLDER}/0003_a.up.sql`, text: 'SELECT 1;' },
      { id: '3', path: `${FOLDER}/3_b.up.sql`, text: 'SELECT 2;' },
      { id: '0004', text: 'SELECT 3;' },
    ];
    const findings = findingsOf(analyze(specs), RULE);
    assert.deepEqual(
      findings.map((f) => [f.path, f.span, f.message]),
      [
        [`${FOLDER}/0003_a.up.sql`, { start: 0, end: 0 }, 'Version 0003 is also used by 3_b.up.sql; give this migration a version of its own (usually the next free one).'],
        [`${FOLDER}/3_b.up.sql`, { start: 0, end: 0 }, 'Version 3 is also used by 0003_a.up.sql; give this migration a version of its own (usually the next free one).'],
      ],
    );
    assert.equal(findings[0].severity, 'error');
  });

  it('names files in subfolders by their path in the folder', () => {
    const specs = [
      { format: 'prisma' as const, id: '20240101000000', path: `${FOLDER}/20240101000000_a/migration.sql`, text: 'SELECT 1;' },
      { format: 'prisma' as const, id: '20240101000000', path: `${FOLDER}/20240101000000_b/migration.sql`, text: 'SELECT 1;' },
    ];
    assert.match(findingsOf(analyze(specs), RULE)[0].message, /also used by 20240101000000_b\/migration\.sql/);
  });

  it('compares Alembic revision ids as strings', () => {
    const files = {
      [revisionPath('1a_first.py')]: alembicSource({ id: '1a' }),
      [revisionPath('1a_second.py')]: alembicSource({ id: '1a' }),
      [revisionPath('1b_third.py')]: alembicSource({ id: '1b', parents: ['1a'] }),
    };
    assert.deepEqual(findingsOf(analyzeRevisions(files), RULE).map((f) => f.path), [revisionPath('1a_first.py'), revisionPath('1a_second.py')]);
  });

  it('accepts distinct versions and repeatable migrations', () => {
    assert.deepEqual(findingsOf(analyze([{ text: 'SELECT 1;' }, { text: 'SELECT 2;' }]), RULE), []);
    const repeatables = [
      { format: 'flyway' as const, id: 'views', repeatable: true, path: `${FOLDER}/R__views.sql`, text: 'SELECT 1;' },
      { format: 'flyway' as const, id: 'views', repeatable: true, path: `${FOLDER}/sub/R__views.sql`, text: 'SELECT 1;' },
    ];
    assert.deepEqual(findingsOf(analyze(repeatables), RULE), []);
  });

  it('is silenced by a file-wide ignore directive in the file reported', () => {
    const specs = [
      { id: '1', path: `${FOLDER}/1_a.up.sql`, text: `-- migration-guard-ignore-file ${RULE}: renumbered in prod\nSELECT 1;` },
      { id: '1', path: `${FOLDER}/1_b.up.sql`, text: 'SELECT 2;' },
    ];
    assert.deepEqual(findingsOf(analyze(specs), RULE).map((f) => f.path), [`${FOLDER}/1_b.up.sql`]);
  });
});
