"""own transfers: the receiving account of a payment request

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_requests") as batch:
        batch.add_column(sa.Column("to_account_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_payment_requests_to_account", "accounts", ["to_account_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("payment_requests") as batch:
        batch.drop_constraint("fk_payment_requests_to_account", type_="foreignkey")
        batch.drop_column("to_account_id")
