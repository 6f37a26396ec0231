"""sign-in lockout per account and place (issue 15 §1): failed sign-ins counted per PC and OS account

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_lockout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=40), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_lockout")),
        sa.UniqueConstraint("login", "place", name=op.f("uq_login_lockout_login")),
    )
    op.create_index(op.f("ix_login_lockout_login"), "login_lockout", ["login"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_login_lockout_login"), table_name="login_lockout")
    op.drop_table("login_lockout")
