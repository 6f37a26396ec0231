"""Issue 21 §3: school-to-school pairings — the list of kinds, the rules on saving, the audit trail, what counts as
having happened in a pairing (derived from its schools and term), the report and `report annual`, the template and
import, the CLI."""

import json

import pytest
from sqlalchemy import select

from talentdesk.domain import school_pairing as rules
from talentdesk.errors import ValidationError
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period
from talentdesk.services.cultivation import activities
from talentdesk.services.deployment import placements, school_pairing_import, school_pairings
from talentdesk.store.models import AuditLog
from talentdesk.store.models_networks import SchoolPairingSchool
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    return db, build(db)


def _pairing(c, **more):
    sid = c["schools"]
    return {
        "name": "城关中学—柳河乡中学城乡一体化",
        "kind": "城乡对口学校一体化",
        "lead_school_id": sid["城关中学"],
        "start": "2025-09",
        "doc_number": "青教体发〔2025〕12号",
        "actions": "每学期送教不少于 2 次；每年交流骨干教师 2 人",
        **more,
    }


def test_the_list_of_kinds_has_the_defaults_and_takes_local_ones(db):
    names = [k["name"] for k in school_pairings.kinds(db)]
    assert names == list(rules.DEFAULT_KINDS)  # the migration's copy agrees with the domain's
    kid = school_pairings.add_kind(db, "城乡学校共同体")
    with pytest.raises(ValidationError, match="已有"):
        school_pairings.add_kind(db, "城乡学校共同体")
    school_pairings.remove_kind(db, kid)
    assert "城乡学校共同体" not in [k["name"] for k in school_pairings.kinds(db)]


def test_a_pairing_is_saved_with_its_lead_school_and_audited(county):
    db, c = county
    sid = c["schools"]
    pid = school_pairings.save(db, None, _pairing(c), [{"school_id": sid["柳河乡中学"], "role": "受援校"}])
    p = school_pairings.get(db, pid)
    assert [(s["name"], s["role"]) for s in p["schools"]] == [("城关中学", "牵头校"), ("柳河乡中学", "受援校")]
    assert rules.split_actions(p["actions"]) == ["每学期送教不少于 2 次", "每年交流骨干教师 2 人"]
    [row] = school_pairings.list_rows(db)
    assert (row.lead, row.members, row.schools, row.end, row.doc_number) == (
        "城关中学",
        "柳河乡中学",
        2,
        "",
        "青教体发〔2025〕12号",
    )
    with db.sessions() as s:
        tables = {a.table_name for a in s.scalars(select(AuditLog).where(AuditLog.action == "insert"))}
    assert {"school_pairing", "school_pairing_school"} <= tables
    kind = next(k for k in school_pairings.kinds(db) if k["name"] == "城乡对口学校一体化")
    with pytest.raises(ValidationError, match="不能从类型中删除"):
        school_pairings.remove_kind(db, kind["id"])
    school_pairings.delete(db, [pid])
    assert school_pairings.list_rows(db) == []
    with db.sessions() as s:
        assert s.scalars(select(SchoolPairingSchool)).all() == []


@pytest.mark.parametrize(
    ("values", "schools", "field", "text"),
    [
        ({"kind": "友好学校"}, ["柳河乡中学"], "kind", "不在类型表中"),
        ({"end": "2025-03"}, ["柳河乡中学"], "end", "早于开始日期"),
        ({"start": ""}, ["柳河乡中学"], "start", "请填写结对开始日期"),
        ({}, [], "schools", "至少要有两所学校"),
        ({}, ["城关中学"], "schools", "至少要有两所学校"),
        ({}, ["柳河乡中学", "柳河乡中学"], "school2", "与第1所重复"),
        ({"lead_school_id": None}, ["柳河乡中学"], "lead_school_id", "请选择牵头学校"),
    ],
)
def test_rules_on_saving_say_what_is_wrong(county, values, schools, field, text):
    db, c = county
    rows = [{"school_id": c["schools"][n]} for n in schools]
    with pytest.raises(ValidationError) as e:
        school_pairings.save(db, None, _pairing(c, **values), rows)
    assert text in e.value.problems[field]


def test_a_name_is_used_once(county):
    db, c = county
    one = [{"school_id": c["schools"]["柳河乡中学"]}]
    school_pairings.save(db, None, _pairing(c), one)
    with pytest.raises(ValidationError, match="已有名为"):
        school_pairings.save(db, None, _pairing(c), one)


def _happenings(db, c):
    """A pairing 城关中学—柳河乡中学 from 2025-09, with placements and activities in and outside it."""
    sid, t = c["schools"], c["t"]
    pid = school_pairings.save(db, None, _pairing(c), [{"school_id": sid["柳河乡中学"]}])
    placements.save(  # between its schools in the term: counts
        db,
        None,
        {
            "teacher_id": t["王建国"],
            "from_school_id": sid["柳河乡中学"],
            "to_school_id": sid["城关中学"],
            "kind": "交流轮岗",
            "start": "2025-09",
            "planned_end": "2026-07",
        },
    )
    placements.save(  # from a school outside the pairing: does not count
        db,
        None,
        {
            "teacher_id": t["张堃"],
            "from_school_id": sid["青禾镇中学"],
            "to_school_id": sid["柳河乡中学"],
            "kind": "支教",
            "start": "2025-09",
        },
    )

    def act(title, start, people, **more):
        activities.save(
            db,
            None,
            {
                "kind": "送教下乡",
                "title": title,
                "start": start,
                "level": "校级",
                "school_id": sid["柳河乡中学"],
                **more,
            },
            [{"teacher_id": t[n]} for n in people],
        )

    act("城关中学数学送教", "2025-10-14", ["李䶮", "钱晓", "赵小青"], person_times=30)  # counts: 30 人次
    act("柳河乡中学校内教研", "2025-11-05", ["钱晓", "赵小青"])  # only its own teachers: not a pairing activity
    act("结对之前的送教", "2025-03-10", ["李䶮", "钱晓"])  # before the term: not counted
    return pid


def test_what_happened_in_a_pairing_is_derived_from_its_schools_and_term(county):
    db, c = county
    pid = _happenings(db, c)
    d = school_pairings.detail(db, pid)
    assert (d["teachers_exchanged"], d["placements"], d["activities"], d["person_times"]) == (1, 1, 1, 30)
    assert [e[1] for e in d["exchanges"]] == ["王建国"]
    assert [h[2] for h in d["held"]] == ["城关中学数学送教"]
    assert school_pairings.detail(db, pid, "2026", "2026")["activities"] == 0


def test_the_report_and_report_annual_count_pairings_over_a_period(county):
    db, c = county
    _happenings(db, c)
    report = catalogue.compute(db, "school-pairings", Params(year=2025))
    assert report.summary["pairings"] == 1
    assert (report.summary["teachers_exchanged"], report.summary["activities"]) == (1, 1)
    assert report.summary["person_times"] == 30
    assert report.parts[0].rows[0][:2] == ("城乡对口学校一体化", 1)
    assert catalogue.compute(db, "school-pairings", Params(year=2024)).summary["pairings"] == 0
    annual = catalogue.compute(db, "annual", Params(period=Period((2024, 1), (2025, 12))))
    figures = annual.summary["figures"]["学校结对"]
    assert figures["结对数（期间内有效）"]["years"] == {"2024": 0, "2025": 1}
    assert figures["交流教师（人）"]["total"] == 1
    assert figures["结对活动人次"]["total"] == 30
    one = catalogue.compute(db, "annual", Params(year=2025)).summary["figures"]["学校结对"]
    assert one["新签结对"] == {"this": 1, "last": 0}


def test_the_template_is_imported_back_with_problems_named(county, tmp_path):
    from openpyxl import load_workbook

    from talentdesk.importing import templates

    db, c = county
    path = tmp_path / "pairings.xlsx"
    with db.sessions() as s:
        templates.write_school_pairings(path, school_pairings.kind_names(s), school_names=["城关中学", "柳河乡中学"])
    wb = load_workbook(path)
    ws = wb.active
    ws.append([])  # rows 4… (the template's data rows are formatted but empty)
    rows = [
        (
            "城关中学教共体",
            "教共体",
            "城关中学",
            "青禾镇中学、柳河乡中学",
            "2025-09",
            "",
            "青教体发〔2025〕3号",
            "联合教研；送教",
            "",
        ),
        ("坏的一行", "教共体", "城关中学", "不存在中学", "2025-09", "2024-01", "", "", ""),
    ]
    for i, r in enumerate(rows, 4):
        for j, v in enumerate(r, 1):
            ws.cell(i, j, v)
    wb.save(path)
    plan = school_pairing_import.plan(db, [path])
    texts = [p.text() for p in plan.problems]
    assert any("第 5 行" in t and "不存在中学" in t for t in texts)
    assert any("第 5 行" in t and "早于开始日期" in t for t in texts)
    assert len(plan.ready) == 1
    result = school_pairing_import.apply(db, plan)
    assert (result.pairings, result.schools) == (1, 3)
    [row] = school_pairings.list_rows(db)
    assert (row.name, row.schools, row.members) == ("城关中学教共体", 3, "青禾镇中学、柳河乡中学")
    again = school_pairing_import.plan(db, [path])
    assert again.ready == [] and "已登记" in again.summary()


def test_the_cli_lists_shows_exports_and_reports(county, tmp_path, capsys):
    from talentdesk.cli import main

    db, c = county
    _happenings(db, c)
    if db.path is None:
        pytest.skip("the command line opens a database file")
    path = str(db.path)
    assert main(["--db", path, "school-pairings", "list"]) == 0
    assert "城关中学—柳河乡中学城乡一体化｜城乡对口学校一体化｜牵头：城关中学" in capsys.readouterr().out
    assert main(["--db", path, "school-pairings", "show", "城关中学—柳河乡中学城乡一体化", "--from", "2025"]) == 0
    out = capsys.readouterr().out
    assert "交流教师 1 人" in out and "结对活动 1 次、30 人次" in out and "王建国" in out
    assert main(["--db", path, "export", "school-pairings", str(tmp_path / "p.xlsx")]) == 0
    assert (
        main(["--db", path, "report", "school-pairings", "--from", "2025", "--to", "2025", str(tmp_path / "r.json")])
        == 0
    )
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["teachers_exchanged"] == 1
    assert main(["--db", path, "school-pairings", "template", str(tmp_path / "t.xlsx")]) == 0
    assert (tmp_path / "t.xlsx").exists()
