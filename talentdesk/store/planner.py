"""Planner statistics after a bulk load on PostgreSQL (a copy, the demo build).

Right after a million rows arrive, PostgreSQL has no statistics for them until autovacuum's ANALYZE runs (about a
minute), and the first reports get poor plans. ANALYZE runs after the load's commit; SQLite needs nothing.
"""

from __future__ import annotations

from sqlalchemy import Engine, text


def analyze(engine: Engine) -> bool:
    """ANALYZE the whole database on PostgreSQL; False (nothing done) on SQLite or when not allowed."""
    if engine.dialect.name != "postgresql":
        return False
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
        return True
    except Exception:  # a clerk's role without the right to analyze: autovacuum will do it
        return False
