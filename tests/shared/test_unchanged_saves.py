"""Saving a record the clerk opened and did not touch changes nothing (no audit rows), on both back ends; and a
form that leaves a field out (the service-obligation form has no 服务期满/结果/办结日期, the candidate form no link to
the local-student pool) leaves that field as stored instead of clearing it."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from talentdesk.domain import idnumber
from talentdesk.services.cultivation import mentoring, studios, training
from talentdesk.services.cultivation import tiers as talent
from talentdesk.services.deployment import placements
from talentdesk.services.people import schools, teachers
from talentdesk.services.recruitment import batches as recruitment
from talentdesk.services.recruitment import obligations, student_pool
from talentdesk.services.recruitment import recognition as talents
from talentdesk.store.models import AuditLog


def audit_rows(db) -> int:
    with db.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(AuditLog))


def _check(loaded: dict) -> dict:
    """What a form passes back (gui/edit_check.check_args)."""
    return {"version": loaded["version"], "base": loaded, "merge": True, "resolved": None}


def _typed(v):
    """A value as a form's text box gives it back."""
    if v is None:
        return ""
    return v.iso() if hasattr(v, "iso") else str(v)


@pytest.fixture
def people(db):
    a = schools.save(db, None, {"name": "城关第一小学", "township": "城关镇"})
    b = schools.save(db, None, {"name": "河口乡中心小学", "township": "河口乡"})
    tids = [
        teachers.save(
            db,
            None,
            {"name": n, "id_number": idnumber.make("371525", dt.date(1985, 3, 12), i), "work_start": "2008-09"},
            {"posts": [{"school_id": a, "start": "2008-09"}]},
        )
        for i, n in ((101, "王芳"), (102, "李强"), (103, "赵敏"))
    ]
    return {"schools": (a, b), "teachers": tids}


# ---------------------------------------------------------------- service obligations

OBLIGATION_FORM = ("teacher_id", "kind", "start", "years", "note")  # gui/recruitment/obligations_tab.py


@pytest.fixture
def closed_obligation(db, people):
    """A 公费师范生 obligation with an extended (typed) end, recorded as 违约."""
    oid = obligations.save(
        db,
        None,
        {
            "teacher_id": people["teachers"][0],
            "kind": "公费师范生",
            "start": "2019-09",
            "years": "6",
            "end": "2026-08",
            "note": "延期一年",
        },
    )
    obligations.close(db, oid, "违约", "2024-07", "考取研究生离岗")
    return oid


def test_obligation_saved_from_its_form_untouched_keeps_end_and_outcome(db, closed_obligation):
    loaded = obligations.get(db, closed_obligation)
    before = audit_rows(db)
    obligations.save(
        db,
        closed_obligation,
        {f: _typed(loaded[f]) if f != "teacher_id" else loaded[f] for f in OBLIGATION_FORM},
        **_check(loaded),
    )
    now = obligations.get(db, closed_obligation)
    assert audit_rows(db) == before
    assert now["version"] == loaded["version"]
    assert (now["end"].iso(), now["closed"], now["closed_on"].iso()) == ("2026-08", "违约", "2024-07")


def test_obligation_note_changed_keeps_end_and_outcome(db, closed_obligation):
    loaded = obligations.get(db, closed_obligation)
    values = {f: loaded[f] for f in OBLIGATION_FORM}
    obligations.save(db, closed_obligation, {**values, "note": "考研"}, **_check(loaded))
    now = obligations.get(db, closed_obligation)
    assert (now["note"], now["end"].iso(), now["closed"]) == ("考研", "2026-08", "违约")


def test_obligation_end_follows_a_changed_start_or_term(db, people):
    oid = obligations.save(
        db, None, {"teacher_id": people["teachers"][1], "kind": "特岗计划", "start": "2023-09", "years": "3"}
    )
    assert obligations.get(db, oid)["end"].iso() == "2026-08"
    loaded = obligations.get(db, oid)
    obligations.save(db, oid, {**{f: loaded[f] for f in OBLIGATION_FORM}, "years": "4"}, **_check(loaded))
    assert obligations.get(db, oid)["end"].iso() == "2027-08"
    loaded = obligations.get(db, oid)
    obligations.save(db, oid, {**{f: loaded[f] for f in OBLIGATION_FORM}, "start": "2024-09"}, **_check(loaded))
    assert obligations.get(db, oid)["end"].iso() == "2028-08"


# ---------------------------------------------------------------- a candidate linked to the local-student pool

CANDIDATE_FORM = (
    "name",
    "id_number",
    "gender",
    "phone",
    "university",
    "major",
    "degree",
    "stage",
    "subject",
    "school_id",
    "score",
    "status",
    "note",
)  # gui/recruitment/batches_tab.py


def test_candidate_saved_from_its_form_keeps_the_student_link(db):
    sid = student_pool.save(db, None, {"name": "陈晨", "university": "山东师范大学", "major": "数学与应用数学"})
    bid = recruitment.save_batch(db, None, {"year": "2025", "channel": "公开招聘", "name": "2025年公开招聘教师"})
    cid = recruitment.save_candidate(
        db, bid, None, {"name": "陈晨", "university": "山东师范大学", "score": "82.5", "student_id": sid}
    )
    loaded = next(c for c in recruitment.list_candidates(db, bid) if c["id"] == cid)
    before = audit_rows(db)
    recruitment.save_candidate(db, bid, cid, {f: loaded[f] for f in CANDIDATE_FORM}, **_check(loaded))
    assert audit_rows(db) == before
    recruitment.save_candidate(
        db, bid, cid, {**{f: loaded[f] for f in CANDIDATE_FORM}, "note": "师范类"}, **_check(loaded)
    )
    now = next(c for c in recruitment.list_candidates(db, bid) if c["id"] == cid)
    assert (now["note"], now["student_id"]) == ("师范类", sid)


# ---------------------------------------------------------------- a pairing's note


def test_pairing_note_kept_when_left_out_and_saved_when_shown(db, people):
    mentor, mentee = people["teachers"][0], people["teachers"][1]
    pid, _ = mentoring.save_pairing(
        db, None, {"mentor_id": mentor, "mentee_id": mentee, "start": "2025-09", "note": "跨校结对"}
    )
    loaded = mentoring.get_pairing(db, pid)
    values = {f: loaded[f] for f in mentoring.FIELDS}
    before = audit_rows(db)
    mentoring.save_pairing(db, pid, values, **_check(loaded))
    assert audit_rows(db) == before
    mentoring.save_pairing(db, pid, {f: v for f, v in values.items() if f != "note"}, **_check(loaded))
    assert mentoring.get_pairing(db, pid)["note"] == "跨校结对"
    mentoring.save_pairing(db, pid, {**values, "note": "同校结对"}, **_check(loaded))
    assert mentoring.get_pairing(db, pid)["note"] == "同校结对"


# ---------------------------------------------------------------- every area: get → save the same → nothing


def _records(db, people):
    """(name, get(), save(values, **check)) of one stored record of each area service with a get and a save."""
    (a, b), (t1, t2, t3) = people["schools"], people["teachers"]
    out = []
    oid = obligations.save(db, None, {"teacher_id": t1, "kind": "特岗计划", "start": "2023-09", "note": "x"})
    out.append(("服务期", lambda: obligations.get(db, oid), lambda v, **c: obligations.save(db, oid, v, **c)))
    sid = student_pool.save(
        db,
        None,
        {
            "name": "陈晨",
            "gender": "女",
            "university": "山东师范大学",
            "major": "英语",
            "graduation": "2026-06",
            "intention": "有意向",
            "normal": "是",
        },
    )
    out.append(("本地生源", lambda: student_pool.get(db, sid), lambda v, **c: student_pool.save(db, sid, v, **c)))
    rid = talents.save_recognition(
        db,
        None,
        {
            "teacher_id": t2,
            "kind": "高层次人才认定",
            "category": "C",
            "reviewed": "2024-05",
            "date": "2024-06",
            "doc_number": "人才字〔2024〕8号",
            "term_years": "5",
            "issuer": "县人才办",
        },
    )
    out.append(
        (
            "人才认定",
            lambda: talents.get(db, "recognition", rid),
            lambda v, **c: talents.save_recognition(db, rid, v, **c),
        )
    )
    gid = talents.save_agreement(
        db,
        None,
        {
            "teacher_id": t3,
            "kind": "银龄讲学",
            "school_id": b,
            "start": "2025-09",
            "end": "2026-07",
            "monthly_pay": "3000",
            "duties": "初中数学",
        },
    )
    out.append(
        ("协议", lambda: talents.get(db, "agreement", gid), lambda v, **c: talents.save_agreement(db, gid, v, **c))
    )
    prog = mentoring.save_programme(db, None, {"name": "青蓝工程", "year": "2025", "note": "每学期听课"})
    out.append(
        (
            "结对项目",
            lambda: mentoring.get_programme(db, prog),
            lambda v, **c: mentoring.save_programme(db, prog, v, **c),
        )
    )
    pid, _ = mentoring.save_pairing(
        db, None, {"programme_id": prog, "mentor_id": t1, "mentee_id": t2, "goals": "站稳讲台", "note": "x"}
    )
    out.append(
        (
            "师徒结对",
            lambda: mentoring.get_pairing(db, pid),
            lambda v, **c: mentoring.save_pairing(db, pid, {f: v[f] for f in mentoring.FIELDS}, **c),
        )
    )
    plid = placements.save(
        db,
        None,
        {
            "teacher_id": t3,
            "kind": "支教",
            "to_school_id": b,
            "start": "2025-09",
            "planned_end": "2026-07",
            "batch": "第一批",
            "note": "x",
        },
    )
    out.append(
        (
            "交流",
            lambda: placements.get(db, plid),
            lambda v, **c: placements.save(db, plid, {f: v[f] for f in placements.FIELDS}, **c),
        )
    )
    cid = training.save_course(
        db,
        None,
        {"name": "新课标专题培训", "level": "县级", "start": "2025-07", "hours": "24"},
        [{"teacher_id": t1, "hours": "24"}],
    )
    out.append(
        (
            "培训",
            lambda: training.get_course(db, cid),
            lambda v, **c: training.save_course(
                db,
                cid,
                v,
                [{k: r[k] for k in ("id", "teacher_id", "hours", "result", "note")} for r in v["records"]],
                **c,
            ),
        )
    )
    stid = studios.save(
        db,
        None,
        {
            "name": "王芳名师工作室",
            "kind": "名师工作室",
            "level": "县级",
            "host_id": t1,
            "school_id": a,
            "start": "2024-09",
        },
    )
    out.append(
        (
            "工作室",
            lambda: studios.get(db, stid),
            lambda v, **c: studios.save(db, stid, v, v.get("members"), v.get("records"), **c),
        )
    )
    eid = talent.save_reserve(
        db, None, {"teacher_id": t2, "pool": "后备名师", "entered": "2024-09", "school_id": a, "note": "x"}
    )
    out.append(("后备人才", lambda: talent.get_reserve(db, eid), lambda v, **c: talent.save_reserve(db, eid, v, **c)))
    out.append(("学校", lambda: schools.get(db, a), lambda v, **c: schools.save(db, a, v, v.get("stats"), **c)))
    return out


def test_every_area_record_saved_as_loaded_changes_nothing(db, people):
    for name, get, save in _records(db, people):
        loaded = get()
        before = audit_rows(db)
        save(dict(loaded), **_check(loaded))
        assert audit_rows(db) == before, name
        assert get()["version"] == loaded["version"], name
