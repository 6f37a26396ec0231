"""Demo 三名工程 (issue 20 §3): a few principals are 名校长 (mostly 县级, some 市级, rarely 省级), some class teachers
名班主任 (校级 to 省级), each designated for a three-year term from September; terms begun two or more years ago had
their 期中考核 — mostly 继续保留 (优秀 or 合格), one 撤销 (不合格, which ends the designation on the review date) —
and some 名师 of the teaching ladder were reviewed too. Designations begun this school year show as newly
designated, those past their midpoint without a review as due. Its own random generator (seeded from the build's),
so adding it changes nothing the other generators make; it runs after the leaders and the records it reads."""

from __future__ import annotations

import random

from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context
from talentdesk.services.demo.records import issuer
from talentdesk.services.demo.schools import COUNTIES
from talentdesk.store.models import Base, Designation, Teaching
from talentdesk.store.models_designations import DesignationReview
from talentdesk.store.models_leaders import LeaderPost

TABLES: tuple[type[Base], ...] = (DesignationReview,)
TABLE_NAMES: dict[type[Base], str] = {DesignationReview: "称号考核"}
KEEP_REASONS = ("", "", "", "任期内履职良好", "示范引领作用明显")


def _doc(county_name: str, year: int, no: int) -> str:
    return f"{county_name.removesuffix('县').removesuffix('区')}教发〔{year}〕{no}号"


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("named-" + repr(ctx.rng.getstate()[1]))
    y0 = ctx.school_year
    people = {p.id: p for p in ctx.people if p.status == "在岗"}
    added: list[dict] = []

    def designate(tid: int, kind: str, level: str, start: int, subject: str | None) -> None:
        p = people[tid]
        did = ctx.rows.add(
            Designation,
            teacher_id=tid,
            kind=kind,
            level=level,
            subject=subject,
            start=PartialDate(start, 9),
            end=PartialDate(start + 3, 8),
            issuer=issuer(p.school.county, level) or f"{p.school.name}",
        )
        row = ctx.rows.data[Designation][-1]
        assert row["id"] == did
        added.append(row)

    # 名校长: principals in office with some years behind them
    principals = sorted(
        {
            r["teacher_id"]
            for r in ctx.rows.data.get(LeaderPost, [])
            if r["post"] == "校长" and r["end"] is None and r["method"] != "挂职" and r["teacher_id"] in people
        }
    )
    for tid in principals:
        if rng.random() < 0.14:
            level = rng.choices(("县级", "市级", "省级"), (70, 25, 5))[0]
            designate(tid, "名校长", level, rng.choice((y0 - 3, y0 - 2, y0 - 1, y0)), None)
    # 名班主任: experienced class teachers of this school year
    heads = sorted(
        {
            r["teacher_id"]
            for r in ctx.rows.data.get(Teaching, [])
            if r["head_teacher"] and r["school_year"] == y0 and r["teacher_id"] in people
        }
    )
    for tid in heads:
        if people[tid].years >= 8 and rng.random() < 0.03:
            level = rng.choices(("校级", "县级", "市级", "省级"), (25, 55, 17, 3))[0]
            designate(tid, "名班主任", level, rng.choice((y0 - 3, y0 - 2, y0 - 1, y0)), people[tid].subject)
    # reviews at the midpoint of terms begun two or more years ago (名校长, 名班主任 and the ladder's 名师)
    ladder = [
        r
        for r in ctx.rows.data.get(Designation, [])
        if r["kind"] == "名师" and r["teacher_id"] in people and r["start"] is not None and r["end"] is not None
    ]
    candidates = [r for r in added + ladder if r["start"].year <= y0 - 2 and r["end"].year >= y0]
    candidates.sort(key=lambda r: r["id"])
    withdrawn = False
    n = 0
    for r in candidates:
        if rng.random() < 0.25:
            continue  # not reviewed yet: due (overdue) in the list
        p = people[r["teacher_id"]]
        county = COUNTIES[p.school.county][0]
        n += 1
        date = PartialDate(r["start"].year + 2, rng.choice((3, 4, 5, 6)), rng.randint(5, 25))
        level = r["level"]
        decided_by = issuer(p.school.county, level) or p.school.name
        if not withdrawn and r["kind"] in ("名校长", "名班主任"):
            withdrawn = True
            ctx.rows.add(
                DesignationReview,
                designation_id=r["id"],
                teacher_id=p.id,
                date=date,
                stage="期中考核",
                result="不合格",
                decision="撤销",
                reason="期中考核不合格，未履行培养青年教师等任期职责",
                decided_by=decided_by,
                document=_doc(county, date.year, 40 + n),
                end_before=r["end"],
            )
            for row in ctx.rows.data[Designation]:
                if row["id"] == r["id"]:
                    row["end"] = date  # the withdrawal ends the designation on the review date
            continue
        ctx.rows.add(
            DesignationReview,
            designation_id=r["id"],
            teacher_id=p.id,
            date=date,
            stage="期中考核",
            result=rng.choices(("优秀", "合格", "基本合格"), (35, 60, 5))[0],
            decision="继续保留",
            reason=rng.choice(KEEP_REASONS) or None,
            decided_by=decided_by,
            document=_doc(county, date.year, 40 + n),
        )
    return {
        "named": len(added),
        "reviews": len(ctx.rows.data.get(DesignationReview, [])),
    }
