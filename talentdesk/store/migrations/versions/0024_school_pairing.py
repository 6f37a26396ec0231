"""school-to-school pairings (issue 21 §3): pairings and groups of schools, their schools and the list of kinds

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-06

Activities and placements get no column: a pairing's activities and exchanged teachers are derived from its schools
and term (domain.school_pairing).
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0022"
branch_labels = None
depends_on = None

# domain.school_pairing.DEFAULT_KINDS when this migration was written (a migration never imports the code it outlives)
DEFAULT_KINDS = ("城乡对口学校一体化", "结对帮扶", "联校办学", "集团化办学", "教共体")


def upgrade() -> None:
    kinds = op.create_table(
        "school_pairing_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_pairing_kind")),
        sa.UniqueConstraint("name", name=op.f("uq_school_pairing_kind_name")),
    )
    op.create_table(
        "school_pairing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("lead_school_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("actions", sa.Text(), nullable=True),
        sa.Column("doc_number", sa.String(length=60), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_school_id"], ["school.id"], name=op.f("fk_school_pairing_lead_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_pairing")),
        sa.UniqueConstraint("name", name=op.f("uq_school_pairing_name")),
    )
    op.create_index(op.f("ix_school_pairing_kind"), "school_pairing", ["kind"], unique=False)
    op.create_index(op.f("ix_school_pairing_lead_school_id"), "school_pairing", ["lead_school_id"], unique=False)
    op.create_index(op.f("ix_school_pairing_start"), "school_pairing", ["start"], unique=False)
    op.create_table(
        "school_pairing_school",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["school_pairing.id"],
            name=op.f("fk_school_pairing_school_pairing_id_school_pairing"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_school_pairing_school_school_id_school"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_pairing_school")),
        sa.UniqueConstraint("pairing_id", "school_id", name=op.f("uq_school_pairing_school_pairing_id")),
    )
    op.create_index(op.f("ix_school_pairing_school_pairing_id"), "school_pairing_school", ["pairing_id"], unique=False)
    op.create_index(op.f("ix_school_pairing_school_school_id"), "school_pairing_school", ["school_id"], unique=False)
    op.bulk_insert(kinds, [{"name": n, "position": i, "version": 1} for i, n in enumerate(DEFAULT_KINDS, 1)])


def downgrade() -> None:
    op.drop_index(op.f("ix_school_pairing_school_school_id"), table_name="school_pairing_school")
    op.drop_index(op.f("ix_school_pairing_school_pairing_id"), table_name="school_pairing_school")
    op.drop_table("school_pairing_school")
    op.drop_index(op.f("ix_school_pairing_start"), table_name="school_pairing")
    op.drop_index(op.f("ix_school_pairing_lead_school_id"), table_name="school_pairing")
    op.drop_index(op.f("ix_school_pairing_kind"), table_name="school_pairing")
    op.drop_table("school_pairing")
    op.drop_table("school_pairing_kind")
