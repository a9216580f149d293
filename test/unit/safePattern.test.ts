import * as assert from 'node:assert/strict';
import { safePattern } from '../../server/src/core/rules/safePattern';

describe('safePattern', () => {
  it('gives SQL files the section up to its first subsection', () => {
    const sql = safePattern('require-concurrent-index-creation', 'sql') ?? '';
    assert.ok(sql.startsWith('Build the index concurrently'), sql);
    assert.match(sql, /CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx/);
    assert.match(sql, /-- \+goose NO TRANSACTION/);
    assert.doesNotMatch(sql, /###|op\.create_index|## Fix/);
  });

  it('gives Alembic revisions the Alembic subsection alone', () => {
    const alembic = safePattern('require-concurrent-index-creation', 'alembic') ?? '';
    assert.ok(alembic.startsWith('```python'), alembic);
    assert.match(alembic, /with op\.get_context\(\)\.autocommit_block\(\):\n {4}op\.create_index\(.*postgresql_concurrently=True/);
    assert.doesNotMatch(alembic, /###|```sql|goose|## Fix/);
  });

  it('falls back to the SQL part when the page has no Alembic subsection', () => {
    const sql = safePattern('down-without-up', 'sql');
    assert.ok(sql?.includes('0008_add_index.down.sql'), sql);
    assert.equal(safePattern('down-without-up', 'alembic'), sql);
  });

  it('is undefined for a rule without a page', () => {
    assert.equal(safePattern('no-such-rule', 'alembic'), undefined);
  });
});
