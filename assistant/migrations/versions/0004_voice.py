"""voice: speaking profiles, and misheard turns per web session

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voice_profiles",
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id"), primary_key=True),
        sa.Column("rate_wpm", sa.Integer(), nullable=False),
        sa.Column("volume_pct", sa.Integer(), nullable=False),
        sa.Column("pitch", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("web_sessions") as batch:
        batch.add_column(
            sa.Column("voice_misses", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("voice_misses")
    op.drop_table("voice_profiles")
