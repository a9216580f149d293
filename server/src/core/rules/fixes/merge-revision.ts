import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Fix } from '../../model';

/**
 * A new revision merging `heads`, as `alembic merge heads` writes it from the
 * default template. Its id is derived from the heads rather than random, so
 * the same heads always get the same file.
 */
export function mergeRevisionFix(versionsDir: string, heads: string[]): Fix {
  const revision = createHash('sha1').update([...heads].sort().join(' ')).digest('hex').slice(0, 12);
  const file = path.join(versionsDir, `${revision}_merge_${heads.map((h) => h.slice(0, 6)).join('_')}.py`);
  const text = `"""merge heads

Revision ID: ${revision}
Revises: ${heads.join(', ')}
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '${revision}'
down_revision = (${heads.map((h) => `'${h}'`).join(', ')})
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
`;
  return { title: `Create merge revision ${revision} (as alembic merge heads does)`, edits: [{ path: file, span: { start: 0, end: 0 }, newText: text, create: true }] };
}
