"""exchange packages (issue 10): packages received, rows brought by county data packages, monthly figures

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("county", sa.String(length=50), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("exporter", sa.String(length=200), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=50), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_package")),
        sa.UniqueConstraint("sha256", name=op.f("uq_exchange_package_sha256")),
    )
    op.create_index(op.f("ix_exchange_package_county"), "exchange_package", ["county"], unique=False)
    op.create_table(
        "exchange_row",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("county", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_id", name=op.f("pk_exchange_row")),
    )
    op.create_index("ix_exchange_row_county_table", "exchange_row", ["county", "table_name"], unique=False)
    op.create_table(
        "exchange_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("county", sa.String(length=50), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=20), nullable=False),
        sa.Column("item", sa.String(length=60), nullable=False),
        sa.Column("this_month", sa.Integer(), nullable=False),
        sa.Column("last_month", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["exchange_package.id"],
            name=op.f("fk_exchange_figure_package_id_exchange_package"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_figure")),
    )
    op.create_index(op.f("ix_exchange_figure_package_id"), "exchange_figure", ["package_id"], unique=False)
    op.create_index("ix_exchange_figure_period_county", "exchange_figure", ["period", "county"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_exchange_figure_period_county", table_name="exchange_figure")
    op.drop_index(op.f("ix_exchange_figure_package_id"), table_name="exchange_figure")
    op.drop_table("exchange_figure")
    op.drop_index("ix_exchange_row_county_table", table_name="exchange_row")
    op.drop_table("exchange_row")
    op.drop_index(op.f("ix_exchange_package_county"), table_name="exchange_package")
    op.drop_table("exchange_package")
