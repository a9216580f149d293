import * as path from 'node:path';
import type { GraphProblem } from './types';

/** One line for a problem, with paths relative to `base`: for the CLI and the panel. */
export function describeProblem(problem: GraphProblem, base: string): string {
  switch (problem.kind) {
    case 'missing-parent':
      if (problem.via === 'dependencies') return `${problem.id} depends on ${problem.missing}, but the app has no migration of that name`;
      return `${problem.id} names ${problem.missing} in ${problem.via === 'parent' ? 'its down revisions' : 'depends_on'}, but no revision has that id`;
    case 'cycle':
      return problem.ids.length === 1 ? `${problem.ids[0]} names itself as its own down revision` : `${problem.ids.join(', ')} form a cycle`;
    case 'duplicate-id':
      return `${problem.id} is the id of ${problem.paths.map((p) => path.relative(base, p)).join(', ')}`;
    case 'multiple-leaves':
      return `app ${problem.app} has ${problem.ids.length} leaf migrations, ${problem.ids.join(', ')}: Django refuses to migrate until they are merged`;
    case 'duplicate-number':
      return `${problem.ids.join(', ')} share the number ${problem.number} in app ${problem.app}`;
    case 'duplicate-label':
      return `branch label ${problem.label} is declared by ${problem.ids.join(', ')}${problem.ids.length === 1 ? ' and is also a revision id' : ''}`;
  }
}
