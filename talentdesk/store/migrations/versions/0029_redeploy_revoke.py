"""调配方案 revoked (撤销已批准方案) and carried in the county's data package (issue 22 §2): the revocation's date,
文号, reason, who and when; the 调动 back per move; the county a city database's plan came from (one plan per
county and school year).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("redeploy_plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("county", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("revoked_on", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("revoke_doc", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("revoke_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("revoked_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
        batch_op.drop_constraint("uq_redeploy_plan_school_year", type_="unique")
        batch_op.create_unique_constraint("uq_redeploy_plan_county", ["county", "school_year"])
    with op.batch_alter_table("redeploy_move", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revert_placement_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_redeploy_move_revert_placement_id_placement",
            "placement",
            ["revert_placement_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("redeploy_move", schema=None) as batch_op:
        batch_op.drop_constraint("fk_redeploy_move_revert_placement_id_placement", type_="foreignkey")
        batch_op.drop_column("revert_placement_id")
    with op.batch_alter_table("redeploy_plan", schema=None) as batch_op:
        batch_op.drop_constraint("uq_redeploy_plan_county", type_="unique")
        batch_op.create_unique_constraint("uq_redeploy_plan_school_year", ["school_year"])
        for name in ("revoked_at", "revoked_by", "revoke_reason", "revoke_doc", "revoked_on", "county"):
            batch_op.drop_column(name)
