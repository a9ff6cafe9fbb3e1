"""payment_pauses: new outgoing payments stopped for a while after a scam (issue 16)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_pauses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_payment_pauses_customer_id", "payment_pauses", ["customer_id"])


def downgrade() -> None:
    op.drop_index("ix_payment_pauses_customer_id", "payment_pauses")
    op.drop_table("payment_pauses")
