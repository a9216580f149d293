import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatRulesMarkdown } from '../../server/src/cli/format';
import { allChecks } from '../../server/src/core/catalog';
import { repoRoot } from '../support/paths';

const between = (file: string) => /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(fs.readFileSync(path.join(repoRoot, file), 'utf8'))?.[1];

describe('rule tables in the docs', () => {
  it('README.md lists every rule as the code defines it (npm run docs:rules regenerates it)', () => {
    assert.equal(between('README.md'), formatRulesMarkdown(allChecks));
  });

  it('docs/rules/README.md lists every rule as the code defines it', () => {
    assert.equal(between('docs/rules/README.md'), formatRulesMarkdown(allChecks).replaceAll('](docs/rules/', ']('));
  });
});
