"""add slug

Revision ID: 3c4d5e6f7a8b
Revises: 1a2b3c4d5e6f
Create Date: 2026-11-10 10:00:00
"""
from alembic import op
import sqlalchemy as sa

# Written on another branch: it also revises 1a2b3c4d5e6f, so the history has two heads.
revision = "3c4d5e6f7a8b"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("posts", sa.Column("slug", sa.String(200)))


def downgrade():
    op.drop_column("posts", "slug")
