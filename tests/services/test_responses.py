"""管理响应 (issue 22 §3): rules, audit, open and overdue cases, counts over a period, the list of offers."""

import datetime as dt

import pytest
from sqlalchemy import select

from talentdesk.domain import attrition
from talentdesk.errors import ValidationError
from talentdesk.services.deployment import attrition as watch
from talentdesk.services.deployment import responses as svc
from talentdesk.store.models import AuditLog
from tests.watch_builder import TODAY, build

C = {n: i for i, n in enumerate(svc.COLUMNS)}


def test_the_built_county_has_its_watched_teachers_and_known_states(db):
    ids = build(db)
    watched = {r[1] for r in watch.watch_list(db, TODAY)}
    assert {"甲硕", "甲分", "城一"} <= watched and "城平" not in watched
    rows = svc.responses(db, TODAY)
    states = {(r[C["name"]], r[C["talked_on"]]): r[C["state"]] for r in rows}
    assert states == {
        ("甲硕", "2025-09-10"): "逾期",
        ("甲分", "2025-08-05"): "已跟进",  # the October talk followed it up
        ("甲分", "2025-10-02"): "已结",
        ("城一", "2025-10-05"): "跟进中",
    }
    # open and overdue count each teacher's latest response: 甲分's old open talk was closed by 留任
    assert svc.counts(db, (2025, 10), (2025, 10), TODAY) == dict(recorded=2, open=2, overdue=1)
    assert svc.counts(db, (2025, 8), (2025, 10), TODAY) == dict(recorded=4, open=2, overdue=1)
    assert svc.counts(db, (2025, 10), (2025, 10), TODAY, {ids["village"]}) == dict(recorded=1, open=1, overdue=1)
    assert len(svc.responses(db, TODAY, teacher_id=ids["甲分"])) == 2
    # on 2025-09-15 甲分's August talk was still the case (overdue), 城一 not yet talked to
    assert svc.counts(db, (2025, 9), (2025, 9), dt.date(2025, 9, 15)) == dict(recorded=1, open=2, overdue=1)


def test_rules_say_what_is_wrong_and_where(db):
    ids = build(db)
    with pytest.raises(ValidationError) as e:
        svc.save_response(db, ids["城平"], None, dict(talked_on="", talked_by="", outcome="跟进中"), today=TODAY)
    assert e.value.problems == {
        "talked_by": "请填写谈话人",
        "talked_on": "请填写谈话日期",
        "follow_up": "结果为“跟进中”时请填写跟进日期",
    }
    with pytest.raises(ValidationError) as e:
        svc.save_response(
            db,
            ids["城平"],
            None,
            dict(talked_on="2025-10-09", talked_by="王", outcome="已走", follow_up="2025-10-01"),
            today=TODAY,
        )
    assert "今天之后" in e.value.problems["talked_on"] and "结果应为" in e.value.problems["outcome"]
    with pytest.raises(ValidationError) as e:
        svc.save_response(
            db, ids["城平"], None, dict(talked_on="2025-10-03", talked_by="王", follow_up="2025-10-01"), today=TODAY
        )
    assert e.value.problems == {"follow_up": "跟进日期 2025-10-01 早于谈话日期 2025-10-03"}
    with pytest.raises(ValidationError) as e:
        svc.save_response(db, ids["城平"], None, dict(talked_on="2025-13-03", talked_by="王"), today=TODAY)
    assert e.value.problems["talked_on"].startswith("谈话日期：")


def test_add_edit_delete_are_audited_and_new_offers_join_the_list(db):
    ids = build(db)
    assert svc.offer_choices(db) == list(attrition.OFFERS)
    rid = svc.save_response(
        db,
        ids["城平"],
        None,
        dict(talked_on="2025-10-06", talked_by="赵主任", offered=["子女入学", "人才公寓"], follow_up="2025-10-20"),
        today=TODAY,
    )
    assert svc.offer_choices(db) == [*attrition.OFFERS, "人才公寓"]
    got = svc.load(db, rid)
    assert got["offered"] == "子女入学、人才公寓" and got["outcome"] == "跟进中"
    svc.save_response(
        db, ids["城平"], rid, {**got, "outcome": "留任", "follow_up": ""}, expected_version=got["version"], today=TODAY
    )
    assert svc.load(db, rid)["outcome"] == "留任"
    svc.delete_response(db, rid)
    with db.sessions() as s:
        actions = [
            (a, tid)
            for a, tid in s.execute(
                select(AuditLog.action, AuditLog.teacher_id)
                .where(AuditLog.table_name == "retention_response")
                .order_by(AuditLog.id)  # in the order they happened (PostgreSQL keeps no insertion order)
            )
            if tid == ids["城平"]
        ]
    assert list(dict.fromkeys(a for a, _ in actions)) == ["insert", "update", "delete"]  # update: a row per field
    assert svc.save_offer_choices(db, [" 周转房", "周转房", "", "绩效倾斜"]) == ["周转房", "绩效倾斜"]
    with pytest.raises(ValidationError):
        svc.save_offer_choices(db, [""])


def test_the_response_state_of_the_domain():
    today = dt.date(2025, 10, 8)
    assert attrition.response_state("留任", dt.date(2025, 1, 1), today) == "已结"
    assert attrition.response_state("跟进中", dt.date(2025, 10, 7), today) == "逾期"
    assert attrition.response_state("跟进中", dt.date(2025, 10, 8), today) == "跟进中"
    assert attrition.response_state("跟进中", None, today) == "跟进中"
