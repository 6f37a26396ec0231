"""permanent redeployment plans (调配方案, issue 22 §2): a plan per school year, its moves, the clerk's edits

Revision ID: 0019
Revises: 0023
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "redeploy_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("doc_number", sa.String(length=30), nullable=True),
        sa.Column("approved_on", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redeploy_plan")),
        sa.UniqueConstraint("school_year", name=op.f("uq_redeploy_plan_school_year")),
    )
    op.create_table(
        "redeploy_move",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("from_school_id", sa.Integer(), nullable=True),
        sa.Column("to_school_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=True),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("cost", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["from_school_id"], ["school.id"], name=op.f("fk_redeploy_move_from_school_id_school")),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_redeploy_move_placement_id_placement"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["redeploy_plan.id"], name=op.f("fk_redeploy_move_plan_id_redeploy_plan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_redeploy_move_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["to_school_id"], ["school.id"], name=op.f("fk_redeploy_move_to_school_id_school")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redeploy_move")),
        sa.UniqueConstraint("plan_id", "teacher_id", name=op.f("uq_redeploy_move_plan_id")),
    )
    op.create_index(op.f("ix_redeploy_move_plan_id"), "redeploy_move", ["plan_id"], unique=False)
    op.create_index(op.f("ix_redeploy_move_teacher_id"), "redeploy_move", ["teacher_id"], unique=False)
    op.create_table(
        "redeploy_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["redeploy_plan.id"], name=op.f("fk_redeploy_edit_plan_id_redeploy_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redeploy_edit")),
    )
    op.create_index(op.f("ix_redeploy_edit_plan_id"), "redeploy_edit", ["plan_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_redeploy_edit_plan_id"), table_name="redeploy_edit")
    op.drop_table("redeploy_edit")
    op.drop_index(op.f("ix_redeploy_move_teacher_id"), table_name="redeploy_move")
    op.drop_index(op.f("ix_redeploy_move_plan_id"), table_name="redeploy_move")
    op.drop_table("redeploy_move")
    op.drop_table("redeploy_plan")
