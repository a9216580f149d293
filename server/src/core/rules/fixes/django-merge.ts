import * as path from 'node:path';
import type { Fix, Migration } from '../../model';

/** Django shortens a merge migration's name past this many characters of leaf names. */
const MAX_LEAF_NAMES = 47;

/**
 * The migration `makemigrations --merge` writes for an app's leaves: numbered after the
 * highest number of the app, named after the leaves, depending on them, doing nothing.
 * Django falls back to a timestamp for long names; the leaves' numbers keep it reproducible here.
 */
export function djangoMergeFix(app: string, leaves: Migration[], appMigrations: Migration[]): Fix {
  const highest = Math.max(...appMigrations.map((m) => Number(/^\d+/.exec(m.name)?.[0] ?? 0)));
  const names = leaves.map((l) => l.name).sort();
  const joined = names.join('_');
  const suffix = joined.length > MAX_LEAF_NAMES ? names.map((n) => /^\d+/.exec(n)?.[0] ?? n).join('_') : joined;
  const name = `${String(highest + 1).padStart(4, '0')}_merge_${suffix}`;
  const file = path.join(path.dirname(leaves[0].path), `${name}.py`);
  const text = `from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
${names.map((n) => `        ('${app}', '${n}'),\n`).join('')}    ]

    operations = [
    ]
`;
  return { title: `Create merge migration ${name}.py (as makemigrations --merge does)`, edits: [{ path: file, span: { start: 0, end: 0 }, newText: text, create: true }] };
}
