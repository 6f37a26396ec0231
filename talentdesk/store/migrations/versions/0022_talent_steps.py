"""talent recognition from application to allowance (issue 20 §4): a recognition's steps (申报 → 初审 → 认定/未认定,
dated, 文号) and subject project, the bureau's list of recognition kinds, an imported talent's agreed terms
(annual pay, 科研启动经费, 安家费, 编制, 一事一议) and the payments made against them

Revision ID: 0022
Revises: 0017
Create Date: 2026-12-06

Existing recognitions become 认定 (they were entered as recognised, on their date); their 申报 and 初审 dates are
left blank (not recorded: a guess would invent a date the bureau never had).
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0017"
branch_labels = None
depends_on = None

# domain.talents.DEFAULT_KINDS when this migration was written (a migration never imports the code it outlives)
DEFAULT_KINDS = (
    "高层次人才认定",
    "国务院特殊津贴",
    "省政府特殊津贴",
    "省有突出贡献专家",
    "市有突出贡献专家",
    "领军人才梯队",
)


def upgrade() -> None:
    kinds = op.create_table(
        "talent_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talent_kind")),
        sa.UniqueConstraint("name", name=op.f("uq_talent_kind_name")),
    )
    with op.batch_alter_table("talent_recognition") as batch:
        batch.add_column(sa.Column("project", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("status", sa.String(length=10), server_default="认定", nullable=False))
        batch.add_column(sa.Column("applied", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("reviewed", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("doc_number", sa.String(length=50), nullable=True))
        batch.create_index(batch.f("ix_talent_recognition_status"), ["status"], unique=False)
    with op.batch_alter_table("talent_agreement") as batch:
        batch.add_column(sa.Column("annual_pay", sa.Float(), nullable=True))
        batch.add_column(sa.Column("research_fund", sa.Float(), nullable=True))
        batch.add_column(sa.Column("settling_grant", sa.Float(), nullable=True))
        batch.add_column(sa.Column("staffing", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("case_note", sa.Text(), nullable=True))
    op.create_table(
        "talent_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("voucher", sa.String(length=50), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["talent_agreement.id"],
            name=op.f("fk_talent_payment_agreement_id_talent_agreement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talent_payment")),
    )
    op.create_index(op.f("ix_talent_payment_agreement_id"), "talent_payment", ["agreement_id"], unique=False)
    op.create_index(op.f("ix_talent_payment_date"), "talent_payment", ["date"], unique=False)
    op.bulk_insert(kinds, [{"name": n, "position": i, "version": 1} for i, n in enumerate(DEFAULT_KINDS, 1)])


def downgrade() -> None:
    op.drop_index(op.f("ix_talent_payment_date"), table_name="talent_payment")
    op.drop_index(op.f("ix_talent_payment_agreement_id"), table_name="talent_payment")
    op.drop_table("talent_payment")
    with op.batch_alter_table("talent_agreement") as batch:
        batch.drop_column("case_note")
        batch.drop_column("staffing")
        batch.drop_column("settling_grant")
        batch.drop_column("research_fund")
        batch.drop_column("annual_pay")
    with op.batch_alter_table("talent_recognition") as batch:
        batch.drop_index(batch.f("ix_talent_recognition_status"))
        batch.drop_column("doc_number")
        batch.drop_column("reviewed")
        batch.drop_column("applied")
        batch.drop_column("status")
        batch.drop_column("project")
    op.drop_table("talent_kind")
