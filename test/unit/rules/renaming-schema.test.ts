import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'renaming-schema';

describe(RULE, () => {
  it('reports ALTER SCHEMA … RENAME TO on the whole statement', () => {
    const text = 'ALTER SCHEMA reporting RENAME TO analytics;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^Renaming schema reporting to analytics breaks every running instance, function body and search_path/);
  });

  it('accepts renaming a schema created earlier in the same script, whatever its case', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE SCHEMA Staging;\nALTER SCHEMA staging RENAME TO import;' }), RULE), []);
  });

  it('accepts other renames and down scripts', () => {
    const spec = { text: 'ALTER TABLE t RENAME TO u;\nALTER SCHEMA s OWNER TO app;', down: 'ALTER SCHEMA analytics RENAME TO reporting;' };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: only the export job uses it\nALTER SCHEMA a RENAME TO b;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
