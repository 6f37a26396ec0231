"""One demo teacher: identity, employment, and the history of post schools (编制所在学校)."""

from __future__ import annotations

import datetime as dt

from talentdesk.domain import idnumber
from talentdesk.domain.dates import PartialDate, age_on, school_year_of
from talentdesk.services.demo import names, records, staff_fields
from talentdesk.services.demo.context import AREA_RANK, Context, Person
from talentdesk.services.demo.schools import COUNTIES, SchoolInfo
from talentdesk.store.models import PostRecord, Teacher

# age bands (low, high, weight) of serving teachers by area: villages are older, with young 特岗 teachers
AGE_BANDS = {
    "城区": ((23, 29, 16), (30, 39, 32), (40, 49, 30), (50, 59, 22)),
    "镇区": ((22, 29, 18), (30, 39, 24), (40, 49, 28), (50, 59, 30)),
    "乡村": ((22, 29, 27), (30, 39, 12), (40, 49, 21), (50, 59, 40)),
}
FEMALE_SHARE = {"城区": 0.74, "镇区": 0.62, "乡村": 0.48}
SUBJECTS = {
    "小学": ("语文 36 数学 30 英语 8 科学 5 政治 4 体育 5 音乐 4 美术 4 信息技术 2 心理健康 1 综合实践 1"),
    "初中": (
        "语文 16 数学 16 英语 14 物理 7 化学 5 生物 6 政治 6 历史 6 地理 5 体育 6 音乐 3 美术 3 信息技术 3 心理健康 1"
    ),
    "高中": (
        "语文 14 数学 14 英语 13 物理 9 化学 8 生物 8 政治 7 历史 7 地理 7 体育 5 音乐 2 美术 2 "
        "信息技术 3 通用技术 1 心理健康 1"
    ),
}
_SUBJECTS = {k: (v.split()[::2], [int(w) for w in v.split()[1::2]]) for k, v in SUBJECTS.items()}
PE_ARTS = ("体育", "音乐", "美术")


def subject_for(ctx: Context, stage: str, area: str) -> str:
    subjects, weights = _SUBJECTS[stage]
    if area == "乡村":  # PE, music and art teachers are scarce in villages
        weights = [w / 4 if s in PE_ARTS else w for s, w in zip(subjects, weights)]
    return ctx.rng.choices(subjects, weights)[0]


def _id_number(ctx: Context, county: int, birth: dt.date, gender: str) -> str:
    rng = ctx.rng
    area = COUNTIES[county][1]
    if rng.random() < 0.18:  # born in a neighbouring county
        area = COUNTIES[(county + rng.choice((3, 4, 6))) % len(COUNTIES)][1]
    while True:
        seq = rng.randrange(0, 1000)
        if (seq % 2 == 1) != (gender == "男"):
            seq = (seq + 1) % 1000
        number = idnumber.make(area, birth, seq)
        if number not in ctx.ids_used:
            ctx.ids_used.add(number)
            return number


def _age(ctx: Context, area: str, gender: str, fate: str) -> int:
    rng = ctx.rng
    retire = ctx.policy.retirement_age[gender]
    if fate == "retired":
        return retire + rng.randint(0, 8)
    if fate == "silver":
        return rng.randint(max(retire, 58), 66)
    if fate == "left":
        return rng.randint(25, 50)
    low, high, _ = rng.choices(AGE_BANDS[area], [b[2] for b in AGE_BANDS[area]])[0]
    return rng.randint(low, min(high, retire - 2))


def _form_and_source(ctx: Context, area: str, years: int, birth_year: int, fate: str) -> tuple[str, str | None]:
    r = ctx.rng.random()
    if fate == "silver":
        return "银龄讲学", "银龄讲学"
    if years <= 3 and area != "城区" and r < (0.5 if area == "乡村" else 0.25):
        return "特岗", None
    if r > 0.985 and birth_year > 1975:
        return "合同", "其他"
    if r > 0.975 and area == "乡村":
        return "代课", "其他"
    if area != "城区" and 3 < years <= 12 and r < 0.35:
        return "在编", "特岗转入"
    if birth_year >= 1990 and r > 0.9:
        return "在编", "公费师范生"
    if birth_year < 1978:
        return "在编", None  # assigned before open recruitment; schools rarely record it
    return "在编", "公开招聘"


def make_teacher(ctx: Context, school: SchoolInfo, stage: str, fate: str) -> Person:
    """Generate one teacher with a post history; fate is active, retired, left or silver."""
    rng, ref, y0 = ctx.rng, ctx.ref, ctx.school_year
    gender = "女" if rng.random() < FEMALE_SHARE[school.area] else "男"
    age = _age(ctx, school.area, gender, fate)
    birth = ref - dt.timedelta(days=int(age * 365.25) + rng.randint(1, 360))
    age = age_on(birth, ref)
    n = len(ctx.people)
    name = names.rare_name(rng, gender, n // 397) if n % 397 == 41 else names.full_name(rng, gender)
    subject = subject_for(ctx, stage, school.area)
    tid = ctx.rows.next_id(Teacher)
    first_grad = records.education(ctx, tid, birth, stage, subject, school.area)
    ws_year, ws_month = first_grad.year, rng.choice((8, 8, 9, 9, 9, 7))
    if rng.random() < 0.2:
        ws_year += 1
    ws_year = max(ws_year, birth.year + 20)
    latest = y0
    if fate in ("active", "left") and ws_year > latest:
        ws_year, ws_month = latest, 9
    if fate == "left":
        ws_year = min(ws_year, y0 - 3)
    work_start = PartialDate(ws_year, ws_month)
    years = max(0, ctx.school_year - school_year_of(work_start.first_day()))

    status, status_date = "在岗", None
    if fate == "retired":
        retire_year = birth.year + ctx.policy.retirement_age[gender]
        status, status_date = "退休", PartialDate(retire_year, birth.month)
    elif fate == "left":
        y = rng.randint(min(max(ws_year + 2, y0 - 4), y0 - 1), y0 - 1)
        status, status_date = rng.choice(("调出", "调出", "辞职")), PartialDate(y, rng.choice((7, 8)))
    form, source = _form_and_source(ctx, school.area, years, birth.year, fate)
    entry = _posts(ctx, tid, school, stage, work_start, status_date, fate, birth, gender)
    ctx.rows.add(
        Teacher,
        id=tid,
        id_type="居民身份证",
        id_number=_id_number(ctx, school.county, birth, gender),
        name=name,
        former_name=names.former_name(rng, name, gender) if rng.random() < 0.03 else None,
        gender=gender,
        birth_date=birth,
        ethnicity=names.ethnicity(rng),
        political=names.political(rng, age),
        native_place=COUNTIES[school.county][0] if rng.random() < 0.8 else None,
        phone=names.phone(rng) if fate in ("active", "silver") else None,
        work_start=work_start,
        school_entry=entry,
        employment_form=form,
        source=source,
        status=status,
        status_date=status_date,
        **staff_fields.values(tid, COUNTIES[school.county][0], age, form, years, work_start),
    )
    person = Person(tid, gender, birth, age, school, stage, subject, work_start, form, status, years, entry)
    if status == "在岗" or fate == "retired":
        person.title_rank = records.careers(ctx, person, status_date)
    ctx.people.append(person)
    return person


def _earlier_school(ctx: Context, school: SchoolInfo, stage: str, avoid: SchoolInfo | None = None) -> SchoolInfo:
    """Teachers usually start further out and move towards the county town."""
    pool = [
        s
        for s in ctx.by_stage[(school.county, stage)]
        if s.id != school.id and s is not avoid and AREA_RANK[s.area] >= AREA_RANK[school.area]
    ]
    return ctx.rng.choice(pool or ctx.by_stage[(school.county, stage)])


def _posts(
    ctx: Context,
    tid: int,
    school: SchoolInfo,
    stage: str,
    work_start: PartialDate,
    end: PartialDate | None,
    fate: str,
    birth: dt.date,
    gender: str,
) -> PartialDate:
    """Post records from the first job to now; returns the start of the current post (进本校年月)."""
    rng = ctx.rng
    last_year = (end.year if end else ctx.school_year) - 1
    room = last_year - (work_start.year + 2)
    n_prev = 0 if room < 4 else rng.choices((0, 1, 2), (55, 33, 12))[0]
    if fate == "silver":  # a retired teacher who came back to teach in a village school
        start = PartialDate(ctx.school_year, 9)
        retired = min(
            PartialDate(birth.year + ctx.policy.retirement_age[gender], birth.month), PartialDate(ctx.school_year, 8)
        )
        first = _earlier_school(ctx, school, stage)
        ctx.rows.add(PostRecord, teacher_id=tid, school_id=first.id, start=work_start, end=retired)
        ctx.rows.add(PostRecord, teacher_id=tid, school_id=school.id, start=start, end=None, note="银龄讲学")
        return start
    switches = sorted(rng.sample(range(work_start.year + 2, last_year + 1), n_prev)) if n_prev else []
    start, prev = work_start, None
    for y in switches:
        prev = _earlier_school(ctx, school, stage, avoid=prev)
        ctx.rows.add(PostRecord, teacher_id=tid, school_id=prev.id, start=start, end=PartialDate(y, 8))
        start = PartialDate(y, 9)
    ctx.rows.add(PostRecord, teacher_id=tid, school_id=school.id, start=start, end=end)
    return start
