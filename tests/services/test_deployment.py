"""Deployment services on a small hand-made county: placements and transfers, the rotation year,
人编一致, staffing, rural-service lists, separations and the watch list."""

import datetime as dt

import pytest

from talentdesk.domain.dates import PartialDate as P
from talentdesk.domain.policy import Policy
from talentdesk.errors import UserError, ValidationError
from talentdesk.reports import staffing
from talentdesk.services.deployment import attrition, consistency, placements, rotation, rural
from talentdesk.store.models import Placement, PostRecord, SchoolYearStat, Teacher
from talentdesk.store.uow import UnitOfWork
from tests.deployment_builder import TODAY, build


@pytest.fixture
def county(db):
    return build(db)


# ---------------------------------------------------------------- placements and transfers


def test_placement_and_working_school(db, county):
    pid = placements.save(
        db,
        None,
        dict(
            teacher_id=county["城2"],
            to_school_id=county["v1"],
            kind="支教",
            start="2024.09",
            planned_end="2025.07",
            status="在岗",
        ),
    )
    row = placements.get(db, pid)
    assert row["from_school_id"] == county["town"]  # defaults to the post school
    assert placements.working_school_on(db, county["城2"], dt.date(2024, 12, 1))[1] == "甲村小学"
    assert placements.working_school_on(db, county["城2"], dt.date(2024, 8, 31))[1] == "城关小学"
    placements.end(db, pid, "2025-07", "期满返回")
    assert placements.working_school_on(db, county["城2"], dt.date(2025, 8, 1))[1] == "城关小学"
    with pytest.raises(ValidationError) as e:
        placements.save(
            db, None, dict(teacher_id=county["城2"], to_school_id=county["town"], kind="支教", start="2025-09")
        )
    assert "编制学校" in str(e.value)


def test_transfer_moves_the_post(db, county):
    placements.transfer(db, county["甲0"], county["v2"], "2025-09")
    with db.sessions() as s:
        t = s.get(Teacher, county["甲0"])
        posts = sorted((p.start.iso(), p.end.iso() if p.end else None, p.school_id) for p in t.posts)
        assert posts == [("2010-09", "2025-08", county["v1"]), ("2025-09", None, county["v2"])]
        assert t.school_entry == P(2025, 9)
        moves = [p for p in t.placements if p.kind == "调动"]
        assert len(moves) == 1 and moves[0].moves_relation
    assert placements.working_school_on(db, county["甲0"], dt.date(2025, 8, 31))[1] == "甲村小学"
    assert placements.working_school_on(db, county["甲0"], dt.date(2025, 9, 1))[1] == "乙村小学"
    with pytest.raises(ValidationError):
        placements.transfer(db, county["甲0"], county["v2"], "2025-10")


# ---------------------------------------------------------------- the rotation year


def test_eligibility_quota_plan_and_approval(db, county):
    yid = rotation.create_year(db, 2025)
    rows = {r[1]: r for r in rotation.eligibility(db, yid, Policy())}
    assert rows["刚满六年"][9] == "符合"
    assert rows["差一天"][9] == "不符合" and "不满 6 年" in rows["差一天"][10]
    assert rows["年满五十一"][9] == "不符合" and "年龄上限" in rows["年满五十一"][10]
    assert "甲0" not in rows  # village schools receive, they do not send
    rotation.set_exclusion(db, yid, county["城9"], "患重病")
    rows = {r[1]: r for r in rotation.eligibility(db, yid, Policy())}
    assert rows["城9"][9] == "不符合" and "患重病" in rows["城9"][10]
    q, county_q = rotation.quotas(db, yid, Policy())
    assert (q[0].eligible, q[0].quota, q[0].short) == (10, 1, 1)  # 9 + 刚满六年 → 10 % → 1
    assert county_q["backbone_need"] == 1
    made = rotation.propose(db, yid, Policy())
    assert made.made == 1 and made.needed == 1 and not made.shortfalls
    props = rotation.proposals(db, yid)
    assert props[0][2] == "城1"  # the only backbone teacher must go (≥ 20 % of those rotated)
    assert props[0][4] == "甲村小学"  # fewer backbone per 100 students? both 0: the one lacking 数学
    assert "骨干" in props[0][13] and "数学教师现有 0 人" in props[0][13]
    q, county_q = rotation.quotas(db, yid, Policy())
    assert county_q["short"] == 0 and county_q["backbone_short"] == 0
    # the clerk changes the destination and adds a teacher by hand, then approves
    rotation.update_proposal(db, props[0][0], {"to_school_id": county["v2"]})
    rotation.add_proposal(db, yid, county["城0"], county["v1"], policy=Policy())
    assert rotation.approve(db, yid) == 2
    with db.sessions() as s:
        placed = {p.teacher_id: (p.to_school_id, p.status, p.batch) for p in s.query(Placement)}
        assert placed[county["城1"]] == (county["v2"], "已审批", "2025年秋季交流轮岗")
        assert s.get(Teacher, county["城0"]).cur_work_school_id == county["v1"]
    with pytest.raises(UserError):
        rotation.update_proposal(db, props[0][0], {"to_school_id": county["v1"]})
    rotation.revoke(db, props[0][0])
    with db.sessions() as s:
        assert county["城1"] not in {p.teacher_id for p in s.query(Placement)}
    data = rotation.form_data(db, [props[0][0]])
    assert data[0]["name"] == "城1" and data[0]["to_school"] == "乙村小学"


# ---------------------------------------------------------------- 人编一致


def test_long_loan_listed_and_resolved_by_transfer(db, county):
    placements.save(
        db,
        None,
        dict(teacher_id=county["甲1"], to_school_id=county["town"], kind="借调", start="2024-03", status="在岗"),
    )
    found = consistency.find(db, TODAY, Policy())
    assert [(r[1], r[7]) for r in found] == [("甲1", "long_loan")]
    issue = found[0][8]
    transfer = next(c for c in issue.changes if c.action == "transfer")
    consistency.apply(db, county["甲1"], transfer)
    assert consistency.find(db, TODAY, Policy()) == []
    with db.sessions() as s:
        t = s.get(Teacher, county["甲1"])
        assert t.cur_post_school_id == county["town"] and t.cur_work_school_id == county["town"]


# ---------------------------------------------------------------- staffing


def test_staffing_lines_and_over_quota(db, county):
    year, lines, totals = staffing.lines(db, policy=Policy())
    by = {x.school: x for x in lines}
    town = by["城关小学"]
    assert (year, town.students, town.entitled, town.quota, town.in_post) == (2025, 760, 40.0, 38, 13)
    assert town.vacancy == 25 and not town.over_quota
    assert town.usage == "34.2%"  # 编制使用率: 13 in post of a quota of 38
    with UnitOfWork(db) as uow:
        st = uow.session.query(SchoolYearStat).filter_by(school_id=county["v1"]).one()
        st.quota = 2
        uow.commit()
    _, lines, totals = staffing.lines(db, policy=Policy())
    v1 = next(x for x in lines if x.school == "甲村小学")
    assert v1.over_quota and v1.remark == "超编 1 人"
    assert totals[-1].in_post == 16 and totals[-1].quota == 38 + 2 + 5
    table = staffing.table(db, policy=Policy())
    assert "超编学校 1 所（1 人）" in table.note


def test_staffing_total_is_the_students_over_the_ratio_not_a_sum_of_rounded_figures(db, county):
    with UnitOfWork(db) as uow:
        for st in uow.session.query(SchoolYearStat):
            st.students = 100  # 100 / 19 = 5.263… → each school shows 5.3
        uow.commit()
    _, lines, totals = staffing.lines(db, policy=Policy())
    assert [x.entitled for x in lines] == [5.3, 5.3, 5.3]
    assert totals[-1].entitled == 15.8  # 300 / 19 = 15.79 (the schools' figures add up to 15.9)
    assert next(x for x in totals if x.stage == "小学").entitled == 15.8


# ---------------------------------------------------------------- rural service


def test_rural_years_lists_and_certificates(db, county):
    with UnitOfWork(db) as uow:
        s = uow.session
        s.query(PostRecord).filter_by(teacher_id=county["甲2"]).delete()
        # 1990-2000 in a village, 2000-2005 in town, 2005- in a village again; retired 2025-08
        s.add_all(
            [
                PostRecord(teacher_id=county["甲2"], school_id=county["v1"], start=P(1990, 9), end=P(2000, 8)),
                PostRecord(teacher_id=county["甲2"], school_id=county["town"], start=P(2000, 9), end=P(2005, 8)),
                PostRecord(teacher_id=county["甲2"], school_id=county["v2"], start=P(2005, 9), end=P(2025, 8)),
            ]
        )
        t = s.get(Teacher, county["甲2"])
        t.status, t.status_date = "退休", P(2025, 8)
        # a town teacher with one year of 支教 in a village
        s.add(
            Placement(
                teacher_id=county["城3"],
                from_school_id=county["town"],
                to_school_id=county["v1"],
                kind="支教",
                start=P(2020, 9),
                planned_end=P(2021, 8),
                actual_end=P(2021, 8),
                status="期满返回",
            )
        )
        uow.commit()
    entries = {e.name: e for e in rural.compute(db, TODAY, Policy())}
    assert entries["甲2"].years == 30.0 and entries["甲2"].level == "国家" and entries["甲2"].status == "退休"
    assert entries["城3"].years == 1.0 and entries["城3"].level is None
    assert entries["甲0"].years == pytest.approx(15.1, abs=0.05) and entries["甲0"].level == "县"
    lists = rural.lists(db, TODAY, Policy())
    assert [e.name for e in lists["国家"]] == ["甲2"]
    # “20年以上”、“10年以上” include longer service: 30 years and no certificate → on all three lists
    assert entries["甲2"].lists == ("国家", "省", "县")
    assert "甲2" in [e.name for e in lists["省"]] and "甲2" in [e.name for e in lists["县"]]
    rural.record(db, [county["甲2"]], "国家", 2025, "2025-001")
    lists = rural.lists(db, TODAY, Policy())
    assert lists["国家"] == []
    # the national certificate does not stand for the provincial one: the bureau chooses, seeing what is held
    on_province = {e.name: e for e in lists["省"]}
    assert on_province["甲2"].given == ["国家（2025）"]
    rural.record(db, [county["甲2"]], "省", 2025)
    rural.record(db, [county["甲2"]], "县", 2025)
    assert all(e.name != "甲2" for lv in ("国家", "省", "县") for e in rural.lists(db, TODAY, Policy())[lv])
    # the rural rule is a parameter: with only 乡村 counting nothing changes here, with none nobody is listed
    none = Policy(rural_areas={"城区": 0, "镇区": 0, "乡村": 0})
    assert rural.compute(db, TODAY, none) == []


def test_rural_lists_include_exact_boundaries(db, county):
    """满30年 / 满10年 include the boundary (the teacher of 1996-09 … 2026-08 was on the provincial list)."""
    with UnitOfWork(db) as uow:
        s = uow.session
        for key, spells in {
            "甲2": [(P(1996, 9), P(2026, 8))],  # 30 calendar years, 7 leap days
            "甲0": [(P(2015, 9), P(2025, 8))],  # exactly 10 years
            "甲1": [(P(2015, 9, 2), P(2025, 8))],
        }.items():  # a day short of 10 years
            s.query(PostRecord).filter_by(teacher_id=county[key]).delete()
            for a, b in spells:
                s.add(PostRecord(teacher_id=county[key], school_id=county["v1"], start=a, end=b))
            t = s.get(Teacher, county[key])
            t.status, t.status_date = "退休", spells[-1][1]
        uow.commit()
    entries = {e.name: e for e in rural.compute(db, dt.date(2026, 9, 1), Policy())}
    assert entries["甲2"].months == 360 and entries["甲2"].lists == ("国家", "省", "县")
    assert entries["甲2"].years_text == "30年"
    assert entries["甲0"].months == 120 and entries["甲0"].lists == ("县",)
    assert entries["甲1"].months == 119 and entries["甲1"].lists == ()
    assert entries["甲1"].years_text == "9年11个月"


# ---------------------------------------------------------------- attrition


def test_separation_losses_and_watch_list(db, county):
    attrition.record_separation(db, county["城4"], "辞职", "2025-07", "考取公务员", "县政府")
    with db.sessions() as s:
        t = s.get(Teacher, county["城4"])
        assert t.status == "辞职" and all(p.end is not None for p in t.posts)
    headers, rows = attrition.loss_table(db, "kind", this_year=2025)
    assert headers[-2:] == ["2025年", "合计"] and ("辞职", 0, 0, 0, 0, 1, 1) in rows
    headers, rows = attrition.loss_table(db, "area", this_year=2025)
    assert rows[0][0] == "城区"
    sid = attrition.separations(db)[0][0]
    attrition.delete_separation(db, sid)
    with db.sessions() as s:
        assert s.get(Teacher, county["城4"]).status == "在岗"
    # watch list: a situation fires the default rule; switching the rule off removes the flag
    attrition.add_situation(db, county["甲1"], "两地分居", "2025-03", "配偶在市区")
    flagged = {r[1]: r for r in attrition.watch_list(db, TODAY, Policy())}
    assert "两地分居" in flagged["甲1"][8] and "配偶在市区" in flagged["甲1"][9]
    attrition.save_rule_by_name(db, "两地分居", dict(name="两地分居", situation="两地分居", enabled=False))
    flagged = {r[1]: r for r in attrition.watch_list(db, TODAY, Policy())}
    assert "两地分居" not in flagged["甲1"][8]
    assert "乡村教师职称长期未晋升" in flagged["甲1"][8] and "未定职级已 20 年未晋升" in flagged["甲1"][9]
    assert len(attrition.rules(db)) == 5
    attrition.reset_rules(db)
    assert "两地分居" in {r[1]: r for r in attrition.watch_list(db, TODAY, Policy())}["甲1"][8]


def test_placements_recorded_this_year_count_towards_the_quota(db, county):
    # an imported rotation list already sent 城5 this year: it counts, and the plan does not pick 城5 again
    placements.save(
        db,
        None,
        dict(
            teacher_id=county["城5"],
            to_school_id=county["v2"],
            kind="交流轮岗",
            start="2025-09",
            planned_end="2026-07",
            status="在岗",
        ),
    )
    yid = rotation.create_year(db, 2025)
    rows = {r[1]: r for r in rotation.eligibility(db, yid, Policy())}
    assert rows["城5"][9] == "符合" and "已在本年度交流名单中" in rows["城5"][10]
    q, county_q = rotation.quotas(db, yid, Policy())
    assert (q[0].eligible, q[0].quota, q[0].rotated) == (11, 2, 1)
    assert rotation.propose(db, yid, Policy()).made == 1
    assert county["城5"] not in {r[1] for r in rotation.proposals(db, yid)}


def test_age_reading_is_a_setting_with_two_choices(db, county):
    from talentdesk.services.platform import settings

    with pytest.raises(ValidationError) as e:
        settings.save_policy(db, {**Policy().to_dict(), "rotation_age_reading": "随便"})
    assert "含本数" in e.value.problems["rotation_age_reading"]
    settings.save_policy(db, {**Policy().to_dict(), "rotation_age_reading": "不含本数"})
    yid = rotation.create_year(db, 2025)
    policy = settings.load_policy(db)
    assert policy.rotation_age_reading == "不含本数"
    rows = {r[1]: r for r in rotation.eligibility(db, yid, policy)}
    assert "须未满50周岁" in rows["年满五十一"][10]


def test_high_schools_get_no_quota_unless_the_bureau_includes_them(db, county):
    from talentdesk.store import current
    from talentdesk.store.models import School
    from tests.deployment_builder import make_teacher

    with UnitOfWork(db) as uow:
        s = uow.session
        high = School(name="县一中", area="城区", kind="高中")
        s.add(high)
        s.flush()
        for i in range(10):
            make_teacher(s, 200 + 2 * i, f"高{i}", high, P(2010, 9), stage="高中")
        s.flush()
        current.refresh(s, [t.id for t in s.query(Teacher)], TODAY)
        uow.commit()
    yid = rotation.create_year(db, 2025)
    rows = {r[1]: r for r in rotation.eligibility(db, yid, Policy())}
    assert not any(name.startswith("高") for name in rows)
    assert [q.name for q in rotation.quotas(db, yid, Policy())[0]] == ["城关小学"]
    included = Policy(rotation_high_schools="参加")
    rows = {r[1]: r for r in rotation.eligibility(db, yid, included)}
    assert rows["高0"][9] == "符合"
    assert "县一中" in [q.name for q in rotation.quotas(db, yid, included)[0]]


def test_backbone_shortfall_is_shown_not_capped(db, county):
    yid = rotation.create_year(db, 2025)
    policy = Policy(rotation_min_share=0.5, rotation_backbone_share=0.5)
    q = rotation.quotas(db, yid, policy)[0][0]
    assert (q.quota, q.backbone_eligible, q.backbone_need) == (6, 1, 3)  # was capped to the 1 it has
    assert q.backbone_short == 3 and q.backbone_lacking == 2
    from talentdesk.reports.deployment_tables import rotation_quota_table

    table = rotation_quota_table(db, 2025, policy)
    assert table.rows[0][-1] == 2 and "骨干教师不足，共差 2 人" in table.note


def test_village_schools_are_staffed_by_students_and_classes_together(db, county):
    with UnitOfWork(db) as uow:
        st = uow.session.query(SchoolYearStat).filter_by(school_id=county["v2"]).one()
        st.classes = 6  # 95 students: 5.0 by the student ratio, 9.0 by 6 classes × 1.5
        uow.commit()
    _, lines, totals = staffing.lines(db, policy=Policy())
    v2 = next(x for x in lines if x.school == "乙村小学")
    assert v2.entitled == 9.0 and v2.row()[4] == "1:19，班师比1:1.5"
    assert totals[-1].entitled == round(760 / 19 + 190 / 19 + 9.0, 1)
    town = next(x for x in lines if x.school == "城关小学")
    assert town.class_ratio is None  # 城区: the student ratio only
    _, lines, _ = staffing.lines(db, policy=Policy(class_staff_ratio={"小学": 0}))
    assert next(x for x in lines if x.school == "乙村小学").entitled == 5.0
    assert "班师比" in staffing.table(db, policy=Policy()).note
