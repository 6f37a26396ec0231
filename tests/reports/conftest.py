"""A small hand-made county with known answers for the report tests.

Schools (students in school year 2025; 2024 has 10 fewer per stage):
  城关小学   城关镇 城区 小学       小学 100
  城关中学   城关镇 城区 初中       初中 100
  河口小学   河口镇 乡村 小学       小学 50
  河口学校   河口镇 镇区 九年一贯制 小学 50, 初中 100
  县一中     城关镇 城区 高中       高中 100 (not in 优质均衡)
Teachers are added by each test (County.add), with their history records and cached current values.
"""

from __future__ import annotations

import datetime as dt
from itertools import count

import pytest

from talentdesk.domain import idnumber
from talentdesk.domain.dates import PartialDate
from talentdesk.store import current
from talentdesk.store.models import (
    Appraisal,
    Certificate,
    Designation,
    Education,
    Honour,
    Placement,
    PostRecord,
    School,
    SchoolYearStat,
    Teacher,
    Teaching,
    TitleRecord,
)
from talentdesk.store.uow import UnitOfWork

TODAY = dt.date(2026, 3, 15)
SCHOOLS = [  # name, township, area, kind, {stage: students}
    ("城关小学", "城关镇", "城区", "小学", {"小学": 100}),
    ("城关中学", "城关镇", "城区", "初中", {"初中": 100}),
    ("河口小学", "河口镇", "乡村", "小学", {"小学": 50}),
    ("河口学校", "河口镇", "镇区", "九年一贯制", {"小学": 50, "初中": 100}),
    ("县一中", "城关镇", "城区", "高中", {"高中": 100}),
]
_seq = count(1)


def P(text: str | None) -> PartialDate | None:
    if text is None:
        return None
    parts = [int(x) for x in text.split("-")]
    return PartialDate(*parts)


class County:
    full_record = staticmethod(lambda s, tid: _full_record(s, tid))

    def __init__(self, db):
        self.db = db
        self.school: dict[str, int] = {}
        self.teacher: dict[str, int] = {}
        with UnitOfWork(db) as uow:
            for name, town, area, kind, students in SCHOOLS:
                s = School(name=name, township=town, area=area, kind=kind, code=f"31370{len(self.school):05d}")
                uow.session.add(s)
                uow.session.flush()
                self.school[name] = s.id
                for stage, n in students.items():
                    uow.session.add(
                        SchoolYearStat(
                            school_id=s.id,
                            school_year=2025,
                            stage=stage,
                            students=n,
                            classes=n // 45 + 1,
                            quota=n // 15,
                        )
                    )
                    uow.session.add(
                        SchoolYearStat(
                            school_id=s.id,
                            school_year=2024,
                            stage=stage,
                            students=n - 10,
                            classes=n // 45 + 1,
                            quota=n // 15,
                        )
                    )
            uow.commit()

    def add(
        self,
        name: str,
        school: str,
        *,
        gender: str = "女",
        birth: dt.date = dt.date(1985, 6, 1),
        stage: str = "小学",
        subject: str = "语文",
        title: str | None = "一级教师",
        degree: str = "大学本科",
        backbone: tuple[str, str] | None = None,
        form: str = "在编",
        status: str = "在岗",
        status_date: str | None = None,
        post_start: str = "2010-09",
        source: str | None = "公开招聘",
        work_school: str | None = None,
        placement_kind: str = "交流轮岗",
        placement_start: str = "2025-09",
        title_obtained: str = "2015-12",
        honours: tuple = (),
        extra=None,
    ) -> int:
        number = idnumber.make("371521", birth, next(_seq))
        with UnitOfWork(self.db) as uow:
            s = uow.session
            t = Teacher(
                id_number=number,
                name=name,
                gender=gender,
                birth_date=birth,
                ethnicity="汉族",
                political="群众",
                employment_form=form,
                status=status,
                status_date=P(status_date),
                source=source,
                work_start=P(post_start),
                school_entry=P(post_start),
            )
            s.add(t)
            s.flush()
            s.add(PostRecord(teacher_id=t.id, school_id=self.school[school], start=P(post_start)))
            if work_school:
                s.add(
                    Placement(
                        teacher_id=t.id,
                        from_school_id=self.school[school],
                        to_school_id=self.school[work_school],
                        kind=placement_kind,
                        start=P(placement_start),
                        status="在岗",
                    )
                )
            if title:
                s.add(TitleRecord(teacher_id=t.id, title=title, obtained=P(title_obtained)))
            s.add(
                Education(
                    teacher_id=t.id,
                    degree=degree,
                    highest=True,
                    institution="禾川大学",
                    major="教育学",
                    graduated=PartialDate(birth.year + 22, 7),
                )
            )
            s.add(Teaching(teacher_id=t.id, school_year=2025, stage=stage, subject=subject))
            if backbone:
                s.add(
                    Designation(
                        teacher_id=t.id, kind=backbone[0], level=backbone[1], start=P("2024-09"), end=P("2027-08")
                    )
                )
            for hname, level, date in honours:
                s.add(Honour(teacher_id=t.id, name=hname, level=level, date=P(date)))
            if extra:
                extra(s, t.id)
            s.flush()
            current.refresh(s, [t.id], today=TODAY)
            uow.commit()
        self.teacher[name] = t.id
        return t.id


def _full_record(s, tid):
    """Every section of a registration form filled (used for 王䶮)."""
    s.add(Certificate(teacher_id=tid, kind="小学", subject="语文", number="20103715210001", issued=P("2009-06")))
    s.add(Appraisal(teacher_id=tid, year=2024, result="优秀"))
    s.add(Appraisal(teacher_id=tid, year=2023, result="合格"))
    s.add(
        Education(
            teacher_id=tid,
            degree="大学专科",
            institution="禾川师范高等专科学校",
            major="小学教育",
            graduated=P("2006-07"),
            first=True,
        )
    )


@pytest.fixture
def county(db):
    """The hand-made county with no teachers yet; tests add the teachers they reason about."""
    return County(db)
