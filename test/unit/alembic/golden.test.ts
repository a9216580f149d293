import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import '../../support/parser-hook';
import type { Migration, Script } from '../../../server/src/core/model';
import { discoverFolders, DiskFileView, readFolder } from '../../../server/src/core/sources';
import { splitStatements } from '../../../server/src/core/sql/split';
import { repoRoot } from '../../support/paths';

// Golden files are what real Alembic 1.20.0 prints for the fixture revisions
// (`alembic upgrade --sql`, scripts/golden/alembic/regenerate.sh). Compared per statement
// after normalising whitespace runs to one space: SQLAlchemy's line layout (`, \n    ` in
// CREATE TABLE, the indentation kept from triple-quoted strings) is not meaning.
// Alembic's own bookkeeping (alembic_version) and the BEGIN/COMMIT it prints are left out
// of the comparison; the statements between a COMMIT and the next BEGIN must be the ones we
// mark as running outside the transaction.

interface GoldenStatement {
  sql: string;
  outside: boolean;
}

const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim();

function golden(file: string): GoldenStatement[] {
  const text = fs.readFileSync(file, 'utf8').replace(/^--.*$/gm, '');
  let inTransaction = false;
  const out: GoldenStatement[] = [];
  for (const raw of text.split(/;\s*\n/)) {
    const sql = normalise(raw);
    if (!sql) continue;
    if (sql === 'BEGIN' || sql === 'COMMIT') inTransaction = sql === 'BEGIN';
    else if (!sql.includes('alembic_version')) out.push({ sql, outside: !inTransaction });
  }
  return out;
}

function ours(scripts: Script[]): GoldenStatement[] {
  return scripts.flatMap((s) =>
    (s.rendered ?? []).flatMap((r) => {
      assert.equal(r.unanalysed, undefined, `${r.sql}: ${r.unanalysed}`);
      return splitStatements(r.sql).chunks.map((c) => ({ sql: normalise(r.sql.slice(c.span.start, c.span.end)), outside: Boolean(r.outsideTransaction) }));
    }),
  );
}

const casesDir = path.join(repoRoot, 'test', 'fixtures', 'alembic');

describe('alembic rendering against real Alembic', () => {
  for (const name of fs.readdirSync(casesDir)) {
    const dir = path.join(casesDir, name);
    const files = new DiskFileView();
    const read = () => {
      const [ref] = discoverFolders([path.join(dir, 'versions')], files, { maxDepth: 0 });
      assert.equal(ref?.format, 'alembic');
      return readFolder(ref, files).migrations;
    };

    it(`${name}: upgrade renders what alembic upgrade --sql prints`, () => {
      assert.deepEqual(ours(read().map((m) => m.up)), golden(path.join(dir, 'golden.sql')));
    });

    it(`${name}: downgrade renders what alembic downgrade --sql prints`, () => {
      const downs = read()
        .reverse()
        .flatMap((m: Migration) => (m.down ? [m.down] : []));
      assert.deepEqual(
        ours(downs).map((s) => s.sql),
        golden(path.join(dir, 'golden-down.sql')).map((s) => s.sql),
      );
    });
  }
});
