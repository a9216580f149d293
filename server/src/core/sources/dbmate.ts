import { sectionedAdapter } from './sectioned';

/** `{version}_{name}.sql` holding `-- migrate:up` and `-- migrate:down` sections. */
// With transaction:false dbmate still sends the section as one query, so several statements share an implicit transaction.
export const dbmate = sectionedAdapter('dbmate', (_text, up) =>
  up.options.split(/\s+/).includes('transaction:false') ? 'implicit' : 'wrapped',
);
