"""Totals a clerk used to count by hand (issue 17 §3), on the small built county with known answers: studios by
kind × level, mentors and pairing directions per year, the talent tiers and 名优教师 share, subject shortages,
talents, services and rural certificates over a period — each figure that counts teachers opens exactly them."""

import datetime as dt

import pytest

from talentdesk.domain.dates import PartialDate
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.services.recruitment import plan as recruitment_plan
from talentdesk.store.models import MentorProgramme, Pairing
from talentdesk.store.models_cultivation import Studio, StudioMember
from talentdesk.store.models_deployment import RuralHonour
from talentdesk.store.models_recruitment import ServiceRequest, TalentRecognition
from talentdesk.store.uow import UnitOfWork

TODAY = dt.date(2026, 3, 15)
P = PartialDate


def run(db, name, **kw):
    return catalogue.compute(db, name, Params(today=TODAY, **kw))


def years(a, b):
    return Period((a, 1), (b, 12))


@pytest.fixture
def town(county):
    c = county
    c.add("名师甲", "城关小学", backbone=("名师", "县级"))
    c.add("乙", "城关小学", backbone=("骨干教师", "市级"))
    c.add("丙", "城关小学", backbone=("教坛新秀", "县级"))
    c.add("丁", "城关小学", backbone=("骨干教师", "校级"))
    c.add("校长戊", "城关中学", stage="初中", title="正高级教师")
    c.add("己", "城关中学", stage="初中")
    c.add("庚", "河口小学")
    c.add("镇师", "河口学校")
    for name, school in (("青1", "河口小学"), ("青2", "河口学校"), ("青3", "河口小学"), ("青4", "城关小学")):
        c.add(name, school, post_start="2023-09")
    t = c.teacher
    with UnitOfWork(c.db) as uow:
        s = uow.session
        famous = Studio(name="甲名师工作室", kind="名师工作室", level="县级", host_id=t["名师甲"], start=P(2023, 9))
        head = Studio(name="戊名校长工作室", kind="名校长工作室", level="市级", host_id=t["校长戊"], start=P(2025, 1))
        closed = Studio(
            name="庚名班主任工作室",
            kind="名班主任工作室",
            level="县级",
            host_id=t["庚"],
            start=P(2020, 9),
            end=P(2022, 8),
        )
        s.add_all([famous, head, closed])
        s.flush()
        s.add_all(
            [
                StudioMember(studio_id=famous.id, teacher_id=t["乙"], role="培养对象", joined=P(2023, 9)),
                StudioMember(studio_id=famous.id, teacher_id=t["丙"], role="培养对象", joined=P(2025, 3)),
                StudioMember(studio_id=famous.id, teacher_id=t["丁"], role="成员", joined=P(2023, 9)),
                StudioMember(studio_id=head.id, teacher_id=t["己"], role="培养对象", joined=P(2025, 1)),
                StudioMember(
                    studio_id=closed.id, teacher_id=t["青1"], role="培养对象", joined=P(2020, 9), left=P(2022, 8)
                ),
            ]
        )
        programme = MentorProgramme(name="青蓝工程2025", year=2025)
        s.add(programme)
        s.flush()
        s.add_all(
            [
                Pairing(mentor_id=t["名师甲"], mentee_id=t["青1"], start=P(2024, 9)),  # 城区→乡村
                Pairing(mentor_id=t["名师甲"], mentee_id=t["青2"], start=P(2025, 9)),  # 城区→镇区
                Pairing(mentor_id=t["镇师"], mentee_id=t["青3"], start=P(2025, 3)),  # 镇区→乡村
                Pairing(mentor_id=t["校长戊"], mentee_id=t["青4"], programme_id=programme.id),
            ]
        )  # 城区→城区, 2025
        s.add_all(
            [
                TalentRecognition(teacher_id=t["名师甲"], kind="高层次人才认定", category="B", date=P(2025, 6)),
                TalentRecognition(teacher_id=t["乙"], kind="高层次人才认定", category="A", date=P(2024, 5)),
                TalentRecognition(teacher_id=t["校长戊"], kind="国务院特殊津贴", date=P(2025)),
                TalentRecognition(teacher_id=t["丙"], kind="省政府特殊津贴", date=P(2023, 10)),
                ServiceRequest(
                    teacher_id=t["乙"], kind="人才子女入学", status="已办结", applied=P(2025, 7), handled=P(2025, 9)
                ),
                ServiceRequest(teacher_id=t["丁"], kind="人才子女入学", status="办理中", applied=P(2025, 7)),
                ServiceRequest(
                    teacher_id=t["名师甲"], kind="购房补贴", status="已办结", handled=P(2025, 3), amount=50000
                ),
                ServiceRequest(
                    teacher_id=t["名师甲"], kind="购房补贴", status="已办结", handled=P(2025, 10), amount=30000
                ),
                ServiceRequest(teacher_id=t["乙"], kind="购房补贴", status="已办结", handled=P(2024, 6), amount=20000),
                RuralHonour(teacher_id=t["青1"], level="县", year=2025),
                RuralHonour(teacher_id=t["镇师"], level="省", year=2024),
            ]
        )
        uow.commit()
    return c


def ids(c, *names):
    return sorted(c.teacher[n] for n in names)


def drilled(report, part=0):
    """{(row label, column): teacher ids} of a report's part."""
    rows = report.parts[part].rows
    return {(rows[r][0], rows[r][1], col): v for (p, r, col), v in report.teacher_ids.items() if p == part}


# ---------------------------------------------------------------- studios


def test_studios_by_kind_and_level_with_hosts_and_trainees(db, town):
    rep = run(db, "studio-stats", period=years(2025, 2025))
    rows = {(r[0], r[1]): r[2:] for r in rep.main.rows}
    assert rows[("名师工作室", "县级")] == (1, 1, 2, 1)
    assert rows[("名校长工作室", "市级")] == (1, 1, 1, 0)
    assert rows[("名班主任工作室", "小计")] == (0, 0, 0, 0)  # closed in 2022
    assert rows[("合计", "")] == (2, 2, 3, 1)
    d = drilled(rep)
    assert d[("合计", "", 3)] == ids(town, "名师甲", "校长戊")
    assert d[("合计", "", 4)] == ids(town, "乙", "丙", "己")
    assert d[("名师工作室", "县级", 5)] == ids(town, "丁")
    names = {r[0]: r for r in rep.parts[1].rows}
    assert set(names) == {"甲名师工作室", "戊名校长工作室", "合计 2 个"}
    assert names["甲名师工作室"][3:5] == ("名师甲", "城关小学") and names["甲名师工作室"][7:] == (2, 1)


def test_studios_of_an_earlier_period_and_of_a_scope(db, town):
    early = run(db, "studio-stats", period=years(2020, 2022))
    assert {(r[0], r[1]): r[2:] for r in early.main.rows}[("合计", "")] == (1, 1, 1, 0)  # 庚's, with 青1
    # without a period: the studios in being on the report date; 丙 joined 2025-03 and still counts
    now = {(r[0], r[1]): r[2:] for r in run(db, "studio-stats").main.rows}
    assert now[("合计", "")] == (2, 2, 3, 1)
    village = run(db, "studio-stats", scope=Scope.parse("school:河口小学"), period=years(2020, 2026))
    assert {(r[0], r[1]): r[2:] for r in village.main.rows}[("合计", "")] == (1, 1, 1, 0)


# ---------------------------------------------------------------- mentors


def test_mentors_per_year_and_pairings_by_direction(db, town):
    rep = run(db, "mentor-stats", period=years(2024, 2025))
    head = rep.main.headers
    rows = {r[0]: dict(zip(head[1:], r[1:])) for r in rep.main.rows}
    assert rows["2024"] == {
        "新结对": 1,
        "导师": 1,
        "青年教师": 1,
        "城区→乡村": 1,
        "城区→镇区": 0,
        "镇区→乡村": 0,
        "同类学校之间": 0,
        "其他方向或不明": 0,
    }
    assert rows["2025"] == {
        "新结对": 3,
        "导师": 3,
        "青年教师": 3,
        "城区→乡村": 0,
        "城区→镇区": 1,
        "镇区→乡村": 1,
        "同类学校之间": 1,
        "其他方向或不明": 0,
    }
    assert rows["合计"]["新结对"] == 4 and rows["合计"]["导师"] == 3  # 名师甲 chose two mentees: one mentor
    d = {(k[0], head[k[2]]): v for k, v in drilled(rep).items()}
    assert d[("2025", "导师")] == ids(town, "名师甲", "镇师", "校长戊")
    assert d[("2025", "镇区→乡村")] == ids(town, "青3")
    assert d[("合计", "青年教师")] == ids(town, "青1", "青2", "青3", "青4")
    # every year on record without a period; the scope goes by the mentee's post school
    assert [r[0] for r in run(db, "mentor-stats").main.rows] == ["2024年", "2025年", "合计"]
    village = run(db, "mentor-stats", year=2025, scope=Scope.parse("school:河口小学"))
    assert village.main.rows == [("2025年", 1, 1, 1, 0, 0, 1, 0, 0)]


# ---------------------------------------------------------------- tiers and 名优教师


def test_tier_table_and_famous_share(db, town):
    rep = run(db, "tiers")
    head = rep.main.headers
    rows = {r[0]: dict(zip(head[1:], r[1:])) for r in rep.main.rows}
    assert rows["名师"]["县级"] == 1 and rows["骨干教师"]["市级"] == 1 and rows["骨干教师"]["校级"] == 1
    assert rows["骨干教师"]["合计"] == 2 and rows["教坛新秀"]["合计"] == 1 and rows["正高级教师（职称）"]["合计"] == 1
    d = {(k[0], head[k[2]]): v for k, v in drilled(rep).items()}
    assert d[("骨干教师", "合计")] == ids(town, "乙", "丁") and d[("正高级教师（职称）", "合计")] == ids(town, "校长戊")
    share = {r[0]: r[2:] for r in rep.parts[1].rows}
    # 名优: 名师甲 (县级名师), 乙 (市级骨干), 校长戊 (正高级); not 丙 (新秀) nor 丁 (校级骨干)
    assert share["全县合计"] == (12, 3, "25.0%")
    assert share["城关小学"] == (5, 2, "40.0%")
    sd = drilled(rep, 1)
    assert sd[("全县合计", "", 3)] == ids(town, "名师甲", "乙", "校长戊")
    assert len(sd[("全县合计", "", 2)]) == 12
    assert rep.summary["famous"] == 3


def test_famous_level_is_a_setting(db, town):
    from talentdesk.domain.policy import Policy

    rep = catalogue.compute(db, "tiers", Params(today=TODAY, policy=Policy(famous_min_level="校级")))
    assert rep.parts[1].rows[-1][2:] == (12, 4, "33.3%")  # 丁 (校级骨干) now counts


def test_the_talent_page_shows_the_report_figures(db, town):
    from talentdesk.services.cultivation import tiers as talent

    data = talent.tiers(db, TODAY)
    assert data["totals"]["骨干教师"] == 2 and data["counts"]["名师"] == {"县级": 1}
    assert data["counts"]["正高级教师"] == {"—": 1}


# ---------------------------------------------------------------- 学科缺口


def test_subject_shortages_per_school_and_county(db, town):
    rep = run(db, "shortage", year=2025, scope=Scope.parse("school:县一中"))
    county = {(r[0], r[1]): r[2:] for r in rep.main.rows}
    # 县一中: 3 classes of 高中, no teachers: 3 × weekly periods ÷ 12
    assert county[("高中", "语文")][0] == pytest.approx(1.125, abs=0.01) and county[("高中", "语文")][1] == 1
    assert county[("高中", "物理")] == (0.75, 1) and county[("高中", "体育")] == (0.5, 1)
    assert ("高中", "音乐") not in county  # 0.25: rounding, not a gap
    assert rep.main.rows[-1][2] == pytest.approx(8.25, abs=0.02)
    # the whole county: the same lines as the hiring plan's 学科缺口 tab
    whole = run(db, "shortage", year=2025)
    assert [r[:3] + (r[5],) for r in whole.parts[1].rows[:-1]] == recruitment_plan.shortage_rows(db, 2025)


# ---------------------------------------------------------------- talents, services, rural certificates


def test_talents_services_and_certificates_over_a_period(db, town):
    rep = run(db, "talent-stats", period=years(2024, 2025))
    assert rep.main.headers == ("类别", "项目", "2024", "2025", "合计")
    rows = {(r[0], r[1]): r[2:] for r in rep.main.rows}
    assert rows[("高层次人才认定", "A类")] == (1, 0, 1)
    assert rows[("高层次人才认定", "B类")] == (0, 1, 1)
    assert rows[("高层次人才认定", "合计")] == (1, 1, 2)
    assert rows[("特殊津贴", "国务院特殊津贴")] == (0, 1, 1)
    assert rows[("特殊津贴", "省政府特殊津贴")] == (0, 0, 0)  # 2023
    assert rows[("人才服务", "子女入学已办结（件）")] == (0, 1, 1)  # 丁's is still 办理中
    assert rows[("人才服务", "购房补贴已办结（人）")] == (1, 1, 2)  # 名师甲 paid twice: one person
    assert rows[("人才服务", "购房补贴金额（元）")] == (20000, 80000, 100000)
    assert rows[("乡村从教荣誉证书", "省级")] == (1, 0, 1)
    assert rows[("乡村从教荣誉证书", "县级")] == (0, 1, 1)
    assert rows[("乡村从教荣誉证书", "合计")] == (1, 1, 2)
    head = rep.main.headers
    d = {(k[0], k[1], head[k[2]]): v for k, v in drilled(rep).items()}
    assert d[("人才服务", "购房补贴已办结（人）", "合计")] == ids(town, "名师甲", "乙")
    assert d[("乡村从教荣誉证书", "合计", "合计")] == ids(town, "青1", "镇师")
    assert ("特殊津贴", "省政府特殊津贴", "合计") not in d
    every = {(r[0], r[1]): r[2:] for r in run(db, "talent-stats").main.rows}  # no period: every record
    assert every[("特殊津贴", "省政府特殊津贴")] == (1,)


def test_the_new_figures_run_from_the_command_line(db, town, tmp_path):
    import json

    from talentdesk.cli import main

    path = db.engine.url.database
    if not path:
        pytest.skip("a server database: the command line test runs on SQLite")
    db.dispose()
    for name in ("studio-stats", "mentor-stats", "talent-stats"):
        out = tmp_path / f"{name}.json"
        assert main(["--db", path, "report", name, "--from", "2024", "--to", "2025", str(out)]) == 0, name
        assert json.loads(out.read_text(encoding="utf-8"))["rows"], name
    for name in ("tiers", "shortage"):
        out = tmp_path / f"{name}.xlsx"
        assert main(["--db", path, "report", name, str(out), "--scope", "township:城关镇"]) == 0, name
