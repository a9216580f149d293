import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import '../../support/parser-hook';
import type { RenderedStatement } from '../../../server/src/core/model';
import { emptyState, projectSettings } from '../../../server/src/core/sources/django/render';
import { repoRoot } from '../../support/paths';
import { fixtureMigrations, renderModule } from './render-support';

// Golden files are what real Django 5.2 `sqlmigrate` prints for the fixture apps
// (scripts/golden/django/regenerate.sh), forwards and --backwards, each migration applied to
// a real PostgreSQL in between as a project's database would be. Django prints one
// statement a line, under a `-- description` header per operation, and the statements it
// defers (indexes, foreign keys) after the last operation; BEGIN/COMMIT only when atomic.

const root = path.join(repoRoot, 'test', 'fixtures', 'django-golden');
/** The order regenerate.sh walks them in: each app's plan, apps by name (each depends only on earlier ones). */
const APPS = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'migrations'))).sort();

interface Golden {
  statements: string[];
  operations: number;
  atomic: boolean;
}

function golden(file: string): Golden {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return {
    statements: lines.filter((l) => l && !l.startsWith('--') && l !== 'BEGIN;' && l !== 'COMMIT;'),
    operations: lines.filter((l, i) => l === '--' && lines[i + 1]?.startsWith('-- ') && lines[i + 2] === '--').length,
    atomic: lines[0] === 'BEGIN;',
  };
}

function ours(statements: RenderedStatement[]): string[] {
  return statements.map((s) => {
    assert.equal(s.unanalysed, undefined, `not rendered: ${s.unanalysed}`);
    return s.sql;
  });
}

describe('django rendering against real sqlmigrate', () => {
  // The settings scripts/golden/django/driver.py configures.
  const state = emptyState(projectSettings({ DEFAULT_AUTO_FIELD: 'django.db.models.BigAutoField' }));
  for (const app of APPS) {
    for (const { name, text } of fixtureMigrations(root, app)) {
      const expected = (suffix: string) => golden(path.join(root, 'golden', app, `${name}${suffix}`));
      let rendered: ReturnType<typeof renderModule> | undefined;
      const render = () => (rendered ??= renderModule(app, name, text, state));

      it(`${app}.${name}: forwards is what sqlmigrate prints`, () => {
        const up = expected('.sql');
        assert.deepEqual(ours(render().up), up.statements);
        assert.equal(new Set(render().up.map((s) => s.span.start)).size <= up.operations, true);
        assert.equal(render().up.every((s) => Boolean(s.outsideTransaction) === !up.atomic), true);
      });

      it(`${app}.${name}: backwards is what sqlmigrate --backwards prints`, () => {
        assert.deepEqual(ours(render().down), expected('.down.sql').statements);
      });
    }
  }
});
