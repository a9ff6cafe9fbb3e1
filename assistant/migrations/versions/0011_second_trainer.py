"""labels that move money or confirm wait for a second trainer

A label given by one trainer alone under the old rules is not exported until a second
trainer approves it (assistant/nlu_feedback.py, web/trainer.py).

Revision ID: 0011
Revises: 0010_contact_verification
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010_contact_verification"
branch_labels = None
depends_on = None

# web/trainer.NEEDS_SECOND_TRAINER as it was when this revision was written.
NEEDS_SECOND_TRAINER = (
    "affirm", "deny", "transfer_money", "pay_bill", "open_deposit", "proceed_anyway", "move_money",
)  # fmt: skip
feedback = sa.table("nlu_feedback", sa.column("status", sa.String), sa.column("intent", sa.String))


def upgrade() -> None:
    op.execute(
        feedback.update()
        .where(feedback.c.status == "reviewed", feedback.c.intent.in_(NEEDS_SECOND_TRAINER))
        .values(status="awaiting_second")
    )


def downgrade() -> None:
    # Left waiting: code before this revision exports only "reviewed" labels, so these stay
    # out of the training data, which is the safe side.
    pass
