"""matrix link codes bound to one Matrix user; any number of rows per code;
matrix_users.link_noticed_at (the customer was told on the web)

Codes live ten minutes, so the old table (keyed by the code's hash, which
made a re-issued code collide with an old row) is simply replaced.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("matrix_link_codes")
    op.create_table(
        "matrix_link_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, index=True),
        sa.Column("matrix_user_id", sa.String(255), nullable=False),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
    )
    with op.batch_alter_table("matrix_users") as batch:
        batch.add_column(sa.Column("link_noticed_at", sa.DateTime()))


def downgrade() -> None:
    with op.batch_alter_table("matrix_users") as batch:
        batch.drop_column("link_noticed_at")
    op.drop_table("matrix_link_codes")
    op.create_table(
        "matrix_link_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
    )
