"""Migration 0017 (issue 20 §2) over a database of 0014 with titles: routes left blank, each teacher's current
title without a 聘任 date taken as appointed when obtained, earlier titles untouched, the route list written."""

import sqlite3

from alembic import command

from talentdesk.domain import titles as rules
from talentdesk.store import migrate
from talentdesk.store.database import open_database


def test_titles_of_a_0014_database_are_migrated_by_the_stated_rule(tmp_path):
    path = tmp_path / "v0014.db"
    db = open_database(path, migrate=False)
    command.upgrade(migrate._config(db), "0014")
    db.dispose()
    con = sqlite3.connect(path)
    for i in (1, 2, 3):
        con.execute(
            "INSERT INTO teacher (id, id_type, id_number, name, status) VALUES (?, '居民身份证', ?, ?, '在岗')",
            (i, f"x{i}", f"教师{i}"),
        )
    rows = (
        (1, 1, "一级教师", "2010-09", None),  # earlier title: left alone
        (2, 1, "高级教师", "2019-09", None),  # current: appointed 2019-09
        (3, 2, "中学一级教师", "2015", "2016-01"),  # current, already appointed: kept
        (4, 3, "二级教师", None, None),  # current without a date: nothing to take
    )
    con.executemany("INSERT INTO title_record (id, teacher_id, title, obtained, appointed) VALUES (?,?,?,?,?)", rows)
    con.commit()
    con.close()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert migrate.current_revision(db) == migrate.head_revision(db)
    finally:
        db.dispose()
    con = sqlite3.connect(path)
    got = con.execute("SELECT id, appointed, route, benefit_only FROM title_record ORDER BY id").fetchall()
    routes = [r[0] for r in con.execute("SELECT name FROM title_route ORDER BY position")]
    con.close()
    assert got == [(1, None, None, 0), (2, "2019-09", None, 0), (3, "2016-01", None, 0), (4, None, None, 0)]
    assert tuple(routes) == rules.DEFAULT_ROUTES
