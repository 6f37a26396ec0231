"""designation reviews during the term (issue 20 §3): 考核 result and decision (继续保留/撤销/降级)

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-06

名校长 and 名班主任 become designation kinds (a code list, no schema change); existing designations get no review.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "designation_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=True),
        sa.Column("result", sa.String(length=10), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("document", sa.String(length=100), nullable=True),
        sa.Column("end_before", sa.String(length=10), nullable=True),
        sa.Column("successor_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designation.id"],
            name=op.f("fk_designation_review_designation_id_designation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["designation.id"],
            name=op.f("fk_designation_review_successor_id_designation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_designation_review_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation_review")),
    )
    op.create_index(op.f("ix_designation_review_date"), "designation_review", ["date"], unique=False)
    op.create_index(
        op.f("ix_designation_review_designation_id"), "designation_review", ["designation_id"], unique=False
    )
    op.create_index(op.f("ix_designation_review_teacher_id"), "designation_review", ["teacher_id"], unique=False)


def downgrade() -> None:
    op.drop_table("designation_review")
