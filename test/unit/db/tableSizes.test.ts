import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { adjustForTableSizes } from '../../../server/src/core/db/sizeSeverity';
import { describeSize, readTableSizes, type TableSizes } from '../../../server/src/core/db/tableSizes';
import type { FolderAnalysis } from '../../../server/src/core/engine';
import { analyze } from '../../support/analyze';
import { testDb, type TestDb } from './dbTest';

describe('table sizes', () => {
  it('are described briefly', () => {
    assert.equal(describeSize('orders', { rows: 12_345_678, bytes: 3.1 * 1024 ** 3 }), 'orders: 12M rows, 3.1 GB');
    assert.equal(describeSize('tiny', { rows: 3, bytes: 8192 }), 'tiny: 3 rows, 8 kB');
    assert.equal(describeSize('mid', { rows: 1500, bytes: 500 }), 'mid: 1.5k rows, 500 bytes');
  });

  describe('on a real PostgreSQL', () => {
    let db: TestDb;
    beforeEach(async () => (db = await testDb()));
    afterEach(() => db.end());

    it('reads row estimates and total sizes, schema-qualified outside public', async () => {
      await db.admin.query(`
        CREATE TABLE orders (id int PRIMARY KEY, note text);
        INSERT INTO orders SELECT g, repeat('x', 100) FROM generate_series(1, 5000) g;
        CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int);
        ANALYZE orders;`);
      const sizes = await readTableSizes(db.admin);
      assert.equal(sizes.get('orders')?.rows, 5000);
      assert.ok(sizes.get('orders')!.bytes > 5000 * 100, 'table, TOAST and the primary key index counted');
      assert.equal(sizes.get('billing.invoices')?.rows, 0);
    });
  });
});

describe('tableSizeThresholds change the severity of lock rules', () => {
  let analysis: FolderAnalysis;
  before(() => (analysis = analyze([{ text: 'CREATE INDEX orders_note ON orders (note);\nCREATE INDEX t_x ON "Tiny" (x);\nDROP TABLE orders;\n' }])));
  const sizes: TableSizes = new Map([
    ['orders', { rows: 2_000_000, bytes: 900 * 1024 ** 2 }],
    ['Tiny', { rows: 10, bytes: 16_384 }],
  ]);
  const adjust = (thresholds: object) =>
    adjustForTableSizes(analysis, analysis.findings, sizes, thresholds, 'prod', () => 15).map((f) => `${f.ruleId} ${f.severity} ${f.message.replace(/.*\((.*)\)$/, '$1')}`);

  it('raise them on a big table and lower them on a small one, saying how big; other rules stay as they were', () => {
    const before = analysis.findings.map((f) => `${f.ruleId} ${f.severity}`);
    assert.ok(before.includes('require-concurrent-index-creation warning'), before.join('\n'));
    const after = adjust({ errorRows: 1_000_000, warningRows: 1000 });
    assert.ok(after.includes('require-concurrent-index-creation error orders: 2M rows, 900 MB on prod'), after.join('\n'));
    assert.ok(after.includes('require-concurrent-index-creation info Tiny: 10 rows, 16 kB on prod'), after.join('\n'));
    const dropTable = analysis.findings.filter((f) => f.ruleId === 'ban-drop-table').map((f) => f.severity);
    assert.deepEqual(adjust({ errorRows: 1 }).filter((f) => f.startsWith('ban-drop-table')).map((f) => f.split(' ')[1]), dropTable);
  });

  it('leave everything as it is without thresholds', () => {
    assert.deepEqual(adjust({}), analysis.findings.map((f) => `${f.ruleId} ${f.severity} ${f.message.replace(/.*\((.*)\)$/, '$1')}`));
  });
});
