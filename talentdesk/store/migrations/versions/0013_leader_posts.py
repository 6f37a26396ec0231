"""school leaders' posts (职务) and the bureau's list of post names (issue 20 §1)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# domain.leaders.DEFAULT_NAMES when this migration was written (a migration never imports the code it outlives)
DEFAULT_NAMES = (
    ("党组织书记", "书记"),
    ("校长", "校长"),
    ("园长", "校长"),
    ("党组织副书记", "副书记"),
    ("副校长", "副校长"),
    ("副园长", "副校长"),
    ("校长助理", "校长助理"),
    ("办公室主任", "中层"),
    ("教务主任", "中层"),
    ("德育主任", "中层"),
    ("总务主任", "中层"),
    ("教科室主任", "中层"),
    ("工会主席", "中层"),
    ("年级主任", "年级主任"),
    ("教研组长", "教研组长"),
)


def upgrade() -> None:
    names = op.create_table(
        "leader_post_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("category", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_post_name")),
        sa.UniqueConstraint("name", name=op.f("uq_leader_post_name_name")),
    )
    op.create_table(
        "leader_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("post", sa.String(length=30), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("end_reason", sa.String(length=50), nullable=True),
        sa.Column("recommended", sa.String(length=10), nullable=True),
        sa.Column("evaluation", sa.String(length=30), nullable=True),
        sa.Column("inspected", sa.String(length=10), nullable=True),
        sa.Column("publicised", sa.String(length=10), nullable=True),
        sa.Column("document", sa.String(length=60), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_leader_post_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], name=op.f("fk_leader_post_school_id_school")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_post")),
    )
    op.create_index(op.f("ix_leader_post_teacher_id"), "leader_post", ["teacher_id"], unique=False)
    op.create_index(op.f("ix_leader_post_school_id"), "leader_post", ["school_id"], unique=False)
    op.bulk_insert(
        names,
        [{"name": n, "category": c, "position": i, "version": 1} for i, (n, c) in enumerate(DEFAULT_NAMES, 1)],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_leader_post_school_id"), table_name="leader_post")
    op.drop_index(op.f("ix_leader_post_teacher_id"), table_name="leader_post")
    op.drop_table("leader_post")
    op.drop_table("leader_post_name")
