"""deployment (issue 5): rotation years, exclusions, proposals, separations, rural honours, situations, watch rules

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

Reserved in the chain so that the areas can be built in parallel; this revision creates the
deployment tables (no database with revision 0003 was released before they were added).
Partial dates are ISO text (String(10)), as in 0001.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rotation_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("planned_end", sa.String(length=10), nullable=True),
        sa.Column("quality_schools", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rotation_year")),
        sa.UniqueConstraint("year", name=op.f("uq_rotation_year_year")),
    )
    op.create_table(
        "watch_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("min_degree", sa.String(length=20), nullable=True),
        sa.Column("min_title", sa.String(length=20), nullable=True),
        sa.Column("age_below", sa.Integer(), nullable=True),
        sa.Column("rural_only", sa.Boolean(), nullable=False),
        sa.Column("situation", sa.String(length=20), nullable=True),
        sa.Column("no_title_years", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_rule")),
    )
    op.create_table(
        "rotation_exclusion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_rotation_exclusion_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["year_id"],
            ["rotation_year.id"],
            name=op.f("fk_rotation_exclusion_year_id_rotation_year"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rotation_exclusion")),
        sa.UniqueConstraint("year_id", "teacher_id", name=op.f("uq_rotation_exclusion_year_id")),
    )
    op.create_index(op.f("ix_rotation_exclusion_teacher_id"), "rotation_exclusion", ["teacher_id"], unique=False)
    op.create_index(op.f("ix_rotation_exclusion_year_id"), "rotation_exclusion", ["year_id"], unique=False)
    op.create_table(
        "rural_honour",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_rural_honour_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rural_honour")),
        sa.UniqueConstraint("teacher_id", "level", name=op.f("uq_rural_honour_teacher_id")),
    )
    op.create_index(op.f("ix_rural_honour_teacher_id"), "rural_honour", ["teacher_id"], unique=False)
    op.create_table(
        "separation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("destination", sa.String(length=100), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], name=op.f("fk_separation_school_id_school")),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_separation_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_separation")),
    )
    op.create_index(op.f("ix_separation_teacher_id"), "separation", ["teacher_id"], unique=False)
    op.create_table(
        "teacher_situation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("since", sa.String(length=10), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_teacher_situation_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher_situation")),
    )
    op.create_index(op.f("ix_teacher_situation_teacher_id"), "teacher_situation", ["teacher_id"], unique=False)
    op.create_table(
        "rotation_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("from_school_id", sa.Integer(), nullable=True),
        sa.Column("to_school_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("planned_end", sa.String(length=10), nullable=True),
        sa.Column("moves_relation", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_school_id"], ["school.id"], name=op.f("fk_rotation_proposal_from_school_id_school")
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_rotation_proposal_placement_id_placement"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_rotation_proposal_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["to_school_id"], ["school.id"], name=op.f("fk_rotation_proposal_to_school_id_school")),
        sa.ForeignKeyConstraint(
            ["year_id"],
            ["rotation_year.id"],
            name=op.f("fk_rotation_proposal_year_id_rotation_year"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rotation_proposal")),
        sa.UniqueConstraint("year_id", "teacher_id", name=op.f("uq_rotation_proposal_year_id")),
    )
    op.create_index(op.f("ix_rotation_proposal_teacher_id"), "rotation_proposal", ["teacher_id"], unique=False)
    op.create_index(op.f("ix_rotation_proposal_year_id"), "rotation_proposal", ["year_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_rotation_proposal_year_id"), table_name="rotation_proposal")
    op.drop_index(op.f("ix_rotation_proposal_teacher_id"), table_name="rotation_proposal")
    op.drop_table("rotation_proposal")
    op.drop_index(op.f("ix_teacher_situation_teacher_id"), table_name="teacher_situation")
    op.drop_table("teacher_situation")
    op.drop_index(op.f("ix_separation_teacher_id"), table_name="separation")
    op.drop_table("separation")
    op.drop_index(op.f("ix_rural_honour_teacher_id"), table_name="rural_honour")
    op.drop_table("rural_honour")
    op.drop_index(op.f("ix_rotation_exclusion_year_id"), table_name="rotation_exclusion")
    op.drop_index(op.f("ix_rotation_exclusion_teacher_id"), table_name="rotation_exclusion")
    op.drop_table("rotation_exclusion")
    op.drop_table("watch_rule")
    op.drop_table("rotation_year")
