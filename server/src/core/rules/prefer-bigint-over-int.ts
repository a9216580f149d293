import { widerKey } from './narrowKey';
import { typePreferenceRule } from './preferType';

export const preferBigintOverInt = typePreferenceRule(
  {
    id: 'prefer-bigint-over-int',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'A new key or id column of type integer runs out at 2,147,483,647, and widening it later rewrites the table.',
    fixable: true,
    equivalents: {
      squawk: 'prefer-bigint-over-int',
      'postgres-language-server': 'preferBigintOverInt',
    },
  },
  widerKey({ int4: 'bigint', serial: 'bigserial', serial4: 'bigserial' }, 'a 4-byte integer, which runs out at 2,147,483,647'),
);
