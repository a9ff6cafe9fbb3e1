"""micro-classroom: lessons, progress, interceptions, staff

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_requests") as batch:
        batch.add_column(sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("released_at", sa.DateTime(), nullable=True))
    op.create_table(
        "staff_users",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("staff_id", sa.String(64), sa.ForeignKey("staff_users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_staff_sessions_staff_id", "staff_sessions", ["staff_id"])
    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(60), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "lesson_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lesson_id", sa.Integer(), sa.ForeignKey("lessons.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("reading_grade", sa.Float(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime()),
        sa.Column("published_at", sa.DateTime()),
        sa.Column("published_by", sa.String(64)),
        sa.UniqueConstraint("lesson_id", "number", name="uq_lesson_versions_number"),
    )
    op.create_index("ix_lesson_versions_lesson_id", "lesson_versions", ["lesson_id"])
    op.create_table(
        "lesson_progress",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("learner", sa.String(90), nullable=False),
        sa.Column("lesson_id", sa.Integer(), sa.ForeignKey("lessons.id"), nullable=False),
        sa.Column(
            "version_id", sa.Integer(), sa.ForeignKey("lesson_versions.id"), nullable=False
        ),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("learner", "lesson_id", name="uq_lesson_progress_learner"),
    )
    op.create_index("ix_lesson_progress_learner", "lesson_progress", ["learner"])
    op.create_table(
        "interceptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "request_id",
            sa.String(64),
            sa.ForeignKey("payment_requests.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("lesson_slug", sa.String(60)),
        sa.Column("warning", sa.String(400), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("lesson_started", sa.Boolean(), nullable=False),
        sa.Column("callback_requested", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_interceptions_customer_id", "interceptions", ["customer_id"])
    op.create_table(
        "lesson_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lesson_id", sa.Integer(), sa.ForeignKey("lessons.id"), nullable=False),
        sa.Column(
            "version_id", sa.Integer(), sa.ForeignKey("lesson_versions.id"), nullable=False
        ),
        sa.Column("learner", sa.String(90), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("score", sa.Integer()),
        sa.Column("out_of", sa.Integer()),
        sa.Column("interception_id", sa.Integer(), sa.ForeignKey("interceptions.id")),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_lesson_events_lesson_id", "lesson_events", ["lesson_id"])


def downgrade() -> None:
    for table in (
        "lesson_events",
        "interceptions",
        "lesson_progress",
        "lesson_versions",
        "lessons",
        "staff_sessions",
        "staff_users",
    ):
        op.drop_table(table)
    with op.batch_alter_table("payment_requests") as batch:
        batch.drop_column("released_at")
        batch.drop_column("held")
