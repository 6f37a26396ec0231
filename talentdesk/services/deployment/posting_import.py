"""Importing the candidates of postings outside the county (issue 22 §2) from spreadsheets: one row per candidate
(选派名称, the teacher by 姓名/身份证号/学校, 报名/推荐/考核 dates and notes, 选派结果 with its date and note).

A call is found by its title; a title the program does not know makes a new call from the row's 类别, 派往单位,
省份/地区, 单位类别, 派出日期 and 计划结束. A teacher already on a call's list gets the row's steps (a later step
recorded, a decision made); a teacher marked 选派 is sent (a placement to the call's unit) as in the program.

Every sheet of every file is read (in a child process, importing.isolate) and checked before anything is written;
each problem names file, sheet, row and column. A row with an error is not imported, the rest are, in one
transaction, as one import batch the 数据导入 page can undo.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import select

from talentdesk.errors import UserError, ValidationError
from talentdesk.importing import isolate
from talentdesk.services.accounts import access
from talentdesk.services.deployment import postings
from talentdesk.services.platform import record_import as rec
from talentdesk.services.platform.record_import import ERROR, Problem
from talentdesk.store.models_postings import PostingCall, PostingCandidate

SYNONYMS = {
    "title": "选派名称 选派 选派项目 项目名称 批次",
    "kind": "类别 援派类别 类型",
    "unit": "派往单位 受援单位 接收单位 县外单位",
    "region": "省份/地区 省份 地区 省区 受援地区",
    "unit_kind": "单位类别 单位类型",
    "start": "派出日期 开始日期 派出时间",
    "planned_end": "计划结束 结束日期 计划结束日期",
    "name": "姓名 教师姓名",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码",
    "school": "学校 编制学校 所在学校 工作单位",
    "applied_on": "报名日期 报名时间",
    "applied_note": "报名说明 报名备注",
    "recommended_on": "推荐日期 推荐时间",
    "recommended_note": "推荐意见 推荐说明",
    "assessed_on": "考核日期 考核时间",
    "assessed_note": "考核结果 考核意见 考核情况",
    "decision": "选派结果 结果 是否选派",
    "decided_on": "决定日期 选派日期 确定日期",
    "decision_note": "决定说明 备注 说明",
}
LABELS = {
    **postings.CANDIDATE_LABELS,
    **{k: v for k, v in postings.CALL_LABELS.items() if k != "note"},
    "name": "姓名",
    "id_number": "身份证号",
    "school": "学校",
}
_HEADER = rec.header_map(SYNONYMS)
CALL_KEYS = ("kind", "unit", "region", "unit_kind", "start", "planned_end")


class _Teachers(rec._Teachers):
    """Teachers by ID number and by name (with the post school), for matching a row's teacher."""

    post_first = True


@dataclass
class Planned:
    where: tuple[str, str, int]  # file, sheet, row
    title: str
    call: dict | None  # values of a new call (None: the call exists)
    teacher_id: int
    values: dict  # checked candidate values, without call_id


@dataclass
class Plan:
    files: list[str]
    rows: list[Planned]
    problems: list[Problem]
    bad_rows: int = 0
    calls_new: set[str] = field(default_factory=set)

    @property
    def ready(self) -> list[Planned]:
        return self.rows

    def summary(self) -> str:
        text = f"可导入报名教师 {len(self.rows)} 人"
        if self.calls_new:
            text += f"（新建选派 {len(self.calls_new)} 次：{'、'.join(sorted(self.calls_new))}）"
        if self.bad_rows:
            errors = sum(1 for p in self.problems if p.severity == ERROR)
            text += f"；{self.bad_rows} 行有错误，不导入（共 {errors} 处，见下）"
        return text


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime):
        v = v.date()
    t = v.isoformat() if isinstance(v, dt.date) else str(v).strip()
    return t or None


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    out = Plan([str(p) for p in paths], [], [])
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        people = _Teachers(s)
        calls = {c.title: c for c in s.scalars(select(PostingCall))}
        for name, sheet in rec.sheets(reader, out, wait):
            _sheet(out, name, sheet, people, calls)
    return out


def _sheet(out: Plan, file: str, sheet, people: _Teachers, calls: dict) -> None:
    found = rec.table_columns(sheet, _HEADER)
    if found is None:
        return
    table, cols = found
    if "title" not in cols or "applied_on" not in cols:
        return  # an instruction or code sheet: not a candidate list
    new_calls: dict[str, tuple[dict, int]] = {}
    seen: dict[tuple[str, int], int] = {}
    for ri in table.data_rows:
        row = sheet.rows[ri]
        cells = {f: _text(row[i]) if i < len(row) else None for f, (i, _h) in cols.items()}
        if all(v is None for v in cells.values()):
            continue
        number = ri + 1
        errors = 0

        def bad(f, message, severity=ERROR, number=number):
            nonlocal errors
            errors += severity == ERROR
            column = rec.column_label(cols.get(f))
            out.problems.append(Problem(file, sheet.name, number, column, message, severity))

        title = cells.get("title")
        call_values = None
        if not title:
            bad("title", "没有填写选派名称")
        elif title not in calls:
            call_values = _new_call(title, cells, new_calls, number, bad)
        tid, why = people.find(cells.get("name"), cells.get("id_number"), cells.get("school"))
        if tid is None:
            bad("name" if "name" in cols else "id_number", why)
        values = {f: cells.get(f) for f in postings.CANDIDATE_FIELDS if f not in ("call_id", "teacher_id")}
        try:
            checked = postings.clean_candidate({**values, "call_id": -1, "teacher_id": tid or -1})
        except ValidationError as e:
            for f, message in e.problems.items():
                bad(f, message)
            checked = {}
        if title and tid is not None:
            if (title, tid) in seen:
                bad("name", f"与第 {seen[(title, tid)]} 行是同一次选派的同一名教师，只导入一行")
            seen[(title, tid)] = number
        if errors:
            out.bad_rows += 1
            continue
        assert title is not None and tid is not None
        checked.pop("call_id"), checked.pop("teacher_id")
        out.rows.append(Planned((file, sheet.name, number), title, call_values, tid, checked))
        if call_values is not None:
            out.calls_new.add(title)


def _new_call(title: str, cells: dict, new_calls: dict, number: int, bad) -> dict | None:
    """The values of a call the program does not know, from the row's call columns (the first row that names it)."""
    if title in new_calls:
        return new_calls[title][0]
    try:
        values = postings.clean_call({"title": title, **{k: cells.get(k) for k in CALL_KEYS}})
    except ValidationError as e:
        for f, message in e.problems.items():
            bad(f, f"程序中没有选派“{title}”，新建时：{message}")
        return None
    new_calls[title] = (values, number)
    return values


@dataclass
class Result:
    added: int
    updated: int
    calls: int
    selected: int
    batch_id: int | None


def apply(db, p: Plan, *, user: str | None = None, today: dt.date | None = None) -> Result:
    """Write the plan's rows without errors in one transaction, as one import batch."""
    access.require(db, "edit")
    if not p.rows:
        return Result(0, 0, 0, 0, None)
    today = today or dt.date.today()
    added = updated = made = selected = 0
    with rec.batch(db, "postings", p.files, user=user) as (s, batch):
        calls = {c.title: c.id for c in s.scalars(select(PostingCall))}
        for r in p.rows:
            if r.title not in calls:
                call = PostingCall(**(r.call or {}))
                s.add(call)
                s.flush()
                calls[r.title] = call.id
                made += 1
            cid = calls[r.title]
            old = s.scalar(
                select(PostingCandidate.id).where(
                    PostingCandidate.call_id == cid, PostingCandidate.teacher_id == r.teacher_id
                )
            )
            try:
                c = postings.write_candidate(s, old, {**r.values, "call_id": cid, "teacher_id": r.teacher_id}, today)
            except (ValidationError, UserError) as e:
                where = f"{r.where[0]}，工作表“{r.where[1]}”第 {r.where[2]} 行"
                why = "；".join(e.problems.values()) if isinstance(e, ValidationError) else str(e)
                raise UserError(f"{where}：{why}（没有导入任何一行）") from None
            added += old is None
            updated += old is not None
            selected += c.decision == "选派"
        batch.summary = json.dumps(
            {"insert": added + made, "posting_call": made, "posting_candidate": added, "update": updated},
            ensure_ascii=False,
        )
    return Result(added, updated, made, selected, batch.id)
