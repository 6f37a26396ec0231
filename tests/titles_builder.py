"""A small county with known titles and post structures (issue 20 §2), for the services, reports, GUI and import
tests.

On 2025-06-30 (post school, titles):
- 城关第一小学 (城区), structure 2024: 高级 2, 中级 3, 初级 2 (五级=1;六级=1;八级=2):
  甲 高级 2015 appointed 2015 (正常评审); 乙 高级 2019 appointed 2019 (破格);
  丙 一级 2010 appointed 2010, 高级 2021 not appointed (正常评审): waits 4年 for 高级 (高级 full: blocked);
  丁 一级 2016 appointed 2016; 戊 二级 2019 appointed 2019, 一级 2024-09 not appointed: waits 9个月 for 中级
  (中级 3 approved, 2 used: not blocked);
- 乡中心小学 (乡村), structure 2025: 高级 1, 中级 1, 初级 1:
  己 高级 2023 (乡村教师定向评价) 享受待遇 only, 一级 appointed 2012: not waiting, uses 中级;
  庚 一级 2020 appointed 2020: 中级 used 2 of 1 (over 1); 辛 二级 2022, no appointment: waits for 初级 (vacant).
Titles obtained in 2021—2025: 高级教师 2 (丙 正常评审, 己 乡村教师定向评价), 一级教师 1 (戊 正常评审), 二级教师 1
(辛 考核认定). 评而未聘: 丙 (4年, long), 戊, 辛 (2年9个月).
"""

from __future__ import annotations

import datetime as dt

from talentdesk.services.people import schools, teachers, titles
from tests.cultivation_builder import make_id

ON = dt.date(2025, 6, 30)


def build(db) -> dict:
    sid = {}
    for name, town, area, kind in (
        ("城关第一小学", "城关镇", "城区", "小学"),
        ("乡中心小学", "河口乡", "乡村", "小学"),
    ):
        sid[name] = schools.save(db, None, {"name": name, "township": town, "area": area, "kind": kind})
    a, b = sid["城关第一小学"], sid["乡中心小学"]
    people = (
        ("甲", 1970, a, [("高级教师", "2015-09", "2015-10", "正常评审", False)]),
        ("乙", 1978, a, [("高级教师", "2019-09", "2019-10", "破格", False)]),
        (
            "丙",
            1975,
            a,
            [("一级教师", "2010-09", "2010-09", None, False), ("高级教师", "2021-06", None, "正常评审", False)],
        ),
        ("丁", 1985, a, [("一级教师", "2016-09", "2016-09", None, False)]),
        (
            "戊",
            1990,
            a,
            [("二级教师", "2019-09", "2019-09", None, False), ("一级教师", "2024-09", None, "正常评审", False)],
        ),
        (
            "己",
            1966,
            b,
            [("一级教师", "2012-09", "2012-09", None, False), ("高级教师", "2023-09", None, "乡村教师定向评价", True)],
        ),
        ("庚", 1988, b, [("一级教师", "2020-09", "2020-09", "正常评审", False)]),
        ("辛", 1995, b, [("二级教师", "2022-09", None, "考核认定", False)]),
    )
    tid = {}
    for i, (name, year, school, recs) in enumerate(people):
        tid[name] = teachers.save(
            db,
            None,
            {"name": f"{name}老师", "id_number": make_id(year, 200 + i)},
            {
                "posts": [{"school_id": school, "start": "2005-09"}],
                "titles": [
                    {"title": t, "obtained": got, "appointed": app, "route": route, "benefit_only": benefit}
                    for t, got, app, route, benefit in recs
                ],
            },
        )
    titles.save_structure(
        db,
        None,
        {"school_id": a, "year": 2024, "senior": 2, "middle": 3, "junior": 2, "grades": "五级=1;六级=1;八级=2"},
    )
    titles.save_structure(db, None, {"school_id": b, "year": 2025, "senior": 1, "middle": 1, "junior": 1})
    return {"schools": sid, "t": tid}
