import { alterCommandRule } from './alterCommandRule';

const SWITCHES: Record<string, string> = {
  AT_SetLogged: 'SET LOGGED copies all of TABLE into a new file and writes every row to the WAL',
  AT_SetUnLogged: 'SET UNLOGGED copies all of TABLE into a new file',
};

export const banSetLoggedUnlogged = alterCommandRule(
  {
    id: 'ban-set-logged-unlogged',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'SET LOGGED and SET UNLOGGED rewrite the whole table under an ACCESS EXCLUSIVE lock that blocks every read and write.',
    fixable: false,
    equivalents: { pgfence: 'set-logged-unlogged' },
  },
  (cmd, table) =>
    SWITCHES[cmd.subtype] &&
    `${SWITCHES[cmd.subtype].replace('TABLE', table)} under an ACCESS EXCLUSIVE lock that blocks every read and write until the copy is done; do it in a maintenance window, or build a new table and swap it in.`,
);
