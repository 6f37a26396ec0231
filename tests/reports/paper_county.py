"""The demo county with the longest real names, and every report and form of it rendered to files.

Used by tests/reports/test_paper_rules.py (the renderers' rules checked on every output) and by
tools/look_at_paper.py (every output rendered to PNG to be looked at). One teacher in every 40 gets a
15-character minority name and the largest rural school a 34-character name, so every list, form and
table carries them somewhere.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params
from talentdesk.services.platform import paper_settings

LONG_NAME = "阿卜杜热合曼·买买提明·艾力江"
LONG_SCHOOL = "禾川县河口镇第二中心小学附属幼儿园暨教学点联合体东校区分部寄宿制学校"
UNIT = "禾川县教育和体育局"
MONTH = (2026, 3)
YEARS = {"rotation": 2026, "recruits": 2026}  # the demo's rotation year and its latest hiring
assert len(LONG_NAME) == 15 and len(LONG_SCHOOL) == 34


def build(path: Path, demo_templates=None):
    """A demo county database at PATH with the long names put in (a copy of the pytest session's demo county
    when DEMO_TEMPLATES, tests/demo_county.py, is given)."""
    from talentdesk.services import demo
    from talentdesk.store.database import open_database
    from talentdesk.store.models import PostRecord, School, Setting, Teacher
    from talentdesk.store.uow import UnitOfWork

    if demo_templates is not None:
        db = open_database(demo_templates.copy(path))
    else:
        db = open_database(path)
        demo.generate(db, size="county", seed=2026)
    with UnitOfWork(db) as uow:
        s = uow.session
        rural = s.execute(
            select(School.id)
            .join(PostRecord, PostRecord.school_id == School.id)
            .where(School.area == "乡村")
            .group_by(School.id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
        s.get(School, rural).name = LONG_SCHOOL
        ids = list(s.scalars(select(Teacher.id).order_by(Teacher.id)))
        for tid in ids[::40]:
            s.get(Teacher, tid).name = LONG_NAME
        if s.get(Setting, paper_settings.UNIT_KEY) is None:
            s.add(Setting(key=paper_settings.UNIT_KEY, value=f'"{UNIT}"'))
        uow.commit()
    from talentdesk.services.recruitment import plan as recruitment_plan

    recruitment_plan.propose_plan(db, 2025)
    from talentdesk.services.deployment import rotation

    for y in rotation.list_years(db):
        rotation.propose(db, y["id"])
    return db


def long_named(db) -> list[int]:
    from talentdesk.store.models import Teacher
    from talentdesk.store.uow import UnitOfWork

    with UnitOfWork(db) as uow:
        return list(uow.session.scalars(select(Teacher.id).where(Teacher.name == LONG_NAME).order_by(Teacher.id)))


def params_for(entry, db) -> Params:
    p = Params(today=dt.date(2026, 3, 15))
    if "year" in entry.parameters:
        p.year = YEARS.get(entry.name, 2025)
    if "month" in entry.parameters:
        p.month = MONTH
    if "teacher" in entry.parameters:
        p.teacher_ids = long_named(db)[:3]
    return p


def reports(db):
    """(name, Report) for every catalogue entry that runs on one county database."""
    for e in catalogue.CATALOGUE:
        if e.connection:  # the city's summary of county packages: no packages in a county database
            continue
        yield e.name, catalogue.compute(db, e.name, params_for(e, db))


def drawings(db):
    """(name, reports.forms.Drawing) for every form that is not a catalogue report."""
    from talentdesk.reports.forms import (
        notice_list,
        pairing_agreement,
        rotation_approval,
        rotation_notice,
        studio_members,
        training_record,
    )
    from talentdesk.services.deployment import rotation
    from talentdesk.store.models import MentorProgramme, Pairing
    from talentdesk.store.models_cultivation import Studio
    from talentdesk.store.models_deployment import RotationProposal
    from talentdesk.store.uow import UnitOfWork

    long = set(long_named(db))
    with UnitOfWork(db) as uow:
        s = uow.session
        pairings = list(s.scalars(select(Pairing.id).order_by(Pairing.id)))
        with_long = [
            p
            for p, a, b in s.execute(select(Pairing.id, Pairing.mentor_id, Pairing.mentee_id))
            if a in long or b in long
        ]
        programme = s.scalar(select(MentorProgramme.id).order_by(MentorProgramme.id))
        studios = list(s.scalars(select(Studio.id).order_by(Studio.id)))[:3]
        proposals = list(s.scalars(select(RotationProposal.id).order_by(RotationProposal.id)))
    yield "pairing-agreement", pairing_agreement.drawing(db, (with_long + pairings)[:3])
    yield "pairing-notice", notice_list.drawing(db, programme, unit=UNIT)
    yield "studio-members", studio_members.drawing(db, studios)
    yield "training-record", training_record.drawing(db, sorted(long)[:2])
    if proposals:
        yield "rotation-approval", rotation_approval.drawing_for(db, proposals[:3], UNIT)
        data = rotation.form_data(db, proposals)
        yield "rotation-notice", rotation_notice.drawing(data, f"{UNIT}{data[0]['year']}人员名单", unit=UNIT)


def render_all(db, out: Path, *, xlsx: bool = True):
    """Every report as PDF (and Excel) and every form as PDF in OUT; yields (name, path)."""
    from talentdesk.reports.forms import save_pdf

    out.mkdir(parents=True, exist_ok=True)
    for name, report in reports(db):
        yield name, catalogue.render(report, out / f"{name}.pdf")
        if xlsx:
            yield name, catalogue.render(report, out / f"{name}.xlsx")
    for name, drawing in drawings(db):
        yield name, save_pdf(drawing, out / f"{name}.pdf")
