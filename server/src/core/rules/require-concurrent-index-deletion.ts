import { droppedNames } from '../sql/ast';
import type { ParsedScript } from '../sql/script';
import { concurrentlyFix, keyword } from './fixes/concurrently';
import type { Rule } from './types';

export const requireConcurrentIndexDeletion: Rule = {
  meta: {
    id: 'require-concurrent-index-deletion',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock that blocks every read and write of the table.',
    fixable: true,
    equivalents: {
      squawk: 'require-concurrent-index-deletion',
      strong_migrations: 'remove_index',
      'postgres-language-server': 'requireConcurrentIndexDeletion',
      pgfence: 'drop-index-not-concurrent',
    },
  },
  create: () => ({
    statementKinds: ['DropStmt'],
    statement({ statement, direction, unit }, report) {
      const { node } = statement;
      if (direction !== 'up' || statement.kind !== 'DropStmt' || node.removeType !== 'OBJECT_INDEX' || node.concurrent) return;
      const created = indexesCreated(unit.up);
      const names = droppedNames(node).filter((n) => !((created.get(n[n.length - 1]) ?? Infinity) < statement.index));
      if (names.length === 0) return;
      // PostgreSQL drops only one index at a time concurrently, and never with CASCADE.
      const fixable = droppedNames(node).length === 1 && node.behavior !== 'DROP_CASCADE';
      const fix = fixable && concurrentlyFix(statement, unit.migration, unit.up.statements.length, 'Drop the index concurrently', keyword('INDEX'));
      report({
        span: statement.span,
        message: `Dropping ${names.map((n) => n.join('.')).join(', ')} takes an ACCESS EXCLUSIVE lock on its table, which blocks every read and write until the drop is done and queues all later queries behind it; use DROP INDEX CONCURRENTLY, outside a transaction.`,
        fixes: fix ? [fix] : [],
      });
    },
  }),
};

// Per script rather than a search of the earlier statements per DROP INDEX, which made long scripts quadratic.
const createdByScript = new WeakMap<ParsedScript, Map<string, number>>();

/** Index name → the first statement creating it (the parser has already folded unquoted names). */
function indexesCreated(script: ParsedScript): Map<string, number> {
  let created = createdByScript.get(script);
  if (!created) {
    created = new Map();
    for (const s of script.statements) if (s.kind === 'IndexStmt' && s.node.idxname && !created.has(s.node.idxname)) created.set(s.node.idxname, s.index);
    createdByScript.set(script, created);
  }
  return created;
}
