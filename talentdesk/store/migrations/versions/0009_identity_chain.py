"""backups of one database, a chained audit trail (issue 15): database identity; audit_log chain columns

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

database_identity holds one row: this database's UUID (made here for a new or an existing database; a copy
gets its own, backups keep it). audit_log gets chain_seq and chain_hash (store/audit_chain.py): the existing
rows are chained in id order, then the append-only triggers are created again, allowing only the filling of
the chain columns of a row not yet chained (on PostgreSQL TRUNCATE is refused as well).
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_OLD_SQLITE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '审计记录不能修改'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '审计记录不能删除'); END",
)
_OLD_PG = (
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION '审计记录不能修改或删除'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
)


def _drop_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")


def upgrade() -> None:
    from talentdesk.store import audit_chain

    op.create_table(
        "database_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_database_identity")),
    )
    op.get_bind().execute(
        sa.text("INSERT INTO database_identity (id, uuid, created_at) VALUES (1, :u, :at)"),
        {"u": str(uuid.uuid4()), "at": dt.datetime.now().replace(microsecond=0)},
    )
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    op.add_column("audit_log", sa.Column("chain_seq", sa.Integer(), nullable=True))
    op.add_column("audit_log", sa.Column("chain_hash", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_audit_log_chain_seq"), "audit_log", ["chain_seq"], unique=True)
    audit_chain.seal_pending(op.get_bind())
    if dialect == "sqlite":
        for sql in audit_chain.SQLITE_TRIGGERS.values():
            op.execute(sql)
    elif dialect == "postgresql":
        op.execute(audit_chain.PG_FUNCTION)
        for sql in audit_chain.PG_TRIGGERS.values():
            op.execute(sql)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    op.drop_index(op.f("ix_audit_log_chain_seq"), table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("chain_hash")
        batch.drop_column("chain_seq")
    for sql in _OLD_SQLITE if dialect == "sqlite" else _OLD_PG if dialect == "postgresql" else ():
        op.execute(sql)
    op.drop_table("database_identity")
