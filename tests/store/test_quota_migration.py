"""Migration 0015 (编制台账): a database at 0014 with 核定编制 in its yearly figures opens at head with one opening
核定 decision per figure, and the ledger gives the same figures as before."""

import sqlite3

from alembic import command

from talentdesk.services.deployment import quota_ledger
from talentdesk.store import migrate
from talentdesk.store.database import open_database


def test_upgrade_from_0014_turns_quotas_into_opening_decisions(tmp_path):
    path = tmp_path / "v0014.db"
    db = open_database(path, migrate=False)
    command.upgrade(migrate._config(db), "0014")
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO school (id, name, area, kind) VALUES (1, '城关小学', '城区', '小学')")
    con.execute("INSERT INTO school (id, name, area, kind) VALUES (2, '河村学校', '乡村', '九年一贯制')")
    for sid, year, stage, students, quota in (
        (1, 2024, "小学", 230, 12),
        (1, 2025, "小学", 240, 13),
        (2, 2025, "小学", 80, 5),
        (2, 2025, "初中", 60, 4),
        (2, 2024, "初中", 55, None),
    ):
        con.execute(
            "INSERT INTO school_year_stat (school_id, school_year, stage, students, quota) VALUES (?, ?, ?, ?, ?)",
            (sid, year, stage, students, quota),
        )
    con.commit()
    con.close()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert migrate.current_revision(db) == migrate.head_revision(db)
        rows = quota_ledger.decisions(db)
        assert sorted((r[1], r[2], r[4], r[5], r[6], r[8]) for r in rows) == [
            ("核定", "2024-2025学年", "期初数据", "城关小学", "小学", 12),
            ("核定", "2025-2026学年", "期初数据", "城关小学", "小学", 13),
            ("核定", "2025-2026学年", "期初数据", "河村学校", "初中", 4),
            ("核定", "2025-2026学年", "期初数据", "河村学校", "小学", 5),
        ]
        assert quota_ledger.ledger_at(db, school_year=2024).quota == {(1, "小学"): 12}
        assert quota_ledger.ledger_at(db, school_year=2025).quota == {(1, "小学"): 13, (2, "小学"): 5, (2, "初中"): 4}
        # a later decision keeps the yearly figures in step with the ledger
        quota_ledger.save_decision(
            db, None, dict(kind="核增", decided_on="2025-10-01", doc_no="县编办〔2025〕7号", count=2, school_id=1)
        )
        con = sqlite3.connect(path)
        got = con.execute("SELECT school_year, quota FROM school_year_stat WHERE school_id = 1 ORDER BY 1").fetchall()
        con.close()
        assert got == [(2024, 12), (2025, 15)]
    finally:
        db.dispose()
