import * as path from 'node:path';
import type { Migration } from '../model';
import type { Rule } from './types';

export const duplicateVersion: Rule = {
  meta: {
    id: 'duplicate-version',
    category: 'layout',
    defaultSeverity: 'error',
    summary: 'Two migrations share a version, so the runner refuses to run or silently skips one of them.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      const byVersion = new Map<string, Migration[]>();
      for (const m of folder.migrations) {
        if (m.repeatable) continue;
        // Runners compare versions as numbers: 0003 and 3 collide, as do 1_10 and 1.10.
        // Alembic compares revision ids as strings; its sortKey is only a position.
        const key = m.sortKey.length && m.format !== 'alembic' ? m.sortKey.join('.') : m.id;
        byVersion.set(key, [...(byVersion.get(key) ?? []), m]);
      }
      for (const group of byVersion.values()) {
        if (group.length < 2) continue;
        for (const m of group) {
          const others = group.filter((o) => o !== m).map((o) => path.relative(folder.path, o.path));
          report({
            path: m.path,
            span: { start: 0, end: 0 },
            message: `Version ${m.id} is also used by ${others.join(', ')}; give this migration a version of its own (usually the next free one).`,
          });
        }
      }
    },
  }),
};
