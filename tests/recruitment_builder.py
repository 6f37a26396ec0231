"""A small county with known staffing gaps for the recruitment tests (services, reports, GUI, CLI).

城关小学 (城区): 380 pupils in 10 classes → 20 staff at 1:19; 18 serving, one of whom (语文, 男, born
1966-05-10) retires in 2026 → 3 posts in the 2026 plan.
青山村小 (乡村): 95 pupils in 6 classes → 5 at 1:19; 5 serving → no gap.
城关中学 (城区, 初中): 270 pupils in 6 classes → 20 at 1:13.5; 21 serving → over staffed by 1.
"""

from __future__ import annotations

import datetime as dt

from talentdesk.domain import idnumber
from talentdesk.services.people import schools, teachers

YEAR = 2026
PRIMARY = ["语文"] * 5 + ["数学"] * 4 + ["英语", "体育", "体育", "音乐", "美术", "科学", "政治", "政治", "信息技术"]
VILLAGE = ["语文", "语文", "数学", "数学", "英语"]
MIDDLE = (
    ["语文"] * 3
    + ["数学"] * 3
    + ["英语"] * 3
    + ["物理", "物理", "化学", "生物", "政治", "政治", "历史", "历史", "地理", "体育", "体育", "音乐"]
)


class County:
    def __init__(self, db):
        self.db = db
        self.seq = 0
        self.town_primary = schools.save(
            db,
            None,
            {"name": "城关小学", "township": "城关镇", "area": "城区", "kind": "小学"},
            [{"school_year": YEAR, "stage": "小学", "students": 380, "classes": 10}],
        )
        self.village = schools.save(
            db,
            None,
            {"name": "青山村小", "township": "青山乡", "area": "乡村", "kind": "小学"},
            [{"school_year": YEAR, "stage": "小学", "students": 95, "classes": 6}],
        )
        self.middle = schools.save(
            db,
            None,
            {"name": "城关中学", "township": "城关镇", "area": "城区", "kind": "初中"},
            [{"school_year": YEAR, "stage": "初中", "students": 270, "classes": 6}],
        )
        self.teacher_ids = {}
        for i, subject in enumerate(PRIMARY):
            birth = dt.date(1966, 5, 10) if i == 0 else dt.date(1985 + i % 10, 3, 1)
            gender = "男" if i == 0 else "女"
            self.teacher(f"城小{i}", self.town_primary, "小学", subject, birth, gender)
        for i, subject in enumerate(VILLAGE):
            self.teacher(f"村小{i}", self.village, "小学", subject, dt.date(1990, 1, 1 + i), "男")
        for i, subject in enumerate(MIDDLE):
            self.teacher(f"城中{i}", self.middle, "初中", subject, dt.date(1980, 6, 1 + i), "女")

    def make_id(self, birth: dt.date, gender: str) -> str:
        self.seq += 1
        seq = self.seq * 2 + (1 if gender == "男" else 0)
        return idnumber.make("371521", birth, seq)

    def teacher(
        self, name, school_id, stage, subject, birth, gender, *, form="在编", source=None, start="2010-09", posts=None
    ) -> int:
        tid = teachers.save(
            self.db,
            None,
            {
                "name": name,
                "id_number": self.make_id(birth, gender),
                "employment_form": form,
                "source": source,
                "work_start": start,
            },
            {
                "posts": posts or [{"school_id": school_id, "start": start}],
                "teachings": [{"school_year": YEAR - 1, "stage": stage, "subject": subject}],
            },
        )
        self.teacher_ids[name] = tid
        return tid
