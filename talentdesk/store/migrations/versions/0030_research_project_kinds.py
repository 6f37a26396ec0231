"""research project kinds (课题类别, issue 21 §5): the bureau's editable list of kinds

Revision ID: 0030
Revises: 0026
Create Date: 2026-12-07

research_project_kind, seeded with the five kinds the register had as a fixed list (重点课题, 一般课题, 专项课题,
青年课题, 自筹课题); the projects keep their kind as text, so nothing else changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0026"
branch_labels = None
depends_on = None

# domain.research.DEFAULT_KINDS when this migration was written (a migration never imports the code it outlives)
DEFAULT_KINDS = ("重点课题", "一般课题", "专项课题", "青年课题", "自筹课题")


def upgrade() -> None:
    kinds = op.create_table(
        "research_project_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_project_kind")),
        sa.UniqueConstraint("name", name=op.f("uq_research_project_kind_name")),
    )
    op.bulk_insert(kinds, [{"name": n, "position": i, "version": 1} for i, n in enumerate(DEFAULT_KINDS, 1)])


def downgrade() -> None:
    op.drop_table("research_project_kind")
