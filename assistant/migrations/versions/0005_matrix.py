"""matrix channel: sync state, handled events, users, link codes, lesson deliveries

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "matrix_state",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "matrix_events",
        sa.Column("event_id", sa.String(255), primary_key=True),
        sa.Column("handled_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "matrix_users",
        sa.Column("user_id", sa.String(255), primary_key=True),
        sa.Column(
            "sender_id", sa.String(80), sa.ForeignKey("conversations.sender_id"),
            nullable=False, unique=True,
        ),
        sa.Column("room_id", sa.String(255), nullable=False),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id")),
        sa.Column("offered_payloads", sa.Text(), nullable=False),
        sa.Column("subscribed", sa.Boolean(), nullable=False),
        sa.Column("linked_at", sa.DateTime()),
        sa.Column("link_failures", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "matrix_link_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "lesson_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.String(255), sa.ForeignKey("matrix_users.user_id"), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("txn_id", sa.String(80), nullable=False, unique=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime()),
        sa.UniqueConstraint("user_id", "day", name="uq_lesson_deliveries_day"),
    )


def downgrade() -> None:
    for table in (
        "lesson_deliveries", "matrix_link_codes", "matrix_users", "matrix_events", "matrix_state"
    ):
        op.drop_table(table)
