"""create posts

Revision ID: 1a2b3c4d5e6f
Revises:
Create Date: 2026-11-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b3c4d5e6f"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "posts",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
    )


def downgrade():
    op.drop_table("posts")
