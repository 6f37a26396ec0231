"""Issue 20 §4: a talent recognition from application to allowance — the steps (申报 → 初审 → 认定/未认定, no 认定
without 初审通过, dates in order, 文号 for 认定), the bureau's list of kinds, counts over a period, an imported
talent's agreed terms with paid vs agreed, the term-end reminders, and the spreadsheet import (one undoable batch)."""

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.domain import talents as rules
from talentdesk.domain.dates import PartialDate as P
from talentdesk.errors import ValidationError
from talentdesk.importing import templates
from talentdesk.importing.undo import undo
from talentdesk.reports.events import YM
from talentdesk.reports.talent_steps import step_counts
from talentdesk.services.recruitment import recognition as talents
from talentdesk.services.recruitment import talent_import
from talentdesk.store.models import AuditLog
from talentdesk.store.models_recruitment import TalentRecognition
from talentdesk.store.uow import UnitOfWork
from tests.recruitment_builder import County


@pytest.fixture
def county(db):
    return County(db)


def _apply(db, tid, **values):
    return talents.save_recognition(db, None, {"teacher_id": tid, "kind": "高层次人才认定", "category": "C", **values})


def test_no_recognition_without_passing_the_review_and_dates_in_order(db, county):
    tid = county.teacher_ids["城中0"]
    rid = _apply(db, tid, status="申报", applied="2025-04-10")
    # straight from 申报 to 认定: refused, the 初审 is missing (and the 文号)
    with pytest.raises(ValidationError) as e:
        talents.save_recognition(
            db, rid, {**talents.get(db, "recognition", rid), "status": "认定", "date": "2025-06-20"}
        )
    assert "初审" in e.value.problems["status"] and "文号" in e.value.problems["doc_number"]
    # the 初审 before the application: refused
    with pytest.raises(ValidationError) as e:
        talents.save_recognition(
            db, rid, {**talents.get(db, "recognition", rid), "status": "初审通过", "reviewed": "2025-03-01"}
        )
    assert "早于申报日期" in e.value.problems["reviewed"]
    talents.save_recognition(
        db, rid, {**talents.get(db, "recognition", rid), "status": "初审通过", "reviewed": "2025-05-12"}
    )
    with pytest.raises(ValidationError) as e:  # 认定 before the 初审
        talents.save_recognition(
            db,
            rid,
            {
                **talents.get(db, "recognition", rid),
                "status": "认定",
                "date": "2025-05-01",
                "doc_number": "人才字〔2025〕3号",
            },
        )
    assert "早于初审日期" in e.value.problems["date"]
    talents.save_recognition(
        db,
        rid,
        {
            **talents.get(db, "recognition", rid),
            "status": "认定",
            "date": "2025-06-20",
            "doc_number": "人才字〔2025〕3号",
        },
    )
    row = next(r for r in talents.list_rows(db, dt.date(2025, 7, 1)) if r["id"] == rid and r["table"] == "recognition")
    assert row["status"] == "认定" and row["active"] and row["monthly"] == 2000  # C: 人才津贴 from the policy
    # a failed 初审 cannot become 认定 either
    other = _apply(db, county.teacher_ids["城中1"], status="初审不通过", applied="2025-04-10", reviewed="2025-05-12")
    with pytest.raises(ValidationError) as e:
        talents.save_recognition(
            db,
            other,
            {**talents.get(db, "recognition", other), "status": "认定", "date": "2025-06-20", "doc_number": "x号"},
        )
    assert "未经初审通过" in e.value.problems["status"]
    # an application is not a recognition: no benefits, not counted as 认定
    pending = next(r for r in talents.list_rows(db, dt.date(2025, 7, 1)) if r["id"] == other)
    assert not pending["active"] and pending["benefits"] == ""
    # the change is audited
    with db.sessions() as s:
        fields = set(
            s.scalars(
                select(AuditLog.field).where(AuditLog.table_name == "talent_recognition", AuditLog.record_id == rid)
            )
        )
    assert {"status", "reviewed", "doc_number"} <= fields


def test_a_recognition_kept_at_its_status_is_only_held_to_its_dates(db, county):
    """A recognition entered before the steps were recorded (migration 0022: 认定, no 初审 date) can still be
    edited without inventing a 初审 date."""
    tid = county.teacher_ids["城中2"]
    with UnitOfWork(db) as uow:
        row = TalentRecognition(teacher_id=tid, kind="国务院特殊津贴", date=P(2019, 12))
        uow.session.add(row)
        uow.session.flush()
        rid = row.id
        uow.commit()
    assert talents.get(db, "recognition", rid)["status"] == "认定"  # the default the migration gives old rows
    talents.save_recognition(db, rid, {**talents.get(db, "recognition", rid), "issuer": "国务院"})
    assert talents.get(db, "recognition", rid)["issuer"] == "国务院"


def test_project_and_kind_list(db, county):
    tid = county.teacher_ids["城中0"]
    with pytest.raises(ValidationError) as e:
        talents.save_recognition(db, None, {"teacher_id": tid, "kind": "领军人才梯队", "applied": "2025-04"})
    assert "学科项目" in e.value.problems["project"]
    with pytest.raises(ValidationError) as e:
        talents.save_recognition(db, None, {"teacher_id": tid, "kind": "县拔尖人才", "applied": "2025-04"})
    assert "kind" in e.value.problems
    assert [k["name"] for k in talents.kinds(db)] == list(rules.DEFAULT_KINDS)
    kid = talents.add_kind(db, "县拔尖人才")
    rid = talents.save_recognition(
        db, None, {"teacher_id": tid, "kind": "县拔尖人才", "status": "申报", "applied": "2025-04"}
    )
    with pytest.raises(ValidationError) as e:
        talents.remove_kind(db, kid)
    assert "1 条" in e.value.problems["name"]
    talents.delete(db, "recognition", rid)
    talents.remove_kind(db, kid)
    with pytest.raises(ValidationError):
        talents.add_kind(db, "领军人才梯队")  # already there


def test_counts_over_a_period_follow_each_steps_date(db, county):
    ids = county.teacher_ids
    # last year's round: four applied, three passed the review, two recognised, one not
    for name, status, extra in (
        ("城中0", "认定", {"date": "2025-06-20", "doc_number": "人才字〔2025〕1号"}),
        ("城中1", "认定", {"date": "2025-06-20", "doc_number": "人才字〔2025〕1号"}),
        ("城中2", "未认定", {"date": "2025-06-20"}),
        ("城中3", "初审不通过", {}),
    ):
        talents.save_recognition(
            db,
            None,
            {
                "teacher_id": ids[name],
                "kind": "高层次人才认定",
                "category": "D",
                "status": status,
                "applied": "2025-04-10",
                "reviewed": "2025-05-12",
                **extra,
            },
        )
    # this year: one application only, in 2026
    _apply(db, ids["城中4"], status="申报", applied="2026-03-01")
    events = talents.step_events(db)

    def counts(start: YM, end: YM) -> dict[str, int]:
        got = step_counts(events, start, end)
        return {step: len(set().union(*(w for (_k, st), w in got.items() if st == step))) for step in rules.STATUSES}

    assert counts((2025, 1), (2025, 12)) == {"申报": 4, "初审通过": 3, "初审不通过": 1, "认定": 2, "未认定": 1}
    assert counts((2025, 6), (2026, 12)) == {"申报": 1, "初审通过": 0, "初审不通过": 0, "认定": 2, "未认定": 1}
    assert counts((2026, 1), (2026, 12))["申报"] == 1


def _agreement(db, county, **extra):
    return talents.save_agreement(
        db,
        None,
        {
            "teacher_id": county.teacher_ids["城中0"],
            "kind": "全职引进",
            "school_id": county.middle,
            "start": "2025-09-01",
            "end": "2030-08-31",
            "annual_pay": "180000",
            "research_fund": "100000",
            "settling_grant": "200000",
            "staffing": "人才编制专户",
            "case_note": "一事一议：年薪由县财政保障",
            **extra,
        },
    )


def test_paid_against_agreed_terms(db, county):
    aid = _agreement(db, county)
    talents.save_payment(db, None, {"agreement_id": aid, "date": "2025-09-20", "kind": "安家费", "amount": "100000"})
    talents.save_payment(
        db,
        None,
        {"agreement_id": aid, "date": "2025-12-25", "kind": "年薪", "amount": "90000", "voucher": "凭证 12-01"},
    )
    with pytest.raises(ValidationError) as e:
        talents.save_payment(db, None, {"agreement_id": aid, "date": "2025-12-25", "kind": "年薪", "amount": "-5"})
    assert "负数" in e.value.problems["amount"]
    with pytest.raises(ValidationError) as e:
        talents.save_payment(db, None, {"agreement_id": aid, "date": "2025-12-25", "kind": "奖金", "amount": "5"})
    assert "kind" in e.value.problems
    with pytest.raises(ValidationError) as e:  # pay before the term began
        talents.save_payment(db, None, {"agreement_id": aid, "date": "2025-03-01", "kind": "年薪", "amount": "5"})
    assert "早于协议开始" in e.value.problems["date"]
    balance = {b["kind"]: b for b in talents.balance(db, aid)}
    assert balance["年薪"]["agreed"] == 900000 and balance["年薪"]["paid"] == 90000
    assert balance["安家费"]["left"] == 100000 and balance["科研启动经费"]["paid"] == 0
    row = next(r for r in talents.list_rows(db, dt.date(2026, 1, 1)) if r["table"] == "agreement")
    assert (row["agreed"], row["paid"]) == (1200000, 190000)
    assert "一事一议" in row["benefits"] and "人才编制专户" in row["benefits"]
    assert [p["amount"] for p in talents.payment_rows(db, P(2025, 12), P(2025, 12))] == [90000]
    talents.delete(db, "agreement", aid)  # its payments go with it
    assert talents.payment_rows(db) == []


def test_reminders_before_a_term_ends(db, county):
    _agreement(db, county, end="2026-03-31")
    talents.save_agreement(
        db,
        None,
        {
            "teacher_id": county.teacher_ids["城中1"],
            "kind": "柔性引进",
            "start": "2025-09",
            "end": "2027-08",
            "monthly_pay": "2000",
        },
    )
    soon = talents.reminders(db, dt.date(2026, 1, 15))  # policy default: 90 days
    assert [(r["name"], r["days"]) for r in soon] == [("城中0", 75)]
    assert talents.reminders(db, dt.date(2025, 12, 1)) == []  # 120 days ahead: not yet
    assert talents.reminders(db, dt.date(2026, 4, 1)) == []  # over
    from talentdesk.services.platform import settings

    policy = settings.load_policy(db)
    policy.talent_term_reminder_days = 30
    settings.save_policy(db, policy)
    assert talents.reminders(db, dt.date(2026, 1, 15)) == []


HEAD = [
    "姓名",
    "身份证号",
    "学校",
    "人才类别",
    "人才层次",
    "学科项目",
    "状态",
    "申报日期",
    "初审日期",
    "认定日期",
    "认定文号",
]


def _book(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人才认定"
    ws.append(["2025年人才认定情况"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_brings_records_forward_and_names_each_problem(db, county, tmp_path):
    ids = county.teacher_ids
    old = _apply(db, ids["城中0"], status="申报", applied="2025-04-10")
    path = _book(
        tmp_path / "认定.xlsx",
        [
            [
                "城中0",
                "",
                "城关中学",
                "高层次人才认定",
                "C",
                "",
                "认定",
                "2025-04-10",
                "2025-05-12",
                "2025-06-20",
                "人才字〔2025〕3号",
            ],
            ["城中1", "", "", "领军人才梯队", "", "初中数学学科领军人才梯队", "", "2025-04-10", "2025-05-12", "", ""],
            ["城中2", "", "", "高层次人才认定", "D", "", "认定", "2025-04-10", "", "2025-06-20", "人才字〔2025〕3号"],
            ["城中3", "", "", "高层次人才认定", "F", "", "申报", "2025-13-01", "", "", ""],
            ["无此人", "", "", "市有突出贡献专家", "", "", "申报", "2025-04-10", "", "", ""],
        ],
    )
    plan = talent_import.plan(db, [path])
    errors = [p.text() for p in plan.problems if p.severity == talent_import.ERROR]
    assert any("第 5 行" in t and "未经初审通过" in t for t in errors), errors
    assert any("第 6 行" in t and "E（人才层次）" in t for t in errors), errors
    assert any("第 6 行" in t and "H（申报日期）" in t for t in errors), errors
    assert any("第 7 行" in t and "无此人" in t for t in errors), errors
    assert "可导入人才认定 1 条、更新 1 条" in plan.summary(), errors
    result = talent_import.apply(db, plan)
    assert (result.inserted, result.updated) == (1, 1)
    now = talents.get(db, "recognition", old)
    assert now["status"] == "认定" and now["doc_number"] == "人才字〔2025〕3号"
    project = next(r for r in talents.list_rows(db) if r["teacher_id"] == ids["城中1"])
    assert project["status"] == "初审通过" and project["project"] == "初中数学学科领军人才梯队"  # no status: by dates
    with UnitOfWork(db) as uow:
        undo(uow.session, result.batch_id)
        uow.commit()
    assert talents.get(db, "recognition", old)["status"] == "申报"
    assert [r["teacher_id"] for r in talents.list_rows(db)] == [ids["城中0"]]


def test_the_blank_template_is_read_back(db, county, tmp_path):
    path = templates.write_talents(tmp_path / "t.xlsx", talents.kind_choices(db), school_names=["城关中学"])
    wb = openpyxl.load_workbook(path)
    ws = wb[templates.SPECS["talent_recognition"].sheet]
    assert [c.value for c in ws[templates.HEADER_ROW]][:7] == HEAD[:7]
    ws.cell(templates.FIRST_DATA_ROW, 1, "城中0")
    for col, value in ((4, "市有突出贡献专家"), (7, "申报"), (8, "2026-04-02")):
        ws.cell(templates.FIRST_DATA_ROW, col, value)
    wb.save(path)
    plan = talent_import.plan(db, [path])
    assert [p.text() for p in plan.problems if p.severity == talent_import.ERROR] == []
    assert talent_import.apply(db, plan).inserted == 1
    assert talents.list_rows(db)[0]["kind"] == "市有突出贡献专家"
