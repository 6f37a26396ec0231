"""编制台账 (issue 22 §1): balances, the rules with their messages, void instead of delete, audit, the sync of
核定编制 into the schools' yearly figures, quota against staff."""

import datetime as dt

import pytest
from sqlalchemy import select

from talentdesk.errors import UserError, ValidationError
from talentdesk.services.deployment import quota_ledger as svc
from talentdesk.store.models import AuditLog, SchoolYearStat
from talentdesk.store.models_staffing import QuotaDecision
from tests.quota_builder import build

C = {n: i for i, n in enumerate(svc.COLUMNS)}


def _stat_quotas(db) -> dict:
    with db.sessions() as s:
        names = {1: "城关小学", 2: "城关中学", 3: "河村学校"}
        return {
            (names.get(st.school_id, st.school_id), st.school_year, st.stage): st.quota
            for st in s.scalars(select(SchoolYearStat))
        }


def test_balances_by_school_year_and_date(db):
    ids = build(db)
    a, b, c = ids["城关小学"], ids["城关中学"], ids["河村学校"]
    y24 = svc.ledger_at(db, school_year=2024)
    assert y24.quota == {(a, "小学"): 15, (b, "初中"): 9, (c, "小学"): 5, (c, "初中"): 5}
    assert y24.pool == 3 and y24.special == {(b, "初中"): 2} and y24.lent == {(a, "小学"): 3}
    end = svc.ledger_at(db)
    assert end.quota == {(a, "小学"): 14, (b, "初中"): 9, (c, "小学"): 4, (c, "初中"): 5} and end.pool == 4
    assert svc.ledger_at(db, dt.date(2025, 3, 31)).quota[(a, "小学")] == 12
    assert svc.pool_balance(db, dt.date(2025, 5, 1)) == 3
    # the schools' yearly figures follow the ledger
    assert _stat_quotas(db) == {
        ("城关小学", 2024, "小学"): 15,
        ("城关中学", 2024, "初中"): 9,
        ("河村学校", 2024, "小学"): 5,
        ("河村学校", 2024, "初中"): 5,
        ("城关小学", 2025, "小学"): 14,
        ("城关中学", 2025, "初中"): 9,
        ("河村学校", 2025, "小学"): 4,
        ("河村学校", 2025, "初中"): 5,
    }


def test_list_filters_and_effects(db):
    ids = build(db)
    rows = svc.decisions(db)
    assert len(rows) == 11 and rows[0][C["kind"]] == "收回"
    move = svc.decisions(db, kind="调剂")[0]
    assert move[C["effect"]] == "城关中学 −1 → 河村学校 +1" and move[C["to_school"]] == "河村学校"
    assert move[C["stage"]] == "初中"
    assert len(svc.decisions(db, school_id=ids["河村学校"])) == 4  # both 核定, the 调剂 in, the 核减
    assert len(svc.decisions(db, school_year=2025)) == 2
    assert len(svc.decisions(db, start=dt.date(2025, 3, 1), end=dt.date(2025, 6, 1))) == 4
    pool = svc.decisions(db, kind="入池")[0]
    assert pool[C["school"]] == "编制周转池" and pool[C["effect"]] == "周转池 +6"


def test_rules_say_what_is_wrong(db):
    ids = build(db)
    a, c = ids["城关小学"], ids["河村学校"]
    with pytest.raises(ValidationError) as e:
        svc.save_decision(db, None, dict(kind="调剂", decided_on="2025-09-10", count=1, school_id=a, to_school_id=a))
    assert e.value.problems == {
        "doc_no": "请填写文号（编制决定都要有文号）",
        "to_school_id": "调剂需要两所不同的学校（调出学校与调入学校相同）",
    }
    with pytest.raises(ValidationError) as e:
        svc.save_decision(db, None, dict(kind="核增", decided_on="2025-09-10", doc_no="x", count=2, school_id=c))
    assert e.value.problems == {"stage": "“河村学校”有小学、初中2个学段，请选择学段"}
    with pytest.raises(ValidationError) as e:
        svc.save_decision(db, None, dict(kind="加编", decided_on="", doc_no="x", count=-2, school_id=a))
    assert e.value.problems["kind"].startswith("类型“加编”不对") and "decided_on" in e.value.problems
    with pytest.raises(UserError, match="城关小学小学的核定编制会小于零"):
        svc.save_decision(db, None, dict(kind="核减", decided_on="2025-12-01", doc_no="x", count=15, school_id=a))
    with pytest.raises(UserError, match="编制周转池不够"):
        svc.save_decision(
            db, None, dict(kind="借出", decided_on="2025-12-01", doc_no="x", count=5, school_id=c, stage="小学")
        )
    with pytest.raises(UserError, match="收回超过借出"):
        svc.save_decision(
            db, None, dict(kind="收回", decided_on="2025-12-01", doc_no="x", count=1, school_id=c, stage="初中")
        )
    # a back-dated cut that later decisions cannot bear is refused too
    with pytest.raises(UserError, match="会小于零"):
        svc.save_decision(
            db, None, dict(kind="核减", decided_on="2024-10-01", doc_no="x", count=5, school_id=c, stage="小学")
        )


def test_void_keeps_the_row_and_is_audited(db):
    build(db)
    cut = svc.decisions(db, kind="核减")[0]
    with pytest.raises(ValidationError):
        svc.void_decision(db, cut[C["id"]], " ")
    svc.void_decision(db, cut[C["id"]], "文号录错", today=dt.date(2025, 12, 1))
    row = svc.decisions(db, kind="核减")[0]
    assert row[C["state"]] == "已作废"
    assert svc.ledger_at(db).quota[(3, "小学")] == 5 and _stat_quotas(db)[("河村学校", 2025, "小学")] == 5
    with pytest.raises(UserError, match="已经作废"):
        svc.void_decision(db, cut[C["id"]], "again")
    with pytest.raises(UserError, match="已作废，不能再修改"):
        svc.save_decision(db, cut[C["id"]], svc.load(db, cut[C["id"]]))
    # voiding the pool's 入池 would leave the 借出 without cover
    pool = svc.decisions(db, kind="入池")[0]
    with pytest.raises(UserError, match="不能作废这条入池.*编制周转池不够"):
        svc.void_decision(db, pool[C["id"]], "错")
    with db.sessions() as s:
        assert s.scalar(select(QuotaDecision).where(QuotaDecision.id == cut[C["id"]])) is not None
        actions = [
            (a.action, a.record_id) for a in s.scalars(select(AuditLog).where(AuditLog.table_name == "quota_decision"))
        ]
    assert ("update", cut[C["id"]]) in actions and sum(1 for x in actions if x[0] == "insert") == 11


def test_edit_a_decision_moves_the_quota(db):
    ids = build(db)
    add = svc.decisions(db, kind="核增")[0]
    values = svc.load(db, add[C["id"]])
    svc.save_decision(db, add[C["id"]], {**values, "count": 4}, expected_version=values["version"])
    assert svc.ledger_at(db).quota[(ids["城关小学"], "小学")] == 16


def test_quota_against_staff(db):
    build(db)
    rows = {(r[0], r[2]): r for r in svc.school_view(db, dt.date(2025, 12, 1))}
    assert rows[("城关小学", "小学")][3:10] == (14, None, 2, 12, "85.7%", 2, "空编")
    assert rows[("城关中学", "初中")][3:10] == (9, 2, None, 10, "111.1%", -1, "超编")
    assert rows[("河村学校", "初中")][3:10] == (5, None, None, 5, "100.0%", 0, "满编")


def test_staff_at_a_past_date_from_the_post_records(db):
    from talentdesk.domain.dates import PartialDate
    from talentdesk.store.models import Teacher
    from talentdesk.store.uow import UnitOfWork

    ids = build(db)
    with UnitOfWork(db) as uow:  # one 城关小学 teacher resigned in June 2025
        t = uow.session.scalars(select(Teacher).where(Teacher.cur_post_school_id == ids["城关小学"])).first()
        t.status, t.status_date = "辞职", PartialDate(2025, 6, 30)
        uow.commit()
    now = {(r.school, r.stage): r.in_post for r in svc.school_view(db)}
    before = {(r.school, r.stage): r.in_post for r in svc.school_view(db, dt.date(2025, 3, 1))}
    assert now[("城关小学", "小学")] == 11 and before[("城关小学", "小学")] == 12
    assert before[("河村学校", "初中")] == 5 and before[("城关中学", "初中")] == 10


def test_county_posts(db):
    build(db)
    (row,) = svc.county_rows(db)
    assert row[:7] == (2025, "2025-2026学年", 5000, 3100, "62.0%", 32, 4)
    with pytest.raises(ValidationError) as e:
        svc.save_county(db, dict(school_year=2025, total_posts=100, education_posts=200))
    assert e.value.problems == {"education_posts": "教育系统编制 200 大于全县事业编制 100"}


def test_a_school_with_decisions_is_not_deleted(db):
    from talentdesk.services.people import schools

    build(db)
    sid = schools.save(db, None, dict(name="新建小学", kind="小学"))
    svc.save_decision(
        db, None, dict(kind="核定", decided_on="2025-09-01", doc_no="县编办〔2025〕8号", count=6, school_id=sid)
    )
    with pytest.raises(UserError, match="“新建小学”在编制台账中有 1 条编制决定，不能删除"):
        schools.delete(db, sid)


def test_a_quota_typed_in_the_school_form_becomes_a_decision(db):
    from talentdesk.services.people import schools

    ids = build(db)
    got = schools.get(db, ids["城关小学"])
    stats = [dict(r) for r in got["stats"]]
    for r in stats:
        if r["school_year"] == 2025:
            r["quota"] = 16
    schools.save(db, ids["城关小学"], got, stats)
    (typed,) = [r for r in svc.decisions(db, school_id=ids["城关小学"]) if r.doc_no == "学校信息录入"]
    assert (typed.kind, typed.school_year, typed.posts) == ("核定", "2025-2026学年", 16)
    assert svc.ledger_at(db, school_year=2025).quota[(ids["城关小学"], "小学")] == 16
    assert _stat_quotas(db)[("城关小学", 2025, "小学")] == 16
    assert _stat_quotas(db)[("城关小学", 2024, "小学")] == 15  # the year before keeps the ledger's figure
