"""the bureau's list of honour names and the texts mapped to it (issue 17 §2)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# domain.honours.DEFAULT_NAMES when this migration was written (a migration never imports the code it outlives)
DEFAULT_NAMES = ("优秀教师", "优秀班主任", "优秀教育工作者", "师德标兵", "模范教师", "最美教师", "教学能手")


def upgrade() -> None:
    names = op.create_table(
        "honour_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honour_name")),
        sa.UniqueConstraint("name", name=op.f("uq_honour_name_name")),
    )
    op.create_table(
        "honour_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("name_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["name_id"], ["honour_name.id"], name=op.f("fk_honour_alias_name_id_honour_name"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honour_alias")),
        sa.UniqueConstraint("text", name=op.f("uq_honour_alias_text")),
    )
    op.create_index(op.f("ix_honour_alias_name_id"), "honour_alias", ["name_id"], unique=False)
    op.bulk_insert(names, [{"name": n, "position": i, "version": 1} for i, n in enumerate(DEFAULT_NAMES, 1)])


def downgrade() -> None:
    op.drop_index(op.f("ix_honour_alias_name_id"), table_name="honour_alias")
    op.drop_table("honour_alias")
    op.drop_table("honour_name")
