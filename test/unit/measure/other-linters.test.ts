// Other linters' own rule test cases, run through our rules (see other-linters.cases.ts for
// the table and test/support/otherLinters.ts for how each case is analysed).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { agreesWithEquivalents, measureCase, type LinterCase } from '../../support/otherLinters';
import { corpusRoot } from '../../support/paths';
import { eugeneCases, pgfenceCases } from './other-linters.cases';

const label = (c: LinterCase) => `${path.basename(path.dirname(c.file))}/${path.basename(c.file)}${c.line ? `:${c.line}` : ''} ${c.theirs} (${c.expected})`;

function suite(name: string, cases: LinterCase[], files: string[]): void {
  describe(`${name}'s own cases`, () => {
    it('has a row for every case file of the suite', () => {
      const covered = new Set(cases.map((c) => c.file));
      assert.deepEqual(files.filter((f) => !covered.has(f)), []);
    });

    for (const c of cases) {
      it(label(c), () => {
        const result = measureCase(c);
        assert.deepEqual(result.reported, [...c.ours].sort(), `reported ${JSON.stringify(result.reported)}; equivalents ${JSON.stringify(result.equivalents)}`);
        if (!agreesWithEquivalents(c, result.equivalents)) assert.ok(c.why, `our equivalents of ${c.theirs} are ${JSON.stringify(result.equivalents)}: say why this case differs`);
      });
    }
  });
}

const sqlFiles = (dir: string) =>
  (fs.readdirSync(path.join(corpusRoot, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.sql'))
    .map((f) => path.join(dir, f))
    .sort();

// eugene's demo/ folder is a tutorial project, not a rule's case.
suite('eugene', eugeneCases, sqlFiles('eugene/eugene/examples').filter((f) => /\/[EW]\d+\//.test(f)));
suite('pgfence', pgfenceCases, sqlFiles('pgfence/tests/fixtures'));
