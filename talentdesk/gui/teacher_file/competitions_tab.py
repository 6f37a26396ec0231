"""竞赛 tab of the teacher file (issue 21 §2): every teaching competition the teacher entered, with the school they
entered from, the result and whether they were selected for the next level — read-only here (edited on the 培训
page, 教学竞赛 tab). Awards also appear among the honours."""

from __future__ import annotations

from talentdesk.domain import competitions as rules
from talentdesk.gui.teacher_file.list_tab import TeacherListTab
from talentdesk.gui.widgets import DATE
from talentdesk.services.cultivation import competitions

HEADERS = ("日期", "类别", "竞赛", "级别", "学科", "参赛学校", "结果", "推荐上一级")


class CompetitionsTab(TeacherListTab):
    def __init__(self, parent=None):
        super().__init__(
            HEADERS,
            "teacher_competitions",
            "竞赛在“培训”页面的“教学竞赛”中登记；获奖同时列在“荣誉”中。",
            (DATE, 80, 280, 56, 56, 150, 64),
            parent,
        )

    def load(self, db, teacher_id: int | None) -> None:
        rows = competitions.teacher_competitions(db, teacher_id) if teacher_id else []
        awards = [r for r in rows if r.result in rules.AWARDS]
        grades = "、".join(f"{g} {n}" for g in rules.AWARDS if (n := sum(1 for r in awards if r.result == g)))
        self.show_rows(
            rows,
            f"参加竞赛 {len(rows)} 次，获奖 {len(awards)} 次" + (f"（{grades}）" if grades else "") + "。"
            if rows
            else "暂无竞赛记录。",
        )
