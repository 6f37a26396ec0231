import datetime as dt
import json

import pytest
from sqlalchemy import select

from talentdesk.domain.dates import PartialDate as P
from talentdesk.errors import UserError, ValidationError
from talentdesk.services.people import teachers
from talentdesk.services.recruitment import batches as recruitment
from talentdesk.services.recruitment import obligations, retention, student_pool
from talentdesk.services.recruitment import plan as recruitment_plan
from talentdesk.services.recruitment import recognition as talents
from talentdesk.store.models import AuditLog, Placement, PostRecord, Teacher
from talentdesk.store.uow import UnitOfWork
from tests.recruitment_builder import YEAR, County


@pytest.fixture
def county(db):
    return County(db)


def test_plan_on_a_small_county_with_known_gaps(db, county):
    props = {(p.school, p.stage): p for p in recruitment_plan.proposals(db, YEAR)}
    town = props[("城关小学", "小学")]
    assert (town.need, town.teachers, town.retiring, town.gap, town.proposed) == (20, 18, 1, 3, 3)
    assert props[("青山村小", "小学")].proposed == 0
    assert props[("城关中学", "初中")].gap == -1
    plan_id = recruitment_plan.propose_plan(db, YEAR)
    plan = recruitment_plan.get_plan(db, plan_id)
    assert plan["title"] == "2026年度中小学教师招聘计划" and plan["status"] == "草稿"
    assert sum(x["planned"] for x in plan["lines"]) == 3
    assert {x["school"] for x in plan["lines"]} == {"城关小学"}
    assert all("缺 3 人" in x["reason"] for x in plan["lines"])
    # a second proposal for the same year is a new draft
    second = recruitment_plan.propose_plan(db, YEAR)
    assert "第2稿" in recruitment_plan.get_plan(db, second)["title"]


def test_retirements_list_the_next_years(db, county):
    rows = recruitment_plan.retirements(db, YEAR)
    assert [(r["name"], r["retire"]) for r in rows] == [("城小0", dt.date(2026, 5, 10))]
    assert not rows[0]["overdue"]
    later = recruitment_plan.retirements(db, YEAR + 1)  # still 在岗 past the age: listed as overdue
    assert [(r["name"], r["overdue"]) for r in later] == [("城小0", True)]


def test_clerk_edits_the_plan(db, county):
    plan_id = recruitment_plan.propose_plan(db, YEAR)
    plan = recruitment_plan.get_plan(db, plan_id)
    lines = plan["lines"]
    lines[0]["planned"] = "2"
    lines.append(
        dict(
            school_id=county.village,
            stage="小学",
            subject="音乐",
            planned=1,
            proposed=0,
            channel="特岗计划",
            note="村小无音乐教师",
        )
    )
    recruitment_plan.save_plan(db, plan_id, lines, status="已报批")
    again = recruitment_plan.get_plan(db, plan_id)
    assert again["status"] == "已报批"
    assert sum(x["planned"] for x in again["lines"]) == sum(int(x["planned"]) for x in lines)
    assert any(x["school"] == "青山村小" and x["subject"] == "音乐" for x in again["lines"])
    bad = [dict(lines[0], planned="两")]
    with pytest.raises(ValidationError) as e:
        recruitment_plan.save_plan(db, plan_id, bad)
    assert "不是整数" in next(iter(e.value.problems.values()))


def _batch(db, channel="特岗计划", year=YEAR):
    return recruitment.save_batch(
        db,
        None,
        {
            "year": year,
            "channel": channel,
            "name": f"{year}年{channel}",
            "positions": "5",
            "report_date": f"{year}-09-01",
        },
    )


def test_admitted_candidate_becomes_teacher_in_one_audited_step(db, county):
    bid = _batch(db)
    number = county.make_id(dt.date(2002, 7, 9), "女")
    sid = student_pool.save(
        db,
        None,
        {
            "name": "李䶮",
            "id_number": number,
            "major": "数学与应用数学",
            "graduation": "2026-06",
            "university": "山东师范大学",
        },
    )
    cid = recruitment.save_candidate(
        db,
        bid,
        None,
        {
            "name": "李䶮",
            "id_number": number,
            "stage": "小学",
            "subject": "数学",
            "school_id": county.village,
            "university": "山东师范大学",
            "degree": "本科",
        },
    )
    tid = recruitment.admit(db, cid, today=dt.date(2026, 9, 10))
    file = teachers.get(db, tid)
    b = file["basic"]
    assert (b["name"], b["gender"], b["employment_form"], b["source"]) == ("李䶮", "女", "特岗", "特岗计划")
    assert b["work_start"] == P(2026, 9, 1) and b["school_entry"] == P(2026, 9, 1)
    assert [(p["school_id"], p["start"]) for p in file["posts"]] == [(county.village, P(2026, 9, 1))]
    assert [(p["to_school_id"], p["kind"]) for p in file["placements"]] == [(county.village, "本校")]
    assert [(t["stage"], t["subject"]) for t in file["teachings"]] == [("小学", "数学")]
    row = dict(zip(teachers.COLUMNS, next(r for r in teachers.list_rows(db) if r[0] == tid)))
    assert row["post_school"] == "青山村小" and row["subject"] == "数学"
    # the 特岗 term is tracked, the student pool points at the teacher, the candidate is marked
    ob = next(o for o in obligations.list_rows(db, dt.date(2026, 9, 10)) if o["teacher_id"] == tid)
    assert (ob["kind"], ob["years"], ob["end"], ob["state"]) == ("特岗计划", 3, P(2029, 8, 31), "服务中")
    assert student_pool.get(db, sid)["teacher_id"] == tid
    cand = recruitment.list_candidates(db, bid)[0]
    assert cand["status"] == "已录用" and cand["teacher_id"] == tid
    with UnitOfWork(db) as uow:
        audited = {
            (a.table_name, a.action) for a in uow.session.scalars(select(AuditLog).where(AuditLog.at.is_not(None)))
        }
        new = json.loads(
            uow.session.scalar(select(AuditLog.new).where(AuditLog.table_name == "teacher", AuditLog.teacher_id == tid))
        )
    assert {
        ("teacher", "insert"),
        ("post_record", "insert"),
        ("placement", "insert"),
        ("service_obligation", "insert"),
        ("candidate", "update"),
        ("local_student", "update"),
    } <= audited
    assert new["name"] == "李䶮"
    with pytest.raises(UserError, match="已经入职"):
        recruitment.admit(db, cid)


def test_admit_refuses_missing_school_and_known_id(db, county):
    bid = _batch(db, "公开招聘")
    cid = recruitment.save_candidate(
        db, bid, None, {"name": "王明", "id_number": county.make_id(dt.date(2001, 1, 2), "男")}
    )
    with pytest.raises(ValidationError) as e:
        recruitment.admit(db, cid)
    assert "拟聘学校" in e.value.problems["school_id"]
    with UnitOfWork(db) as uow:
        existing = uow.session.scalar(select(Teacher.id_number).limit(1))
    cid2 = recruitment.save_candidate(
        db, bid, None, {"name": "重复", "id_number": existing, "school_id": county.middle}
    )
    with pytest.raises(ValidationError, match="已有身份证号"):
        recruitment.admit(db, cid2)
    with UnitOfWork(db) as uow:  # nothing half-written
        assert uow.session.scalar(select(Teacher.id).where(Teacher.name == "重复")) is None


def test_public_recruit_has_no_obligation_and_gongfei_serves_six_years(db, county):
    pub = _batch(db, "公开招聘")
    c1 = recruitment.save_candidate(
        db,
        pub,
        None,
        {
            "name": "甲",
            "id_number": county.make_id(dt.date(2000, 1, 2), "男"),
            "school_id": county.middle,
            "stage": "初中",
            "subject": "物理",
        },
    )
    t1 = recruitment.admit(db, c1)
    assert teachers.get(db, t1)["basic"]["employment_form"] == "在编"
    gf = _batch(db, "公费师范生")
    c2 = recruitment.save_candidate(
        db, gf, None, {"name": "乙", "id_number": county.make_id(dt.date(2003, 1, 2), "女"), "school_id": county.middle}
    )
    t2 = recruitment.admit(db, c2)
    obs = {o["teacher_id"]: o for o in obligations.list_rows(db, dt.date(2026, 10, 1))}
    assert t1 not in obs
    assert obs[t2]["years"] == 6 and obs[t2]["end"] == P(2032, 8, 31)


def test_obligation_conversion_and_breach(db, county):
    tid = county.teacher(
        "特岗甲", county.village, "小学", "数学", dt.date(1999, 3, 3), "男", form="特岗", start="2023-09"
    )
    assert obligations.fill_missing(db) == 1
    ob = obligations.list_rows(db, dt.date(2026, 8, 31))[0]
    assert (ob["end"], ob["state"], ob["due"]) == (P(2026, 8), "服务中", True)
    assert obligations.list_rows(db, dt.date(2026, 9, 1))[0]["state"] == "期满待转编"
    with pytest.raises(UserError, match="才期满"):
        obligations.convert(db, ob["id"], "2026-07")
    obligations.convert(db, ob["id"], "2026-09")
    after = obligations.list_rows(db, dt.date(2026, 9, 2))[0]
    assert after["state"] == "已转编" and after["closed_on"] == P(2026, 9) and not after["due"]
    basic = teachers.get(db, tid)["basic"]
    assert (basic["employment_form"], basic["source"]) == ("在编", "特岗转入")
    # 公费师范生 who left early: a breach
    t2 = county.teacher(
        "公费乙", county.middle, "初中", "英语", dt.date(2000, 3, 3), "女", source="公费师范生", start="2022-09"
    )
    obligations.fill_missing(db)
    ob2 = next(o for o in obligations.list_rows(db) if o["teacher_id"] == t2)
    assert ob2["end"] == P(2028, 8)
    obligations.close(db, ob2["id"], "违约", "2025-03", "考取研究生离岗")
    assert next(o for o in obligations.list_rows(db) if o["teacher_id"] == t2)["state"] == "违约"
    assert obligations.fill_missing(db) == 0  # nothing created twice


def test_students_graduating_in_a_lacking_subject(db, county):
    # the plan proposes 城关小学's posts; a 语文 shortage exists after the retirement
    short = recruitment_plan.county_shortage(db, YEAR)
    assert short[("小学", "语文")] >= 0.5
    a = student_pool.save(
        db,
        None,
        {
            "name": "赵晨",
            "major": "汉语言文学",
            "graduation": "2026-06",
            "normal": "是",
            "intention": "有意向",
            "from_school": "青禾县第一中学",
        },
    )
    student_pool.save(db, None, {"name": "钱程", "major": "土木工程", "graduation": "2026-06"})
    student_pool.save(db, None, {"name": "孙语", "major": "汉语言文学", "graduation": "2027-06"})
    student_pool.add_contact(db, a, {"date": "2026-02-10", "kind": "座谈会", "summary": "寒假返乡大学生座谈"})
    found = student_pool.short_subject_graduates(db, YEAR)
    assert [d["name"] for d in found] == ["赵晨"]
    assert "小学约缺" in found[0]["shortage"]
    assert student_pool.get(db, a)["contacts"][0]["kind"] == "座谈会"
    with pytest.raises(ValidationError):
        student_pool.add_contact(db, a, {"date": "2026-02-10", "kind": "飞鸽传书"})


def test_talents_and_benefits(db, county):
    tid = county.teacher_ids["城中0"]
    talents.save_recognition(
        db,
        None,
        {
            "teacher_id": tid,
            "kind": "高层次人才认定",
            "category": "B",
            "reviewed": "2025-05",
            "date": "2025-06",
            "doc_number": "人才字〔2025〕3号",
            "term_years": "3",
        },
    )
    talents.save_agreement(
        db,
        None,
        {
            "teacher_id": county.teacher_ids["村小0"],
            "kind": "银龄讲学",
            "school_id": county.village,
            "start": "2025-09",
            "end": "2027-07",
            "monthly_pay": "3500",
            "duties": "小学数学教学",
        },
    )
    rows = talents.list_rows(db, dt.date(2026, 3, 1))
    rec = next(r for r in rows if r["table"] == "recognition")
    assert rec["end"] == P(2028, 5) and rec["active"] and rec["monthly"] == 3000 and rec["once"] == 100000
    assert "子女入学" in rec["benefits"]
    agr = next(r for r in rows if r["table"] == "agreement")
    assert agr["monthly"] == 3500 and "小学数学教学" in agr["benefits"]
    assert talents.benefits_of(db, tid, dt.date(2029, 1, 1)) == []  # term over
    with pytest.raises(ValidationError) as e:
        talents.save_recognition(db, None, {"teacher_id": tid, "kind": "高层次人才认定", "date": "2025-06"})
    assert "类别" in e.value.problems["category"]


def test_subsidy_across_a_month_in_which_a_teacher_moves_school(db, county):
    retention.set_tier(db, county.village, "二档")
    tid = county.teacher(
        "调动丙",
        county.town_primary,
        "小学",
        "语文",
        dt.date(1992, 2, 2),
        "女",
        posts=[
            {"school_id": county.town_primary, "start": "2015-09", "end": "2026-03-15"},
            {"school_id": county.village, "start": "2026-03-16"},
        ],
    )
    rows = {r["teacher_id"]: r for r in retention.subsidy_rows(db, 2026, 3)}
    assert rows[tid]["amount"] == round(500 * 16 / 31, 2) and rows[tid]["days"] == 16
    assert "青山村小（二档，16天）" in rows[tid]["schools"]
    assert len(rows) == 6  # the 5 village teachers full month + the mover
    assert all(r["amount"] == 500 for t, r in rows.items() if t != tid)
    assert tid not in {r["teacher_id"] for r in retention.subsidy_rows(db, 2026, 2)}
    # a placement away from the village stops the subsidy for those days
    vt = county.teacher_ids["村小1"]
    with UnitOfWork(db) as uow:
        uow.session.add(
            Placement(
                teacher_id=vt,
                from_school_id=county.village,
                to_school_id=county.town_primary,
                kind="跟岗学习",
                start=P(2026, 4, 1),
                actual_end=P(2026, 4, 10),
                status="期满返回",
            )
        )
        uow.commit()
    april = {r["teacher_id"]: r for r in retention.subsidy_rows(db, 2026, 4)}
    assert april[vt]["days"] == 20 and april[vt]["amount"] == round(500 * 20 / 30, 2)
    with UnitOfWork(db) as uow:
        assert uow.session.scalar(select(PostRecord.id).where(PostRecord.teacher_id == tid)) is not None


def test_service_requests_and_ethics(db, county):
    tid = county.teacher_ids["城小3"]
    with pytest.raises(ValidationError) as e:
        retention.save_request(
            db,
            None,
            {
                "teacher_id": tid,
                "kind": "青年教师公寓",
                "applied": "2026-08-20",
                "status": "已办结",
                "handled": "2026-09-01",
            },
        )
    assert "room" in e.value.problems
    rid = retention.save_request(
        db,
        None,
        {
            "teacher_id": tid,
            "kind": "青年教师公寓",
            "applied": "2026-08-20",
            "status": "已办结",
            "handled": "2026-09-01",
            "room": "2-301",
            "start": "2026-09-01",
            "end": "2029-08-31",
        },
    )
    assert retention.list_requests(db)[0]["id"] == rid
    retention.save_ethics(db, None, {"teacher_id": tid, "year": 2025, "kind": "师德考核", "result": "优秀"})
    with pytest.raises(ValidationError, match="每年只能有一条"):
        retention.save_ethics(db, None, {"teacher_id": tid, "year": 2025, "kind": "师德考核", "result": "合格"})
    assert retention.fill_default_tiers(db) == 1  # the village school
    assert {r["name"]: r["tier"] for r in retention.list_tiers(db)}["青山村小"] == "二档"


def test_obligation_years_come_from_the_saved_policy(db, county):
    from talentdesk.services.platform import settings

    policy = settings.load_policy(db)
    assert policy.obligation_years["公费师范生"] == 6
    data = policy.to_dict()
    data["obligation_years"] = {**data["obligation_years"], "公费师范生": "5"}
    settings.save_policy(db, data)
    tid = county.teacher(
        "公费丙", county.middle, "初中", "数学", dt.date(2001, 3, 3), "女", source="公费师范生", start="2024-09"
    )
    obligations.fill_missing(db)
    ob = next(o for o in obligations.list_rows(db) if o["teacher_id"] == tid)
    assert (ob["years"], ob["end"]) == (5, P(2029, 8))
