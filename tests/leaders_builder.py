"""A small county with known school leaders (issue 20 §1), for the services, reports, GUI and import tests.

On 2025-06-30:
- 城关第一小学: 党组织书记 李书记 (2019-03), 校长 张校长 (试用期 2016-09, 任命 2017-09: in post 8年9个月),
  挂职副校长 孙老师 (2024-09 — 2025-08, post school 乡中心小学);
- 城关中学: 校长 王校长 (2022-09; 校长 of 乡中心小学 2015-09 — 2022-08), 副校长 赵老师 (2023-09; 教务主任
  2018-09 — 2023-08); no 书记;
- 乡中心小学: 校长 钱校长 (2022-09; 副校长 there 2019-09 — 2022-08); no 书记;
- 某村教学点: nobody (a 教学点 needs no principal).
Promotions 2018—2025: 书记 1 (李), 校长 1 (钱), 副校长 2 (赵, 钱), 中层 1 (赵).
"""

from __future__ import annotations

import datetime as dt

from talentdesk.services.people import leaders, schools, teachers
from tests.cultivation_builder import make_id

ON = dt.date(2025, 6, 30)


def build(db) -> dict:
    sid = {}
    for name, town, area, kind in (
        ("城关第一小学", "城关镇", "城区", "小学"),
        ("城关中学", "城关镇", "城区", "初中"),
        ("乡中心小学", "河口乡", "乡村", "小学"),
        ("某村教学点", "河口乡", "乡村", "教学点"),
    ):
        sid[name] = schools.save(db, None, {"name": name, "township": town, "area": area, "kind": kind})
    people = (
        ("张校长", 1970, "城关第一小学", "高级教师"),
        ("李书记", 1968, "城关第一小学", "高级教师"),
        ("王校长", 1975, "城关中学", "高级教师"),
        ("赵老师", 1980, "城关中学", "一级教师"),
        ("钱校长", 1978, "乡中心小学", "一级教师"),
        ("孙老师", 1985, "乡中心小学", "一级教师"),
    )
    tid = {}
    for i, (name, year, school, title) in enumerate(people):
        tid[name] = teachers.save(
            db,
            None,
            {"name": name, "id_number": make_id(year, 100 + i)},
            {
                "posts": [{"school_id": sid[school], "start": "2005-09"}],
                "titles": [{"title": title, "obtained": "2012-09"}],
            },
        )
    posts = (
        ("张校长", "城关第一小学", "副校长", "任命", "2010-09", "2016-08"),
        ("张校长", "城关第一小学", "校长", "试用期", "2016-09", "2017-08"),
        ("张校长", "城关第一小学", "校长", "任命", "2017-09", None),
        ("李书记", "城关第一小学", "党组织书记", "任命", "2019-03", None),
        ("王校长", "乡中心小学", "校长", "任命", "2015-09", "2022-08"),
        ("王校长", "城关中学", "校长", "任命", "2022-09", None),
        ("赵老师", "城关中学", "教务主任", "聘任", "2018-09", "2023-08"),
        ("赵老师", "城关中学", "副校长", "任命", "2023-09", None),
        ("钱校长", "乡中心小学", "副校长", "任命", "2019-09", "2022-08"),
        ("钱校长", "乡中心小学", "校长", "任命", "2022-09", None),
        ("孙老师", "城关第一小学", "副校长", "挂职", "2024-09", "2025-08"),
    )
    for name, school, post, method, start, end in posts:
        leaders.save_post(
            db, tid[name], None, {"school_id": sid[school], "post": post, "method": method, "start": start, "end": end}
        )
    return {"schools": sid, "t": tid}
