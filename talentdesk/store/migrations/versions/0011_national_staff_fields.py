"""teacher: the fields of the national 教职工基础信息采集表 (issue 18 §4; domain/staff_record.py)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = (
    ("nationality", 30),
    ("birthplace", 50),
    ("marital", 20),
    ("health", 20),
    ("staff_no", 30),
    ("teaching_start", 10),
    ("post_category", 20),
    ("post_grade", 20),
    ("admin_post", 50),
    ("contract", 20),
    ("normal_grad", 2),
    ("funded_normal", 2),
    ("tegang", 2),
    ("mandarin", 10),
    ("it_level", 10),
)


def upgrade() -> None:
    with op.batch_alter_table("teacher") as batch:
        for name, length in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("teacher") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
