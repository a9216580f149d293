import { typePreferenceRule } from './preferType';

export const preferJsonb = typePreferenceRule(
  {
    id: 'prefer-jsonb',
    category: 'correctness',
    defaultSeverity: 'info',
    summary: 'A new json column is re-parsed on every access and has no equality operator or GIN indexing; jsonb has both.',
    fixable: true,
    equivalents: {
      eugene: 'E3',
      'postgres-language-server': 'preferJsonb',
      pgfence: 'add-column-json',
    },
  },
  ({ column, type }) =>
    type === 'json'
      ? {
          message: `Column ${column.def.colname} of ${column.table} is json, stored as text and parsed again on every access, with no equality operator (so no DISTINCT, GROUP BY or unique index) and no GIN index; use jsonb unless key order and duplicate keys must be kept.`,
          replacement: 'jsonb',
        }
      : undefined,
);
