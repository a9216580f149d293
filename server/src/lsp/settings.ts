import * as path from 'node:path';
import { DEFAULT_PG_VERSION, type RuleSetting } from '../core/engine';
import type { FormatId } from '../core/model';
import type { WorkspaceOptions } from '../core/workspace';

/** The `migrationGuard.*` settings, as package.json's contributes.configuration declares them. */
export interface Settings {
  pgVersion: number;
  rules: Record<string, RuleSetting>;
  folders: Record<string, FormatId>;
  debounceMs: number;
  /** Opt-in inlay hints; `lockMode` puts each statement's strongest lock after it. */
  inlayHints: { lockMode: boolean };
}

export const DEFAULT_SETTINGS: Settings = { pgVersion: DEFAULT_PG_VERSION, rules: {}, folders: {}, debounceMs: 100, inlayHints: { lockMode: false } };

const SEVERITIES = new Set(['off', 'hint', 'info', 'warning', 'error']);
const FORMATS = new Set(['golang-migrate', 'flyway', 'dbmate', 'goose', 'prisma', 'supabase', 'plain', 'alembic', 'django']);

/** Whatever the client sends, the result is well-formed: bad values fall back to defaults. */
export function readSettings(raw: any): Settings {
  const pick = <T>(obj: any, ok: (v: any) => boolean): Record<string, T> =>
    Object.fromEntries(Object.entries(obj && typeof obj === 'object' ? obj : {}).filter(([, v]) => ok(v))) as Record<string, T>;
  const int = (v: any, min: number, max: number, fallback: number) =>
    Number.isInteger(v) && v >= min && v <= max ? (v as number) : fallback;
  return {
    pgVersion: int(raw?.pgVersion, 9, 19, DEFAULT_SETTINGS.pgVersion),
    rules: pick<RuleSetting>(raw?.rules, (v) => SEVERITIES.has(v)),
    folders: pick<FormatId>(raw?.folders, (v) => FORMATS.has(v)),
    debounceMs: int(raw?.debounceMs, 0, 5000, DEFAULT_SETTINGS.debounceMs),
    inlayHints: { lockMode: raw?.inlayHints?.lockMode === true },
  };
}

export function toWorkspaceOptions(settings: Settings, roots: string[]): WorkspaceOptions {
  const formats: Record<string, FormatId> = {};
  for (const [folder, format] of Object.entries(settings.folders)) {
    for (const root of roots) formats[path.resolve(root, folder)] = format;
  }
  return { pgVersion: settings.pgVersion, rules: settings.rules, formats };
}
