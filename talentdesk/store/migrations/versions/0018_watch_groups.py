"""named school groups (学校分组) and the group each watch rule applies to (issue 22 §3)

Revision ID: 0018
Revises: 0014
Create Date: 2026-12-06

A group holds schools by their attributes (城乡类型, 办学类型, 乡镇, 区县 — each a list, empty = any) and/or a
hand-picked list. watch_rule.group_id: the group the rule applies to; empty keeps the rule as it was (rural_only
still means the schools the settings count as rural).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "school_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("areas", sa.Text(), nullable=True),
        sa.Column("kinds", sa.Text(), nullable=True),
        sa.Column("townships", sa.Text(), nullable=True),
        sa.Column("counties", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_group")),
        sa.UniqueConstraint("name", name=op.f("uq_school_group_name")),
    )
    op.create_table(
        "school_group_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["school_group.id"],
            name=op.f("fk_school_group_member_group_id_school_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_school_group_member_school_id_school"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_group_member")),
        sa.UniqueConstraint("group_id", "school_id", name=op.f("uq_school_group_member_group_id")),
    )
    op.create_index(op.f("ix_school_group_member_school_id"), "school_group_member", ["school_id"], unique=False)
    with op.batch_alter_table("watch_rule") as batch:
        batch.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_watch_rule_group_id_school_group"), "school_group", ["group_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("watch_rule") as batch:
        batch.drop_constraint(batch.f("fk_watch_rule_group_id_school_group"), type_="foreignkey")
        batch.drop_column("group_id")
    op.drop_index(op.f("ix_school_group_member_school_id"), table_name="school_group_member")
    op.drop_table("school_group_member")
    op.drop_table("school_group")
