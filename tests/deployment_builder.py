"""A small hand-made county for the deployment tests (issue 5): one town school that sends, two
village schools that receive, ten eligible town teachers and the boundary cases (exactly six years,
one day short, age on the limit)."""

import datetime as dt

from talentdesk.domain import idnumber
from talentdesk.domain.dates import PartialDate as P
from talentdesk.store import current
from talentdesk.store.models import Designation, PostRecord, School, SchoolYearStat, Teacher, Teaching
from talentdesk.store.uow import UnitOfWork

TODAY = dt.date(2025, 10, 8)


def make_teacher(
    s, n, name, school, since, *, gender="男", birth=dt.date(1985, 3, 1), form="在编", subject="数学", stage="小学"
):
    t = Teacher(
        id_number=idnumber.make("371525", birth, n),
        name=name,
        gender=gender,
        birth_date=birth,
        employment_form=form,
        work_start=P(2005, 9),
    )
    s.add(t)
    s.flush()
    s.add(PostRecord(teacher_id=t.id, school_id=school.id, start=since))
    s.add(Teaching(teacher_id=t.id, school_year=2025, stage=stage, subject=subject))
    return t


def build(db) -> dict:
    with UnitOfWork(db) as uow:
        s = uow.session
        town = School(name="城关小学", area="城区", kind="小学")
        v1 = School(name="甲村小学", area="乡村", kind="小学")
        v2 = School(name="乙村小学", area="乡村", kind="小学")
        s.add_all([town, v1, v2])
        s.flush()
        s.add_all(
            [
                SchoolYearStat(school_id=town.id, school_year=2025, stage="小学", students=760, quota=38),
                SchoolYearStat(school_id=v1.id, school_year=2025, stage="小学", students=190, quota=9),
                SchoolYearStat(school_id=v2.id, school_year=2025, stage="小学", students=95, quota=5),
            ]
        )
        ids = {}
        for i in range(10):  # ten eligible town teachers (6+ years, young enough)
            t = make_teacher(s, 10 + 2 * i, f"城{i}", town, P(2015, 9), subject="音乐" if i == 0 else "数学")
            ids[f"城{i}"] = t.id
        exact = make_teacher(s, 40, "刚满六年", town, P(2019, 9, 1))
        short = make_teacher(s, 42, "差一天", town, P(2019, 9, 2))
        old = make_teacher(s, 44, "年满五十一", town, P(2000, 9), birth=dt.date(1974, 9, 1))  # 50周岁以下 含本数
        ids.update(exact=exact.id, short=short.id, old=old.id)
        s.add(Designation(teacher_id=ids["城1"], kind="骨干教师", level="县级", start=P(2023, 9)))
        for i in range(3):
            t = make_teacher(s, 60 + 2 * i, f"甲{i}", v1, P(2010, 9), subject="语文")
            ids[f"甲{i}"] = t.id
        s.flush()
        current.refresh(s, [t.id for t in s.query(Teacher)], TODAY)
        uow.commit()
    return dict(town=town.id, v1=v1.id, v2=v2.id, **ids)
