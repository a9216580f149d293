import { widerKey } from './narrowKey';
import { typePreferenceRule } from './preferType';

export const preferBigintOverSmallint = typePreferenceRule(
  {
    id: 'prefer-bigint-over-smallint',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'A new key or id column of type smallint runs out at 32,767, and widening it later rewrites the table.',
    fixable: true,
    equivalents: {
      squawk: 'prefer-bigint-over-smallint',
      'postgres-language-server': 'preferBigintOverSmallint',
    },
  },
  widerKey({ int2: 'bigint', smallserial: 'bigserial', serial2: 'bigserial' }, 'a 2-byte integer, which runs out at 32,767'),
);
