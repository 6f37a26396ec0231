"""成长清单 tab of the teacher file (issue 21 §5): the goals of the teacher's personal growth plans in the
programmes they belong to (公开课, 论文, 课题 …) with the due date, the date done and the status (未完成/已完成/逾期,
derived) — read-only here (edited on the 培训 page, 培养项目 tab, 成长清单…)."""

from __future__ import annotations

from collections import Counter

from talentdesk.domain import growth as rules
from talentdesk.gui.teacher_file.list_tab import TeacherListTab
from talentdesk.gui.widgets import DATE
from talentdesk.services.cultivation import growth

HEADERS = ("培养项目", "目标类型", "目标内容", "计划完成", "完成日期", "状态")


class GrowthTab(TeacherListTab):
    def __init__(self, parent=None):
        super().__init__(
            HEADERS,
            "teacher_growth_goals",
            "成长清单在“培训”页面的“培养项目”中，选中项目成员后点“成长清单…”填写。",
            (240, 70, 260, DATE, DATE),
            parent,
        )

    def load(self, db, teacher_id: int | None) -> None:
        rows = growth.teacher_goals(db, teacher_id) if teacher_id else []
        by_status = Counter(r[5] for r in rows)
        self.show_rows(
            rows,
            f"成长目标 {len(rows)} 个：" + "，".join(f"{s} {by_status[s]} 个" for s in rules.GOAL_STATUSES) + "。"
            if rows
            else "暂无成长清单。",
        )
