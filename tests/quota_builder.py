"""A small built county for the 编制台账 (issue 22 §1): three schools, yearly figures, teachers in 编, ten
decisions over two school years.

Known figures:
- 2024学年 (decisions of school year 2024): 城关小学 10 + 核增 2 + 借出 3 = 15; 城关中学 8 − 调剂 1 + 专项 2 = 9;
  河村学校 小学 5, 初中 4 + 调剂 1 = 5; pool 入池 6 − 借出 3 = 3.
- 2025学年: 城关小学 15 − 收回 1 = 14; 河村学校 小学 5 − 核减 1 = 4; pool 3 + 1 = 4; total quota 14+9+4+5 = 32.
- In 编 and in post: 城关小学 12 (空编 2 at the end), 城关中学 10 (超编 1), 河村学校 小学 4, 初中 5.
"""

import datetime as dt

from talentdesk.domain import idnumber
from talentdesk.domain.dates import PartialDate as P
from talentdesk.services.deployment import quota_ledger as svc
from talentdesk.store import current
from talentdesk.store.models import PostRecord, School, SchoolYearStat, Teacher, Teaching
from talentdesk.store.uow import UnitOfWork

STAFF = {("城关小学", "小学"): 12, ("城关中学", "初中"): 10, ("河村学校", "小学"): 4, ("河村学校", "初中"): 5}


def build_schools(db) -> dict[str, int]:
    with UnitOfWork(db) as uow:
        s = uow.session
        schools = {
            "城关小学": School(name="城关小学", township="城关镇", area="城区", kind="小学"),
            "城关中学": School(name="城关中学", township="城关镇", area="城区", kind="初中"),
            "河村学校": School(name="河村学校", township="河村镇", area="乡村", kind="九年一贯制"),
        }
        s.add_all(schools.values())
        s.flush()
        for year in (2024, 2025):
            for (name, stage), students in (
                (("城关小学", "小学"), 230),
                (("城关中学", "初中"), 120),
                (("河村学校", "小学"), 80),
                (("河村学校", "初中"), 60),
            ):
                s.add(SchoolYearStat(school_id=schools[name].id, school_year=year, stage=stage, students=students))
        n = 0
        for (name, stage), count in STAFF.items():
            for _ in range(count):
                n += 1
                t = Teacher(
                    id_number=idnumber.make("371525", dt.date(1980 + n % 20, 3, 1), 100 + 2 * n),
                    name=f"师{n}",
                    gender="女",
                    employment_form="在编",
                    status="在岗",
                    work_start=P(2010, 9),
                )
                s.add(t)
                s.flush()
                s.add(PostRecord(teacher_id=t.id, school_id=schools[name].id, start=P(2015, 9)))
                s.add(Teaching(teacher_id=t.id, school_year=2025, stage=stage, subject="语文"))
        s.flush()
        current.refresh_all(s)
        uow.commit()
        return {k: v.id for k, v in schools.items()}


def build(db) -> dict[str, int]:
    ids = build_schools(db)
    a, b, c = ids["城关小学"], ids["城关中学"], ids["河村学校"]
    for kind, day, doc, count, school, stage, to in (
        ("核定", "2024-09-01", "县编办〔2024〕1号", 10, a, None, None),
        ("核定", "2024-09-01", "县编办〔2024〕1号", 8, b, None, None),
        ("核定", "2024-09-01", "县编办〔2024〕1号", 5, c, "小学", None),
        ("核定", "2024-09-01", "县编办〔2024〕1号", 4, c, "初中", None),
        ("入池", "2024-09-01", "县编办〔2024〕2号", 6, None, None, None),
        ("核增", "2025-03-01", "县编办〔2025〕3号", 2, a, None, None),
        ("调剂", "2025-04-01", "县编办〔2025〕4号", 1, b, None, c),
        ("借出", "2025-05-01", "县教体局〔2025〕5号", 3, a, None, None),
        ("专项编制", "2025-06-01", "县编办〔2025〕6号", 2, b, None, None),
        ("核减", "2025-10-01", "县编办〔2025〕9号", 1, c, "小学", None),
        ("收回", "2025-11-01", "县教体局〔2025〕11号", 1, a, None, None),
    ):
        svc.save_decision(
            db,
            None,
            dict(
                kind=kind,
                decided_on=day,
                doc_no=doc,
                count=count,
                school_id=school,
                stage=stage,
                to_school_id=to,
                purpose="高层次人才" if kind == "专项编制" else None,
                reason="测试",
            ),
        )
    svc.save_county(db, dict(school_year=2025, total_posts=5000, education_posts=3100, doc_no="县编委〔2025〕1号"))
    return ids
