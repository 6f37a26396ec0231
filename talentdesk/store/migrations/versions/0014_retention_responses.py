"""management responses to teachers on the watch list; leaving reasons and destinations as codes (issue 22 §3)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SEPARATION_COLUMNS = (
    ("reason_code", 20),
    ("dest_kind", 20),
    ("dest_province", 20),
    ("dest_city", 30),
)


def upgrade() -> None:
    op.create_table(
        "retention_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("talked_on", sa.String(length=10), nullable=True),
        sa.Column("talked_by", sa.String(length=30), nullable=False),
        sa.Column("offered", sa.String(length=200), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("follow_up", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_retention_response_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_response")),
    )
    op.create_index(op.f("ix_retention_response_teacher_id"), "retention_response", ["teacher_id"], unique=False)
    with op.batch_alter_table("separation") as batch:
        for name, length in SEPARATION_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("separation") as batch:
        for name, _length in reversed(SEPARATION_COLUMNS):
            batch.drop_column(name)
    op.drop_index(op.f("ix_retention_response_teacher_id"), table_name="retention_response")
    op.drop_table("retention_response")
