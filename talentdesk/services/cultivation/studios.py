"""Studios (名师/名校长/名班主任工作室, 教研工作坊, 工作站): host, school, term, members and 培养对象, activities and
outcomes, the studio above (a 二级工作室 under a county studio: of a lower or the same level, no cycles) and dated
outputs with quantities (研训课 x 节, 微讲座 x 堂; kinds from the bureau's list, issue 21 §4)."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from talentdesk.domain import codes, idnumber
from talentdesk.domain import research_roles as role_rules
from talentdesk.domain.cultivation import STUDIO_KINDS, STUDIO_LEVELS, STUDIO_RECORD_KINDS, STUDIO_ROLES
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import research_roles
from talentdesk.services.cultivation.persons import choice, date, text
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_cultivation import Studio, StudioMember, StudioRecord
from talentdesk.store.models_roles import StudioOutput
from talentdesk.store.uow import UnitOfWork

COLUMNS = (
    "id",
    "name",
    "kind",
    "level",
    "host",
    "school",
    "subject",
    "start",
    "end",
    "members",
    "trainees",
    "records",
    "parent",
)
HEADERS = (
    "工作室名称",
    "类别",
    "级别",
    "主持人",
    "依托学校",
    "学科",
    "开始",
    "结束",
    "成员",
    "培养对象",
    "活动与成果",
    "上级工作室",
)
FIELDS = ("name", "kind", "level", "host_id", "school_id", "subject", "start", "end", "parent_id", "note")
OUTPUT_FIELDS = ("date", "kind", "quantity", "unit", "note")
MEMBER_FIELDS = ("teacher_id", "role", "joined", "left", "note")
RECORD_FIELDS = ("kind", "title", "date", "level", "people", "note")


def _iso(d) -> str:
    return d.iso() if d else ""


def list_rows(db) -> list[tuple]:
    m = StudioMember.__table__.c
    trainee = case((m.role == "培养对象", 1), else_=0)
    members = (
        select(m.studio_id.label("sid"), func.sum(1 - trainee).label("n"), func.sum(trainee).label("t"))
        .group_by(m.studio_id)
        .subquery()
    )
    recs = (
        select(StudioRecord.studio_id.label("sid"), func.count().label("n")).group_by(StudioRecord.studio_id).subquery()
    )
    parent = aliased(Studio)
    stmt = (
        select(
            Studio.id,
            Studio.name,
            Studio.kind,
            Studio.level,
            Teacher.name,
            School.name,
            Studio.subject,
            Studio.start,
            Studio.end,
            func.coalesce(members.c.n, 0),
            func.coalesce(members.c.t, 0),
            func.coalesce(recs.c.n, 0),
            parent.name,
        )
        .outerjoin(parent, parent.id == Studio.parent_id)
        .outerjoin(Teacher, Teacher.id == Studio.host_id)
        .outerjoin(School, School.id == Studio.school_id)
        .outerjoin(members, members.c.sid == Studio.id)
        .outerjoin(recs, recs.c.sid == Studio.id)
        .order_by(Studio.level, Studio.kind, Studio.name)
    )
    with UnitOfWork(db) as uow:
        return [
            (
                r[0],
                r[1],
                r[2],
                r[3],
                r[4] or "",
                r[5] or "",
                r[6] or "",
                _iso(r[7]),
                _iso(r[8]),
                int(r[9]),
                int(r[10]),
                r[11],
                r[12] or "",
            )
            for r in uow.session.execute(stmt)
        ]


def get(db, studio_id: int) -> dict:
    with UnitOfWork(db) as uow:
        s = uow.session
        st = s.get(Studio, studio_id)
        if st is None:
            raise NotFound("找不到这个工作室（可能已被删除）")
        out = {"id": st.id, "version": st.version, **{f: getattr(st, f) for f in FIELDS}}
        out["host_name"] = st.host.name if st.host else ""
        out["school_name"] = st.school.name if st.school else ""
        out["members"] = members(s, studio_id, reveal=access.may_reveal(db))
        out["records"] = [
            {"id": r.id, "version": r.version, **{f: getattr(r, f) for f in RECORD_FIELDS}}
            for r in s.scalars(
                select(StudioRecord)
                .where(StudioRecord.studio_id == studio_id)
                .order_by(StudioRecord.date, StudioRecord.id)
            )
        ]
        out["parent_name"] = s.scalar(select(Studio.name).where(Studio.id == st.parent_id)) if st.parent_id else ""
        out["outputs"] = [
            {"id": r.id, "version": r.version, **{f: getattr(r, f) for f in OUTPUT_FIELDS}}
            for r in s.scalars(
                select(StudioOutput)
                .where(StudioOutput.studio_id == studio_id)
                .order_by(StudioOutput.date, StudioOutput.id)
            )
        ]
        return out


def parent_choices(db, level: str | None = None, exclude: int | None = None) -> list[tuple[int, str]]:
    """(id, label) of the studios a studio of LEVEL may sit under (a higher or the same level; not itself nor one
    of its own 二级工作室)."""
    with db.sessions() as s:
        rows = s.execute(select(Studio.id, Studio.name, Studio.level, Studio.parent_id).order_by(Studio.name)).all()
    below = _descendants({i: p for i, _n, _l, p in rows}, exclude) if exclude else set()
    return [
        (i, f"{lv} {n}")
        for i, n, lv, _p in rows
        if i != exclude and i not in below and (level is None or role_rules.check_parent_level(level, lv) is None)
    ]


def _descendants(parents: dict[int, int | None], root: int) -> set[int]:
    """The studios under ROOT (its 二级工作室, theirs, …)."""
    out: set[int] = set()
    todo = [root]
    while todo:
        cur = todo.pop()
        for i, p in parents.items():
            if p == cur and i not in out:
                out.add(i)
                todo.append(i)
    return out


def _check_parent(s, studio_id: int | None, v: dict) -> None:
    pid = v["parent_id"]
    if pid is None:
        return
    if pid == studio_id:
        raise ValidationError({"parent_id": "上级工作室不能是本工作室"})
    parent = s.get(Studio, pid)
    if parent is None:
        raise ValidationError({"parent_id": "找不到上级工作室（可能已被删除）"})
    why = role_rules.check_parent_level(v["level"], parent.level)
    if why:
        raise ValidationError({"parent_id": why})
    if studio_id is not None:
        parents = dict(s.execute(select(Studio.id, Studio.parent_id)).tuples().all())
        if pid in _descendants(parents, studio_id):
            raise ValidationError({"parent_id": f"“{parent.name}”是本工作室下的二级工作室，不能作为上级（不能成环）"})


def _clean_outputs(s, rows: list[dict]) -> list[dict]:
    units = research_roles.output_units(s)
    problems, out = {}, []
    for i, r in enumerate(rows, 1):
        p: dict[str, str] = {}
        kind = text(r.get("kind"))
        if not kind:
            p["kind"] = "请选择成果类别"
        elif kind not in units:
            p["kind"] = f"成果类别“{kind}”不在类别表中（可在“成果类别…”中添加）"
        d = date("date", r.get("date"), p)
        if d is None and "date" not in p:
            p["date"] = "请填写日期"
        try:
            qty = role_rules.check_quantity(r.get("quantity"))
        except ValueError as e:
            p["quantity"] = str(e)
            qty = 0.0
        unit = text(r.get("unit")) or (units.get(kind or "") or None)
        if unit and len(unit) > role_rules.MAX_UNIT:
            p["unit"] = f"单位太长（最多 {role_rules.MAX_UNIT} 个字）"
        if p:
            problems[f"output{i}"] = f"第{i}条成果数量：" + "；".join(p.values())
        out.append(
            {"id": r.get("id"), "date": d, "kind": kind, "quantity": qty, "unit": unit, "note": text(r.get("note"))}
        )
    if problems:
        raise ValidationError(problems)
    return out


def members(s, studio_id: int, *, reveal: bool = False) -> list[dict]:
    """Members with what a member list prints (name, gender, masked/full ID, school, subject, title).
    id_number and phone are full only with reveal (roles allowed to see them)."""
    sc = School.__table__.c
    stmt = (
        select(
            StudioMember,
            Teacher.name,
            Teacher.gender,
            Teacher.id_number,
            sc.name,
            Teacher.cur_subject,
            Teacher.cur_title,
            Teacher.cur_backbone,
            Teacher.phone,
        )
        .join(Teacher, Teacher.id == StudioMember.teacher_id)
        .outerjoin(School.__table__, sc.id == func.coalesce(Teacher.cur_work_school_id, Teacher.cur_post_school_id))
        .where(StudioMember.studio_id == studio_id)
        .order_by(StudioMember.role != "成员", StudioMember.role, StudioMember.id)
    )
    out = []
    for m, name, gender, number, school, subject, title, backbone, phone in s.execute(stmt):
        out.append(
            {
                "id": m.id,
                "version": m.version,
                **{f: getattr(m, f) for f in MEMBER_FIELDS},
                "name": name,
                "gender": gender or "",
                "id_number": number if reveal else idnumber.mask(number),
                "id_masked": idnumber.mask(number),
                "school": school or "",
                "subject": subject or "",
                "title": title or "",
                "backbone": backbone or "",
                "phone": (phone or "") if reveal else access.mask_phone(phone),
            }
        )
    return out


def clean(values: dict) -> dict:
    problems: dict[str, str] = {}
    out = {f: values.get(f) if isinstance(values.get(f), int) else text(values.get(f)) for f in FIELDS}
    if not out["name"]:
        problems["name"] = "工作室名称不能为空"
    out["kind"] = choice("kind", out["kind"], STUDIO_KINDS, problems, required=True, label="类别")
    lvl = codes.LEVEL.canonical(out["level"]) if out["level"] else None
    out["level"] = choice("level", lvl or out["level"], STUDIO_LEVELS, problems, required=True, label="级别")
    if out["subject"]:
        out["subject"] = codes.SUBJECT.canonical(out["subject"]) or out["subject"]
    for f in ("start", "end"):
        out[f] = date(f, values.get(f), problems)
    if out["start"] and out["end"] and out["end"] < out["start"]:
        problems["end"] = "结束时间早于开始时间"
    for f in ("host_id", "school_id", "parent_id"):
        if out[f] == "":
            out[f] = None
        if out[f] is not None:
            try:
                out[f] = int(out[f])
            except (TypeError, ValueError):
                problems[f] = "请从列表中选择"
    if not out["host_id"]:
        problems["host_id"] = "请选择主持人"
    if problems:
        raise ValidationError(problems)
    return out


def _clean_members(rows: list[dict], host_id) -> list[dict]:
    problems, out, seen = {}, [], set()
    for i, r in enumerate(rows, 1):
        tid = r.get("teacher_id")
        if not tid:
            problems[f"member{i}"] = f"第{i}名成员：请选择教师"
            continue
        if tid in seen:
            problems[f"member{i}"] = f"第{i}名成员（{r.get('name') or tid}）重复"
        if tid == host_id:
            problems[f"member{i}"] = f"第{i}名成员是主持人本人，不必列为成员"
        seen.add(tid)
        p: dict[str, str] = {}
        role = choice("role", r.get("role") or "成员", STUDIO_ROLES, p, label="角色")
        joined, left = date("joined", r.get("joined"), p), date("left", r.get("left"), p)
        if p:
            problems[f"member{i}"] = f"第{i}名成员：" + "；".join(p.values())
        out.append(
            {
                "id": r.get("id"),
                "teacher_id": int(tid),
                "role": role,
                "joined": joined,
                "left": left,
                "note": text(r.get("note")),
            }
        )
    if problems:
        raise ValidationError(problems)
    return out


def _clean_records(rows: list[dict]) -> list[dict]:
    problems, out = {}, []
    for i, r in enumerate(rows, 1):
        p: dict[str, str] = {}
        kind = choice("kind", r.get("kind"), STUDIO_RECORD_KINDS, p, required=True, label="类别")
        title = text(r.get("title"))
        if not title:
            p["title"] = "名称不能为空"
        d = date("date", r.get("date"), p)
        lvl = text(r.get("level"))
        if lvl:
            lvl = codes.LEVEL.canonical(lvl) or lvl
        if p:
            problems[f"record{i}"] = f"第{i}条活动/成果：" + "；".join(p.values())
        out.append(
            {
                "id": r.get("id"),
                "kind": kind,
                "title": title,
                "date": d,
                "level": lvl,
                "people": text(r.get("people")),
                "note": text(r.get("note")),
            }
        )
    if problems:
        raise ValidationError(problems)
    return out


def save(
    db,
    studio_id: int | None,
    values: dict,
    members_: list[dict] | None = None,
    records: list[dict] | None = None,
    outputs: list[dict] | None = None,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update a studio and (when given) replace its members and activities/outcomes. VERSION and BASE:
    what the form loaded (get, with "members" and "records"): others' changes meanwhile are merged or asked."""
    access.require(db, "edit")
    v = clean(values)
    ms = _clean_members(members_, v["host_id"]) if members_ is not None else None
    rs = _clean_records(records) if records is not None else None
    with UnitOfWork(db) as uow:
        s = uow.session
        dup = s.scalar(select(Studio.id).where(Studio.name == v["name"]))
        if dup and dup != studio_id:
            raise ValidationError({"name": f"已有名为“{v['name']}”的工作室"})
        _check_parent(s, studio_id, v)
        os_ = _clean_outputs(s, outputs) if outputs is not None else None
        st = upsert(
            s,
            Studio,
            studio_id,
            v,
            "找不到这个工作室（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        loaded = base if base is not None and version is not None else None
        for model, rows, key, missing in (
            (StudioMember, ms, "members", "找不到这名工作室成员（可能已被删除）"),
            (StudioRecord, rs, "records", "找不到这条工作室活动/成果（可能已被删除）"),
            (StudioOutput, os_, "outputs", "找不到这条工作室成果数量记录（可能已被删除）"),
        ):
            if rows is not None:
                replace_rows(
                    s,
                    model,
                    ("studio_id", st.id),
                    rows,
                    loaded.get(key) if loaded else None,
                    merge=merge,
                    resolved=resolved,
                    missing=missing,
                )
        uow.commit()
        return st.id


def delete(db, studio_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        st = s.get(Studio, studio_id)
        if st is None:
            return
        for model in (StudioMember, StudioRecord, StudioOutput):
            for r in s.scalars(select(model).where(model.studio_id == studio_id)):
                s.delete(r)
        for child in s.scalars(select(Studio).where(Studio.parent_id == studio_id)):
            child.parent_id = None  # its 二级工作室 stay, without a parent (audited)
        s.flush()
        s.delete(st)
        uow.commit()


def teacher_studios(db, teacher_id: int) -> list[tuple]:
    """(studio name, role) of a teacher: as host and as member."""
    with UnitOfWork(db) as uow:
        s = uow.session
        out = [(n, "主持人") for n in s.scalars(select(Studio.name).where(Studio.host_id == teacher_id))]
        out += [
            (n, r)
            for n, r in s.execute(
                select(Studio.name, StudioMember.role)
                .join(StudioMember, StudioMember.studio_id == Studio.id)
                .where(StudioMember.teacher_id == teacher_id)
            )
        ]
        return out
