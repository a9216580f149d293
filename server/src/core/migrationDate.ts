import type { Migration } from './model';

/**
 * When a migration was written, if it says: Alembic's `Create Date:` docstring line, or a
 * version that is a timestamp (dbmate, goose, Prisma, Supabase: `20240108234540`).
 */
export function migrationDate(m: Migration): string | undefined {
  if (m.format === 'alembic') return /^Create Date:[ \t]*(\S.*?)\s*$/m.exec(m.up.text)?.[1];
  const t = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(m.id);
  if (!t) return undefined;
  const [, y, mo, d, h, mi, s = '00'] = t;
  return Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= 31 ? `${y}-${mo}-${d} ${h}:${mi}:${s}` : undefined;
}
