"""Migration 0016 (issue 21 §1) from a 0014 database with pairing and studio activities: they stay where they are,
the list of kinds is seeded, and the one count of activities covers them."""

import sqlite3

from alembic import command

from talentdesk.services.cultivation import activities
from talentdesk.store import migrate
from talentdesk.store.database import open_database, sqlite_integrity


def test_upgrade_from_0014_keeps_pairing_and_studio_activities_and_counts_them(tmp_path):
    path = tmp_path / "v0014.db"
    db = open_database(path, migrate=False)
    command.upgrade(migrate._config(db), "0014")
    db.dispose()
    con = sqlite3.connect(path)
    con.executescript(
        """
        INSERT INTO school (id, name, township, area, kind) VALUES (1, '青禾县实验小学', '城关镇', '城区', '小学');
        INSERT INTO teacher (id, id_type, id_number, name, gender, status, cur_post_school_id)
            VALUES (1, '居民身份证', '371525198003120011', '王芳', '女', '在岗', 1),
                   (2, '居民身份证', '371525199503120012', '李静', '女', '在岗', 1);
        INSERT INTO pairing (id, mentor_id, mentee_id, status) VALUES (1, 1, 2, '进行中');
        INSERT INTO pairing_activity (id, pairing_id, kind, date) VALUES (1, 1, '公开课', '2025-10-09'),
            (2, 1, '听课评课', '2025-11');
        INSERT INTO studio (id, name, kind, level, host_id, school_id)
            VALUES (1, '王芳名师工作室', '名师工作室', '市级', 1, 1);
        INSERT INTO studio_member (id, studio_id, teacher_id, role) VALUES (1, 1, 2, '成员');
        INSERT INTO studio_record (id, studio_id, kind, title, date) VALUES (1, 1, '研修活动', '同课异构', '2025-12'),
            (2, 1, '课题', '一项课题', '2025-12');
        """
    )
    con.commit()
    before = {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in ("pairing_activity", "studio_record")}
    con.close()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert migrate.current_revision(db) == migrate.head_revision(db)
        assert len(activities.kinds(db)) == 17
        with db.sessions() as s:
            facts = activities.facts(s)
        assert sorted((f.source, f.kind, f.person_times) for f in facts) == [
            ("名师工作室", "研修活动", 2.0),
            ("师徒结对", "公开课", 2.0),
            ("师徒结对", "听课", 2.0),
        ]
        assert activities.list_rows(db) == []
    finally:
        db.dispose()
    assert sqlite_integrity(path) == []
    con = sqlite3.connect(path)
    after = {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in ("pairing_activity", "studio_record")}
    con.close()
    assert after == before
