"""Issue 20 §3: 名校长 and 名班主任 are designations like 名师 (level and term), but not 骨干; designations are reviewed
during their term: a 撤销 ends the designation on the review date (it stops counting from then), a 降级 starts the
lower one, deleting the review puts the designation back; the reviews are audited; the designations due for review
(期中/期满 within Policy.designation_review_months, or overdue)."""

import datetime as dt

import pytest
from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import designations as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.policy import Policy
from talentdesk.errors import ValidationError
from talentdesk.services.cultivation import tiers
from talentdesk.services.people import designations as svc
from talentdesk.services.people import teachers
from talentdesk.store.models import AuditLog, Designation, Teacher
from tests.leaders_builder import build

ON = dt.date(2026, 12, 6)


def _designate(db, tid: int, *records: dict) -> list[int]:
    file = teachers.get(db, tid)
    teachers.save(db, tid, file["basic"], {"designations": [*file["designations"], *records]})
    return [d.id for d in svc.list_rows(db) if d.teacher_id == tid]


def _cur_backbone(db, tid: int) -> str | None:
    with db.sessions() as s:
        return s.get(Teacher, tid).cur_backbone


def test_the_new_kinds_are_designations_but_not_backbone():
    assert codes.DESIGNATION.canonical("名校长") == "名校长"
    assert codes.DESIGNATION.canonical("名班主任") == "名班主任"
    assert codes.DESIGNATION.canonical("名校（园）长") == "名校长"
    for kind in codes.ROLE_KINDS:
        assert not codes.is_backbone_kind(kind)
        assert not codes.is_ladder_kind(kind)
    assert [k for k in codes.LADDER_KINDS] == ["教坛新秀", "骨干教师", "学科带头人", "名师", "特级教师"]
    assert all(codes.is_backbone_kind(k) for k in ("骨干教师", "学科带头人", "名师", "特级教师"))


def test_a_principal_designated_keeps_the_backbone_value_and_tier_of_the_ladder(db):
    b = build(db)
    zhang, wang = b["t"]["张校长"], b["t"]["王校长"]
    _designate(
        db,
        zhang,
        {"kind": "骨干教师", "level": "县级", "start": "2023-09"},
        {"kind": "名校长", "level": "省级", "start": "2024-09", "end": "2027-08"},
    )
    _designate(db, wang, {"kind": "名校长", "level": "市级", "start": "2024-09", "end": "2027-08"})
    # the teacher list's 骨干 column: the ladder designation, not the higher-level 名校长
    assert _cur_backbone(db, zhang) == "县级骨干教师"
    assert _cur_backbone(db, wang) is None
    # the talent tiers (名优教师, 骨干 counts) see 张校长's 骨干教师 only and do not count 王校长
    found, _top = tiers.tier_counts(db, ON)
    assert found[zhang] == ("骨干教师", "县级")
    assert wang not in found
    # but both are 名校长 of the 三名工程, in force
    with db.sessions() as s:
        held = svc.held_on(s, ON, codes.SANMING_KINDS, None)
    assert sorted((k, lv) for tid, k, lv in held if tid in (zhang, wang)) == [("名校长", "市级"), ("名校长", "省级")]


def test_a_withdrawal_ends_the_designation_and_deleting_it_puts_it_back(db):
    b = build(db)
    wang = b["t"]["王校长"]
    (did,) = _designate(db, wang, {"kind": "名校长", "level": "市级", "start": "2024-09", "end": "2027-08"})
    keep = svc.save_review(
        db, did, None, {"date": "2025-12-20", "stage": "期中考核", "result": "优秀", "decision": "继续保留"}
    )
    assert svc.get(db, did, ON)["status"] == "在任"
    # a withdrawal needs a reason; a 不合格 cannot be kept
    with pytest.raises(ValidationError) as e:
        svc.save_review(db, did, None, {"date": "2026-06-10", "result": "不合格", "decision": "撤销"})
    assert "原因" in e.value.problems["reason"] and "市级名校长" in e.value.problems["reason"]
    with pytest.raises(ValidationError) as e:
        svc.save_review(db, did, None, {"date": "2026-06-10", "result": "不合格", "decision": "继续保留"})
    assert "不能继续保留" in e.value.problems["decision"]
    rid = svc.save_review(
        db,
        did,
        None,
        {
            "date": "2026-06-10",
            "result": "不合格",
            "decision": "撤销",
            "reason": "调离本县",
            "decided_by": "县教育和体育局",
            "document": "县教发〔2026〕12号",
        },
    )
    d = svc.get(db, did, ON)
    assert d["status"] == "已撤销" and d["end"] == PartialDate(2026, 6, 10)
    assert [r["decision"] for r in d["reviews"]] == ["继续保留", "撤销"]
    with db.sessions() as s:  # counted up to the review date, not after
        assert (wang, "名校长", "市级") in svc.held_on(s, dt.date(2026, 6, 10), codes.SANMING_KINDS, None)
        assert (wang, "名校长", "市级") not in svc.held_on(s, dt.date(2026, 6, 11), codes.SANMING_KINDS, None)
    # nothing after a withdrawal; an earlier review cannot be turned into one while a later one exists
    with pytest.raises(ValidationError) as e:
        svc.save_review(db, did, None, {"date": "2026-09-01", "decision": "继续保留"})
    assert "已于 2026-06-10 经考核撤销" in e.value.problems["date"]
    # the change is audited, with the teacher's id (it shows in the teacher's 变更记录)
    with db.sessions() as s:
        audited = {(a.table_name, a.record_id) for a in s.scalars(select(AuditLog))}
    assert ("designation_review", rid) in audited and ("designation", did) in audited
    svc.delete_review(db, rid)
    d = svc.get(db, did, ON)
    assert d["status"] == "在任" and d["end"] == PartialDate(2027, 8)
    assert [r["id"] for r in d["reviews"]] == [keep]


def test_a_lowering_starts_the_lower_designation_and_is_undone_with_its_review(db):
    b = build(db)
    zhao = b["t"]["赵老师"]
    (did,) = _designate(db, zhao, {"kind": "名班主任", "level": "市级", "start": "2024-09", "end": "2027-08"})
    rid = svc.save_review(
        db, did, None, {"date": "2026-03-01", "result": "基本合格", "decision": "降级", "reason": "带班成效下降"}
    )
    rows = {(r.kind, r.level): r for r in svc.list_rows(db, on=ON) if r.teacher_id == zhao}
    assert rows[("名班主任", "市级")].status == "已降级" and rows[("名班主任", "市级")].end == "2026-03-01"
    assert rows[("名班主任", "县级")].start == "2026-03-01" and rows[("名班主任", "县级")].end == "2027-08"
    with db.sessions() as s:  # a lowering is no new designation in the period figures
        assert svc.designated_between(s, dt.date(2026, 1, 1), dt.date(2026, 12, 31), codes.SANMING_KINDS, None) == []
    # changing the decision undoes the lowering first
    svc.save_review(db, did, rid, {"date": "2026-03-01", "result": "合格", "decision": "继续保留"})
    assert [(r.level, r.status) for r in svc.list_rows(db, on=ON) if r.teacher_id == zhao] == [("市级", "在任")]


def test_the_due_list_names_midpoints_and_term_ends(db):
    b = build(db)
    qian, sun = b["t"]["钱校长"], b["t"]["孙老师"]
    _designate(db, qian, {"kind": "名校长", "level": "县级", "start": "2025-09", "end": "2028-08"})  # mid 2027-03
    _designate(db, sun, {"kind": "名班主任", "level": "校级", "start": "2023-09"})  # no end: 3 years → 2026-08
    policy = Policy()
    due = {r.name: r for r in svc.due_rows(db, policy, ON)}
    assert due["钱校长"].stage == "期中考核" and due["钱校长"].overdue == ""
    assert due["孙老师"].stage == "期满考核" and due["孙老师"].overdue == "逾期"
    assert due["孙老师"].term_end == "2026-08-31（按政策）"
    assert "钱校长" not in {r.name for r in svc.due_rows(db, policy, ON, months=2)}  # March is beyond 2 months
    did = next(r.id for r in svc.list_rows(db) if r.teacher_id == sun)
    svc.save_review(
        db, did, None, {"date": "2026-07-01", "stage": "期满考核", "result": "合格", "decision": "继续保留"}
    )
    assert "孙老师" not in {r.name for r in svc.due_rows(db, policy, ON)}


def test_domain_due_rule():
    term = rules.term_of(PartialDate(2024, 9), PartialDate(2027, 8), 3)
    assert term is not None and term.midpoint == dt.date(2026, 3, 2)
    assert rules.due(term, [], dt.date(2025, 6, 1), 6) is None
    assert rules.due(term, [], dt.date(2025, 10, 1), 6) == rules.Due("期中考核", dt.date(2026, 3, 2), False)
    assert rules.due(term, [dt.date(2026, 1, 5)], dt.date(2026, 4, 1), 6) is None
    assert rules.due(term, [], dt.date(2027, 3, 1), 6).stage == "期满考核"


def test_records_stay_as_designations(db):
    b = build(db)
    _designate(db, b["t"]["王校长"], {"kind": "名校长", "level": "市级", "start": "2024-09"})
    with db.sessions() as s:
        assert s.scalars(select(Designation.kind)).all() == ["名校长"]
