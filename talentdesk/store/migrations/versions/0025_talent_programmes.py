"""talent and cultivation programmes (issue 20 §3, issue 21 §5): programmes, milestones, members

Revision ID: 0025
Revises: 0021
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "talent_programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("cohort", sa.String(length=30), nullable=True),
        sa.Column("organiser", sa.String(length=100), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("target_kind", sa.String(length=10), nullable=True),
        sa.Column("target_level", sa.String(length=10), nullable=True),
        sa.Column("target_text", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talent_programme")),
    )
    op.create_index(op.f("ix_talent_programme_name"), "talent_programme", ["name"], unique=False)
    op.create_index(op.f("ix_talent_programme_start"), "talent_programme", ["start"], unique=False)
    op.create_table(
        "programme_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("done", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["talent_programme.id"],
            name=op.f("fk_programme_milestone_programme_id_talent_programme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_milestone")),
    )
    op.create_index(op.f("ix_programme_milestone_programme_id"), "programme_milestone", ["programme_id"], unique=False)
    op.create_table(
        "programme_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("joined", sa.String(length=10), nullable=True),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["talent_programme.id"],
            name=op.f("fk_programme_member_programme_id_talent_programme"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_programme_member_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_member")),
        sa.UniqueConstraint("programme_id", "teacher_id", name=op.f("uq_programme_member_programme_id")),
    )
    op.create_index(op.f("ix_programme_member_programme_id"), "programme_member", ["programme_id"], unique=False)
    op.create_index(op.f("ix_programme_member_teacher_id"), "programme_member", ["teacher_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_programme_member_teacher_id"), table_name="programme_member")
    op.drop_index(op.f("ix_programme_member_programme_id"), table_name="programme_member")
    op.drop_table("programme_member")
    op.drop_index(op.f("ix_programme_milestone_programme_id"), table_name="programme_milestone")
    op.drop_table("programme_milestone")
    op.drop_index(op.f("ix_talent_programme_start"), table_name="talent_programme")
    op.drop_index(op.f("ix_talent_programme_name"), table_name="talent_programme")
    op.drop_table("talent_programme")
