"""Migration 0022 (issue 20 §4) over a database of 0017 with recognitions and an agreement: every recognition becomes
认定 with its date and no invented 申报/初审 date, the agreement keeps its terms, the list of kinds is written; the
service then edits such a record without asking for a 初审 date it never had."""

import sqlite3

from alembic import command

from talentdesk.domain import talents as rules
from talentdesk.services.recruitment import recognition
from talentdesk.store import migrate
from talentdesk.store.database import open_database


def test_existing_recognitions_become_recognised(tmp_path):
    path = tmp_path / "v0017.db"
    db = open_database(path, migrate=False)
    command.upgrade(migrate._config(db), "0017")
    db.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO teacher (id, id_type, id_number, name, status) VALUES (1, '居民身份证', 'x1', '教师1', '在岗')"
    )
    con.executemany(
        "INSERT INTO talent_recognition (id, teacher_id, kind, category, date, term_years, version) "
        "VALUES (?, 1, ?, ?, ?, ?, 1)",
        ((1, "高层次人才认定", "B", "2023-06", 3), (2, "省政府特殊津贴", None, "2020-12", None)),
    )
    con.execute(
        'INSERT INTO talent_agreement (id, teacher_id, kind, start, "end", monthly_pay, version) '
        "VALUES (1, 1, '银龄讲学', '2025-09', '2026-07', 3500, 1)"
    )
    con.commit()
    con.close()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert migrate.current_revision(db) == migrate.head_revision(db)
        got = [(r["id"], r["status"]) for r in recognition.list_rows(db) if r["table"] == "recognition"]
        assert sorted(got) == [(1, "认定"), (2, "认定")]
        row = recognition.get(db, "recognition", 1)
        assert (row["applied"], row["reviewed"], row["doc_number"]) == (None, None, None)
        recognition.save_recognition(db, 1, {**row, "issuer": "县人才工作领导小组"})
        assert recognition.get(db, "recognition", 1)["issuer"] == "县人才工作领导小组"
        agreement = recognition.get(db, "agreement", 1)
        assert agreement["monthly_pay"] == 3500 and agreement["annual_pay"] is None
        assert [k["name"] for k in recognition.kinds(db)] == list(rules.DEFAULT_KINDS)
    finally:
        db.dispose()
