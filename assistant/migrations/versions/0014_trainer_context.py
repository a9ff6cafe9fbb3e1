"""nlu_feedback.asked: what the assistant said just before a message kept for review

The trainer page shows it beside the message, so the trainer reads the message in its
conversation. NULL for a message kept before this revision: the next harvest fills it in
from Rasa's tracker store while the conversation is still there (assistant/nlu_feedback.py).

Revision ID: 0014_trainer_context
Revises: 0013_rehearsals
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_trainer_context"
down_revision = "0013_rehearsals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nlu_feedback") as table:
        table.add_column(sa.Column("asked", sa.String(1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nlu_feedback") as table:
        table.drop_column("asked")
