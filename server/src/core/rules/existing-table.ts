// The ALTER TABLE commands of an up migration that touch a table other sessions may be
// using: one the script did not create itself. Lock and rewrite rules start from here.
import type { Span } from '../model';
import { alterCommands, relationName } from '../sql/ast';
import { columnFill, type ColumnFill } from '../sql/column-def';
import type { Statement } from '../sql/script';
import { commandSpans } from './alterCommandRule';
import type { StatementUnit } from './types';

/** What rewriting a table in ALTER TABLE costs, for messages: "… so PostgreSQL ${REWRITES_TABLE}". */
export const REWRITES_TABLE = 'rewrites the whole table under an ACCESS EXCLUSIVE lock that blocks every read and write until it finishes';

export interface ExistingTableAlter {
  /** As written (`schema.table`). */
  table: string;
  /** The statement's RangeVar, for catalog lookups and for writing the name back. */
  relation: any;
  commands: AlterCommand[];
}

export interface AlterCommand {
  /** The AlterTableCmd body. */
  cmd: any;
  /** File offsets of the command's text (`ADD COLUMN …`), or of the whole statement when they cannot be told apart. */
  span: Span;
  /** Whether `span` is the command's own text, which a fix may replace. */
  exact: boolean;
}

function alterTableCommands(statement: Statement): AlterCommand[] {
  const cmds = alterCommands(statement.node);
  const spans = commandSpans(statement, cmds.length);
  return cmds.map((cmd, i) => ({ cmd, span: spans[i] ?? statement.span, exact: spans[i] !== undefined }));
}

export function alterOfExistingTable({ statement, direction, createdEarlier }: StatementUnit): ExistingTableAlter | undefined {
  if (direction !== 'up' || statement.kind !== 'AlterTableStmt' || statement.node.objtype !== 'OBJECT_TABLE') return undefined;
  const table = relationName(statement.node.relation);
  if (createdEarlier(table)) return undefined;
  return { table, relation: statement.node.relation, commands: alterTableCommands(statement) };
}

export interface AddedColumn {
  def: any;
  fill: ColumnFill;
  span: Span;
}

/** The ADD COLUMN commands of an ALTER TABLE, with what fills the new column's existing rows. */
export function addedColumns(alter: ExistingTableAlter): AddedColumn[] {
  return alter.commands
    .filter(({ cmd }) => cmd.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef)
    .map(({ cmd, span }) => ({ def: cmd.def.ColumnDef, fill: columnFill(cmd.def.ColumnDef), span }));
}
