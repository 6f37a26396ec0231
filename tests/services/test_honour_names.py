"""Issue 17 §2: the bureau's list of honour names, free text matched to it, the rest mapped once (audited), and
the annual statistics' honours table by level × name × year."""

import json

import pytest
from sqlalchemy import select

from talentdesk.errors import ValidationError
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period
from talentdesk.services.people import honour_names, schools, teachers
from talentdesk.store.models import AuditLog
from tests.cultivation_builder import make_id


@pytest.fixture
def county(db):
    sid = schools.save(db, None, {"name": "城关第一小学", "township": "城关镇", "area": "城区", "kind": "小学"})
    honours = [
        ("县级优秀教师", "县级", "2023-09"),
        ("优秀 教师", "县级", "2024-09"),
        ("ＸＸ市师德标兵称号", None, "2024-09"),
        ("红烛教师", "县级", "2024-09"),
        ("县优秀教育者", "县级", "2025-09"),
        ("县优秀教育者", "县级", "2024-09"),
    ]
    for i, (name, level, date) in enumerate(honours):
        teachers.save(
            db,
            None,
            {"name": f"教师{i}", "id_number": make_id(1980 + i, 110 + i)},
            {
                "posts": [{"school_id": sid, "start": "2010-09"}],
                "honours": [{"name": name, "level": level, "date": date}],
            },
        )
    return db


def table(report):
    return next(p for p in report.parts if p.title.startswith("荣誉表彰"))


def test_the_list_starts_with_the_usual_names_and_takes_local_ones(county):
    names = [n["name"] for n in honour_names.names(county)]
    assert names[:4] == ["优秀教师", "优秀班主任", "优秀教育工作者", "师德标兵"]
    honour_names.add_name(county, " 红烛 教师 ", note="本县自设")
    assert [n["name"] for n in honour_names.names(county)][-1] == "红烛教师"
    with pytest.raises(ValidationError) as e:
        honour_names.add_name(county, "红烛教师称号")
    assert "已有" in e.value.problems["name"]
    with pytest.raises(ValidationError):
        honour_names.add_name(county, "县级")
    with county.sessions() as s:
        audit = s.scalars(select(AuditLog).where(AuditLog.table_name == "honour_name")).all()
    assert any("红烛教师" in (a.new or "") for a in audit)


def test_unmatched_texts_are_mapped_once_and_counted_from_then_on(county):
    rid = honour_names.add_name(county, "红烛教师")
    left = honour_names.unmatched(county)
    assert [(g["text"], g["count"]) for g in left] == [("县优秀教育者", 2)]
    report = catalogue.compute(county, "annual", Params(year=2024))
    rows = {(r[0], r[1]): r[2:] for r in table(report).rows}
    assert rows[("县级", "未列入名录")] == (1, 0)
    assert any("县优秀教育者" in n for n in report.notes)
    work = next(n["id"] for n in honour_names.names(county) if n["name"] == "优秀教育工作者")
    honour_names.map_text(county, "县 优秀教育者", work, "县级")
    assert honour_names.unmatched(county) == []
    assert [(a["text"], a["name"], a["level"]) for a in honour_names.aliases(county)] == [
        ("县优秀教育者", "优秀教育工作者", "县级")
    ]
    report = catalogue.compute(county, "annual", Params(year=2024))
    rows = {(r[0], r[1]): r[2:] for r in table(report).rows}
    assert rows[("县级", "优秀教师")] == (1, 1) and rows[("县级", "红烛教师")] == (1, 0)
    assert rows[("县级", "优秀教育工作者")] == (1, 0) and ("县级", "未列入名录") not in rows
    assert rows[("市级", "师德标兵")] == (1, 0)  # no level recorded: the text's 市
    assert rows[("合计", "")] == (4, 1)
    with county.sessions() as s:
        assert s.scalars(select(AuditLog).where(AuditLog.table_name == "honour_alias")).all()
    honour_names.remove_name(county, rid)  # taken off the list: its records show again
    assert [g["text"] for g in honour_names.unmatched(county)] == ["红烛教师"]


def test_period_table_adds_up_and_agrees_with_the_annual_rows(county, tmp_path):
    report = catalogue.compute(county, "annual", Params(period=Period((2023, 1), (2025, 12))))
    t = table(report)
    assert t.headers == ("级别", "荣誉名称", "2023", "2024", "2025", "合计")
    for r in t.rows:
        assert r[-1] == sum(r[2:-1])
    main = {(r[0], r[1]): r for r in report.main.rows}
    assert list(t.rows[-1][2:]) == list(main[("荣誉表彰", "合计")][2:6])
    out = catalogue.render(report, tmp_path / "a.json")
    parts = json.loads(out.read_text("utf-8"))["parts"]
    titles = [p["title"] for p in parts]  # the honours, then the activities, talents, competitions (issues 20, 21)
    assert titles[titles.index("荣誉表彰（按级别和名称）") + 1].startswith("教师活动")
    assert titles[-1].startswith("援派")  # postings outside the county (issue 22 §2) come last
