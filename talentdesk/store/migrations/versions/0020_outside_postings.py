"""postings outside the county (issue 22 §2): a placement may go to an outside unit (援藏/援疆/援边/对口支援)
instead of a county school; calls for teachers and each candidate's selection steps

Revision ID: 0020
Revises: 0025
Create Date: 2026-12-06

Existing placements all have a county school: to_school_id only becomes optional, no row changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("placement") as batch:
        batch.alter_column("to_school_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("outside_unit", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("outside_region", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("outside_kind", sa.String(length=20), nullable=True))
    op.create_table(
        "posting_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=False),
        sa.Column("unit_kind", sa.String(length=20), nullable=False),
        sa.Column("announced", sa.String(length=10), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("planned_end", sa.String(length=10), nullable=True),
        sa.Column("places", sa.Integer(), nullable=True),
        sa.Column("document", sa.String(length=60), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posting_call")),
        sa.UniqueConstraint("title", name=op.f("uq_posting_call_title")),
    )
    op.create_index(op.f("ix_posting_call_kind"), "posting_call", ["kind"], unique=False)
    op.create_table(
        "posting_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("applied_on", sa.String(length=10), nullable=False),
        sa.Column("applied_note", sa.String(length=200), nullable=True),
        sa.Column("recommended_on", sa.String(length=10), nullable=True),
        sa.Column("recommended_note", sa.String(length=200), nullable=True),
        sa.Column("assessed_on", sa.String(length=10), nullable=True),
        sa.Column("assessed_note", sa.String(length=200), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("decided_on", sa.String(length=10), nullable=True),
        sa.Column("decision_note", sa.String(length=200), nullable=True),
        sa.Column("placement_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["posting_call.id"], name=op.f("fk_posting_candidate_call_id_posting_call"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_posting_candidate_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name=op.f("fk_posting_candidate_placement_id_placement"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posting_candidate")),
        sa.UniqueConstraint("call_id", "teacher_id", name=op.f("uq_posting_candidate_call_id")),
    )
    op.create_index(op.f("ix_posting_candidate_call_id"), "posting_candidate", ["call_id"], unique=False)
    op.create_index(op.f("ix_posting_candidate_teacher_id"), "posting_candidate", ["teacher_id"], unique=False)


def downgrade() -> None:
    op.drop_table("posting_candidate")
    op.drop_table("posting_call")
    op.execute("DELETE FROM placement WHERE to_school_id IS NULL")
    with op.batch_alter_table("placement") as batch:
        batch.drop_column("outside_kind")
        batch.drop_column("outside_region")
        batch.drop_column("outside_unit")
        batch.alter_column("to_school_id", existing_type=sa.Integer(), nullable=False)
