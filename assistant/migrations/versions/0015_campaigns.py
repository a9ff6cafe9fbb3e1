"""campaigns, campaign_reach, lesson_deliveries.campaign_id: lessons and practice calls
scheduled for a group of customers

A campaign names a published lesson or practice call, a group and its days; a reach row
is one customer offered it, once. A Matrix daily lesson that delivered a campaign's item
names that campaign, so that a retried send sends the same item.

Revision ID: 0015_campaigns
Revises: 0014_trainer_context
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_campaigns"
down_revision = "0014_trainer_context"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("slug", sa.String(60), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date()),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("cancelled_by", sa.String(64)),
        sa.Column("cancelled_at", sa.DateTime()),
    )
    op.create_table(
        "campaign_reach",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("reached_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime()),
        sa.Column("finished_at", sa.DateTime()),
        sa.UniqueConstraint("campaign_id", "customer_id", name="uq_campaign_reach_customer"),
    )
    op.create_index("ix_campaign_reach_campaign_id", "campaign_reach", ["campaign_id"])
    op.create_index("ix_campaign_reach_customer_id", "campaign_reach", ["customer_id"])
    with op.batch_alter_table("lesson_deliveries") as table:
        table.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
        table.create_foreign_key(
            "fk_lesson_deliveries_campaign_id", "campaigns", ["campaign_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("lesson_deliveries") as table:
        table.drop_constraint("fk_lesson_deliveries_campaign_id", type_="foreignkey")
        table.drop_column("campaign_id")
    op.drop_index("ix_campaign_reach_customer_id", "campaign_reach")
    op.drop_index("ix_campaign_reach_campaign_id", "campaign_reach")
    op.drop_table("campaign_reach")
    op.drop_table("campaigns")
