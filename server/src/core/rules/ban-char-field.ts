import { boundedText } from './boundedText';
import { typePreferenceRule } from './preferType';

export const banCharField = typePreferenceRule(
  {
    id: 'ban-char-field',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'A new char(n) column pads values with spaces and compares them ignoring trailing spaces; use text.',
    fixable: true,
    equivalents: {
      squawk: 'ban-char-field',
      'postgres-language-server': 'banCharField',
      pgfence: 'ban-char-field',
    },
  },
  (check) => {
    const { column } = check;
    if (check.type !== 'bpchar') return undefined;
    return {
      message: `Column ${column.def.colname} of ${column.table} is char(n), which pads every value with spaces to its length, ignores trailing spaces in comparisons and is no faster than text; use text (with a CHECK on the length if one matters).`,
      ...boundedText(check),
    };
  },
);
