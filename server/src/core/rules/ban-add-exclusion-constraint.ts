import { alterCommandRule } from './alterCommandRule';

export const banAddExclusionConstraint = alterCommandRule(
  {
    id: 'ban-add-exclusion-constraint',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'Adding an EXCLUDE constraint builds its index and checks every row under an ACCESS EXCLUSIVE lock, with no NOT VALID way round.',
    fixable: false,
    equivalents: { eugene: 'E8', pgfence: 'add-constraint-exclude' },
  },
  (cmd, table) =>
    cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_EXCLUSION'
      ? `Adding exclusion constraint${cmd.def.Constraint.conname ? ` ${cmd.def.Constraint.conname}` : ''} builds its index and checks every row of ${table} under an ACCESS EXCLUSIVE lock that blocks every read and write; PostgreSQL has no NOT VALID or USING INDEX form for it, so add it while the table is small, or enforce the rule with a trigger first.`
      : undefined,
);
