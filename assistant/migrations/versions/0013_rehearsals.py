"""rehearsals: practice calls, their versions, and the events behind their analytics

Revision ID: 0013_rehearsals
Revises: 0012_lesson_pictures
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_rehearsals"
down_revision = "0012_lesson_pictures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rehearsals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(60), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "rehearsal_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rehearsal_id", sa.Integer(), sa.ForeignKey("rehearsals.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("reading_grade", sa.Float(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime()),
        sa.Column("published_at", sa.DateTime()),
        sa.Column("published_by", sa.String(64)),
        sa.UniqueConstraint("rehearsal_id", "number", name="uq_rehearsal_versions_number"),
    )
    op.create_index("ix_rehearsal_versions_rehearsal_id", "rehearsal_versions", ["rehearsal_id"])
    op.create_table(
        "rehearsal_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rehearsal_id", sa.Integer(), sa.ForeignKey("rehearsals.id"), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("run", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("step", sa.String(40)),
        sa.Column("move", sa.String(30)),
        sa.Column("move_kind", sa.String(10)),
        sa.Column("typed", sa.Boolean()),
        sa.Column("score", sa.Integer()),
        sa.Column("out_of", sa.Integer()),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_rehearsal_events_rehearsal_id", "rehearsal_events", ["rehearsal_id"])
    op.create_index("ix_rehearsal_events_run", "rehearsal_events", ["run"])


def downgrade() -> None:
    op.drop_table("rehearsal_events")
    op.drop_table("rehearsal_versions")
    op.drop_table("rehearsals")
