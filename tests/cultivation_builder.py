"""A small hand-made county for the cultivation tests (issue 4): schools, mentors and young teachers
with rare name characters, created through the services as a clerk would."""

import datetime as dt

from talentdesk.domain import idnumber
from talentdesk.services.people import schools, teachers

TODAY = dt.date(2026, 11, 20)


def make_id(year: int, seq: int) -> str:
    return idnumber.make("371525", dt.date(year, 5, 20), seq)


def build(db) -> dict:
    """Returns {"schools": {name: id}, "t": {name: id}}."""
    sid = {}
    for name, town, area, kind in (
        ("城关中学", "城关镇", "城区", "初中"),
        ("青禾镇中学", "青禾镇", "镇区", "初中"),
        ("柳河乡中学", "柳河乡", "乡村", "初中"),
        ("城关第一小学", "城关镇", "城区", "小学"),
    ):
        sid[name] = schools.save(db, None, {"name": name, "township": town, "area": area, "kind": kind})
    people = (
        # name, birth year, seq, school, stage, subject, work_start, title, designation (kind, level)
        ("李䶮", 1978, 11, "城关中学", "初中", "数学", "2000-09", "高级教师", ("学科带头人", "县级")),
        ("张堃", 1980, 12, "青禾镇中学", "初中", "数学", "2002-09", "一级教师", None),
        ("王建国", 1975, 13, "柳河乡中学", "初中", "语文", "1996-09", "高级教师", ("骨干教师", "市级")),
        ("吉𠮷", 2000, 21, "青禾镇中学", "初中", "数学", "2024-09", "二级教师", None),
        ("赵小青", 2001, 22, "柳河乡中学", "初中", "数学", "2025-09", "未定职级", None),
        ("钱晓", 1999, 23, "柳河乡中学", "初中", "语文", "2023-09", "二级教师", None),
        ("孙悦", 2000, 24, "城关第一小学", "小学", "英语", "2024-09", "二级教师", None),
    )
    tid = {}
    for name, year, seq, school, stage, subject, ws, title, desig in people:
        records = {
            "posts": [{"school_id": sid[school], "start": ws}],
            "teachings": [{"school_year": "2026", "stage": stage, "subject": subject}],
            "titles": [{"title": title, "obtained": ws}],
        }
        if desig:
            records["designations"] = [{"kind": desig[0], "level": desig[1], "start": "2024-09", "end": "2027-08"}]
        tid[name] = teachers.save(
            db,
            None,
            {"name": name, "id_number": make_id(year, seq), "work_start": ws, "employment_form": "在编"},
            records,
        )
    return {"schools": sid, "t": tid}
