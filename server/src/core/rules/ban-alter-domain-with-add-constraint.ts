import { stringList } from '../sql/ast';
import type { Rule } from './types';

export const banAlterDomainWithAddConstraint: Rule = {
  meta: {
    id: 'ban-alter-domain-with-add-constraint',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ALTER DOMAIN … ADD CONSTRAINT without NOT VALID checks every column of every table that uses the domain while blocking writes.',
    fixable: false,
    equivalents: { squawk: 'ban-alter-domain-with-add-constraint', 'postgres-language-server': 'banAlterDomainWithAddConstraint', pgfence: 'ban-alter-domain-add-constraint' },
  },
  create: () => ({
    statementKinds: ['AlterDomainStmt'],
    statement({ statement, direction, unit }, report) {
      const { node } = statement;
      // Subtype C is ADD CONSTRAINT.
      if (direction !== 'up' || statement.kind !== 'AlterDomainStmt' || node.subtype !== 'C' || node.def?.Constraint?.skip_validation) return;
      const domain = stringList(node.typeName).join('.');
      // A domain created in the same script is used by no table that has rows yet.
      const name = stringList(node.typeName).pop();
      const earlier = unit.up.statements.slice(0, statement.index);
      if (earlier.some((s) => s.kind === 'CreateDomainStmt' && stringList(s.node.domainname).pop() === name)) return;
      report({
        span: statement.span,
        message: `Adding a constraint to domain ${domain} checks every row of every table with a column of that type, holding a SHARE lock on each that blocks its writes; add it NOT VALID (new values are checked at once), clean up old rows, then VALIDATE CONSTRAINT in a later migration.`,
      });
    },
  }),
};
