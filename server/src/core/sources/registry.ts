import type { FormatId } from '../model';
import type { FormatAdapter } from './adapter';
import { alembic } from './alembic/adapter';
import { django } from './django/adapter';
import { dbmate } from './dbmate';
import { flyway } from './flyway';
import { golangMigrate } from './golang-migrate';
import { goose } from './goose';
import { plain } from './plain';
import { prisma } from './prisma';
import { supabase } from './supabase';

/** Every format, in the order that breaks a tie in detection: the more specific first. */
export const adapters: readonly FormatAdapter[] = [prisma, flyway, golangMigrate, dbmate, goose, supabase, plain, alembic, django];

export function adapterFor(format: FormatId): FormatAdapter {
  const adapter = adapters.find((a) => a.id === format);
  if (!adapter) throw new Error(`Unknown migration format: ${format}`);
  return adapter;
}
