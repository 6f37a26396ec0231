"""A small hand-made county for the redeployment plan (调配方案, issue 22 §2), school year 2026, with known gaps
(小学: 语文 7, 数学 4.5 periods a week per class, a teacher 14; 初中 语文 5 of 12):

- 城关小学 (城关镇, 4 classes): 语文 need 2, four 语文 teachers are there → 2 may move (城丙 and 城丁
  have a family situation recorded); 数学 need 1.29, one teacher (城戊: the school's last 数学 teacher);
- 东山小学 (东山乡, closing: no classes in 2026): 东一 (语文, certified for 初级中学 语文), 东二 (语文, 两地分居),
  东三 (数学) all surplus;
- 东山中学 (东山乡, 初中, 3 classes): 语文 need 1.25, nobody → 1 place;
- 西河小学 (西河乡, 8 classes): 语文 need 4, 2 there → 2 places; 数学 need 2.57, 1 there → 2 places.

The optimal plan: 东一 up to 东山中学 (same township, certified: cost 1), 城甲 and 城乙 to 西河小学 语文 (other
township: 2 each; 东二, 城丙, 城丁 would cost 7 with their family situation), 东三 to 西河小学 数学 (2).
"""

import datetime as dt

from talentdesk.domain import idnumber
from talentdesk.domain.dates import PartialDate as P
from talentdesk.store import current
from talentdesk.store.models import Certificate, PostRecord, School, SchoolYearStat, Teacher, Teaching
from talentdesk.store.models_deployment import TeacherSituation
from talentdesk.store.uow import UnitOfWork

YEAR = 2026
TODAY = dt.date(2026, 7, 1)


def build(db) -> dict:
    with UnitOfWork(db) as uow:
        s = uow.session
        schools = {}
        for name, town, kind, stage, classes in (
            ("城关小学", "城关镇", "小学", "小学", 4),
            ("东山小学", "东山乡", "小学", "小学", 0),
            ("东山中学", "东山乡", "初中", "初中", 3),
            ("西河小学", "西河乡", "小学", "小学", 8),
        ):
            sc = School(name=name, township=town, kind=kind, area="乡村")
            s.add(sc)
            s.flush()
            s.add(
                SchoolYearStat(school_id=sc.id, school_year=YEAR, stage=stage, students=classes * 40, classes=classes)
            )
            schools[name] = sc
        ids = {f"school:{k}": v.id for k, v in schools.items()}
        n = 0
        for name, school, subject in (
            ("城甲", "城关小学", "语文"),
            ("城乙", "城关小学", "语文"),
            ("城丙", "城关小学", "语文"),
            ("城丁", "城关小学", "语文"),
            ("城戊", "城关小学", "数学"),
            ("东一", "东山小学", "语文"),
            ("东二", "东山小学", "语文"),
            ("东三", "东山小学", "数学"),
            ("西甲", "西河小学", "语文"),
            ("西乙", "西河小学", "语文"),
            ("西丙", "西河小学", "数学"),
        ):
            n += 2
            birth = dt.date(1985, 3, 1)
            t = Teacher(
                id_number=idnumber.make("371525", birth, n),
                name=name,
                gender="女",
                birth_date=birth,
                employment_form="在编",
                work_start=P(2008, 9),
            )
            s.add(t)
            s.flush()
            s.add(PostRecord(teacher_id=t.id, school_id=schools[school].id, start=P(2012, 9)))
            s.add(Teaching(teacher_id=t.id, school_year=YEAR - 1, stage="小学", subject=subject))
            ids[name] = t.id
        s.add(Certificate(teacher_id=ids["东一"], kind="初级中学", subject="语文"))
        for name, kind in (("东二", "两地分居"), ("城丙", "家庭困难"), ("城丁", "两地分居")):
            s.add(TeacherSituation(teacher_id=ids[name], kind=kind, since=P(2024, 1)))
        s.flush()
        current.refresh(s, [v for k, v in ids.items() if not k.startswith("school:")], TODAY)
        uow.commit()
    return ids
