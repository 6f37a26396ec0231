"""Demo talent recognition from application to allowance (issue 20 §4): two yearly rounds of applications
(高层次人才认定 C–E, 市有突出贡献专家, 领军人才梯队 per subject project) that went through 申报 → 初审 → 认定/未认定,
more applied than recognised, the current round still under way; a few imported talents (全职引进) with agreed terms
(年薪, 科研启动经费, 安家费, 人才编制专户) and the payments made against them; one 柔性引进 term ending soon. Its own
random generator (seeded from the build's), so adding it changes nothing the other generators make."""

from __future__ import annotations

import datetime as dt
import random

from talentdesk.domain import talents as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.store.models import Base
from talentdesk.store.models_recruitment import TalentAgreement, TalentPayment, TalentRecognition

TABLES: tuple[type[Base], ...] = (TalentPayment,)
TABLE_NAMES: dict[type[Base], str] = {TalentPayment: "引进人才经费发放"}
PROJECTS = ("初中数学", "小学语文", "高中物理", "初中英语", "小学科学")
ISSUER = "县人才工作领导小组"


def _on(d: PartialDate | None, today: dt.date) -> PartialDate | None:
    """D when it is not after TODAY (a step not reached yet is left blank)."""
    return d if d is not None and d.first_day() <= today else None


def _round(rng: random.Random, rows, people: list[Person], year: int, today: dt.date, serial: list[int]) -> None:
    """One year's round: applications in April, 初审 in May, 认定 in June (文号 人才字〔year〕n号)."""
    for p in people:
        kind = rng.choice((rules.GRADED_KIND,) * 5 + ("市有突出贡献专家", rules.PROJECT_KIND, rules.PROJECT_KIND))
        category = rng.choice("CDDEE") if kind == rules.GRADED_KIND else None
        project = f"{rng.choice(PROJECTS)}学科领军人才梯队" if kind == rules.PROJECT_KIND else None
        applied = _on(PartialDate(year, 4, rng.randint(1, 20)), today)
        if applied is None:
            continue
        reviewed = _on(PartialDate(year, 5, rng.randint(10, 28)), today)
        passed = rng.random() < 0.7
        decided = _on(PartialDate(year, 6, rng.randint(15, 30)), today) if passed and reviewed else None
        recognised = rng.random() < 0.75
        if reviewed is None:
            status = rules.APPLIED
        elif not passed:
            status = rules.FAILED
        elif decided is None:
            status = rules.PASSED
        else:
            status = rules.RECOGNISED if recognised else rules.REFUSED
        doc = None
        if status == rules.RECOGNISED:
            serial[0] += 1
            doc = f"人才字〔{year}〕{serial[0]}号"
        rows.add(
            TalentRecognition,
            teacher_id=p.id,
            kind=kind,
            category=category,
            project=project,
            status=status,
            applied=applied,
            reviewed=reviewed,
            date=decided,
            doc_number=doc,
            term_years=3 if status == rules.RECOGNISED else None,
            issuer=ISSUER if status in rules.DECIDED else None,
            note=None,
        )


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("talents-" + repr(ctx.rng.getstate()[1]))
    rows, y0, today = ctx.rows, ctx.school_year, ctx.today
    recognised = {r["teacher_id"] for r in rows.data.get(TalentRecognition, [])}
    serving = [p for p in ctx.people if p.status == "在岗" and p.id not in recognised]
    pool = [p for p in serving if p.title_rank >= 3 and 30 <= p.age <= 55]
    n = max(6, len(pool) // 40)
    chosen = rng.sample(pool, min(len(pool), 2 * n + n // 2))
    # the spring rounds of the calendar year the school year began in and the one before
    _round(rng, rows, chosen[:n], y0 - 1, today, [0])
    _round(rng, rows, chosen[n : 2 * n], y0, today, [0])
    # this term's applications, still under way: applied a month or two ago, some through 初审 already
    for p in chosen[2 * n :]:
        applied = PartialDate.from_date(today - dt.timedelta(days=rng.randint(30, 60)))
        reviewed = PartialDate.from_date(today - dt.timedelta(days=rng.randint(3, 20))) if rng.random() < 0.4 else None
        rows.add(
            TalentRecognition,
            teacher_id=p.id,
            kind=rules.GRADED_KIND,
            category=rng.choice("DE"),
            project=None,
            status=rules.PASSED if reviewed else rules.APPLIED,
            applied=applied,
            reviewed=reviewed,
            date=None,
            doc_number=None,
            term_years=None,
            issuer=None,
            note="学校推荐",
        )

    # imported talents with agreed terms and payments
    taken = {p.id for p in chosen} | {r["teacher_id"] for r in rows.data.get(TalentAgreement, [])}
    recent = [p for p in serving if p.id not in taken and p.years <= 3 and p.age >= 28] or [
        p for p in serving if p.id not in taken
    ]
    payments = 0
    for i, p in enumerate(rng.sample(recent, min(len(recent), 3))):
        start = PartialDate(y0 - 2 + i % 2, 9, 1)
        end = PartialDate(start.year + 5, 8, 31)
        annual = float(rng.choice((150000, 180000, 200000)))
        research, settling = float(rng.choice((50000, 100000))), float(rng.choice((100000, 200000)))
        aid = rows.add(
            TalentAgreement,
            teacher_id=p.id,
            kind="全职引进",
            school_id=p.school.id,
            start=start,
            end=end,
            monthly_pay=None,
            annual_pay=annual,
            research_fund=research,
            settling_grant=settling,
            staffing="人才编制专户",
            case_note="一事一议：经县人才工作领导小组会议研究，年薪由县财政保障，安家费分两年发放",
            duties=f"{p.stage}{p.subject}学科带头，承担县级课题一项",
            note=None,
        )
        due = [
            (PartialDate(start.year, 9, 20), "安家费", settling / 2, f"人才字〔{start.year}〕{30 + i}号"),
            (PartialDate(start.year + 1, 9, 20), "安家费", settling / 2, f"人才字〔{start.year + 1}〕{30 + i}号"),
            (PartialDate(start.year, 10, 15), "科研启动经费", research / 2, f"凭证 {start.year}-{101 + i}"),
        ]
        y = start.year
        while PartialDate(y, 12, 25).first_day() <= today and y < end.year:  # 年薪 by half-year, June and December
            due.append((PartialDate(y, 12, 25), "年薪", annual / 2, f"凭证 {y}-12-{i + 1:02d}"))
            if PartialDate(y + 1, 6, 25).first_day() <= today:
                due.append((PartialDate(y + 1, 6, 25), "年薪", annual / 2, f"凭证 {y + 1}-06-{i + 1:02d}"))
            y += 1
        for when, kind, amount, voucher in due:
            if when.first_day() <= today:
                rows.add(
                    TalentPayment,
                    agreement_id=aid,
                    date=when,
                    kind=kind,
                    amount=round(amount, 2),
                    voucher=voucher,
                    note=None,
                )
                payments += 1
    # a 柔性引进 expert whose term ends within the reminder window
    rest = [p for p in serving if p.id not in taken and p.title_rank >= 3 and p.years >= 15]
    if rest:
        p = rng.choice(rest)
        end = PartialDate.from_date(today + dt.timedelta(days=45))
        start = PartialDate(end.year - 2, end.month or 1)
        aid = rows.add(
            TalentAgreement,
            teacher_id=p.id,
            kind="柔性引进",
            school_id=p.school.id,
            start=start,
            end=end,
            monthly_pay=3000.0,
            annual_pay=None,
            research_fund=None,
            settling_grant=None,
            staffing="不占编制",
            case_note=None,
            duties="每月到校指导两次，开设示范课",
            note=None,
        )
        first = dt.date(start.year, start.month or 1, 28)
        for k in range(0, 24, 6):  # 协议报酬 paid every half-year
            month = (first.month - 1 + k) % 12 + 1
            when = PartialDate(first.year + (first.month - 1 + k) // 12, month, 28)
            if when.first_day() <= today:
                rows.add(
                    TalentPayment,
                    agreement_id=aid,
                    date=when,
                    kind="协议报酬",
                    amount=18000.0,
                    voucher=f"凭证 {when.year}-{month:02d}-90",
                    note=None,
                )
                payments += 1
    return {"talent_payments": payments}
