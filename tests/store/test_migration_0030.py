"""Migration 0030 (issue 21 §5): a database of the revision before it, with a registered project, opens at head with
the bureau's list of research project kinds written (the five kinds the register had as a fixed list, the project's
kind counted as used), the project still saved by the dialog's rules; downgraded, the list goes and comes back."""

import sqlite3

from alembic import command
from alembic.script import ScriptDirectory

from talentdesk.domain import research as rules
from talentdesk.services.cultivation import research
from talentdesk.store import migrate
from talentdesk.store.database import open_database


def test_the_list_of_kinds_is_written_for_registered_projects(tmp_path):
    path = tmp_path / "before0030.db"
    db = open_database(path, migrate=False)
    config = migrate._config(db)
    before = ScriptDirectory.from_config(config).get_revision("0030").down_revision
    command.upgrade(config, str(before))
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO school (id, name, version) VALUES (1, '城关中学', 1)")
    con.execute(
        "INSERT INTO research_project (id, title, level, kind, school_id, approved, status, version) "
        "VALUES (1, '初中数学单元整体教学研究', '省级', '重点课题', 1, '2024-06', '立项', 1)"
    )
    con.commit()
    con.close()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert migrate.current_revision(db) == migrate.head_revision(db)
        kinds = research.kinds(db)
        assert [k["name"] for k in kinds] == list(rules.DEFAULT_KINDS)
        assert kinds[0]["used"] == 1 and sum(k["used"] for k in kinds) == 1
        got = research.get(db, 1)
        assert got["kind"] == "重点课题"
        config = migrate._config(db)
        command.downgrade(config, str(before))
        command.upgrade(config, "head")
        assert [k["name"] for k in research.kinds(db)] == list(rules.DEFAULT_KINDS)
    finally:
        db.dispose()
