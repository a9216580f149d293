import type { Migration, Span } from '../model';
import type { GraphProblem, RevisionGraph } from './types';

type Field = 'revision' | 'down_revision' | 'depends_on';

/**
 * Where an Alembic revision file assigns `field` at module level, a tuple or
 * list over several lines included. Found in the text rather than the syntax
 * tree so that findings can point at it in any format that has one; other
 * formats declare no such line.
 */
function assignment(m: Migration, field: Field): Span | undefined {
  if (m.format !== 'alembic') return undefined;
  const found = new RegExp(`^${field}\\s*(?::[^=\\n]*)?=\\s*(?:\\([^)]*\\)|\\[[^\\]]*\\]|[^\\n]*)`, 'm').exec(m.up.text);
  return found ? { start: found.index, end: found.index + found[0].trimEnd().length } : undefined;
}

/**
 * The `revision = '…'` line (a Django migration's `class Migration` header), where findings
 * about the revision as a whole go; the file's start when there is none.
 */
export function revisionSpan(m: Migration): Span {
  return m.django?.classSpan ?? assignment(m, 'revision') ?? { start: 0, end: 0 };
}

/**
 * The text of `id` inside its quotes in the `field` assignment, which a fix can replace; for
 * a Django migration, the name in its `('app', 'name')` dependency.
 */
export function referenceSpan(m: Migration, field: 'down_revision' | 'depends_on' | 'dependencies', id: string): Span | undefined {
  if (m.django) return dependencySpan(m, id);
  if (field === 'dependencies') return undefined;
  const statement = assignment(m, field);
  if (!statement) return undefined;
  const text = m.up.text.slice(statement.start, statement.end);
  const at = Math.min(...[`'${id}'`, `"${id}"`].map((q) => text.indexOf(q)).filter((i) => i >= 0));
  return Number.isFinite(at) ? { start: statement.start + at + 1, end: statement.start + at + 1 + id.length } : undefined;
}

/** Where `('app', 'name')` names the migration `app.name`: the name inside its quotes. */
function dependencySpan(m: Migration, id: string): Span | undefined {
  const dot = id.indexOf('.');
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pair = new RegExp(`\\(\\s*(['"])${escape(id.slice(0, dot))}\\1\\s*,\\s*(['"])(${escape(id.slice(dot + 1))})\\2`).exec(m.up.text);
  if (!pair) return undefined;
  const start = pair.index + pair[0].length - 1 - pair[3].length;
  return { start, end: start + pair[3].length };
}

/** The field a missing revision is named in, as the finding about it says. */
export const referenceField = (via: 'parent' | 'depends_on' | 'dependencies') => (via === 'parent' ? 'down_revision' : via);

/**
 * Where the finding about a graph problem sits, so the panel can open it there: the reference
 * to a missing revision, else the declaration of the first revision involved.
 */
export function problemSite(graph: RevisionGraph, problem: GraphProblem): { migration: Migration; span: Span } {
  const id = 'id' in problem ? problem.id : problem.ids[0];
  const migration = graph.nodes.get(id)!.migration;
  const reference = problem.kind === 'missing-parent' ? referenceSpan(migration, referenceField(problem.via), problem.missing) : undefined;
  return { migration, span: reference ?? revisionSpan(migration) };
}
