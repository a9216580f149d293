import { hasOption, relationName } from '../sql/ast';
import type { Statement } from '../sql/script';
import type { Rule } from './types';

export const banVacuumFullAndCluster: Rule = {
  meta: {
    id: 'ban-vacuum-full-and-cluster',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'VACUUM FULL and CLUSTER rewrite the whole table under an ACCESS EXCLUSIVE lock that blocks every read and write.',
    fixable: false,
    equivalents: { pgfence: 'vacuum-full' },
  },
  create: () => ({
    statementKinds: ['VacuumStmt', 'ClusterStmt'],
    statement({ statement, direction, createdEarlier }, report) {
      const command = rewritingCommand(statement);
      if (direction !== 'up' || !command) return;
      const tables = command.tables.filter((t) => !createdEarlier(t));
      if (command.tables.length > 0 && tables.length === 0) return;
      const what = tables.length ? tables.join(', ') : command.everything;
      report({
        span: statement.span,
        message: `${command.name} rewrites ${what} under an ACCESS EXCLUSIVE lock that blocks every read and write until the copy is done, which grows with the table; use pg_repack or pg_squeeze instead, outside the migration.`,
      });
    },
  }),
};

interface Rewrite {
  name: string;
  /** Tables named; empty when the command covers every table it can. */
  tables: string[];
  everything: string;
}

function rewritingCommand(s: Statement): Rewrite | undefined {
  const { node } = s;
  if (s.kind === 'VacuumStmt' && node.is_vacuumcmd && hasOption(node.options, 'full')) {
    const tables = (node.rels ?? []).map((r: any) => relationName(r.VacuumRelation?.relation)).filter(Boolean);
    return { name: 'VACUUM FULL', tables, everything: 'every table of the database, one after another' };
  }
  if (s.kind === 'ClusterStmt') {
    return { name: 'CLUSTER', tables: node.relation ? [relationName(node.relation)] : [], everything: 'every table clustered before, one after another' };
  }
  return undefined;
}
