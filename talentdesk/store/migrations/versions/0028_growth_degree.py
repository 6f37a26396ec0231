"""growth plans of programme members and degree study (issue 21 §5)

Revision ID: 0028
Revises: 0020
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "growth_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("done", sa.String(length=10), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["programme_member.id"],
            name=op.f("fk_growth_goal_member_id_programme_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_growth_goal_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_growth_goal")),
    )
    op.create_index(op.f("ix_growth_goal_member_id"), "growth_goal", ["member_id"], unique=False)
    op.create_index(op.f("ix_growth_goal_teacher_id"), "growth_goal", ["teacher_id"], unique=False)
    op.create_index(op.f("ix_growth_goal_due"), "growth_goal", ["due"], unique=False)
    op.create_table(
        "degree_study",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("degree", sa.String(length=20), nullable=False),
        sa.Column("academic_degree", sa.String(length=10), nullable=True),
        sa.Column("institution", sa.String(length=100), nullable=True),
        sa.Column("major", sa.String(length=100), nullable=True),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("expected_end", sa.String(length=10), nullable=True),
        sa.Column("leave_months", sa.Integer(), nullable=True),
        sa.Column("tuition_support", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("graduated", sa.String(length=10), nullable=True),
        sa.Column("education_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_degree_study_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["education_id"],
            ["education.id"],
            name=op.f("fk_degree_study_education_id_education"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_degree_study")),
    )
    op.create_index(op.f("ix_degree_study_teacher_id"), "degree_study", ["teacher_id"], unique=False)
    op.create_index(op.f("ix_degree_study_start"), "degree_study", ["start"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_degree_study_start"), table_name="degree_study")
    op.drop_index(op.f("ix_degree_study_teacher_id"), table_name="degree_study")
    op.drop_table("degree_study")
    op.drop_index(op.f("ix_growth_goal_due"), table_name="growth_goal")
    op.drop_index(op.f("ix_growth_goal_teacher_id"), table_name="growth_goal")
    op.drop_index(op.f("ix_growth_goal_member_id"), table_name="growth_goal")
    op.drop_table("growth_goal")
