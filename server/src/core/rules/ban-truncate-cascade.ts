import { truncateRule } from './truncateRule';

export const banTruncateCascade = truncateRule(
  {
    id: 'ban-truncate-cascade',
    category: 'destructive',
    defaultSeverity: 'error',
    summary: 'TRUNCATE … CASCADE also empties every table whose foreign keys point at the named ones, recursively.',
    fixable: false,
    equivalents: {
      squawk: 'ban-truncate-cascade',
      'postgres-language-server': 'banTruncateCascade',
      pgfence: 'truncate-cascade',
    },
  },
  true,
  (tables) =>
    `TRUNCATE … CASCADE empties ${tables} and also every table with a foreign key to them, and the tables referencing those, recursively, all under ACCESS EXCLUSIVE locks; name each table to truncate, without CASCADE.`,
);
