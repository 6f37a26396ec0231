"""hiring_plan_line.estimate: the computed fraction behind a whole-teacher plan count (issue 18 §3, 测算值)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hiring_plan_line") as batch:
        batch.add_column(sa.Column("estimate", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hiring_plan_line") as batch:
        batch.drop_column("estimate")
