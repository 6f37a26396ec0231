"""Management responses (管理响应, issue 22 §3) to teachers on the 流失预警 watch list: who talked to the teacher
and when, what was offered (the bureau's editable list, domain.attrition.OFFERS by default), the outcome and the
date to follow up.

Rules on saving: the teacher exists; 谈话人 and 谈话日期 are given, the talk is not in the future; the outcome is one
of domain.attrition.OUTCOMES; an open case (跟进中) has a follow-up date, which is not before the talk. Every change
is audited (ORM session events, with the teacher's id: it shows in the teacher's 变更记录) and needs the edit right.
A case is open while its outcome is 跟进中, overdue when its follow-up date has passed.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from talentdesk.domain import attrition, idnumber
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.domain.deployment import period_start
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform import records
from talentdesk.store import setting_rows
from talentdesk.store.models import School, Setting, Teacher
from talentdesk.store.models_deployment import RetentionResponse
from talentdesk.store.uow import UnitOfWork

FIELDS = ("talked_on", "talked_by", "offered", "outcome", "follow_up", "note")
LABELS = {
    "talked_on": "谈话日期",
    "talked_by": "谈话人",
    "offered": "提供的条件",
    "outcome": "结果",
    "follow_up": "跟进日期",
    "note": "备注",
}
MISSING = "找不到这条响应记录（可能已被删除）"
OFFERS_KEY = attrition.OFFERS_KEY
COLUMNS = (
    "id",
    "teacher_id",
    "name",
    "id_masked",
    "school",
    "talked_on",
    "talked_by",
    "offered",
    "outcome",
    "follow_up",
    "state",
    "note",
    "version",
)


# ---------------------------------------------------------------- the list of offers


def offer_choices(db) -> list[str]:
    """The bureau's list of offers (子女入学, 周转房, …), the defaults until it is changed."""
    with db.sessions() as s:
        row = s.get(Setting, OFFERS_KEY)
    try:
        stored = json.loads(row.value) if row else None
    except ValueError:
        stored = None
    if isinstance(stored, list) and all(isinstance(x, str) for x in stored) and stored:
        return stored
    return list(attrition.OFFERS)


def save_offer_choices(db, offers: list[str]) -> list[str]:
    access.require(db, "edit")
    clean: list[str] = []
    for x in offers:
        x = (x or "").strip()
        if x and x not in clean:
            if len(x) > 20:
                raise ValidationError({"offered": f"“{x}”太长（最多 20 个字）"})
            clean.append(x)
    if not clean:
        raise ValidationError({"offered": "条件列表至少要有一项"})
    with UnitOfWork(db) as uow:
        setting_rows.put(uow.session, OFFERS_KEY, json.dumps(clean, ensure_ascii=False))
        uow.commit()
    return clean


# ---------------------------------------------------------------- reading


def _day(p: PartialDate | None) -> dt.date | None:
    return period_start(p) if p else None


def state(outcome: str, follow_up: PartialDate | None, today: dt.date) -> str:
    return attrition.response_state(outcome, _day(follow_up), today)


def responses(
    db, today: dt.date | None = None, teacher_id: int | None = None, school_ids: set[int] | None = None
) -> list[tuple]:
    """Rows of COLUMNS, newest talk first; STATE is 逾期 / 跟进中 / 已结, or 已跟进 for an open talk followed by
    a later response to the same teacher (the latest response is the case's state). SCHOOL_IDS: teachers whose
    current work school is one of these (None: the whole county)."""
    today = today or dt.date.today()
    stmt = (
        select(RetentionResponse, Teacher.name, Teacher.id_number, School.name)
        .join(Teacher, Teacher.id == RetentionResponse.teacher_id)
        .outerjoin(School, School.id == Teacher.cur_work_school_id)
        .order_by(RetentionResponse.talked_on.desc(), RetentionResponse.id.desc())
    )
    if teacher_id is not None:
        stmt = stmt.where(RetentionResponse.teacher_id == teacher_id)
    if school_ids is not None:
        stmt = stmt.where(Teacher.cur_work_school_id.in_(school_ids))
    with db.sessions() as s:
        out = [
            (
                r.id,
                r.teacher_id,
                name,
                idnumber.mask(number),
                school or "",
                r.talked_on.iso() if r.talked_on else "",
                r.talked_by,
                r.offered or "",
                r.outcome,
                r.follow_up.iso() if r.follow_up else "",
                state(r.outcome, r.follow_up, today),
                r.note or "",
                r.version,
            )
            for r, name, number, school in s.execute(stmt)
        ]
    latest = _latest(out)
    return [r[:10] + (FOLLOWED,) + r[11:] if r[10] != "已结" and latest[r[1]] != r[0] else r for r in out]


FOLLOWED = "已跟进"  # an open talk a later response of the same teacher followed up: no longer a case of its own


def _latest(rows: list[tuple]) -> dict[int, int]:
    """teacher id → id of the teacher's latest response (by talk date, then id) among ROWS of COLUMNS."""
    best: dict[int, tuple] = {}
    for r in rows:
        key = (r[5], r[0])
        if r[1] not in best or key > best[r[1]]:
            best[r[1]] = key
    return {tid: key[1] for tid, key in best.items()}


def counts(
    db, start: tuple[int, int], end: tuple[int, int], today: dt.date, school_ids: set[int] | None = None
) -> dict[str, int]:
    """recorded: responses talked in the months START..END (year, month); open: cases still 跟进中 (on the latest
    response per teacher talked by TODAY) at TODAY; overdue: those of them whose follow-up date is before TODAY."""
    c = {n: i for i, n in enumerate(COLUMNS)}
    # talks after the day asked about (a month report read later) are left out
    rows = [r for r in responses(db, today, school_ids=school_ids) if r[c["talked_on"]] <= today.isoformat()]
    recorded = 0
    for r in rows:
        talk = r[c["talked_on"]]
        if len(talk) >= 7 and start <= (int(talk[:4]), int(talk[5:7])) <= end:
            recorded += 1
    latest = set(_latest(rows).values())
    states = [
        attrition.response_state(
            r[c["outcome"]], _day(parse_loose(r[c["follow_up"]])) if r[c["follow_up"]] else None, today
        )
        for r in rows
        if r[c["id"]] in latest
    ]
    return dict(recorded=recorded, open=sum(1 for st in states if st != "已结"), overdue=states.count("逾期"))


def overdue(db, today: dt.date, school_ids: set[int] | None = None) -> list[tuple]:
    """Rows of COLUMNS: each teacher's latest response talked by TODAY that is still open with its follow-up date
    before TODAY (the cases counts() calls overdue), by follow-up date."""
    c = {n: i for i, n in enumerate(COLUMNS)}
    rows = [r for r in responses(db, today, school_ids=school_ids) if r[c["talked_on"]] <= today.isoformat()]
    latest = set(_latest(rows).values())
    out = [
        r
        for r in rows
        if r[c["id"]] in latest
        and attrition.response_state(
            r[c["outcome"]], _day(parse_loose(r[c["follow_up"]])) if r[c["follow_up"]] else None, today
        )
        == "逾期"
    ]
    return sorted(out, key=lambda r: (r[c["follow_up"]], r[c["name"]]))


# ---------------------------------------------------------------- saving


def _date(field: str, value, problems: dict) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        return parse_loose(text)
    except DateError as e:
        problems[field] = f"{LABELS[field]}：{e}"
        return None


def _offers(value) -> str | None:
    items = value if isinstance(value, (list, tuple)) else str(value or "").replace("，", "、").split("、")
    out: list[str] = []
    for x in items:
        x = str(x).strip()
        if x and x not in out:
            out.append(x)
    return "、".join(out) or None


def clean(values: dict, today: dt.date) -> dict:
    """The stored values of a form, or ValidationError with a message per field."""
    problems: dict[str, str] = {}
    by = str(values.get("talked_by") or "").strip()
    offered = _offers(values.get("offered"))
    outcome = str(values.get("outcome") or attrition.OPEN_OUTCOME).strip()
    talked_on = _date("talked_on", values.get("talked_on"), problems)
    follow_up = _date("follow_up", values.get("follow_up"), problems)
    if not by:
        problems["talked_by"] = "请填写谈话人"
    elif len(by) > 30:
        problems["talked_by"] = "谈话人最多 30 个字"
    if offered and len(offered) > 200:
        problems["offered"] = "提供的条件最多 200 个字"
    if outcome not in attrition.OUTCOMES:
        problems["outcome"] = f"结果应为：{'、'.join(attrition.OUTCOMES)}"
    if talked_on is None and "talked_on" not in problems:
        problems["talked_on"] = "请填写谈话日期"
    elif talked_on is not None and (talk_day := _day(talked_on)) is not None and talk_day > today:
        problems["talked_on"] = f"谈话日期 {talked_on.iso()} 在今天之后"
    if outcome == attrition.OPEN_OUTCOME and follow_up is None and "follow_up" not in problems:
        problems["follow_up"] = "结果为“跟进中”时请填写跟进日期"
    first, again = _day(talked_on), _day(follow_up)
    if follow_up is not None and talked_on is not None and first is not None and again is not None and again < first:
        problems["follow_up"] = f"跟进日期 {follow_up.iso()} 早于谈话日期 {talked_on.iso()}"
    out = dict(
        talked_by=by,
        offered=offered,
        outcome=outcome,
        note=str(values.get("note") or "").strip() or None,
        talked_on=talked_on,
        follow_up=follow_up,
    )
    if problems:
        raise ValidationError(problems)
    return out


def save_response(
    db,
    teacher_id: int,
    record_id: int | None,
    values: dict,
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    today: dt.date | None = None,
) -> int:
    """Add (RECORD_ID None) or change a response to TEACHER_ID; returns its id. EXPECTED_VERSION and BASE: what
    the dialog loaded (another clerk's change meanwhile is merged or raised as EditConflict: platform.records).
    Offers not yet on the bureau's list are added to it."""
    access.require(db, "edit")
    row = clean(values, today or dt.date.today())
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.get(Teacher, teacher_id) is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        if record_id is not None:
            stored = s.get(RetentionResponse, record_id)
            if stored is None:
                raise NotFound(records.deleted_message(s, "retention_response", record_id, MISSING))
            if stored.teacher_id != teacher_id:
                raise NotFound(MISSING)
        obj = records.upsert(
            s,
            RetentionResponse,
            record_id,
            {**row, "teacher_id": teacher_id} if record_id is None else row,
            MISSING,
            expected_version=expected_version,
            base=base,
            merge=True,
        )
        uow.commit()
        new_id = obj.id
    known = offer_choices(db)
    extra = [x for x in (row["offered"] or "").split("、") if x and x not in known]
    if extra:
        save_offer_choices(db, known + extra)
    return new_id


def delete_response(db, record_id: int, *, expected_version: int | None = None) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        obj = s.get(RetentionResponse, record_id)
        if obj is None:
            raise NotFound(records.deleted_message(s, "retention_response", record_id, MISSING))
        records.delete(s, obj, expected_version=expected_version)
        uow.commit()


def load(db, record_id: int) -> dict:
    """One response as the dialog shows it (dates as text) with its version."""
    with db.sessions() as s:
        r = s.get(RetentionResponse, record_id)
        if r is None:
            raise NotFound(MISSING)
        return dict(
            teacher_id=r.teacher_id,
            talked_on=r.talked_on.iso() if r.talked_on else "",
            talked_by=r.talked_by,
            offered=r.offered or "",
            outcome=r.outcome,
            follow_up=r.follow_up.iso() if r.follow_up else "",
            note=r.note or "",
            version=r.version,
        )
