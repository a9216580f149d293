// The team's `tableSizeThresholds`: a lock rule's finding on a big table of the connected
// environment becomes more serious, on a small one less, and says how big the table is.
import type { TableSizeThresholds } from '../config/types';
import type { FolderAnalysis } from '../engine';
import type { Finding, Severity } from '../model';
import { rulesById } from '../rules';
import { locksOf } from '../sql/locks';
import { statementAt } from '../statementAt';
import { describeSize, sizeOf, type TableSize, type TableSizes } from './tableSizes';

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function adjustForTableSizes(
  analysis: FolderAnalysis,
  findings: Finding[],
  sizes: TableSizes,
  thresholds: TableSizeThresholds,
  environment: string,
  pgVersion: (file: string) => number,
): Finding[] {
  if (!hasThresholds(thresholds)) return findings;
  return findings.map((f) => {
    if (rulesById.get(f.ruleId)?.meta.category !== 'locking') return f;
    const hit = statementAt(analysis, f.path, f.span.start);
    if (!hit) return f;
    const tables = locksOf(hit.statement, pgVersion(f.path)).flatMap((l) => {
      const size = l.relation === '*' ? undefined : sizeOf(sizes, l.relation);
      return size ? [{ relation: l.relation, size }] : [];
    });
    // A table the database lacks is new (created by an earlier migration): its size is unknown, the rule's verdict stands.
    if (tables.length === 0) return f;
    // The biggest table decides: a small table beside a big one does not make the lock harmless.
    const verdicts = tables.map((t) => ({ ...t, severity: severityFor(f.severity, t.size, thresholds) }));
    const decisive = verdicts.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a));
    if (decisive.severity === f.severity) return f;
    return { ...f, severity: decisive.severity, message: `${f.message} (${describeSize(decisive.relation, decisive.size)} on ${environment})` };
  });
}

function severityFor(current: Severity, size: TableSize, t: TableSizeThresholds): Severity {
  const over = (limit: number | undefined, value: number) => limit !== undefined && value >= limit;
  if (over(t.errorRows, size.rows) || over(t.errorBytes, size.bytes)) return 'error';
  if (over(t.warningRows, size.rows) || over(t.warningBytes, size.bytes)) return RANK[current] < RANK.warning ? 'warning' : current;
  // Below every threshold that is set: the lock is held briefly, whatever it is.
  return RANK[current] > RANK.info ? 'info' : current;
}

function hasThresholds(t: TableSizeThresholds): boolean {
  return [t.warningRows, t.errorRows, t.warningBytes, t.errorBytes].some((v) => v !== undefined);
}
