"""Finding the teachers to add to a course in bulk from a pasted column (names, ID numbers, or both side
by side as copied from a spreadsheet): each line is matched to one serving teacher, or said to be not
found or ambiguous (same name in several schools), before anything is added."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from talentdesk.domain import codes, idnumber
from talentdesk.store.idlists import CHUNK, id_in
from talentdesk.store.models import School, Teacher

MATCHED, NOT_FOUND, AMBIGUOUS, REPEATED = "匹配", "未找到", "同名多人", "重复"
_SPLIT = re.compile(r"[\t,，;；、|]+|\s{2,}")
_ID_LIKE = re.compile(r"^[0-9０-９][0-9０-９ \-]{13,20}[0-9０-９xX]$")


@dataclass
class Match:
    line: int  # 1-based line of the pasted text
    text: str  # what the line said
    status: str  # MATCHED, NOT_FOUND, AMBIGUOUS, REPEATED
    teacher_id: int | None = None
    name: str = ""
    school: str = ""
    note: str = ""


def _parse_line(raw: str) -> tuple[str, str]:
    """(name, ID number) of one pasted line; either may be empty."""
    name = number = ""
    for part in (p.strip() for p in _SPLIT.split(raw.strip())):
        if not part:
            continue
        if _ID_LIKE.match(part) and not number:
            number = idnumber.normalize(part)
        elif not name and not part.isdigit():
            name = re.sub(r"\s+", "", part)
    if not name and not number and raw.strip():
        name = re.sub(r"\s+", "", raw)
    return name, number


def _lookup(session, column, values: list[str]) -> list[tuple]:
    t, sc = Teacher.__table__.c, School.__table__.c
    out = []
    for i in range(0, len(values), CHUNK):
        chunk = values[i : i + CHUNK]
        out += session.execute(
            select(t.id, t.name, t.id_number, t.status, sc.name)
            .select_from(Teacher.__table__)
            .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
            .where(column.in_(chunk))
        ).all()
    return out


def match_pasted(db, text: str) -> list[Match]:
    """One Match per non-empty line of TEXT. Serving (在岗) teachers only; a line naming a teacher who has
    left says so; the same teacher twice is REPEATED on the later line."""
    lines = [(i, raw.strip()) for i, raw in enumerate((text or "").splitlines(), 1) if raw.strip()]
    parsed = [(i, raw, *_parse_line(raw)) for i, raw in lines]
    t = Teacher.__table__.c
    with db.sessions() as s:
        by_number: dict[str, tuple] = {}
        numbers = sorted({n for *_, n in parsed if n})
        for row in _lookup(s, t.id_number, numbers):
            by_number[row[2]] = row
        by_name: dict[str, list[tuple]] = {}
        names = sorted({name for _, _, name, n in parsed if name and not n})
        for row in _lookup(s, t.name, names):
            by_name.setdefault(row[1], []).append(row)
    out, seen = [], set()
    for i, raw, name, number in parsed:
        if number:
            row = by_number.get(number)
            if row is None:
                why = "" if idnumber.is_valid(number) else "（号码本身有误，请核对）"
                out.append(Match(i, raw, NOT_FOUND, note=f"没有身份证号为 {idnumber.mask(number)} 的教师{why}"))
                continue
            note = f"表中姓名为“{name}”，档案中为“{row[1]}”" if name and name != row[1] else ""
            candidates = [row]
        else:
            candidates = by_name.get(name, [])
            note = ""
        serving = [r for r in candidates if r[3] == codes.ACTIVE_STATUS]
        if not serving:
            gone = "；".join(f"{r[1]}（{r[4] or '无学校'}，{r[3]}）" for r in candidates)
            out.append(Match(i, raw, NOT_FOUND, note=f"不是在岗教师：{gone}" if gone else f"没有名为“{name}”的教师"))
            continue
        if len(serving) > 1:
            who = "、".join(f"{r[4] or '无学校'}" for r in serving)
            out.append(
                Match(
                    i,
                    raw,
                    AMBIGUOUS,
                    name=name,
                    note=f"同名在岗教师 {len(serving)} 人（{who}）：请在这一行加上身份证号",
                )
            )
            continue
        tid, tname, _, _, school = serving[0]
        if tid in seen:
            out.append(Match(i, raw, REPEATED, tid, tname, school or "", "前面已有这名教师"))
            continue
        seen.add(tid)
        out.append(Match(i, raw, MATCHED, tid, tname, school or "", note))
    return out


def serving_at(db, school_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, name, school) of the serving teachers working at (or posted to, when not placed elsewhere) SCHOOL_IDS."""
    t, sc = Teacher.__table__.c, School.__table__.c
    school = func.coalesce(t.cur_work_school_id, t.cur_post_school_id)
    with db.sessions() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(t.id, t.name, sc.name)
                .select_from(Teacher.__table__)
                .join(School.__table__, sc.id == school)
                .where(id_in(s, school, school_ids), t.status == codes.ACTIVE_STATUS)
            )
        ]
