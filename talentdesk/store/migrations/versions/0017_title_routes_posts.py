"""titles as a career (issue 20 §2): a title record's route (评审方式) and 享受待遇, the bureau's list of routes,
and each school's approved post structure (岗位设置) by year

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-06

Existing title records: the route is left blank (not recorded: a guess would put a 破格 teacher under 正常评审);
each teacher's current title (the highest level held, the latest obtained among equals) that has a 取得 date and
no 聘任 date is taken as appointed on the date it was obtained, so an old database shows no 评而未聘 it never
recorded. Earlier titles are left as they are.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None

# domain.titles.DEFAULT_ROUTES when this migration was written (a migration never imports the code it outlives)
DEFAULT_ROUTES = ("正常评审", "考核认定", "推荐评定", "破格", "单独评审", "乡村教师定向评价", "满30年不受指标限制")
# domain.codes.TITLE ranks when this migration was written; pre-2015 names as that list maps them
RANK = {
    "正高级教师": 5,
    "高级教师": 4,
    "中学高级教师": 4,
    "一级教师": 3,
    "中学一级教师": 3,
    "小学高级教师": 3,
    "二级教师": 2,
    "中学二级教师": 2,
    "小学一级教师": 2,
    "三级教师": 1,
    "中学三级教师": 1,
    "小学二级教师": 1,
    "小学三级教师": 1,
}


def upgrade() -> None:
    with op.batch_alter_table("title_record") as batch:
        batch.add_column(sa.Column("route", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("benefit_only", sa.Boolean(), server_default=sa.false(), nullable=False))
    routes = op.create_table(
        "title_route",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_title_route")),
        sa.UniqueConstraint("name", name=op.f("uq_title_route_name")),
    )
    op.create_table(
        "post_structure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("senior", sa.Integer(), nullable=False),
        sa.Column("middle", sa.Integer(), nullable=False),
        sa.Column("junior", sa.Integer(), nullable=False),
        sa.Column("grades", sa.String(length=200), nullable=True),
        sa.Column("document", sa.String(length=60), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_post_structure_school_id_school"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_structure")),
        sa.UniqueConstraint("school_id", "year", name="uq_post_structure_school_year"),
    )
    op.create_index(op.f("ix_post_structure_school_id"), "post_structure", ["school_id"], unique=False)
    op.bulk_insert(routes, [{"name": n, "position": i, "version": 1} for i, n in enumerate(DEFAULT_ROUTES, 1)])
    _appoint_current_titles()


def _appoint_current_titles() -> None:
    conn = op.get_bind()
    t = sa.table(
        "title_record",
        sa.column("id", sa.Integer),
        sa.column("teacher_id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("obtained", sa.String),
        sa.column("appointed", sa.String),
    )
    best: dict[int, tuple[tuple[int, str, int], int, str | None, str | None]] = {}
    for rid, tid, title, obtained, appointed in conn.execute(
        sa.select(t.c.id, t.c.teacher_id, t.c.title, t.c.obtained, t.c.appointed)
    ):
        key = (RANK.get(title, 0), obtained or "", rid)
        if tid not in best or key > best[tid][0]:
            best[tid] = (key, rid, obtained, appointed)
    todo = [
        {"rid": rid, "day": obtained} for _, rid, obtained, appointed in best.values() if obtained and not appointed
    ]
    if todo:  # one executemany
        conn.execute(sa.update(t).where(t.c.id == sa.bindparam("rid")).values(appointed=sa.bindparam("day")), todo)


def downgrade() -> None:
    op.drop_index(op.f("ix_post_structure_school_id"), table_name="post_structure")
    op.drop_table("post_structure")
    op.drop_table("title_route")
    with op.batch_alter_table("title_record") as batch:
        batch.drop_column("benefit_only")
        batch.drop_column("route")
