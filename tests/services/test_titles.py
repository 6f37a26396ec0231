"""Issue 20 §2: titles as a career — the route list, a title record's route/聘任/享受待遇 rules with audit, the post
structures, and the post usage, 评而未聘 and period figures on a small county with known counts
(tests/titles_builder.py)."""

import json

import pytest

from talentdesk.domain import titles as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.policy import Policy
from talentdesk.errors import EditConflict, ValidationError
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period
from talentdesk.services.people import history, teachers, titles
from tests.titles_builder import ON, build


@pytest.fixture
def county(db):
    return db, build(db)


def part(report, start):
    return next(p for p in report.parts if p.title.startswith(start))


def test_the_route_list_starts_national_and_takes_local_routes(db):
    assert [r["name"] for r in titles.routes(db)] == list(rules.DEFAULT_ROUTES)
    rid = titles.add_route(db, " 援藏 专项评审 ")
    assert titles.routes(db)[-1]["name"] == "援藏专项评审"
    with pytest.raises(ValidationError, match="已有"):
        titles.add_route(db, "援藏专项评审")
    titles.remove_route(db, rid)
    assert "援藏专项评审" not in [r["name"] for r in titles.routes(db)]


def test_grades_and_levels():
    assert rules.level_of("正高级教师") == rules.level_of("中学高级教师") == "高级"
    assert rules.level_of("小学高级教师") == "中级" and rules.level_of("三级教师") == "初级"
    assert rules.level_of("未定职级") is None
    assert [rules.parse_grade(x) for x in ("专技十级", "10", "十三级", "专业技术岗位五级", "十四级")] == [
        "十级",
        "十级",
        "十三级",
        "五级",
        None,
    ]
    assert rules.parse_grades("五级=1；六级:2") == {"五级": 1, "六级": 2}
    with pytest.raises(ValueError, match="十四级"):
        rules.parse_grades("十四级=1")


def test_a_title_record_keeps_route_benefit_and_appointment_with_checks(county):
    db, b = county
    tid = b["t"]["辛"]
    file = teachers.get(db, tid)
    rec = file["titles"][0]
    assert rec["route"] == "考核认定" and rec["benefit_only"] is False and rec["appointed"] is None
    bad = (
        ({**rec, "route": "走后门"}, "不在名录"),
        ({**rec, "appointed": "2021-09"}, "早于取得"),
        ({**rec, "appointed": "2023-09", "benefit_only": True}, "享受职称待遇"),
    )
    for values, words in bad:
        with pytest.raises(ValidationError) as e:
            teachers.save(db, tid, file["basic"], {"titles": [values]}, loaded=file)
        assert words in json.dumps(e.value.problems, ensure_ascii=False), values
    # an alias is stored as the route of the list; the change is in the teacher's 变更记录
    teachers.save(
        db, tid, file["basic"], {"titles": [{**rec, "route": "破格晋升", "appointed": "2024-09"}]}, loaded=file
    )
    rec2 = teachers.get(db, tid)["titles"][0]
    assert rec2["route"] == "破格" and rec2["appointed"] == PartialDate(2024, 9)
    rows = [r for r in history.teacher_history(db, tid) if r[3] == "职称"]
    assert any(r[2] == "修改" and r[4] == "评审方式" and r[6] == "破格" for r in rows)
    assert any(r[2] == "修改" and r[4] == "聘任时间" for r in rows)


def test_post_structure_rules_and_audit(county):
    db, b = county
    a = b["schools"]["城关第一小学"]
    cases = (
        ({"school_id": a, "year": 2024, "senior": 1}, "year", "已有岗位设置"),
        ({"school_id": a, "year": "二〇二五"}, "year", "不是整数"),
        ({"school_id": a, "year": 2025, "senior": -1}, "senior", "0 到"),
        ({"school_id": a, "year": 2025, "middle": 1.5}, "middle", "不是整数"),
        ({"school_id": a, "year": 2025, "senior": 1, "grades": "五级=1;六级=1"}, "grades", "超过高级岗位数"),
        ({"school_id": a, "year": 2025, "grades": "副高=1"}, "grades", "一级至十三级"),
        ({"year": 2025}, "school_id", "请选择学校"),
    )
    for values, field, words in cases:
        with pytest.raises(ValidationError) as e:
            titles.save_structure(db, None, values)
        assert words in e.value.problems[field], (values, e.value.problems)
    rec = titles.structures(db, a)[0]
    assert (rec["year"], rec["senior"], rec["middle"], rec["junior"], rec["grades"]) == (
        2024,
        2,
        3,
        2,
        "五级=1;六级=1;八级=2",
    )
    titles.save_structure(db, rec["id"], {**rec, "senior": 3}, expected_version=rec["version"], base=rec)
    with pytest.raises(EditConflict):
        titles.save_structure(db, rec["id"], {**rec, "senior": 4}, expected_version=rec["version"], base=rec)
    from sqlalchemy import select

    from talentdesk.store.models import AuditLog

    with db.sessions() as s:
        logged = s.scalars(select(AuditLog).where(AuditLog.table_name == "post_structure")).all()
    assert {x.action for x in logged} >= {"insert", "update"}
    titles.delete_structure(db, rec["id"])
    assert titles.structures(db, a) == []


def test_careers_at_a_date():
    t = rules.Title
    recs = [t("一级教师", PartialDate(2010, 9), PartialDate(2010, 9)), t("高级教师", PartialDate(2021, 6), None)]
    c = rules.career(recs, ON)
    assert c.used == "中级" and c.waiting.title == "高级教师" and c.last_obtained == PartialDate(2021, 6)
    assert rules.career(recs, ON.replace(year=2020)).waiting is None  # before the 高级 title
    benefit = [t("一级教师", PartialDate(2012), PartialDate(2012)), t("高级教师", PartialDate(2023), None, True)]
    assert rules.career(benefit, ON).waiting is None and rules.career(benefit, ON).used == "中级"
    assert rules.months_since(PartialDate(2021, 6), ON) == 48


def test_post_usage_waiting_and_period_figures(county):
    db, b = county
    params = Params(today=ON, period=Period((2021, 1), (2025, 12), "2021—2025年"))
    report = catalogue.compute(db, "titles", params)
    usage = part(report, "各校岗位设置使用情况")
    by_school = {r[0]: r for r in usage.rows}
    #                 高级 核定 已聘 空缺 超岗 | 中级 … | 初级 …
    assert by_school["城关第一小学"][3:15] == (2, 2, 0, 0, 3, 2, 1, 0, 2, 1, 1, 0)
    assert by_school["乡中心小学"][3:15] == (1, 0, 1, 0, 1, 2, 0, 1, 1, 0, 1, 0)
    assert by_school["城关第一小学"][-2:] == (2, "高级1人")
    assert by_school["乡中心小学"][-2:] == (1, "")
    blocks = part(report, "岗位已满").rows
    assert [(r[0], r[3], r[7], r[8], r[9]) for r in blocks] == [("城关第一小学", "高级", 1, 1, "4年")]
    names = [r[3] for r in part(report, "评而未聘名单").rows]
    assert names == ["丙老师", "辛老师", "戊老师"]
    summary = {r[0]: r for r in part(report, "评而未聘统计").rows}
    assert summary["城区"][1:5] == (5, 2, 40.0, 1) and summary["乡村"][1:5] == (3, 1, 33.3, 0)
    assert summary["合计"][2] == 3
    routes = {r[0]: r for r in part(report, "职称取得情况").rows}
    headers = part(report, "职称取得情况").headers
    col = headers.index("高级教师")
    assert routes["正常评审"][col] == 1 and routes["乡村教师定向评价"][col] == 1 and routes["破格"][col] == 0
    assert routes["考核认定"][headers.index("二级教师")] == 1 and routes["合计"][-1] == 4
    assert report.summary["waiting"] == 3 and report.summary["waiting_long"] == 1
    assert report.summary["posts"]["中级"] == {"approved": 4, "used": 4, "vacant": 1, "over": 1}
    grades = part(report, "专技岗位等级使用情况").rows
    assert [r[1] for r in grades] == ["五级", "六级", "八级"]
    # the policy parameter: with 2 years, 辛 (2年9个月) waited long too
    longer = catalogue.compute(db, "titles", Params(today=ON, policy=Policy(title_wait_long_years=2)))
    assert longer.summary["waiting_long"] == 2


def test_a_past_date_reads_the_histories(county):
    db, _ = county
    report = catalogue.compute(db, "titles", Params(today=ON, month=(2020, 12)))
    names = [r[3] for r in part(report, "评而未聘名单").rows]
    assert names == []  # 丙's 高级 came in 2021, 戊's 一级 in 2024, 辛's 二级 in 2022


def test_annual_figures_over_a_period_count_routes_and_the_waiting(county):
    db, _ = county
    params = Params(today=ON, period=Period((2021, 1), (2025, 12), "2021—2025年"))
    figures = catalogue.compute(db, "annual", params).summary["figures"]
    routes = figures["职称晋升（按评审方式）"]
    assert routes["正常评审"]["years"] == {"2021": 1, "2022": 0, "2023": 0, "2024": 1, "2025": 0}
    assert routes["乡村教师定向评价"]["total"] == 1 and routes["考核认定"]["total"] == 1
    assert routes["未记录"]["total"] == 0 and routes["破格"]["total"] == 0
    assert sum(r["total"] for r in routes.values()) == figures["职称晋升"]["合计"]["total"] == 4
    report = catalogue.compute(db, "annual", params)
    stock = next(p for p in report.parts if p.title.startswith("队伍总量"))
    row = next(r for r in stock.rows if r[1] == "其中评而未聘")
    assert row[2:] == (1, 2, 2, 3, 3)


def test_the_demo_county_has_routes_waiting_teachers_and_post_structures(demo_db):
    report = catalogue.compute(demo_db, "titles", Params())
    s = report.summary
    assert s["obtained_total"] == 0 or s["obtained"]  # this year's titles (the demo is dated to the school year)
    routes = catalogue.compute(demo_db, "titles", Params(period=Period((2016, 1), (2025, 12), "2016—2025年")))
    counted = routes.summary["obtained"]
    assert counted["正常评审"] > counted["考核认定"] > counted["破格"] > 0 and counted.get("乡村教师定向评价", 0) > 0
    assert s["waiting"] > 50 and s["waiting_long"] > 0 and s["schools_blocked"] > 0
    by_area = {r[0]: r for r in part(report, "评而未聘统计").rows}
    assert by_area["城区"][3] > by_area["镇区"][3] > by_area["乡村"][3]  # town schools are short of posts
    usage = part(report, "各校岗位设置使用情况").rows[:-1]
    assert all(r[2] != "未设置" for r in usage if not r[0].endswith("教学点"))  # a 教学点 is under its 中心校
    assert part(report, "专技岗位等级使用情况").rows


def test_the_registration_form_says_a_title_is_enjoyed_without_the_post(county):
    db, b = county
    from talentdesk.reports.registration import load_forms

    with db.sessions() as s:
        forms = load_forms(s, [b["t"]["己"]])
    assert ("高级教师", "2023-09", "享受待遇") in [tuple(x) for x in forms[0].titles]
