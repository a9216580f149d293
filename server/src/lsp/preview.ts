import { scriptPaths, statementUnits, type FolderAnalysis } from '../core/engine';
import { ancestorsOf, descendantsOf, graphOf, type RevisionGraph } from '../core/graph';
import type { Finding } from '../core/model';
import { lockLabel, predictedLock } from '../core/predictedLock';
import type { MigrationUnit } from '../core/rules/types';
import { mustRunOutsideTransaction } from '../core/sql/ast';
import { LineIndex } from '../core/text/lineIndex';
import type { PreviewMigration, PreviewParams, PreviewPayload, PreviewStatement } from '../../../client/webview/protocol';
import { toRange, toUri } from './convert';

/**
 * The SQL that upgrading or downgrading will send, migration by migration in run order,
 * each statement with the lock it is predicted to take and the findings on it. Built from
 * the server's analysis (unsaved edits included); nothing touches a database.
 */
export function previewPayload(analysis: FolderAnalysis, file: string, params: PreviewParams, pgVersionOf: (file: string) => number): PreviewPayload {
  const { direction } = params;
  const unit = analysis.units.find((u) => scriptPaths(u).includes(file));
  if (!unit) return { direction, migrations: [] };
  const graph = graphOf(analysis.folder);
  const ids = params.to && graph.nodes.has(params.to) ? between(graph, unit.migration.id, params.to) : [unit.migration.id];
  const unitOf = new Map(analysis.units.map((u) => [u.migration, u]));
  const units = ids.flatMap((id) => {
    const found = unitOf.get(graph.nodes.get(id)?.migration ?? unit.migration);
    return found ? [found] : [];
  });
  if (direction === 'down') units.reverse();
  return { direction, migrations: units.map((u) => previewMigration(u, direction, analysis.findings, pgVersionOf)) };
}

/** The revisions from one to the other, both included, bases first: those on a path between them, else all that sort between them. */
function between(graph: RevisionGraph, a: string, b: string): string[] {
  const [low, high] = descendantsOf(graph, b).has(a) ? [b, a] : [a, b];
  const onPath = descendantsOf(graph, low).has(high) ? new Set([low, high, ...[...descendantsOf(graph, low)].filter((id) => ancestorsOf(graph, high).has(id))]) : undefined;
  if (onPath) return graph.order.filter((id) => onPath.has(id));
  const [i, j] = [graph.order.indexOf(a), graph.order.indexOf(b)].sort((x, y) => x - y);
  return graph.order.slice(i, j + 1);
}

function previewMigration(unit: MigrationUnit, direction: 'up' | 'down', findings: Finding[], pgVersionOf: (file: string) => number): PreviewMigration {
  const { migration } = unit;
  const base = { id: migration.id, name: migration.name, path: migration.path, findings: wholeMigrationFindings(unit, findings) };
  const parsed = unit[direction];
  if (!parsed) return { ...base, statements: [], unanalysed: migration.supportsDown ? 'This migration has no downgrade.' : `${migration.format} migrations have no downgrades.` };
  if (parsed.skipped) return { ...base, statements: [], unanalysed: parsed.skipped.reason };
  const { script } = parsed;
  const index = new LineIndex(script.text);
  const uri = toUri(script.path);
  const pgVersion = pgVersionOf(script.path);
  const inFile = findings.filter((f) => f.path === script.path && !f.wholeMigration);
  const statements: PreviewStatement[] = [];
  for (const s of statementUnits(unit)) {
    if (s.direction !== direction) continue;
    const { statement } = s;
    const lock = predictedLock(s, pgVersion);
    statements.push({
      uri,
      range: toRange(index, statement.span),
      sql: statement.text,
      ...(lock ? { strongestLock: lockLabel(lock) } : {}),
      nonTransactional: mustRunOutsideTransaction(statement) || Boolean(statement.rendered?.outsideTransaction),
      findings: inFile
        .filter((f) => f.span.start >= statement.span.start && f.span.end <= statement.span.end + 1)
        .map(({ ruleId, severity, message }) => ({ ruleId, severity, message })),
    });
  }
  return { ...base, statements };
}

/** Findings in the migration's files about it as a whole, shown at its header whichever direction is previewed. */
function wholeMigrationFindings({ migration }: MigrationUnit, findings: Finding[]): PreviewMigration['findings'] {
  const texts = new Map([migration.up, ...(migration.down ? [migration.down] : [])].map((s) => [s.path, s.text]));
  return findings
    .filter((f) => f.wholeMigration && (f.path === migration.path || texts.has(f.path)))
    .map(({ ruleId, severity, message, path, span }) => ({ ruleId, severity, message, uri: toUri(path), range: toRange(new LineIndex(texts.get(path) ?? ''), span) }));
}
