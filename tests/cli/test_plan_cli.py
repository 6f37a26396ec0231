"""`talentdesk plan hiring --year Y` computes and saves the hiring plan as the 招聘计划 page does (issue 17 §3);
`report hiring-plan` without a plan says how to make one."""

import json

import pytest

from talentdesk.cli import main
from talentdesk.store.database import open_database
from tests.recruitment_builder import YEAR, County


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "county.db"
    db = open_database(p)
    County(db)
    db.dispose()
    return p


def test_plan_hiring_saves_the_plan_the_page_would(path, tmp_path, capsys):
    out = tmp_path / "plan.json"
    assert main(["--db", str(path), "report", "hiring-plan", "--year", str(YEAR), str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{YEAR}年还没有招聘计划" in err
    assert f"plan hiring --year {YEAR}" in err and "按缺编测算生成计划" in err

    assert main(["--db", str(path), "plan", "hiring", "--year", str(YEAR)]) == 0
    said = capsys.readouterr().out
    assert "计划招聘 3 人" in said and f"{YEAR}年度中小学教师招聘计划" in said  # 城关小学: 3 posts (the builder)
    assert main(["--db", str(path), "report", "hiring-plan", "--year", str(YEAR), str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"] == {"planned": 3, "proposed": 3, "status": "草稿"}
    assert report["title"] == f"{YEAR}年度中小学教师招聘计划"


def test_plan_needs_a_kind(path, capsys):
    assert main(["--db", str(path), "plan"]) == 2
