// What the last dry run of each file observed, statement by statement, for the hover. A
// statement is recognised by its text, so edits elsewhere in the file keep its trace and an
// edit of the statement itself drops it.
import type { DryRunResult, Outcome } from '../core/db/dryRun';
import type { Statement } from '../core/sql/script';

export interface Traced {
  environment: string;
  outcome: Outcome;
}

export class LastDryRuns {
  private readonly byFile = new Map<string, { text: string; start: number; traced: Traced }[]>();

  remember(result: DryRunResult, environment: string): void {
    for (const m of result.migrations) {
      const path = m.migration.up.path;
      this.byFile.set(
        path,
        m.statements.map(({ statement, outcome }) => ({ text: statement.text, start: statement.span.start, traced: { environment, outcome } })),
      );
    }
  }

  /** The trace of this statement, the nearest one when the same text occurs twice. */
  of(file: string, statement: Statement): Traced | undefined {
    const same = (this.byFile.get(file) ?? []).filter((e) => e.text === statement.text);
    same.sort((a, b) => Math.abs(a.start - statement.span.start) - Math.abs(b.start - statement.span.start));
    return same[0]?.traced;
  }
}
