"""teaching competitions and awards (issue 21 §2): competitions, their entrants and the bureau's list of kinds

Revision ID: 0023
Revises: 0024
Create Date: 2026-12-06

An entrant's award is also a row of the teacher's honours; competition_entrant.honour_id links the two.
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0024"
branch_labels = None
depends_on = None

# domain.competitions.DEFAULT_KINDS when this migration was written (a migration never imports the code it outlives)
DEFAULT_KINDS = ("优质课", "基本功", "班主任能力", "说课", "微课", "课件", "论文", "教学设计", "录像课")


def upgrade() -> None:
    kinds = op.create_table(
        "competition_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competition_kind")),
        sa.UniqueConstraint("name", name=op.f("uq_competition_kind_name")),
    )
    op.create_table(
        "competition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("stage", sa.String(length=10), nullable=True),
        sa.Column("organiser", sa.String(length=100), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("next_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["next_id"], ["competition.id"], name=op.f("fk_competition_next_id_competition"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competition")),
    )
    op.create_index(op.f("ix_competition_kind"), "competition", ["kind"], unique=False)
    op.create_index(op.f("ix_competition_start"), "competition", ["start"], unique=False)
    op.create_index(op.f("ix_competition_next_id"), "competition", ["next_id"], unique=False)
    op.create_table(
        "competition_entrant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("selected", sa.Boolean(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=True),
        sa.Column("honour_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["competition_id"],
            ["competition.id"],
            name=op.f("fk_competition_entrant_competition_id_competition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_competition_entrant_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_competition_entrant_school_id_school"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["honour_id"], ["honour.id"], name=op.f("fk_competition_entrant_honour_id_honour"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competition_entrant")),
        sa.UniqueConstraint("competition_id", "teacher_id", name=op.f("uq_competition_entrant_competition_id")),
    )
    for col in ("competition_id", "teacher_id", "school_id", "honour_id"):
        op.create_index(op.f(f"ix_competition_entrant_{col}"), "competition_entrant", [col], unique=False)
    op.bulk_insert(kinds, [{"name": n, "position": i, "version": 1} for i, n in enumerate(DEFAULT_KINDS, 1)])


def downgrade() -> None:
    for col in ("honour_id", "school_id", "teacher_id", "competition_id"):
        op.drop_index(op.f(f"ix_competition_entrant_{col}"), table_name="competition_entrant")
    op.drop_table("competition_entrant")
    op.drop_index(op.f("ix_competition_next_id"), table_name="competition")
    op.drop_index(op.f("ix_competition_start"), table_name="competition")
    op.drop_index(op.f("ix_competition_kind"), table_name="competition")
    op.drop_table("competition")
    op.drop_table("competition_kind")
