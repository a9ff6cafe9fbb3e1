"""nlu feedback: messages not understood or corrected, for staff review

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nlu_feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), nullable=False, unique=True),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("predicted_intent", sa.String(64)),
        sa.Column("reached_intent", sa.String(64)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("intent", sa.String(64)),
        sa.Column("reviewed_by", sa.String(64)),
        sa.Column("reviewed_at", sa.DateTime()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("nlu_feedback")
