import type { TypeCheck, TypeVerdict } from './preferType';

/**
 * Judges key columns whose type is one of `wider`'s keys, proposing its value instead.
 * `narrow` completes "… is <narrow>".
 */
export function widerKey(wider: Record<string, string>, narrow: string) {
  return ({ column, isKey, type }: TypeCheck): TypeVerdict | undefined => {
    const replacement = isKey ? wider[type] : undefined;
    if (!replacement) return undefined;
    return {
      message: `Column ${column.def.colname} of ${column.table} is a key or id and ${narrow}; use ${replacement}: widening it later rewrites the table and every table whose foreign key points at it, under an ACCESS EXCLUSIVE lock.`,
      replacement,
    };
  };
}
