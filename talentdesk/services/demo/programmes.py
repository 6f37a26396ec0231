"""Demo programmes (issues 20 §3, 21 §5): per county, a provincial talent project (齐鲁名师建设工程, its cohort
ended last summer, target recorded), a city one running now (领航工程, target 市级名师), a county cohort of
中青年学科带头人培养对象 (target 市级骨干教师, computed from the designations) and an earlier, ended cohort of
青年骨干教师培养工程 (target 县级骨干教师), each with dated milestones and members whose results say what happened.
Its own random generator (seeded from the build's), so adding it changes nothing the other generators make."""

from __future__ import annotations

import random

from talentdesk.domain import codes
from talentdesk.domain import programmes as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import COUNTIES
from talentdesk.store.models import Base, Designation
from talentdesk.store.models_programmes import ProgrammeMember, ProgrammeMilestone, TalentProgramme

TABLES: tuple[type[Base], ...] = (TalentProgramme, ProgrammeMilestone, ProgrammeMember)
TABLE_NAMES: dict[type[Base], str] = {
    TalentProgramme: "培养项目",
    ProgrammeMilestone: "培养项目节点",
    ProgrammeMember: "培养项目成员",
}
LEAVE_REASONS = ("调离本县", "个人申请退出", "病休一年", "转岗到行政岗位")
FAIL_REASONS = ("结业考核未达到要求", "未完成示范课任务", "研修学时不足")


def _today(ctx: Context) -> PartialDate:
    return PartialDate.from_date(ctx.today)


class _Book:
    def __init__(self, ctx: Context, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        self.held: dict[int, list[rules.Held]] = {}
        for d in ctx.rows.data.get(Designation, []):
            self.held.setdefault(d["teacher_id"], []).append(rules.Held(d["kind"], d["level"], d["start"]))

    def programme(self, milestones: list[tuple[str, PartialDate]], **values) -> int:
        pid = self.ctx.rows.add(TalentProgramme, note=None, **values)
        today = _today(self.ctx)
        for title, due in milestones:
            done = None if today < due else PartialDate(due.year, due.month or 1, self.rng.randint(5, 25))
            self.ctx.rows.add(ProgrammeMilestone, programme_id=pid, title=title, due=due, done=done, note=None)
        return pid

    def member(self, pid: int, p: Person, joined: PartialDate, result: str, met: bool | None = None) -> None:
        reason = None
        if result == rules.LEFT:
            reason = self.rng.choice(LEAVE_REASONS)
        elif result == rules.FAILED:
            reason = self.rng.choice(FAIL_REASONS)
        self.ctx.rows.add(
            ProgrammeMember,
            programme_id=pid,
            teacher_id=p.id,
            joined=joined,
            result=result,
            reason=reason,
            met=met,
        )

    def best(self, p: Person) -> tuple[int, int]:
        return max(
            ((codes.DESIGNATION.rank(h.kind), codes.LEVEL.rank(h.level)) for h in self.held.get(p.id, [])),
            default=(-1, -1),
        )


def _result(rng: random.Random, ended: bool, met: bool) -> str:
    r = rng.random()
    if r < 0.04:
        return rules.LEFT
    if not ended:
        return rules.IN_TRAINING
    if met:
        return rules.PASSED
    return rules.FAILED if r < 0.12 else rng.choice((rules.FINISHED, rules.PASSED))


def _county(book: _Book, county: str, staff: list[Person]) -> None:  # noqa: C901 one programme after another
    rng, y0 = book.rng, book.ctx.school_year
    today = _today(book.ctx)
    prefix = f"{county}" if len({s.county for s in book.ctx.schools}) > 1 else ""  # a city: one cohort per county
    stars = sorted((p for p in staff if book.best(p) >= (3, 1)), key=lambda p: (book.best(p), p.id), reverse=True)
    # 1. the province's talent project: a cohort of the county's best teachers, ended last summer
    pid = book.programme(
        [("启动研修", PartialDate(y0 - 3, 10)), ("中期考核", PartialDate(y0 - 1, 6)), ("结业考核", PartialDate(y0, 7))],
        name="齐鲁名师建设工程",
        kind="人才工程",
        level="省级",
        cohort=f"{prefix}第三批",
        organiser="省教育厅",
        start=PartialDate(y0 - 3, 9),
        end=PartialDate(y0, 8),
        target_kind=None,
        target_level=None,
        target_text="成为在全省有影响的教学名师，主持一项省级课题，培养青年教师 3 名以上",
    )
    for p in stars[: rng.randint(3, 5)]:
        met = rng.random() < 0.75
        book.member(pid, p, PartialDate(y0 - 3, 9), rules.PASSED if met else rules.FINISHED, met)
    # 2. the city's programme, running now; target 市级名师 (computed)
    pid = book.programme(
        [("集中研修", PartialDate(y0 - 1, 11)), ("跟岗学习", PartialDate(y0, 4)), ("中期考核", PartialDate(y0 + 1, 6))],
        name="领航工程",
        kind="人才工程",
        level="市级",
        cohort=f"{prefix}{y0 - 1}",
        organiser="市教育局",
        start=PartialDate(y0 - 1, 9),
        end=PartialDate(y0 + 2, 8),
        target_kind="名师",
        target_level="市级",
        target_text=None,
    )
    for p in stars[5 : 5 + rng.randint(6, 10)]:
        book.member(pid, p, PartialDate(y0 - 1, 9), rules.LEFT if rng.random() < 0.05 else rules.IN_TRAINING)
    # 3. the county's cohort of 培养对象 (the bureau's “确定培养对象 x 人”), target 市级骨干教师
    young = [p for p in staff if 26 <= p.age <= 45 and p.years >= 3 and p.form in ("在编", "特岗")]
    rng.shuffle(young)
    cohort = sorted(young[: max(10, min(300, round(len(young) * 0.12)))], key=lambda p: p.id)
    start, end = PartialDate(y0 - 2, 9), PartialDate(y0 + 1, 8)
    pid = book.programme(
        [
            ("确定培养对象", PartialDate(y0 - 2, 9)),
            ("制定个性化成长清单", PartialDate(y0 - 2, 10)),
            ("中期考核", PartialDate(y0, 1)),
            ("结业考核", PartialDate(y0 + 1, 6)),
        ],
        name="中青年学科带头人培养对象",
        kind="培养项目",
        level="县级",
        cohort=f"{prefix}{y0 - 2}",
        organiser=f"{county}教育和体育局",
        start=start,
        end=end,
        target_kind="骨干教师",
        target_level="市级",
        target_text=None,
    )
    for p in cohort:
        book.member(pid, p, start, _result(rng, today >= end, False))
    # 4. an earlier county cohort, ended: 青年骨干教师培养工程, target 县级骨干教师 (computed)
    start, end = PartialDate(y0 - 4, 9), PartialDate(y0 - 1, 8)
    pid = book.programme(
        [
            ("开班仪式", PartialDate(y0 - 4, 9)),
            ("中期考核", PartialDate(y0 - 3, 12)),
            ("结业考核", PartialDate(y0 - 1, 6)),
        ],
        name="青年骨干教师培养工程",
        kind="培养项目",
        level="县级",
        cohort=f"{prefix}{y0 - 4}",
        organiser=f"{county}教育和体育局",
        start=start,
        end=end,
        target_kind="骨干教师",
        target_level="县级",
        target_text=None,
    )
    earlier = [p for p in staff if 28 <= p.age <= 40 and p.years >= 5 and p not in cohort]
    rng.shuffle(earlier)
    picked = sorted(earlier[: max(6, round(len(earlier) * 0.05))], key=lambda p: p.id)
    for p in picked:
        met = rules.meets("骨干教师", "县级", book.held.get(p.id, []), start, end)
        book.member(pid, p, start, _result(rng, True, met))


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("programmes-" + repr(ctx.rng.getstate()[1]))
    book = _Book(ctx, rng)
    serving = [p for p in ctx.people if p.status == "在岗"]
    for county in sorted({s.county for s in ctx.schools}):
        staff = [p for p in serving if p.school.county == county]
        if staff:
            _county(book, COUNTIES[county][0], staff)
    return {"programmes": len(ctx.rows.data.get(TalentProgramme, []))}
