// Undos written as the op.* calls `alembic revision --autogenerate` would put in downgrade();
// what has no op of its own runs its SQL through op.execute().
import { CANNOT_INVERT, firstLine, undoSql, type QualifiedName, type Undo } from '../../rules/fixes/invert';

/** A Python string literal (line breaks escaped, as a default's expression may hold them). */
const py = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r/g, '\\r').replace(/\n/g, '\\n')}'`;

const schemaOf = (q: QualifiedName) => (q.schema ? `, schema=${py(q.schema)}` : '');

/** The lines of Python (without indentation) that perform `u`. */
export function undoCall(u: Undo): string[] {
  switch (u.kind) {
    case 'drop':
      if (u.object === 'TABLE') return [`op.drop_table(${py(u.target.name)}${schemaOf(u.target)})`];
      if (u.object === 'INDEX') return [`op.drop_index(${py(u.target.name)}${u.table ? `, table_name=${py(u.table)}` : ''}${schemaOf(u.target)})`];
      break;
    case 'rename':
      if (u.object === 'TABLE') return [`op.rename_table(${py(u.target.name)}, ${py(u.to)}${schemaOf(u.target)})`];
      break;
    case 'alter': {
      const on = (call: string, first: string, rest = '') => [`op.${call}(${first}${rest}${schemaOf(u.table)})`];
      const table = py(u.table.name);
      const c = u.change;
      switch (c.do) {
        case 'drop-column':
          return on('drop_column', `${table}, ${py(c.column)}`);
        case 'drop-constraint':
          return on('drop_constraint', `${py(c.name)}, ${table}`);
        case 'drop-not-null':
        case 'set-not-null':
          return on('alter_column', `${table}, ${py(c.column)}`, `, nullable=${c.do === 'drop-not-null' ? 'True' : 'False'}`);
        case 'drop-default':
          return on('alter_column', `${table}, ${py(c.column)}`, ', server_default=None');
        case 'rename-column':
          return on('alter_column', `${table}, ${py(c.from)}`, `, new_column_name=${py(c.to)}`);
      }
      break;
    }
    case 'cannot':
      return [`# ${CANNOT_INVERT} ${firstLine(u.statement)}`, ...(u.why ? [`#   ${u.why}`] : [])];
  }
  return [`op.execute(${py(undoSql(u))})`];
}
