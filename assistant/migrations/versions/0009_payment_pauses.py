"""payment_pauses, trusted_contacts, contact_asks, contact_outbox: scam pauses and the trusted contact

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
    op.create_table(
        "trusted_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("address", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime()),
    )
    op.create_index("ix_trusted_contacts_customer_id", "trusted_contacts", ["customer_id"])
    op.create_table(
        "contact_asks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("trusted_contacts.id"), nullable=False),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column(
            "request_id", sa.String(64), sa.ForeignKey("payment_requests.id"), nullable=False
        ),
        sa.Column("answer", sa.String(20)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime()),
        sa.Column("release_after", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_contact_asks_contact_id", "contact_asks", ["contact_id"])
    op.create_index("ix_contact_asks_customer_id", "contact_asks", ["customer_id"])
    op.create_table(
        "contact_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("address", sa.String(255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime()),
    )


def downgrade() -> None:
    op.drop_table("contact_outbox")
    op.drop_index("ix_contact_asks_customer_id", "contact_asks")
    op.drop_index("ix_contact_asks_contact_id", "contact_asks")
    op.drop_table("contact_asks")
    op.drop_index("ix_trusted_contacts_customer_id", "trusted_contacts")
    op.drop_table("trusted_contacts")
    op.drop_index("ix_payment_pauses_customer_id", "payment_pauses")
    op.drop_table("payment_pauses")
