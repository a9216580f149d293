import { truncateRule } from './truncateRule';

export const banTruncate = truncateRule(
  {
    id: 'ban-truncate',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'TRUNCATE deletes every row of a table for good, under a lock that blocks all reads and writes.',
    fixable: false,
    equivalents: { pgfence: 'truncate' },
  },
  false,
  (tables) =>
    `TRUNCATE deletes every row of ${tables} for good, under an ACCESS EXCLUSIVE lock that blocks every read and write until the migration commits; if the data must go, delete it in batches, or drop the table once the application no longer uses it.`,
);
