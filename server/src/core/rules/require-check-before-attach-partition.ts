import type { Migration } from '../model';
import { alterCommands, nodesOfKind, relationKey, relationName } from '../sql/ast';
import { parseScript, type Statement } from '../sql/script';
import type { Rule } from './types';

export const requireCheckBeforeAttachPartition: Rule = {
  meta: {
    id: 'require-check-before-attach-partition',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ATTACH PARTITION scans the whole partition under an exclusive lock unless a CHECK constraint already proves its bound.',
    fixable: false,
    equivalents: {},
  },
  // The folder and migration are read only for an ATTACH PARTITION, so that other ALTER TABLE visits are kept.
  create: (context) => {
    const { pgVersion } = context;
    const parsed = new WeakMap<Migration, Statement[]>();
    const upStatements = (m: Migration) => {
      let statements = parsed.get(m);
      if (!statements) parsed.set(m, (statements = parseScript(m.up).statements));
      return statements;
    };
    return {
      statementKinds: ['AlterTableStmt'],
      statement(s, report) {
        const { statement, direction, createdEarlier } = s;
        if (direction !== 'up' || statement.kind !== 'AlterTableStmt' || statement.node.objtype !== 'OBJECT_TABLE') return;
        const attach = alterCommands(statement.node).find((c) => c.subtype === 'AT_AttachPartition');
        const rangeVar = attach?.def?.PartitionCmd?.name;
        if (!rangeVar || createdEarlier(relationName(rangeVar))) return;
        // The CHECK usually comes in an earlier migration, so look there too.
        const { unit } = s;
        const { migrations } = context.folder;
        const earlierMigrations = migrations.slice(0, migrations.indexOf(unit.migration));
        const earlier = [...earlierMigrations.flatMap(upStatements), ...unit.up.statements.slice(0, statement.index)];
        if (earlier.some((s) => provesCheck(s, relationKey(rangeVar)))) return;
        const parent = relationName(statement.node.relation);
        const partition = relationName(rangeVar);
        const parentLock = pgVersion >= 12 ? '' : `, and before PostgreSQL 12 ${parent} is locked ACCESS EXCLUSIVE for as long`;
        report({
          span: statement.span,
          message: `Attaching ${partition} scans every row of it under an ACCESS EXCLUSIVE lock to check the partition bound${parentLock}; first add a CHECK constraint matching the bound (NOT VALID, then VALIDATE CONSTRAINT), so the scan is skipped.`,
        });
      },
    };
  },
};

/** Whether the statement leaves a validated CHECK constraint on `table` (lowercased bare name). */
function provesCheck(s: Statement, table: string): boolean {
  if (s.kind === 'CreateStmt' && relationKey(s.node.relation) === table) {
    return nodesOfKind(s.node.tableElts, 'Constraint').some((c) => c.contype === 'CONSTR_CHECK');
  }
  if (s.kind !== 'AlterTableStmt' || relationKey(s.node.relation) !== table) return false;
  return alterCommands(s.node).some(
    (c) =>
      c.subtype === 'AT_ValidateConstraint' ||
      (c.subtype === 'AT_AddConstraint' && c.def?.Constraint?.contype === 'CONSTR_CHECK' && !c.def.Constraint.skip_validation),
  );
}
