"""research roles and networks (issue 21 §4): roles a teacher holds besides the post, studio outputs, 二级工作室

Revision ID: 0027
Revises: 0029
Create Date: 2026-12-06

research_role (兼职教研员, 蒲公英导师, 评委库 … with subject, level, term, appointing body) and its list of names
research_role_kind; studio_output (研训课 x 节, 微讲座 x 堂 …) and its list studio_output_kind; studio.parent_id
(a 二级工作室 under a studio of a higher or the same level), added in place so the studios' members, records and
activities stay.
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision = "0027"
down_revision = "0029"
branch_labels = None
depends_on = None

# domain.research_roles defaults when this migration was written (a migration never imports the code it outlives)
DEFAULT_ROLES = ("兼职教研员", "学科教研员", "蒲公英导师", "教研坊主", "研究会会员", "评委库")
DEFAULT_OUTPUT_KINDS = (
    ("研训课", "节"),
    ("微讲座", "堂"),
    ("送教", "次"),
    ("示范课", "节"),
    ("专题讲座", "场"),
    ("论文", "篇"),
    ("课题", "项"),
    ("培训人次", "人次"),
)


def upgrade() -> None:
    roles = op.create_table(
        "research_role_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_role_kind")),
        sa.UniqueConstraint("name", name=op.f("uq_research_role_kind_name")),
    )
    op.create_table(
        "research_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("appointer", sa.String(length=100), nullable=True),
        sa.Column("doc_no", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_research_role_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_role")),
    )
    for col in ("teacher_id", "role", "start"):
        op.create_index(op.f(f"ix_research_role_{col}"), "research_role", [col], unique=False)
    outputs = op.create_table(
        "studio_output_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studio_output_kind")),
        sa.UniqueConstraint("name", name=op.f("uq_studio_output_kind_name")),
    )
    op.create_table(
        "studio_output",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("studio_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["studio_id"], ["studio.id"], name=op.f("fk_studio_output_studio_id_studio"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studio_output")),
    )
    for col in ("studio_id", "date"):
        op.create_index(op.f(f"ix_studio_output_{col}"), "studio_output", [col], unique=False)
    _studio_copied(lambda batch: _add_parent(batch))
    op.bulk_insert(roles, [{"name": n, "position": i, "version": 1} for i, n in enumerate(DEFAULT_ROLES, 1)])
    op.bulk_insert(
        outputs,
        [{"name": n, "unit": u, "position": i, "version": 1} for i, (n, u) in enumerate(DEFAULT_OUTPUT_KINDS, 1)],
    )


def downgrade() -> None:
    _studio_copied(lambda batch: _drop_parent(batch))
    for col in ("date", "studio_id"):
        op.drop_index(op.f(f"ix_studio_output_{col}"), table_name="studio_output")
    op.drop_table("studio_output")
    op.drop_table("studio_output_kind")
    for col in ("start", "role", "teacher_id"):
        op.drop_index(op.f(f"ix_research_role_{col}"), table_name="research_role")
    op.drop_table("research_role")
    op.drop_table("research_role_kind")


def _add_parent(batch: BatchOperations) -> None:
    batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
    batch.create_foreign_key(op.f("fk_studio_parent_id_studio"), "studio", ["parent_id"], ["id"], ondelete="SET NULL")
    batch.create_index(op.f("ix_studio_parent_id"), ["parent_id"], unique=False)


def _drop_parent(batch: BatchOperations) -> None:
    batch.drop_index(op.f("ix_studio_parent_id"))
    batch.drop_constraint(op.f("fk_studio_parent_id_studio"), type_="foreignkey")
    batch.drop_column("parent_id")


# the tables whose rows go with a studio (ON DELETE CASCADE); studio_output is created after the change
STUDIO_CHILDREN = ("studio_member", "studio_record")


def _studio_copied(change: Callable[[BatchOperations], None]) -> None:
    """CHANGE(batch) the studio table. SQLite alters it by copying it and dropping the old table, and with foreign
    keys on that DROP deletes the studios' members and records (ON DELETE CASCADE): they are read first and put
    back as they were."""
    bind = op.get_bind()
    meta = sa.MetaData()
    children = [sa.Table(name, meta, autoload_with=bind) for name in STUDIO_CHILDREN]
    kept = {t.name: [dict(r._mapping) for r in bind.execute(sa.select(t))] for t in children}
    with op.batch_alter_table("studio") as batch:
        change(batch)
    for t in children:
        gone = kept[t.name]
        if gone and not bind.execute(sa.select(sa.func.count()).select_from(t)).scalar():
            bind.execute(sa.insert(t), gone)
