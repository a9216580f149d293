"""index posts by author

Revision ID: 2b3c4d5e6f7a
Revises: 1a2b3c4d5e6f
Create Date: 2026-11-09 10:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "2b3c4d5e6f7a"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None


def upgrade():
    # Blocks every write to posts while the index builds.
    op.create_index("ix_posts_author_id", "posts", ["author_id"])
    op.add_column("posts", sa.Column("published", sa.Boolean(), nullable=False))


def downgrade():
    pass
