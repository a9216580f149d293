import { typeModifier } from '../sql/columns';
import { typePreferenceRule } from './preferType';

export const preferTimestamptz = typePreferenceRule(
  {
    id: 'prefer-timestamptz',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'A new timestamp column without time zone stores wall-clock times whose meaning depends on the session that wrote them.',
    fixable: true,
    equivalents: {
      squawk: 'prefer-timestamptz',
      'postgres-language-server': 'preferTimestamptz',
    },
  },
  ({ column, type }) => {
    if (type !== 'timestamp') return undefined;
    const precision = typeModifier(column.def);
    const replacement = precision === undefined ? 'timestamptz' : `timestamptz(${precision})`;
    return {
      message: `Column ${column.def.colname} of ${column.table} is timestamp without time zone: the same instant written by sessions in different time zones is stored as different values; use ${replacement}.`,
      replacement,
    };
  },
);
