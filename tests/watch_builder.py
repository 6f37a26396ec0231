"""A small built county for issue 22 §3 (monitoring): one urban school and one village school, three teachers on
the watch list with known responses, and five separations with coded reasons and destinations.

Known figures at TODAY (2025-10-08):
- responses: 甲硕 open and overdue (follow-up 2025-09-30); 甲分 closed (留任 on 2025-10-02 after an open talk in
  August); 城一 open, follow-up 2025-11-01. In October 2025: 2 recorded, 2 open, 1 overdue.
- separations in 2025: 城硕 辞职 03 (硕士; 考录公务员, 机关事业单位), 甲高 调出 06 (高级教师; 两地分居,
  外县（市）公办学校, 山东省 济南市), 甲骨 辞职 07 (县级骨干; 到民办/外地学校, 民办学校),
  甲平 辞职 08 (本科 二级; 待遇), 城退 退休 07 (高级教师).
  Key-talent losses: 3 in 2025, 2 in 2025-01..2025-06, 1 at the village school alone in 2025-01..06.
"""

import datetime as dt

from talentdesk.domain import idnumber
from talentdesk.domain.dates import PartialDate as P
from talentdesk.store import current
from talentdesk.store.models import Designation, Education, PostRecord, School, Teacher, TitleRecord
from talentdesk.store.models_deployment import RetentionResponse, Separation, TeacherSituation
from talentdesk.store.uow import UnitOfWork

TODAY = dt.date(2025, 10, 8)


def _teacher(s, n, name, school, *, birth=dt.date(1985, 3, 1), degree="大学本科", title=None, status="在岗"):
    t = Teacher(
        id_number=idnumber.make("371525", birth, n),
        name=name,
        gender="女",
        birth_date=birth,
        employment_form="在编",
        work_start=P(2010, 9),
        status=status,
    )
    s.add(t)
    s.flush()
    s.add(PostRecord(teacher_id=t.id, school_id=school.id, start=P(2015, 9)))
    s.add(Education(teacher_id=t.id, degree=degree, highest=True))
    if title:
        s.add(TitleRecord(teacher_id=t.id, title=title, obtained=P(2018, 9)))
    return t


def build(db) -> dict:
    with UnitOfWork(db) as uow:
        s = uow.session
        town = School(name="城关一中", area="城区", kind="初级中学")
        village = School(name="甲村小学", area="乡村", kind="小学")
        s.add_all([town, village])
        s.flush()
        ids: dict[str, int] = dict(town=town.id, village=village.id)
        ids["甲硕"] = _teacher(s, 10, "甲硕", village, birth=dt.date(1995, 5, 1), degree="硕士研究生").id
        ids["甲分"] = _teacher(s, 12, "甲分", village, birth=dt.date(1993, 5, 1)).id
        ids["城一"] = _teacher(s, 14, "城一", town, title="一级教师").id
        ids["城平"] = _teacher(s, 16, "城平", town).id
        s.add(TeacherSituation(teacher_id=ids["甲分"], kind="两地分居", since=P(2025, 3), closed=False))
        s.add(TeacherSituation(teacher_id=ids["城一"], kind="申请调动", since=P(2025, 6), closed=False))
        for tid, on, by, offered, outcome, follow in (
            (ids["甲硕"], P(2025, 9, 10), "王股长", "周转房", "跟进中", P(2025, 9, 30)),
            (ids["甲分"], P(2025, 8, 5), "李校长", "交流回城", "跟进中", P(2025, 8, 20)),
            (ids["甲分"], P(2025, 10, 2), "李校长", "交流回城、子女入学", "留任", None),
            (ids["城一"], P(2025, 10, 5), "王股长", "职称、交流回城", "跟进中", P(2025, 11, 1)),
        ):
            s.add(
                RetentionResponse(
                    teacher_id=tid, talked_on=on, talked_by=by, offered=offered, outcome=outcome, follow_up=follow
                )
            )
        leavers = (
            (
                "城硕",
                town,
                "硕士研究生",
                None,
                "辞职",
                P(2025, 3, 15),
                "考公",
                "考录公务员",
                "机关事业单位",
                None,
                None,
            ),
            (
                "甲高",
                village,
                "大学本科",
                "高级教师",
                "调出",
                P(2025, 6, 30),
                "夫妻团聚",
                "两地分居",
                "外县（市）公办学校",
                "山东省",
                "济南市",
            ),
            (
                "甲骨",
                village,
                "大学本科",
                "二级教师",
                "辞职",
                P(2025, 7, 10),
                "去民办",
                "到民办/外地学校",
                "民办学校",
                None,
                None,
            ),
            ("甲平", village, "大学本科", "二级教师", "辞职", P(2025, 8, 1), "工资低", "待遇", None, None, None),
            ("城退", town, "大学本科", "高级教师", "退休", P(2025, 7, 1), "到龄退休", None, None, None, None),
        )
        for n, (name, school, degree, title, kind, when, reason, code, dest_kind, prov, city) in enumerate(leavers):
            t = _teacher(s, 40 + 2 * n, name, school, degree=degree, title=title, status=kind)
            t.status_date = when
            ids[name] = t.id
            s.add(
                Separation(
                    teacher_id=t.id,
                    kind=kind,
                    date=when,
                    reason=reason,
                    reason_code=code,
                    dest_kind=dest_kind,
                    dest_province=prov,
                    dest_city=city,
                    school_id=school.id,
                )
            )
            for p in t.posts:
                p.end = when
        s.add(Designation(teacher_id=ids["甲骨"], kind="骨干教师", level="县级", start=P(2022, 9)))
        s.flush()
        current.refresh(s, [t.id for t in s.query(Teacher)], TODAY)
        uow.commit()
    return ids
