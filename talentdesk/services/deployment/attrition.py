"""Attrition (流失): separations, losses per year by category, and the watch list of teachers at risk
under the bureau's editable rules (domain.attrition), each flag explained."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select

from talentdesk.domain import attrition, codes, idnumber
from talentdesk.domain.dates import DateError, PartialDate, age_on, parse_loose
from talentdesk.domain.deployment import period_start
from talentdesk.domain.policy import Policy
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.deployment import school_groups
from talentdesk.services.deployment.school_groups import ALL_SCHOOLS
from talentdesk.services.platform.settings import load_policy
from talentdesk.store import current
from talentdesk.store.models import Designation, School, Teacher, TitleRecord
from talentdesk.store.models_deployment import SchoolGroup, Separation, TeacherSituation, WatchRule
from talentdesk.store.separations import leave
from talentdesk.store.uow import UnitOfWork

DIMENSIONS = {
    "kind": "离岗方式",
    "degree": "学历",
    "title": "职称",
    "age": "年龄段",
    "area": "学校城乡类型",
    "reason": "离岗原因",
    "dest": "去向类别",
    "province": "去向省份",
    "key": "关键人才",
}
KEY_LABELS = ("关键人才", "其他教师", "退休、去世（不计流失）")
CODE_FIELDS = ("reason_code", "dest_kind", "dest_province", "dest_city")
QUIT_KINDS = ("调出", "辞职", "解聘")  # 流失 in the narrow sense (not retirement or death)


def _pdate(field: str, value) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    try:
        return parse_loose(value)
    except DateError as e:
        raise ValidationError({field: str(e)}) from None


# ---------------------------------------------------------------- separations

SEPARATION_COLUMNS = (
    "id",
    "teacher_id",
    "name",
    "id_masked",
    "kind",
    "date",
    "school",
    "reason",
    "destination",
    "reason_code",
    "dest_kind",
    "dest_place",
)


def separations(db) -> list[tuple]:
    stmt = (
        select(
            Separation.id,
            Teacher.id,
            Teacher.name,
            Teacher.id_number,
            Separation.kind,
            Separation.date,
            School.name,
            Separation.reason,
            Separation.destination,
            Separation.reason_code,
            Separation.dest_kind,
            Separation.dest_province,
            Separation.dest_city,
        )
        .join(Teacher, Teacher.id == Separation.teacher_id)
        .outerjoin(School, School.id == Separation.school_id)
        .order_by(Separation.date.desc(), Separation.id.desc())
    )
    with db.sessions() as s:
        return [
            (
                sid,
                tid,
                name,
                idnumber.mask(num),
                kind,
                d.iso() if d else "",
                school or "",
                reason or "",
                dest or "",
                code or "",
                dest_kind or "",
                "".join(x for x in (province, city) if x),
            )
            for sid, tid, name, num, kind, d, school, reason, dest, code, dest_kind, province, city in s.execute(stmt)
        ]


def record_separation(
    db,
    teacher_id: int,
    kind: str,
    date,
    reason: str | None = None,
    destination: str | None = None,
    note: str | None = None,
    codes_: dict | None = None,
) -> int:
    """The teacher leaves: status and date on the file, the post record and open placements closed. CODES_: the
    coded reason and destination (reason_code, dest_kind, dest_province, dest_city), free text kept beside."""
    access.require(db, "edit")
    if kind not in attrition.SEPARATION_KINDS:
        raise ValidationError({"kind": f"离岗方式应为：{'、'.join(attrition.SEPARATION_KINDS)}"})
    coded = clean_codes(codes_ or {})
    when = _pdate("date", date)
    if when is None:
        raise ValidationError({"date": "请填写离岗日期"})
    with UnitOfWork(db) as uow:
        s = uow.session
        t = s.get(Teacher, teacher_id)
        if t is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        if t.status != codes.ACTIVE_STATUS:
            raise UserError(f"{t.name}的人员状态已是“{t.status}”")
        sep = leave(s, t, kind, when, reason=reason or None, destination=destination or None, note=note, **coded)
        uow.commit()
        return sep.id


def clean_codes(values: dict) -> dict:
    """The coded reason and destination of a separation: each a value of its list or empty; province and city
    free names (省、市 as written)."""
    out = {f: (str(values.get(f) or "").strip() or None) for f in CODE_FIELDS}
    problems = {}
    for f, cl in (("reason_code", codes.LEAVE_REASON), ("dest_kind", codes.LEAVE_DEST)):
        if out[f]:
            found = cl.canonical(out[f])  # a name or an alias (考公 → 考录公务员)
            if found is None:
                problems[f] = f"{cl.name}应为：{'、'.join(cl.labels)}"
            out[f] = found
    for f, n in (("dest_province", 20), ("dest_city", 30)):
        if (v := out[f]) is not None and len(v) > n:
            problems[f] = f"最多 {n} 个字"
    if problems:
        raise ValidationError(problems)
    return out


def separation_codes(db, separation_id: int) -> dict:
    """The coded reason and destination of a separation (CODE_FIELDS → text, "" when not coded)."""
    with db.sessions() as s:
        sep = s.get(Separation, separation_id)
        if sep is None:
            raise NotFound("找不到这条离岗记录")
        return {f: getattr(sep, f) or "" for f in CODE_FIELDS}


def set_codes(db, separation_id: int, values: dict) -> None:
    """Code a separation recorded with free text only (older records, imports); the free text stays."""
    access.require(db, "edit")
    coded = clean_codes(values)
    with UnitOfWork(db) as uow:
        sep = uow.session.get(Separation, separation_id)
        if sep is None:
            raise NotFound("找不到这条离岗记录")
        for f, v in coded.items():
            if getattr(sep, f) != v:
                setattr(sep, f, v)
        uow.commit()


def delete_separation(db, separation_id: int) -> None:
    """A separation recorded by mistake: the record goes, the teacher is 在岗 again, the post reopens."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        sep = s.get(Separation, separation_id)
        if sep is None:
            raise NotFound("找不到这条离岗记录")
        t = s.get(Teacher, sep.teacher_id)
        for p in t.posts:
            if p.end == sep.date and p.school_id == sep.school_id:
                p.end = None
        t.status, t.status_date = codes.ACTIVE_STATUS, None
        s.delete(sep)
        s.flush()
        current.refresh(s, [t.id])
        uow.commit()


def losses(db, kinds: tuple[str, ...] = attrition.SEPARATION_KINDS, policy: Policy | None = None) -> list[dict]:
    """One dict per teacher who left: year, kind, degree, title, age band, area of the school left.

    Separation records first; teachers whose status says they left without one count by status date. Also the
    coded reason, destination kind and province (retirement and death as their kind), and whether a key talent
    (Policy.key_talent_*) was lost.
    """
    policy = policy or load_policy(db)
    with db.sessions() as s:
        areas = dict(s.execute(select(School.id, School.area)).all())
        seps = {
            tid: (kind, d, sid)
            for tid, kind, d, sid in s.execute(
                select(Separation.teacher_id, Separation.kind, Separation.date, Separation.school_id)
            )
        }
        coded = {
            tid: (code, dest, province)
            for tid, code, dest, province in s.execute(
                select(Separation.teacher_id, Separation.reason_code, Separation.dest_kind, Separation.dest_province)
            )
        }
        levels: dict[int, list[str]] = defaultdict(list)
        for tid, dkind, level in s.execute(select(Designation.teacher_id, Designation.kind, Designation.level)):
            if codes.is_backbone_kind(dkind) and level:
                levels[tid].append(level)
        rows = s.execute(
            select(
                Teacher.id,
                Teacher.status,
                Teacher.status_date,
                Teacher.birth_date,
                Teacher.cur_degree,
                Teacher.cur_title,
                Teacher.cur_post_school_id,
            ).where(Teacher.status != codes.ACTIVE_STATUS)
        ).all()
    out = []
    for tid, status, sdate, birth, degree, title, post in rows:
        kind, when, school = seps.get(tid, (status, sdate, post))
        if kind not in kinds or when is None:
            continue
        day = period_start(when)
        code, dest, province = coded.get(tid, (None, None, None))
        lost = kind not in attrition.NOT_LOSSES
        key = attrition.is_key_talent(degree, title, levels.get(tid, []), policy)
        out.append(
            dict(
                reason=(code or "原因未分类") if lost else kind,
                dest=(dest or "去向未填") if lost else kind,
                province=(province or "省份未填") if lost else kind,
                key=KEY_LABELS[2] if not lost else KEY_LABELS[0] if key else KEY_LABELS[1],
                teacher_id=tid,
                year=when.year,
                month=when.month or 0,
                kind=kind,
                degree=degree or "未填学历",
                title=title or "未定职级",
                age=attrition.age_band(age_on(birth, day) if birth else None),
                area=areas.get(school) or "未填城乡类型",
            )
        )
    return out


def loss_table(
    db,
    dimension: str,
    kinds: tuple[str, ...] = attrition.SEPARATION_KINDS,
    years: int = 5,
    this_year: int | None = None,
    columns: list[tuple[str, tuple, tuple]] | None = None,
    policy: Policy | None = None,
) -> tuple[list[str], list[tuple]]:
    """(headers, rows): categories of DIMENSION × the last ``years`` calendar years, with totals; COLUMNS
    [(label, first month, last month)] (a report period, one per year) instead of the last years. A loss known
    to the year only counts in a column that holds the whole year (as reports.events.within reads it)."""
    if dimension not in DIMENSIONS:
        raise UserError(f"统计维度应为：{'、'.join(DIMENSIONS.values())}")
    if columns is None:
        this_year = this_year or dt.date.today().year
        columns = [(f"{y}年", (y, 1), (y, 12)) for y in range(this_year - years + 1, this_year + 1)]
    span = list(range(len(columns)))
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for x in losses(db, kinds, policy):
        for i, (_, a, b) in enumerate(columns):
            month = x.get("month", 0)
            if (a <= (x["year"], month) <= b) if month else (a <= (x["year"], 1) and (x["year"], 12) <= b):
                counts[x[dimension]][i] += 1
    order = {
        "kind": list(attrition.SEPARATION_KINDS),
        "degree": codes.DEGREE.labels,
        "title": codes.TITLE.labels,
        "age": [b[2] for b in attrition.AGE_BANDS],
        "area": codes.AREA.labels,
        "reason": [*attrition.LEAVE_REASONS, "原因未分类", *attrition.NOT_LOSSES],
        "dest": [*attrition.DESTINATION_KINDS, "去向未填", *attrition.NOT_LOSSES],
        "province": [],
        "key": list(KEY_LABELS),
    }[dimension]
    cats = [c for c in order if c in counts] + sorted(c for c in counts if c not in order)
    rows = [(c, *[counts[c][y] for y in span], sum(counts[c].values())) for c in cats]
    rows.append(("合计", *[sum(counts[c][y] for c in cats) for y in span], sum(r[-1] for r in rows)))
    return [DIMENSIONS[dimension], *[c[0] for c in columns], "合计"], rows


# ---------------------------------------------------------------- situations


def situations(db, teacher_id: int) -> list[dict]:
    with db.sessions() as s:
        return [
            dict(id=x.id, kind=x.kind, since=x.since, closed=x.closed, note=x.note)
            for x in s.scalars(
                select(TeacherSituation).where(TeacherSituation.teacher_id == teacher_id).order_by(TeacherSituation.id)
            )
        ]


def add_situation(db, teacher_id: int, kind: str, since=None, note: str | None = None) -> int:
    access.require(db, "edit")
    kind = (kind or "").strip()
    if not kind:
        raise ValidationError({"kind": "请选择情况类别"})
    when = _pdate("since", since)
    with UnitOfWork(db) as uow:
        if uow.session.get(Teacher, teacher_id) is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        x = TeacherSituation(teacher_id=teacher_id, kind=kind, since=when, note=note or None, closed=False)
        uow.session.add(x)
        uow.session.flush()
        uow.commit()
        return x.id


def close_situation(db, situation_id: int, closed: bool = True) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        x = uow.session.get(TeacherSituation, situation_id)
        if x is None:
            raise NotFound("找不到这条记录")
        x.closed = closed
        uow.commit()


# ---------------------------------------------------------------- watch rules

RULE_FIELDS = (
    "name",
    "enabled",
    "min_degree",
    "min_title",
    "age_below",
    "rural_only",
    "situation",
    "no_title_years",
    "note",
    "group_id",
)


def rules(db) -> list[attrition.Rule]:
    """The bureau's rules, or the defaults while none are stored."""
    with db.sessions() as s:
        stored = list(s.scalars(select(WatchRule).order_by(WatchRule.position, WatchRule.id)))
        if not stored:
            return [attrition.Rule(**{f: getattr(r, f) for f in RULE_FIELDS}) for r in attrition.DEFAULT_RULES]
        names = dict(s.execute(select(SchoolGroup.id, SchoolGroup.name)).all())
        return [
            attrition.Rule(id=r.id, group_name=names.get(r.group_id), **{f: getattr(r, f) for f in RULE_FIELDS})
            for r in stored
        ]


def rule_scope(rule: attrition.Rule) -> str:
    """The schools a rule looks at, as the rule editor names them (school_groups.choices)."""
    if rule.group_id is not None and rule.group_name:
        return rule.group_name
    return attrition.RURAL_GROUP if rule.rural_only else ALL_SCHOOLS


def _scope(s, values: dict, out: dict, problems: dict) -> None:
    """VALUES["scope"] (a name from school_groups.choices), when given, sets rural_only and group_id."""
    if "scope" not in values:
        out["group_id"] = int(out["group_id"]) if out.get("group_id") not in (None, "") else None
        return
    scope = str(values.get("scope") or "").strip() or ALL_SCHOOLS
    out["group_id"] = None
    out["rural_only"] = scope == attrition.RURAL_GROUP
    if scope in (ALL_SCHOOLS, attrition.RURAL_GROUP):
        return
    gid = s.scalar(select(SchoolGroup.id).where(SchoolGroup.name == scope))
    if gid is None:
        problems["scope"] = f"没有名为“{scope}”的学校分组"
    out["group_id"] = gid


def _clean_rule(s, values: dict) -> dict:
    problems: dict[str, str] = {}
    out = {f: values.get(f) for f in RULE_FIELDS}
    out["name"] = (out["name"] or "").strip()
    if not out["name"]:
        problems["name"] = "请填写规则名称"
    for f, cl in (("min_degree", codes.DEGREE), ("min_title", codes.TITLE)):
        v = (out[f] or "").strip() if isinstance(out[f], str) else out[f]
        out[f] = cl.canonical(v) if v else None
        if v and out[f] is None:
            problems[f] = f"“{v}”不是有效的{cl.name}"
    for f in ("age_below", "no_title_years"):
        v = out[f]
        if v in (None, ""):
            out[f] = None
            continue
        try:
            out[f] = int(v)
            if out[f] <= 0:
                raise ValueError
        except (TypeError, ValueError):
            problems[f] = f"“{v}”不是正整数"
    out["situation"] = (out["situation"] or "").strip() or None
    out["enabled"] = True if out["enabled"] is None else bool(out["enabled"])
    out["rural_only"] = bool(out["rural_only"])
    _scope(s, values, out, problems)
    if problems:
        raise ValidationError(problems)
    return out


def _materialise(s) -> None:
    """Store the default rules the first time the clerk edits any rule."""
    if s.scalar(select(func.count()).select_from(WatchRule)) == 0:
        for i, r in enumerate(attrition.DEFAULT_RULES):
            s.add(WatchRule(position=i, **{f: getattr(r, f) for f in RULE_FIELDS}))
        s.flush()


def save_rule(db, rule_id: int | None, values: dict) -> int:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        data = _clean_rule(s, values)
        _materialise(s)
        if rule_id is None:
            pos = (s.scalar(select(func.max(WatchRule.position))) or 0) + 1
            r = WatchRule(position=pos, **data)
            s.add(r)
        else:
            r = s.get(WatchRule, rule_id)
            if r is None:
                raise NotFound("找不到这条规则")
            for f, v in data.items():
                if getattr(r, f) != v:
                    setattr(r, f, v)
        s.flush()
        uow.commit()
        return r.id


def save_rule_by_name(db, name: str, values: dict) -> int:
    """Edit a rule known by name (a default rule has no id until the first edit)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        _materialise(uow.session)
        uow.commit()
    with db.sessions() as s:
        rid = s.scalar(select(WatchRule.id).where(WatchRule.name == name))
    return save_rule(db, rid, values)


def delete_rule(db, name: str) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        _materialise(s)
        for r in s.scalars(select(WatchRule).where(WatchRule.name == name)):
            s.delete(r)
        uow.commit()


def reset_rules(db) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        for r in s.scalars(select(WatchRule)):
            s.delete(r)
        s.flush()
        _materialise(s)
        uow.commit()


# ---------------------------------------------------------------- the watch list

WATCH_COLUMNS = ("teacher_id", "name", "id_masked", "school", "area", "age", "degree", "title", "rules", "why")


def watch_list(db, today: dt.date | None = None, policy: Policy | None = None) -> list[tuple]:
    """Serving teachers flagged by at least one enabled rule, most flags first."""
    today = today or dt.date.today()
    policy = policy or load_policy(db)
    rural = {a for a, on in policy.rural_areas.items() if on}
    active_rules = [r for r in rules(db) if r.enabled]
    held = school_groups.members(db) if any(r.group_id is not None for r in active_rules) else {}
    with db.sessions() as s:
        schools = {sid: (name, area) for sid, name, area in s.execute(select(School.id, School.name, School.area))}
        title_since: dict[int, tuple] = {}
        for tid, title, obtained in s.execute(select(TitleRecord.teacher_id, TitleRecord.title, TitleRecord.obtained)):
            key = (codes.TITLE.rank(title), obtained.iso() if obtained else "")
            if tid not in title_since or key > title_since[tid][0]:
                title_since[tid] = (key, obtained)
        sits: dict[int, dict[str, str]] = defaultdict(dict)
        for tid, kind, since, note in s.execute(
            select(
                TeacherSituation.teacher_id, TeacherSituation.kind, TeacherSituation.since, TeacherSituation.note
            ).where(TeacherSituation.closed.is_(False))
        ):
            sits[tid][kind] = "，".join(x for x in ((since.chinese() + "起") if since else "", note or "") if x)
        teachers = s.execute(
            select(
                Teacher.id,
                Teacher.name,
                Teacher.id_number,
                Teacher.birth_date,
                Teacher.cur_degree,
                Teacher.cur_title,
                Teacher.cur_work_school_id,
                Teacher.work_start,
            ).where(Teacher.status == codes.ACTIVE_STATUS)
        ).all()
    out = []
    for tid, name, number, birth, degree, title, work, work_start in teachers:
        since = title_since.get(tid, (None, None))[1]
        since_day = period_start(since) if since else period_start(work_start)
        school, area = schools.get(work, ("", None))
        f = attrition.Facts(
            tid,
            age_on(birth, today) if birth else None,
            degree,
            title,
            since_day,
            school,
            area,
            sits.get(tid, {}),
            school_id=work,
        )
        fired = attrition.flags(active_rules, f, rural, today, held)
        if fired:
            out.append(
                (
                    tid,
                    name,
                    idnumber.mask(number),
                    school,
                    area or "",
                    "" if f.age is None else f.age,
                    degree or "",
                    title or "",
                    "、".join(n for n, _ in fired),
                    "\n".join(f"{n}：{why}" for n, why in fired),
                )
            )
    out.sort(key=lambda r: (-r[8].count("、"), r[3], r[1]))
    return out
