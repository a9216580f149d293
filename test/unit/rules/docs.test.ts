import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../../server/src/core/rules';
import { packageRoot, ruleDocPath } from '../../../server/src/core/rules/docs';
import type { RuleCategory } from '../../../server/src/core/rules/types';

const HEADINGS = ['What it catches', 'Why it hurts', 'Safe pattern', 'Fix', 'How to silence it', 'Equivalents'];
const CATEGORIES: RuleCategory[] = ['locking', 'transactions', 'destructive', 'data', 'downgrade', 'layout', 'correctness'];
const TOOLS = ['squawk', 'strong_migrations', 'pgfence', 'eugene', 'postgres-language-server'];

describe('rule catalogue', () => {
  it('has unique ids, each rule in a file named for it', () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.match(id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(fs.existsSync(path.join(packageRoot(), 'server', 'src', 'core', 'rules', `${id}.ts`)), id);
    }
  });

  for (const { meta } of allRules) {
    describe(meta.id, () => {
      it('has complete metadata', () => {
        assert.ok(CATEGORIES.includes(meta.category), meta.category);
        assert.ok(['error', 'warning', 'info', 'hint'].includes(meta.defaultSeverity));
        assert.match(meta.summary, /^\S.{20,}\.$/);
        assert.equal(typeof meta.fixable, 'boolean');
        for (const [tool, name] of Object.entries(meta.equivalents)) {
          assert.ok(TOOLS.includes(tool), tool);
          assert.ok(typeof name === 'string' && name.trim().length > 0, tool);
        }
        if (meta.pgVersions) {
          const { min = 0, max = Infinity } = meta.pgVersions;
          assert.ok(min <= max);
        }
      });

      it('has a documentation page with every section', () => {
        const doc = fs.readFileSync(ruleDocPath(meta.id), 'utf8');
        assert.equal(doc.split('\n')[0], `# ${meta.id}`);
        const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim());
        assert.deepEqual(headings, HEADINGS);
        for (const heading of HEADINGS) {
          const body = doc.split(`## ${heading}`)[1].split(/^## /m)[0].trim();
          assert.ok(body.length > 0, `${meta.id}: empty "${heading}"`);
        }
        assert.ok(doc.includes('migration-guard-ignore') || doc.includes('"off"'), `${meta.id}: how to silence it`);
      });

      it('names its equivalents on its page', () => {
        const equivalents = fs.readFileSync(ruleDocPath(meta.id), 'utf8').split('## Equivalents')[1];
        for (const name of Object.values(meta.equivalents).flatMap((n) => n!.split(', '))) {
          assert.ok(equivalents.includes(name), `${meta.id}: ${name}`);
        }
      });

      it('is listed in the catalogue with its severity and fix', () => {
        const readme = fs.readFileSync(path.join(path.dirname(ruleDocPath(meta.id)), 'README.md'), 'utf8');
        const row = readme.split('\n').find((l) => l.startsWith(`| [${meta.id}](${meta.id}.md) |`));
        assert.ok(row, meta.id);
        const cells = row.split('|').map((c) => c.trim());
        assert.deepEqual(cells.slice(2, 5), [meta.category, meta.defaultSeverity, meta.fixable ? 'yes' : 'no']);
      });
    });
  }
});
