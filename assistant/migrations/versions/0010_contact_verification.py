"""trusted_contacts.verify_hash/verified_at, contact_asks.code_hash/proposed

A trusted contact holds a paused payment only once they have agreed with a code
or link sent to their address; an answer names its request's code and "looks
fine" is confirmed once. Contacts named before this revision have not agreed.

Revision ID: 0010_contact_verification
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_contact_verification"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trusted_contacts") as batch:
        batch.add_column(sa.Column("verify_hash", sa.String(64)))
        batch.add_column(sa.Column("verified_at", sa.DateTime()))
        batch.create_index("ix_trusted_contacts_verify_hash", ["verify_hash"])
    with op.batch_alter_table("contact_asks") as batch:
        batch.add_column(sa.Column("code_hash", sa.String(64)))
        batch.add_column(sa.Column("proposed", sa.String(20)))
        batch.create_index("ix_contact_asks_code_hash", ["code_hash"])


def downgrade() -> None:
    with op.batch_alter_table("contact_asks") as batch:
        batch.drop_index("ix_contact_asks_code_hash")
        batch.drop_column("proposed")
        batch.drop_column("code_hash")
    with op.batch_alter_table("trusted_contacts") as batch:
        batch.drop_index("ix_trusted_contacts_verify_hash")
        batch.drop_column("verified_at")
        batch.drop_column("verify_hash")
