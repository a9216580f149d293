// ORM use in a revision body: sessions opened on Alembic's connection, rows changed
// through them, the application's models named. None of it becomes SQL here; each use
// is kept, on its statement, for the orm-in-migration rule (and as a data change).
import type { OrmUse, RenderedStatement, Span } from '../../model';
import type { TypeLookup } from './project';
import type { PyNode } from '../python/parser';
import { dottedName, short, spanOf } from '../python/values';

/** Calls that make a session or a session factory. */
const SESSION_FACTORIES = new Set(['Session', 'sessionmaker', 'scoped_session']);
/** Session methods that write rows. */
const WRITES = new Set(['add', 'add_all', 'delete', 'merge', 'bulk_save_objects', 'bulk_insert_mappings', 'bulk_update_mappings']);
/** Session methods that read, manage the session, or run SQL that is not known here (`execute`). */
const OTHERS = new Set(['query', 'execute', 'get', 'scalars', 'scalar', 'flush', 'commit', 'rollback', 'begin', 'close']);
/** Query methods that turn a query into a write. */
const QUERY_WRITES = new Set(['update', 'delete']);
/** Nested scopes whose code does not run where it is written. */
const NESTED = new Set(['function_definition', 'class_definition', 'lambda']);

export interface OrmUseAt {
  span: Span;
  orm: OrmUse;
  reason: string;
}

/** Tracks the names that hold sessions in one upgrade()/downgrade() body. */
export class OrmReader {
  private readonly sessions = new Set<string>();

  constructor(private readonly types: TypeLookup) {}

  /** `with Session(bind=op.get_bind()) as session:` — the item's call makes a session named `alias`. */
  opensSession(call: PyNode, alias: string | undefined): OrmUseAt | undefined {
    const use = this.sessionFactory(call);
    if (use && alias) this.sessions.add(alias);
    return use;
  }

  /** The ORM uses of one statement, in order; `session = Session(...)` remembers `session`. */
  usesIn(statement: PyNode): OrmUseAt[] {
    const uses: OrmUseAt[] = [];
    const models = new Set<string>();
    const walk = (n: PyNode): void => {
      if (NESTED.has(n.type)) return;
      if (n.type === 'call') {
        const use = this.sessionFactory(n) ?? this.sessionCall(n);
        if (use) uses.push(use);
      } else if (n.type === 'identifier' && !models.has(n.text) && !isAttributeName(n)) {
        const model = this.types.classNamed(n.text);
        if (model?.kind === 'model' && model.module) {
          models.add(n.text);
          const reason = `\`${n.text}\` is the application's model from ${model.module}: the revision uses it as the application defines it when the revision runs, not as the schema stood when the revision was written`;
          uses.push({ span: spanOf(n), orm: 'model', reason });
        }
      }
      for (const c of n.namedChildren) walk(c);
    };
    walk(statement);
    const assigned = assignmentTarget(statement);
    if (assigned && uses.some((u) => u.orm === 'session' && u.span.start === assigned.valueStart)) this.sessions.add(assigned.name);
    return uses;
  }

  private sessionFactory(call: PyNode): OrmUseAt | undefined {
    const fn = call.childForFieldName('function');
    const callee = fn ? dottedName(fn) : undefined;
    const last = callee?.split('.').pop();
    if (!callee || !last || (!SESSION_FACTORIES.has(last) && !this.sessions.has(callee))) return undefined;
    // A factory bound earlier (`Session = sessionmaker()`) makes sessions when called.
    return { span: spanOf(call), orm: 'session', reason: `${short(call.text)} opens an ORM session, whose queries are Python code that Migration Guard does not translate` };
  }

  private sessionCall(call: PyNode): OrmUseAt | undefined {
    const fn = call.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    const method = fn?.childForFieldName('attribute')?.text;
    const name = object && dottedName(object);
    // A session bound in the body, or Flask-SQLAlchemy's `db.session`.
    if (!name || !method || !(this.sessions.has(name) || name.endsWith('.session'))) return undefined;
    if (!WRITES.has(method) && !OTHERS.has(method)) return undefined;
    const writes = WRITES.has(method) || (method === 'query' && chainedWrite(call));
    const what = writes ? 'changes rows through the ORM' : 'reads or manages rows through the ORM';
    return { span: spanOf(call), orm: writes ? 'data' : 'session', reason: `${short(`${name}.${method}(…)`)} ${what}` };
  }
}

/** `session.query(User).filter(…).update(…)`: a write further along the chain. */
function chainedWrite(call: PyNode): boolean {
  for (let n: PyNode | null = call.parent; n && (n.type === 'attribute' || n.type === 'call'); n = n.parent) {
    if (n.type === 'attribute' && QUERY_WRITES.has(n.childForFieldName('attribute')?.text ?? '')) return true;
  }
  return false;
}

/** The `x` of `obj.x`, which names no variable. */
function isAttributeName(n: PyNode): boolean {
  return n.parent?.type === 'attribute' && n.parent.childForFieldName('attribute')?.id === n.id;
}

/** `name = <call>`: the name and where the call starts. */
function assignmentTarget(statement: PyNode): { name: string; valueStart: number } | undefined {
  const a = statement.type === 'expression_statement' ? statement.namedChildren[0] : statement;
  if (a?.type !== 'assignment') return undefined;
  const left = a.childForFieldName('left');
  const right = a.childForFieldName('right');
  return left?.type === 'identifier' && right ? { name: left.text, valueStart: right.startIndex } : undefined;
}

/** The statement a use becomes: no SQL, the reason as what was not translated. */
export function ormStatement(use: OrmUseAt, base: Pick<RenderedStatement, 'comments' | 'outsideTransaction'>): RenderedStatement {
  return { ...base, span: use.span, sql: '', unanalysed: use.reason, orm: use.orm };
}
