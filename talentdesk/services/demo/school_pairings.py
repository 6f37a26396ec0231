"""Demo school pairings (issue 21 §3): per county, 城乡对口学校一体化 pairs of a town school with the village school it
sends most teachers to, 结对帮扶 pairs of 镇区 and village schools (one of them ended), an 教共体 of a big town school
with a 镇区 school and village schools, and a 集团化办学 group — each with its 文号, agreed actions, and two joint
activities a school year (送教下乡 or 联片教研 held at a member school, the lead school's teachers teaching). Its own
random generator (seeded from the build's), so adding it changes nothing the other generators make."""

from __future__ import annotations

import random
from collections import Counter

from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import COUNTIES, SchoolInfo
from talentdesk.store.models import Base, Placement
from talentdesk.store.models_activities import Activity, ActivityParticipant
from talentdesk.store.models_networks import SchoolPairing, SchoolPairingSchool

TABLES: tuple[type[Base], ...] = (SchoolPairing, SchoolPairingSchool)
TABLE_NAMES: dict[type[Base], str] = {SchoolPairing: "学校结对", SchoolPairingSchool: "结对学校"}
ACTIONS = (
    "牵头校每学期到成员校送教不少于 2 次",
    "每年选派骨干教师到成员校支教、交流不少于 2 人",
    "每月开展一次联合教研（集体备课、同课异构）",
    "共享课程资源、教学设计和试题库",
    "成员校新教师到牵头校跟岗研修一个月",
    "统一教学进度和质量监测，联合分析",
    "管理干部互派挂职",
)
SUBJECTS = ("语文", "数学", "英语", "科学", "道德与法治")
WORD = {"送教下乡": "送教", "联片教研": "联合教研"}


def _short(name: str) -> str:
    for cut in ("县", "市", "区"):
        if cut in name[:4]:
            return name[name.index(cut) + 1 :]
    return name


class _Builder:
    def __init__(self, ctx: Context, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        self.today = PartialDate.from_date(ctx.today)
        self.staff: dict[int, list[Person]] = {}
        for p in ctx.people:
            if p.status == "在岗":
                self.staff.setdefault(p.school.id, []).append(p)
        self.doc = 0
        self.names: set[str] = set()  # a city's counties have schools of the same short name (实验小学)

    def pairing(
        self,
        county: str,
        kind: str,
        name: str,
        lead: SchoolInfo,
        others: list[tuple[SchoolInfo, str]],
        start: PartialDate,
        end: PartialDate | None,
    ) -> None:
        self.doc += 1
        year = start.year
        if name in self.names:
            name = f"{county}{name}"
        self.names.add(name)
        pid = self.ctx.rows.add(
            SchoolPairing,
            name=name,
            kind=kind,
            lead_school_id=lead.id,
            start=start,
            end=end,
            actions="\n".join(self.rng.sample(ACTIONS, self.rng.randint(3, 5))),
            doc_number=f"{county[:1]}教体发〔{year}〕{10 + self.doc}号",
            note=None,
        )
        self.ctx.rows.add(SchoolPairingSchool, pairing_id=pid, school_id=lead.id, role="牵头校")
        for s, role in others:
            self.ctx.rows.add(SchoolPairingSchool, pairing_id=pid, school_id=s.id, role=role)
        self._activities(lead, [s for s, _r in others], start, end)

    def _activities(
        self, lead: SchoolInfo, others: list[SchoolInfo], start: PartialDate, end: PartialDate | None
    ) -> None:
        rng, y0 = self.rng, self.ctx.school_year
        teachers = self.staff.get(lead.id, [])
        for year in range(max(start.year, y0 - 2), y0 + 1):
            for month in (10, 4) if year < y0 else (10,):
                when = PartialDate(year + (month < 9), month, rng.randint(8, 25))
                if when < start or (end is not None and end < when) or self.today < when:
                    continue
                host = rng.choice(others)
                local = self.staff.get(host.id, [])
                if len(teachers) < 2 or not local:
                    continue
                team = rng.sample(teachers, min(len(teachers), rng.randint(2, 4)))
                listeners = rng.sample(local, min(len(local), rng.randint(4, 8)))
                kind = rng.choice(("送教下乡", "联片教研")) if host.area == "乡村" else "联片教研"
                subject = rng.choice(SUBJECTS)
                aid = self.ctx.rows.add(
                    Activity,
                    kind=kind,
                    title=f"{_short(lead.name)}与{_short(host.name)}{subject}{WORD[kind]}",
                    start=when,
                    end=None,
                    organiser=lead.name,
                    school_id=host.id,
                    place=None,
                    level="校级",
                    lessons=len(team),
                    lectures=1 if kind == "送教下乡" else None,
                    sessions=1,
                    person_times=None,
                    hours=4,
                    note="学校结对活动",
                )
                for p in team:
                    self.ctx.rows.add(ActivityParticipant, activity_id=aid, teacher_id=p.id, role="授课")
                for p in listeners:
                    self.ctx.rows.add(ActivityParticipant, activity_id=aid, teacher_id=p.id, role="参加")


STAGE = {"小学": "小学", "教学点": "小学", "初中": "初中", "九年一贯制": "初中", "高中": "高中"}


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("school-pairings-" + repr(ctx.rng.getstate()[1]))
    b = _Builder(ctx, rng)
    y0 = ctx.school_year
    moved: Counter = Counter()  # placements between two schools, either way
    for r in ctx.rows.data.get(Placement, []):
        if r["from_school_id"] is not None:
            moved[frozenset((r["from_school_id"], r["to_school_id"]))] += 1
    for c in sorted({s.county for s in ctx.schools}):
        county = COUNTIES[c][0]
        schools = [s for s in ctx.schools if s.county == c and b.staff.get(s.id)]
        town = sorted((s for s in schools if s.area == "城区"), key=lambda s: (-s.total_quota, s.id))
        rural = [s for s in schools if s.area != "城区"]
        if not town or not rural:
            continue
        used: set[int] = set()

        def partner(
            lead: SchoolInfo, area: str | None = None, rural: list[SchoolInfo] = rural, used: set[int] = used
        ) -> SchoolInfo | None:
            """The free school of LEAD's stage (in AREA) it exchanges most teachers with; ties drawn."""
            fits = [
                s
                for s in rural
                if s.id not in used and STAGE.get(s.kind) == STAGE.get(lead.kind) and (area is None or s.area == area)
            ]
            if not fits:
                return None
            best = max(moved[frozenset((lead.id, s.id))] for s in fits)
            return rng.choice([s for s in fits if moved[frozenset((lead.id, s.id))] == best])

        # 城乡对口学校一体化: each town primary / middle school with the rural school it exchanges most teachers with
        for lead in [t for t in town if STAGE.get(t.kind) in ("小学", "初中")][:6]:
            other = partner(lead)
            if other is None:
                continue
            used.add(other.id)
            b.pairing(
                county,
                "城乡对口学校一体化",
                f"{_short(lead.name)}—{_short(other.name)}城乡一体化",
                lead,
                [(other, "受援校")],
                PartialDate(y0 - 2, 9, 1),
                PartialDate(y0 + 1, 8, 31),
            )
        # 结对帮扶: 镇区 schools with a village school of their stage; the first ended after two years
        middle = sorted((s for s in rural if s.area == "镇区"), key=lambda s: (-s.total_quota, s.id))
        n = 0
        for lead in middle:
            if n == 4 or lead.id in used:
                continue
            other = partner(lead, "乡村")
            if other is None:
                continue
            used.update((lead.id, other.id))
            b.pairing(
                county,
                "结对帮扶",
                f"{_short(lead.name)}结对帮扶{_short(other.name)}",
                lead,
                [(other, "受援校")],
                PartialDate(y0 - 3, 9, 1) if n == 0 else PartialDate(y0 - 1, 3, 1),
                PartialDate(y0 - 1, 7, 31) if n == 0 else None,
            )
            n += 1
        # 教共体: the biggest town primary school leads a 镇区 school and village schools of its stage
        lead = next((t for t in town if t.kind == "小学"), town[0])
        group: list[SchoolInfo] = []
        for area, k in (("镇区", 1), ("乡村", 3)):
            for _ in range(k):
                other = partner(lead, area)
                if other is not None:
                    used.add(other.id)
                    group.append(other)
        if len(group) >= 2:
            b.pairing(
                county,
                "教共体",
                f"{_short(lead.name)}教育共同体",
                lead,
                [(s, "成员校") for s in group],
                PartialDate(y0 - 1, 9, 1),
                None,
            )
        # 集团化办学: the biggest town middle school with two schools of its stage
        lead = next((t for t in town if STAGE.get(t.kind) == "初中"), town[0])
        members = [s for s in (partner(lead, "镇区"), partner(lead, "乡村")) if s is not None]
        if members and len({m.id for m in members}) == len(members):
            b.pairing(
                county,
                "集团化办学",
                f"{_short(lead.name)}教育集团",
                lead,
                [(s, "成员校") for s in members],
                PartialDate(y0, 9, 1),
                None,
            )
    return {"school_pairings": len(ctx.rows.data.get(SchoolPairing, []))}
