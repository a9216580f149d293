import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EQUIVALENT_TOOLS, equivalentsMarkers, formatEquivalentsTable, formatRulesJson } from '../../server/src/cli/format';
import { allChecks } from '../../server/src/core/catalog';
import { repoRoot } from '../support/paths';

const page = fs.readFileSync(path.join(repoRoot, 'docs', 'coming-from.md'), 'utf8');

describe('docs/coming-from.md', () => {
  for (const tool of EQUIVALENT_TOOLS) {
    it(`maps every ${tool} check the rules name to our rules (npm run docs:rules regenerates it)`, () => {
      const [start, end] = equivalentsMarkers(tool);
      const between = page.slice(page.indexOf(start) + start.length + 1, page.indexOf(end));
      assert.ok(page.includes(start) && page.includes(end), `${tool} markers`);
      assert.equal(between, formatEquivalentsTable(allChecks, tool));
    });
  }

  it('links only to rule pages that exist', () => {
    for (const [, link] of page.matchAll(/\]\((rules\/[^)]+\.md)\)/g)) assert.ok(fs.existsSync(path.join(repoRoot, 'docs', link)), link);
  });
});

describe('rules --format json', () => {
  it("gives each rule's doc page, relative to the repository root, and the page exists", () => {
    const rules = JSON.parse(formatRulesJson(allChecks)) as { id: string; doc: string }[];
    assert.equal(rules.length, allChecks.length);
    for (const rule of rules) {
      assert.equal(rule.doc, `docs/rules/${rule.id}.md`);
      assert.ok(fs.existsSync(path.join(repoRoot, rule.doc)), rule.doc);
    }
  });
});
