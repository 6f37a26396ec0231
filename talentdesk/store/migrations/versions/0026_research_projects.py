"""research projects (课题, issue 21 §5): projects and their groups of teachers

Revision ID: 0026
Revises: 0027
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "research_project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("issuer", sa.String(length=100), nullable=True),
        sa.Column("number", sa.String(length=50), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("approved", sa.String(length=10), nullable=False),
        sa.Column("planned_end", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("award", sa.String(length=10), nullable=True),
        sa.Column("concluded", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], name=op.f("fk_research_project_school_id_school")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_project")),
    )
    op.create_index(op.f("ix_research_project_title"), "research_project", ["title"], unique=False)
    op.create_index(op.f("ix_research_project_school_id"), "research_project", ["school_id"], unique=False)
    op.create_index(op.f("ix_research_project_approved"), "research_project", ["approved"], unique=False)
    op.create_table(
        "research_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["research_project.id"],
            name=op.f("fk_research_member_project_id_research_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_research_member_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_member")),
        sa.UniqueConstraint("project_id", "teacher_id", name=op.f("uq_research_member_project_id")),
    )
    op.create_index(op.f("ix_research_member_project_id"), "research_member", ["project_id"], unique=False)
    op.create_index(op.f("ix_research_member_teacher_id"), "research_member", ["teacher_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_research_member_teacher_id"), table_name="research_member")
    op.drop_index(op.f("ix_research_member_project_id"), table_name="research_member")
    op.drop_table("research_member")
    op.drop_index(op.f("ix_research_project_approved"), table_name="research_project")
    op.drop_index(op.f("ix_research_project_school_id"), table_name="research_project")
    op.drop_index(op.f("ix_research_project_title"), table_name="research_project")
    op.drop_table("research_project")
