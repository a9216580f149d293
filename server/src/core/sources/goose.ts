import { sectionedAdapter } from './sectioned';

// Goose reads this directive anywhere in the file. StatementBegin/StatementEnd
// need no handling: the SQL splitter already keeps dollar-quoted bodies whole.
const NO_TRANSACTION = /^--\s*\+goose\s+NO\s+TRANSACTION\s*$/im;

/** `{version}_{name}.sql` holding `-- +goose Up` and `-- +goose Down` sections. */
export const goose = sectionedAdapter('goose', (text) => (NO_TRANSACTION.test(text) ? 'none' : 'wrapped'));
