import { typeModifier } from '../sql/columns';
import { boundedText } from './boundedText';
import { typePreferenceRule } from './preferType';

export const preferTextField = typePreferenceRule(
  {
    id: 'prefer-text-field',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'A new varchar(n) column makes raising the limit an ALTER that may rewrite the table; text with a CHECK is changed in place.',
    fixable: true,
    equivalents: {
      squawk: 'prefer-text-field',
      'postgres-language-server': 'preferTextField',
    },
  },
  (check) => {
    const { column } = check;
    const length = typeModifier(column.def);
    if (check.type !== 'varchar' || length === undefined) return undefined;
    return {
      message: `Column ${column.def.colname} of ${column.table} is varchar(${length}): changing that limit later is an ALTER COLUMN TYPE under an ACCESS EXCLUSIVE lock; use text with a CHECK (char_length(…) <= ${length}) constraint, which can be replaced NOT VALID.`,
      ...boundedText(check),
    };
  },
);
