import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'require-check-before-attach-partition';
const ATTACH = "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";

describe(RULE, () => {
  it('reports ATTACH PARTITION of an existing table with no CHECK constraint', () => {
    const [f, ...rest] = findingsOf(analyze({ text: ATTACH }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: ATTACH.length - 1 });
    assert.match(f.message, /^Attaching events_2024 scans every row of it under an ACCESS EXCLUSIVE lock to check the partition bound;/);
  });

  it('says the parent is locked too before PostgreSQL 12', () => {
    const [f] = findingsOf(analyze({ text: ATTACH }, { pgVersion: 11 }), RULE);
    assert.match(f.message, /before PostgreSQL 12 events is locked ACCESS EXCLUSIVE/);
  });

  it('accepts a partition created earlier in the same script', () => {
    const text = `CREATE TABLE events_2024 (LIKE events);\nINSERT INTO events_2024 SELECT * FROM staging;\n${ATTACH}`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('accepts a CHECK validated in an earlier migration or earlier in the script', () => {
    const check = "ALTER TABLE events_2024 ADD CONSTRAINT b CHECK (at >= '2024-01-01') NOT VALID;";
    const specs = [{ text: check }, { text: 'ALTER TABLE events_2024 VALIDATE CONSTRAINT b;' }, { text: ATTACH }];
    assert.deepEqual(findingsOf(analyze(specs), RULE), []);
    const validated = "ALTER TABLE events_2024 ADD CONSTRAINT b CHECK (at >= '2024-01-01');\n" + ATTACH;
    assert.deepEqual(findingsOf(analyze({ text: validated }), RULE), []);
  });

  it('still reports when the only CHECK is NOT VALID, or on another table', () => {
    const specs = [{ text: "ALTER TABLE events_2024 ADD CONSTRAINT b CHECK (at > '2024-01-01') NOT VALID;" }, { text: ATTACH }];
    assert.equal(findingsOf(analyze(specs), RULE).length, 1);
    const other = [{ text: "ALTER TABLE events_2023 ADD CONSTRAINT b CHECK (at > '2023-01-01');" }, { text: ATTACH }];
    assert.equal(findingsOf(analyze(other), RULE).length, 1);
  });

  it('ignores ALTER INDEX … ATTACH PARTITION and is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER INDEX events_idx ATTACH PARTITION events_2024_idx;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: tiny\n${ATTACH}` }), RULE), []);
  });
});
