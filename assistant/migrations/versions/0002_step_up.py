"""step-up confirmation for risky payments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_requests") as batch:
        batch.add_column(
            sa.Column("step_up_required", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("stepped_up_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payment_requests") as batch:
        batch.drop_column("stepped_up_at")
        batch.drop_column("step_up_required")
