"""What the database already holds, as far as a plan needs it (read once, plain data).

Schools are loaded whole (a county has tens to hundreds); teachers only for the ID numbers and
names the files mention, in chunks. Entities a plan will create (new schools, new teachers from a
pairing or rotation list) are registered here as 'planned' so later sheets can refer to them.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import threading
from dataclasses import dataclass, field

from sqlalchemy import func, select, type_coerce
from sqlalchemy.types import NullType

from talentdesk.domain import attrition, codes, staff_record
from talentdesk.domain.dates import school_year_of
from talentdesk.domain.policy import Policy
from talentdesk.store.models import Designation, Pairing, Placement, School, SchoolYearStat, Setting, Teacher
from talentdesk.store.models_deployment import RetentionResponse
from talentdesk.store.models_leaders import LeaderPost, LeaderPostName

_CHUNK = 900
_SCAN = 4 * _CHUNK  # more ID numbers than this: read the teacher table once
_NO = object()
TEACHER_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "political",
    "native_place",
    "phone",
    "work_start",
    "school_entry",
    "employment_form",
    "source",
    "status",
    "id_type",
    *staff_record.ATTRS,
)
CURRENT_FIELDS = ("cur_post_school_id", "cur_title", "cur_degree", "cur_subject", "cur_stage", "cur_backbone")


@dataclass
class SchoolRef:
    id: int | None  # None: created by this plan
    name: str
    kind: str | None = None
    code: str | None = None
    township: str | None = None
    county: str | None = None


SNAP_FIELDS = TEACHER_FIELDS + CURRENT_FIELDS
SNAP_INDEX = {f: i for i, f in enumerate(SNAP_FIELDS)}


@dataclass(slots=True)
class TeacherSnap:
    id: int
    id_number: str
    row: tuple  # the values of SNAP_FIELDS, in that order (compact: a county has tens of thousands)

    @property
    def values(self) -> dict:
        """TEACHER_FIELDS + CURRENT_FIELDS as a dict (made on each call)."""
        return dict(zip(SNAP_FIELDS, self.row))

    def get(self, fld: str):
        return self.row[SNAP_INDEX[fld]]


@dataclass
class Context:
    db: object
    schools: dict[str, SchoolRef] = field(default_factory=dict)  # by normalised name
    school_codes: dict[str, SchoolRef] = field(default_factory=dict)
    school_names_by_id: dict[int, str] = field(default_factory=dict)
    teachers: dict[str, TeacherSnap | None] = field(default_factory=dict)  # by ID number; None = looked up, absent
    by_name: dict[str, list[TeacherSnap]] = field(default_factory=dict)
    pairings: set[tuple[int, int]] = field(default_factory=set)  # (mentor_id, mentee_id)
    placements: set[tuple[int, int, str]] = field(default_factory=set)  # (teacher_id, to_school_id, start iso)
    planned_schools: dict[str, SchoolRef] = field(default_factory=dict)
    planned_teachers: dict[str, dict] = field(default_factory=dict)  # id_number → {"name":…, "school":…}
    school_rows: dict[int, dict] = field(default_factory=dict)  # id → name/code/township/area/kind/address
    stats: dict[tuple[int, int, str], dict] = field(default_factory=dict)  # (school, year, stage) → figures
    school_year: int = field(default_factory=lambda: school_year_of(_dt.date.today()))
    school_choices: dict[str, str] = field(default_factory=dict)  # remembered: choice key → school name
    # school leaders (issue 20 §1): the list of post names (name → category) and the posts on file, as
    # (teacher id, school id, post, category, start, end, teacher name)
    leader_names: dict[str, str] = field(default_factory=dict)
    leader_posts: list[tuple] = field(default_factory=list)
    policy: Policy | None = None  # the bureau's policy, passed to build_plan (None: the one saved in db)
    # issue 22 §3: the bureau's list of offers, and the responses on file as (teacher id, talk date, talked by)
    offer_choices: list[str] = field(default_factory=list)
    responses: set[tuple[int, str, str]] = field(default_factory=set)
    # (school id, year) → the approved post structure on file (issue 20 §2), as rows_schools compares it
    post_structures: dict[tuple[int, int], dict] = field(default_factory=dict)
    # designations in force as (teacher id, kind, level): a 名校长/名班主任 column adds only what is new (§3)
    designations: set[tuple[int, str, str]] = field(default_factory=set)
    _titles: tuple | None = field(default=None, repr=False)  # title_details(): (route list, current titles)
    _index: tuple | None = field(default=None, repr=False)  # (planned keys, SchoolIndex)
    _prefetch: tuple | None = field(default=None, repr=False)  # (thread, [snaps]) of prefetch_teachers()

    @classmethod
    def load(cls, db) -> Context:
        ctx = cls(db)
        with db.engine.connect() as conn:
            sc = School.__table__.c
            for sid, name, kind, code, township, area, address, county in conn.execute(
                select(sc.id, sc.name, sc.kind, sc.code, sc.township, sc.area, sc.address, sc.county)
            ):
                ref = SchoolRef(sid, name, kind, code, township, county)
                ctx.school_rows[sid] = dict(
                    name=name, code=code, township=township, area=area, kind=kind, address=address
                )
                ctx.schools[codes.norm_text(name)] = ref
                ctx.school_names_by_id[sid] = name
                if code:
                    ctx.school_codes[code] = ref
            st = SchoolYearStat.__table__.c
            for sid, year, stage, students, classes, quota in conn.execute(
                select(st.school_id, st.school_year, st.stage, st.students, st.classes, st.quota)
            ):
                ctx.stats[(sid, year, stage)] = dict(students=students, classes=classes, quota=quota)
            ctx.pairings = {(a, b) for a, b in conn.execute(select(Pairing.mentor_id, Pairing.mentee_id))}
            ctx.designations = {
                (tid, kind, level)
                for tid, kind, level in conn.execute(
                    select(Designation.teacher_id, Designation.kind, Designation.level).where(Designation.end.is_(None))
                )
            }
            ctx.placements = {
                (t, s, st.iso() if st else "")
                for t, s, st in conn.execute(select(Placement.teacher_id, Placement.to_school_id, Placement.start))
            }
            from talentdesk.store.models_titles import PostStructure

            ps = PostStructure.__table__.c
            for sid, year, senior, middle, junior, grades, document in conn.execute(
                select(ps.school_id, ps.year, ps.senior, ps.middle, ps.junior, ps.grades, ps.document)
            ):
                ctx.post_structures[(sid, year)] = dict(
                    year=year, senior=senior, middle=middle, junior=junior, grades=grades, document=document
                )
            ctx.leader_names = {n: c for n, c in conn.execute(select(LeaderPostName.name, LeaderPostName.category))}
            ctx.responses = {
                (t, on.iso() if on else "", by)
                for t, on, by in conn.execute(
                    select(RetentionResponse.teacher_id, RetentionResponse.talked_on, RetentionResponse.talked_by)
                )
            }
            offers = conn.execute(select(Setting.value).where(Setting.key == attrition.OFFERS_KEY)).scalar()
            with contextlib.suppress(ValueError, TypeError):
                stored = json.loads(offers) if offers else None
                if isinstance(stored, list) and all(isinstance(x, str) for x in stored):
                    ctx.offer_choices = stored
            ctx.leader_posts = [
                (tid, sid, post, ctx.leader_names.get(post, "其他"), start, end, name)
                for tid, sid, post, start, end, name in conn.execute(
                    select(
                        LeaderPost.teacher_id,
                        LeaderPost.school_id,
                        LeaderPost.post,
                        LeaderPost.start,
                        LeaderPost.end,
                        Teacher.name,
                    ).join(Teacher, Teacher.id == LeaderPost.teacher_id)
                )
            ]
        return ctx

    def title_details(self) -> tuple:
        """(the bureau's route list as a CodeList, teacher id → (title, obtained, appointed, route, 享受待遇) of the
        current title: the highest, the latest obtained among equals). Read on first use (issue 20 §2)."""
        if self._titles is None:
            from talentdesk.domain import titles as title_rules
            from talentdesk.store.models import TitleRecord
            from talentdesk.store.models_titles import TitleRoute

            t = TitleRecord.__table__.c
            best: dict[int, tuple] = {}
            with self.db.engine.connect() as conn:
                names = [n for (n,) in conn.execute(select(TitleRoute.name).order_by(TitleRoute.position))]
                for rid, tid, title, got, appointed, route, benefit in conn.execute(
                    select(
                        t.id,
                        t.teacher_id,
                        t.title,
                        TitleRecord.obtained,
                        TitleRecord.appointed,
                        t.route,
                        t.benefit_only,
                    )
                ):
                    key = (codes.TITLE.rank(title), got.iso() if got else "", rid)
                    if tid not in best or key > best[tid][0]:
                        best[tid] = (key, (title, got, appointed, route, bool(benefit)))
            self._titles = (
                title_rules.route_codes(names or title_rules.DEFAULT_ROUTES),
                {tid: v for tid, (_, v) in best.items()},
            )
        return self._titles

    def reset_planned(self) -> None:
        self.planned_schools.clear()
        self.planned_teachers.clear()

    # -- schools
    def school(self, text: str | None) -> tuple[SchoolRef | None, str | None]:
        """(school, note): exact name or code; else the one school a short name fits (see school_match)."""
        if not text:
            return None, None
        m = self.school_index().match(text)
        return m.ref, m.note

    def school_index(self):
        """The names of the database's schools and those this plan creates (school_match.SchoolIndex)."""
        from talentdesk.importing.school_match import SchoolIndex

        planned = tuple((k, id(r)) for k, r in self.planned_schools.items())
        if self._index is None or self._index[0] != planned:
            refs = {id(r): r for r in (*self.schools.values(), *self.planned_schools.values())}
            self._index = (planned, SchoolIndex(refs.values(), self.school_codes))
        return self._index[1]

    def school_name(self, school_id: int | None) -> str | None:
        return self.school_names_by_id.get(school_id) if school_id else None

    # -- teachers
    def load_teachers(self, id_numbers) -> None:
        wanted = {n for n in id_numbers if n and n not in self.teachers}
        if not wanted:
            return
        for n in wanted:
            self.teachers[n] = None
        t = Teacher.__table__.c
        if len(wanted) > _SCAN:  # a whole roster: one pass over the table beats dozens of IN (…) queries
            for snap in self.take_prefetched() or self._snaps(None):
                if snap.id_number in wanted:
                    self.teachers[snap.id_number] = snap
            return
        chunks = sorted(wanted)
        for i in range(0, len(chunks), _CHUNK):
            for snap in self._snaps(t.id_number.in_(chunks[i : i + _CHUNK])):
                self.teachers[snap.id_number] = snap

    def prefetch_teachers(self) -> None:
        """Start reading the whole teacher table on a thread (its own connection) while the files are read:
        a roster of a county already in the database will need it (load_teachers' one pass). Only when the
        table is big enough for that pass; take_prefetched() waits for it and hands it over once."""
        t = Teacher.__table__
        with self.db.engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(t)).scalar() <= _SCAN:
                return
        box: list = []

        def work():
            with contextlib.suppress(Exception):  # load_teachers then reads the table itself
                box.append(list(self._snaps(None)))

        self._prefetch = (threading.Thread(target=work, name="import-prefetch", daemon=True), box)
        self._prefetch[0].start()

    def take_prefetched(self) -> list | None:
        """The snapshots prefetch_teachers() read (None when it did not run or failed); waits for the thread."""
        pending, self._prefetch = self._prefetch, None
        if pending is None:
            return None
        pending[0].join()
        return pending[1][0] if pending[1] else None

    def load_names(self, names) -> None:
        wanted = [n for n in set(names) if n and n not in self.by_name]
        if not wanted:
            return
        t = Teacher.__table__.c
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            for n in chunk:
                self.by_name[n] = []
            for snap in self._snaps(t.name.in_(chunk)):
                self.by_name[snap.get("name")].append(snap)
                self.teachers.setdefault(snap.id_number, snap)

    def _snaps(self, where):
        """TeacherSnaps of the teachers matching where (all when None), in id order. Column types are applied
        once per distinct stored value (dates and year-months repeat), so equal values share one object."""
        t = Teacher.__table__.c
        cols = [t.id, t.id_number] + [t[f] for f in SNAP_FIELDS]
        with self.db.engine.connect() as conn:  # type: ignore[attr-defined]
            dialect = conn.dialect
            convert = {}
            for k, c in enumerate(cols[2:], 2):
                proc = c.type.result_processor(dialect, None)
                if proc is not None:
                    convert[k] = (proc, {})
            stmt = select(*(type_coerce(c, NullType()) if k in convert else c for k, c in enumerate(cols)))
            if where is not None:
                stmt = stmt.where(where)
            for row in conn.execute(stmt.order_by(t.id)):
                if convert:
                    row = list(row)
                    for k, (proc, cache) in convert.items():
                        v = row[k]
                        if v is not None:
                            got = cache.get(v, _NO)
                            if got is _NO:
                                got = cache[v] = proc(v)
                            row[k] = got
                yield TeacherSnap(row[0], row[1], tuple(row[2:]))
