// Where transaction blocks start and end in a script, and which session settings are in
// effect at each statement: rules about locks held across statements and about timeouts
// read these instead of walking the script again.
import type { Migration } from '../model';
import { nodesOfKind } from './ast';
import type { ParsedScript, Statement } from './script';

const STARTS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);
const ENDS = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_ROLLBACK_PREPARED', 'TRANS_STMT_PREPARE']);

/** `BEGIN` or `START TRANSACTION`. */
export function opensTransaction(s: Statement): boolean {
  return s.kind === 'TransactionStmt' && STARTS.has(s.node?.kind);
}

/** `COMMIT`, `END`, `ROLLBACK`, `ABORT`, `PREPARE TRANSACTION`. */
export function closesTransaction(s: Statement): boolean {
  return s.kind === 'TransactionStmt' && ENDS.has(s.node?.kind);
}

/** Whether the runner opens a transaction around the script itself (explicit BEGIN then nests in it). */
export function runnerWraps(migration: Migration): boolean {
  return migration.transaction === 'wrapped' || migration.transaction === 'auto';
}

/** The explicit BEGIN still open just before statement `index` (the outermost, when they nest). */
export function openBeginBefore(statements: readonly Statement[], index: number): Statement | undefined {
  let open: Statement | undefined;
  for (const s of statements.slice(0, index)) {
    if (opensTransaction(s)) open ??= s;
    else if (closesTransaction(s)) open = undefined;
  }
  return open;
}

/**
 * For each statement, the number of the transaction block it runs in (from 1), or 0 when
 * it runs on its own. `inTransaction` is the engine's map for the same statements; a
 * COMMIT or ROLLBACK closes the block it sits in.
 */
export function transactionBlocks(statements: readonly Statement[], inTransaction: readonly boolean[]): number[] {
  let block = 0;
  let open = false;
  return statements.map((s, i) => {
    if (!inTransaction[i]) {
      open = false;
      return 0;
    }
    if (!open) {
      block++;
      open = true;
    }
    if (closesTransaction(s)) open = false;
    return block;
  });
}

const settingCache = new WeakMap<ParsedScript, Map<string, boolean[]>>();

/**
 * For each statement of the script, whether `setting` (such as `lock_timeout`) holds a
 * non-zero value set by an earlier statement: `SET`, `SET LOCAL` or `SELECT set_config(…)`.
 * `RESET`, `SET … TO DEFAULT` and a zero value turn it off again.
 */
export function settingInEffect(script: ParsedScript, setting: string): boolean[] {
  let bySetting = settingCache.get(script);
  if (!bySetting) settingCache.set(script, (bySetting = new Map()));
  let result = bySetting.get(setting);
  if (!result) {
    let on = false;
    result = script.statements.map((s) => {
      const before = on;
      on = settingAfter(s, setting) ?? on;
      return before;
    });
    bySetting.set(setting, result);
  }
  return result;
}

/** Whether the statement turns `setting` on (true) or off (false); undefined when it does not touch it. */
function settingAfter(s: Statement, setting: string): boolean | undefined {
  if (s.kind === 'VariableSetStmt' && String(s.node?.name).toLowerCase() === setting) {
    if (s.node.kind !== 'VAR_SET_VALUE') return false;
    return !isZero(s.node.args?.[0]?.A_Const);
  }
  if (s.kind !== 'SelectStmt') return undefined;
  let result: boolean | undefined;
  for (const call of nodesOfKind(s.node, 'FuncCall')) {
    const name = call.funcname?.map((n: any) => n?.String?.sval).pop();
    const [key, value] = (call.args ?? []).map((a: any) => a?.A_Const);
    if (name === 'set_config' && String(key?.sval?.sval).toLowerCase() === setting) result = !isZero(value);
  }
  return result;
}

/** `0`, `'0'`, `'0s'`, `'0ms'`: PostgreSQL's way of saying "no timeout". */
function isZero(value: any): boolean {
  if (!value) return false;
  if ('ival' in value) return !value.ival?.ival;
  const text = String(value.sval?.sval ?? value.fval?.fval ?? '');
  return /^\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*$/i.test(text);
}

/**
 * Where a script stands in a transaction that spans migrations (Alembic's default run):
 * what it leaves uncommitted at its end, whether it commits at all, and which of its
 * statements still run in the transaction it started in.
 */
export class CarriedTransaction {
  private readonly blocks: number[];

  constructor(
    private readonly statements: readonly Statement[],
    inTransaction: readonly boolean[],
  ) {
    this.blocks = transactionBlocks(statements, inTransaction);
  }

  /** The statements of the last transaction block when nothing closes it: the next migration runs in it too. */
  uncommittedAtEnd(): Statement[] {
    const n = this.statements.length;
    const last = this.blocks[n - 1];
    if (!last || closesTransaction(this.statements[n - 1])) return [];
    return this.statements.filter((s) => this.blocks[s.index] === last);
  }

  /** Whether something in the script commits (a COMMIT, or a statement run outside any transaction). */
  commits(): boolean {
    return this.statements.some((s) => this.blocks[s.index] === 0 || closesTransaction(s));
  }

  /** Whether statement `index` runs in the transaction that was open when the script began. */
  stillInOpeningTransaction(index: number): boolean {
    return this.blocks.slice(0, index + 1).every((b) => b === 1);
  }
}
