"""编制台账: quota decisions per school and the county's 事业编制 per school year (issue 22 §1)

Each 核定编制 already kept per school, school year and stage (school_year_stat.quota) becomes an opening 核定
decision of that school year, so the ledger gives the same figures as before.

Revision ID: 0015
Revises: 0016
Create Date: 2026-12-06
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0016"
branch_labels = None
depends_on = None

OPENING_DOC = "期初数据"
OPENING_REASON = "由学校学年数据中的核定编制迁入"


def upgrade() -> None:
    op.create_table(
        "quota_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("doc_no", sa.String(length=60), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(length=10), nullable=True),
        sa.Column("to_school_id", sa.Integer(), nullable=True),
        sa.Column("to_stage", sa.String(length=10), nullable=True),
        sa.Column("post_category", sa.String(length=20), nullable=True),
        sa.Column("purpose", sa.String(length=50), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("void", sa.Boolean(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("voided_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], name=op.f("fk_quota_decision_school_id_school")),
        sa.ForeignKeyConstraint(["to_school_id"], ["school.id"], name=op.f("fk_quota_decision_to_school_id_school")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quota_decision")),
    )
    op.create_index(op.f("ix_quota_decision_school_id"), "quota_decision", ["school_id"], unique=False)
    op.create_index(op.f("ix_quota_decision_school_year"), "quota_decision", ["school_year"], unique=False)
    op.create_index(op.f("ix_quota_decision_to_school_id"), "quota_decision", ["to_school_id"], unique=False)
    op.create_table(
        "quota_county",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("total_posts", sa.Integer(), nullable=False),
        sa.Column("education_posts", sa.Integer(), nullable=False),
        sa.Column("doc_no", sa.String(length=60), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quota_county")),
        sa.UniqueConstraint("school_year", name=op.f("uq_quota_county_school_year")),
    )
    _opening_decisions()


def _opening_decisions() -> None:
    bind = op.get_bind()
    stat = sa.table(
        "school_year_stat",
        sa.column("school_id", sa.Integer),
        sa.column("school_year", sa.Integer),
        sa.column("stage", sa.String),
        sa.column("quota", sa.Integer),
    )
    decision = sa.table(
        "quota_decision",
        sa.column("kind", sa.String),
        sa.column("school_year", sa.Integer),
        sa.column("decided_on", sa.Date),
        sa.column("doc_no", sa.String),
        sa.column("count", sa.Integer),
        sa.column("school_id", sa.Integer),
        sa.column("stage", sa.String),
        sa.column("reason", sa.Text),
        sa.column("void", sa.Boolean),
        sa.column("created_at", sa.DateTime),
        sa.column("version", sa.Integer),
    )
    now = dt.datetime.now().replace(microsecond=0)
    rows = [
        dict(
            kind="核定",
            school_year=year,
            decided_on=dt.date(year, 9, 1),
            doc_no=OPENING_DOC,
            count=quota,
            school_id=sid,
            stage=stage,
            reason=OPENING_REASON,
            void=False,
            created_at=now,
            version=1,
        )
        for sid, year, stage, quota in bind.execute(
            sa.select(stat.c.school_id, stat.c.school_year, stat.c.stage, stat.c.quota)
            .where(stat.c.quota.is_not(None))
            .order_by(stat.c.school_year, stat.c.school_id, stat.c.stage)
        )
    ]
    if rows:
        bind.execute(sa.insert(decision), rows)


def downgrade() -> None:
    op.drop_table("quota_county")
    op.drop_index(op.f("ix_quota_decision_to_school_id"), table_name="quota_decision")
    op.drop_index(op.f("ix_quota_decision_school_year"), table_name="quota_decision")
    op.drop_index(op.f("ix_quota_decision_school_id"), table_name="quota_decision")
    op.drop_table("quota_decision")
