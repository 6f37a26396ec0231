"""deployment (issue 5): rotation years, exclusions, separations, rural honours, watch rules

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

Reserved in the chain so that the areas can be built in parallel; the area's tables are
created here when that area lands (no database has been released before that).
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
