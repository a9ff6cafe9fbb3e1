"""lesson_pictures: the pictures lesson steps show

Cleaned picture files (lessons/pictures.py), one row per name and bytes; a version's
content names the hash of the one it shows.

Revision ID: 0012_lesson_pictures
Revises: 0011
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_lesson_pictures"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lesson_pictures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("media_type", sa.String(20), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("name", "sha256", name="uq_lesson_pictures_name_sha256"),
    )
    op.create_index("ix_lesson_pictures_name", "lesson_pictures", ["name"])
    op.create_index("ix_lesson_pictures_sha256", "lesson_pictures", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_lesson_pictures_sha256", "lesson_pictures")
    op.drop_index("ix_lesson_pictures_name", "lesson_pictures")
    op.drop_table("lesson_pictures")
