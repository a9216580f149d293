// Issue #3: every rule page gives the safe pattern in SQL and as Alembic code, and hovers
// on Alembic revisions show the latter (see safePattern.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { allRules } from '../../server/src/core/rules';
import { ruleDocPath } from '../../server/src/core/rules/docs';
import { safePattern } from '../../server/src/core/rules/safePattern';

/** Rules whose hazard never comes from an op.* call, so their pages need no Alembic subsection. */
const NO_ALEMBIC_SUBSECTION = new Set([
  // About whether a file could be read at all, not about what a statement does.
  'syntax-error',
  'unanalysable-file',
  'not-analysed', // Alembic-only: its whole section already is Python.
  'orm-in-migration', // Alembic-only as well.
  // About ignore comments, which read the same in SQL and Python.
  'unused-ignore',
  'ignore-missing-reason',
  // File naming in SQL migration folders; Alembic names revisions by id.
  'down-without-up',
  'mixed-migration-formats',
  // The revision graph: fixed in `revision` / `down_revision`, not in op.* calls. The last
  // three are Alembic-only, so their whole section already is Python.
  'duplicate-version',
  'multiple-heads',
  'missing-parent',
  'revision-cycle',
  // Django-only: their safe pattern ends with Django code instead.
  'django-runsql-without-reverse',
  'django-runpython-without-reverse',
  'django-multiple-leaf-nodes',
  'django-duplicate-migration-number',
]);

const safePatternSection = (doc: string) => /^## Safe pattern\s*$([\s\S]*?)(?=^## )/m.exec(doc)?.[1] ?? '';

describe('rule pages: safe pattern per framework', () => {
  it('exempts only rules that have a page', () => {
    for (const id of NO_ALEMBIC_SUBSECTION) assert.ok(fs.existsSync(ruleDocPath(id)), id);
  });

  for (const { meta } of allRules.filter((r) => !NO_ALEMBIC_SUBSECTION.has(r.meta.id))) {
    it(`${meta.id} ends its safe pattern with Alembic code`, () => {
      const section = safePatternSection(fs.readFileSync(ruleDocPath(meta.id), 'utf8'));
      // A "### Django" subsection, where the hazard also comes from Django operations, follows it.
      const subsections = section.split(/^### /m).filter((s) => !/^Django\s*\n/.test(s));
      assert.equal(subsections.filter((s) => /^Alembic\s*\n/.test(s)).length, 1, `${meta.id}: one "### Alembic" in "## Safe pattern"`);
      assert.match(subsections[subsections.length - 1], /^Alembic\s*\n/, `${meta.id}: "### Alembic" comes last, or just before "### Django"`);
      const code = /```python\n([\s\S]*?)```/.exec(subsections[subsections.length - 1])?.[1];
      assert.ok(code?.includes('op.'), `${meta.id}: the Alembic code block uses op.`);
    });
  }

  /** The catalogue rules that fire on SQL Django operations render to, and so carry a Django safe pattern. */
  const ON_DJANGO_OPERATIONS = [
    'require-concurrent-index-creation',
    'ban-concurrent-index-creation-in-transaction',
    'constraint-missing-not-valid',
    'ban-drop-column',
    'ban-drop-table',
    'renaming-column',
    'renaming-table',
    'changing-column-type',
    'adding-required-field',
    'ban-drop-default',
  ];

  for (const { meta } of allRules.filter((r) => r.meta.id.startsWith('django-') || ON_DJANGO_OPERATIONS.includes(r.meta.id))) {
    it(`${meta.id} gives its safe pattern as Django code, which hovers on Django migrations show`, () => {
      const section = safePatternSection(fs.readFileSync(ruleDocPath(meta.id), 'utf8'));
      const django = /^### Django\s*\n([\s\S]*)/m.exec(section)?.[1];
      assert.match(django ?? '', /```python\n[\s\S]*migrations\.[\s\S]*```/, `${meta.id}: a "### Django" subsection with Python code`);
      assert.match(safePattern(meta.id, 'django') ?? '', /```python/);
    });
  }
});
