import { sectionedAdapter } from './sectioned';

/** `{version}_{name}.sql` holding `-- migrate:up` and `-- migrate:down` sections. */
export const dbmate = sectionedAdapter('dbmate', (_text, up) =>
  up.options.split(/\s+/).includes('transaction:false') ? 'none' : 'wrapped',
);
