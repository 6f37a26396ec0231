"""Issue 21 §5 from the command line: `research kinds` lists the bureau's kinds with their use, --add and
--remove change the list (a kind in use is kept, with the reason), `research list --kind` filters by one."""

import pytest

from talentdesk.cli import main
from talentdesk.services.cultivation import research
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    c = build(db)
    url = db.engine.url
    path = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)
    return db, c, path


def test_kinds_are_listed_added_and_removed(county, capsys):
    db, c, path = county
    assert main(["--db", path, "research", "kinds", "--add", "规划课题"]) == 0
    out = capsys.readouterr().out
    assert "已添加课题类别“规划课题”" in out
    assert "重点课题\t0 项课题" in out and out.rstrip().endswith("规划课题\t0 项课题")
    research.save(
        db,
        None,
        {"title": "农村初中数学分层作业设计研究", "level": "市级", "kind": "规划", "approved": "2024-06"},
        [{"teacher_id": c["t"]["张堃"], "role": "主持人"}],
    )
    assert main(["--db", path, "research", "kinds", "--remove", "规划课题"]) == 1
    assert "不能修改课题类别：有 1 项课题使用“规划课题”，不能从课题类别中删除" in capsys.readouterr().out
    assert main(["--db", path, "research", "list", "--kind", "规划课题"]) == 0
    assert "共 1 项课题" in capsys.readouterr().out
    assert main(["--db", path, "research", "kinds", "--remove", "自筹课题"]) == 0
    out = capsys.readouterr().out
    assert "已删除课题类别“自筹课题”" in out and "自筹课题\t" not in out and "规划课题\t1 项课题" in out
    assert main(["--db", path, "research", "kinds", "--remove", "招标课题"]) == 1
    assert "课题类别中没有“招标课题”" in capsys.readouterr().out
