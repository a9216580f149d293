// Other linters' own rule test cases (eugene's examples, pgfence's fixtures) through our
// rules: per suite, how many of the cases they expect flagged our equivalent rules flag, and
// how many of their clean cases our equivalent rules flag anyway. The case table and its
// reasons live in test/unit/measure/other-linters.cases.ts, which the tests check.
import { loadParsers } from '../server/src/core/parsers';
import { measureCase, type LinterCase } from '../test/support/otherLinters';
import { eugeneCases, pgfenceCases } from '../test/unit/measure/other-linters.cases';
import { table, type Section } from './util';

export async function run(log: (s: string) => void = () => undefined): Promise<Section> {
  log("other linters' own cases");
  await loadParsers();
  const row = (name: string, cases: LinterCase[]) => {
    const outcomes = cases.map((c) => measureCase(c).outcome);
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    const expectedFlagged = cases.filter((c) => c.expected === 'flagged').length;
    return [name, cases.length, `${count('flagged as expected')} / ${expectedFlagged}`, count('missed'), `${count('extra finding')} / ${cases.length - expectedFlagged}`, cases.filter((c) => c.why).length];
  };
  return {
    title: "Measured against other linters' own cases",
    markdown:
      table(
        ['suite', 'cases', 'flagged as expected', 'missed', 'extra findings on clean cases', 'rows with a documented difference'],
        [row('eugene (examples/E*, W*)', eugeneCases), row('pgfence (tests/fixtures)', pgfenceCases)],
        ['l', 'r', 'r', 'r', 'r', 'r'],
      ) +
      '\n\nA case is one statement their suite expects flagged or clean (a whole file for eugene); "flagged" means one of our rules for their check (its `equivalents` name it, or the row names our rule for the pattern) reported on it. ' +
      'Every case, and why it differs where it does, is a row of `test/unit/measure/other-linters.cases.ts`.\n',
  };
}

if (require.main === module) {
  run().then((s) => console.log(`### ${s.title}\n\n${s.markdown}`));
}
