// Whether a column default is evaluated once (stable or immutable: stored in the catalog,
// no rewrite from PostgreSQL 11) or once per row (volatile: every existing row is written).
import { nodesOfKind, stringList } from './ast';

// Volatile functions commonly used as column defaults.
const KNOWN_VOLATILE = new Set([
  'random',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
  'nextval',
]);

// Stable or immutable functions commonly used as defaults: they are evaluated once, so no rewrite.
const KNOWN_NOT_VOLATILE = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_setting',
  'lower',
  'upper',
  'to_jsonb',
  'jsonb_build_object',
  'jsonb_build_array',
  'json_build_object',
  'json_build_array',
  'array_fill',
  'make_interval',
  'make_date',
  'to_timestamp',
  'timezone',
  'date_trunc',
]);

/** Whether `fn` is a function known to be volatile (rather than merely not known to be stable). */
export function isKnownVolatile(fn: string): boolean {
  return KNOWN_VOLATILE.has(fn);
}

/**
 * The first function in a default that may be volatile, or undefined when none is.
 * PostgreSQL creates functions VOLATILE unless told otherwise, so an unknown one is suspect.
 */
export function volatileCall(expr: unknown): string | undefined {
  for (const call of nodesOfKind(expr, 'FuncCall')) {
    const name = stringList(call.funcname).pop()?.toLowerCase() ?? '';
    if (!KNOWN_NOT_VOLATILE.has(name)) return name;
  }
  return undefined;
}
