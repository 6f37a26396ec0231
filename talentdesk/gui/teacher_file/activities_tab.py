"""活动 tab of the teacher file (issue 21 §1): every activity the teacher took part in — the register's (送教下乡,
公开课, 师德巡讲 …), their pairings' and their studios' — read-only here (edited on the 培训 page, 活动登记 tab, and
in the pairing and studio dialogs)."""

from __future__ import annotations

from collections import Counter

from talentdesk.gui.teacher_file.list_tab import TeacherListTab
from talentdesk.gui.widgets import DATE
from talentdesk.services.cultivation import activities

HEADERS = ("日期", "类别", "活动", "级别", "角色", "来源")


class ActivitiesTab(TeacherListTab):
    def __init__(self, parent=None):
        super().__init__(
            HEADERS,
            "teacher_activities",
            "活动在“培训”页面的“活动登记”中登记；结对和工作室的活动在各自的对话框中填写。",
            (DATE, 130, 300, 60, 70),
            parent,
        )

    def load(self, db, teacher_id: int | None) -> None:
        rows = activities.teacher_activities(db, teacher_id) if teacher_id else []
        by_kind = Counter(r[1] for r in rows)
        self.show_rows(
            rows,
            f"参加活动 {len(rows)} 次：" + "、".join(f"{k} {n}" for k, n in by_kind.most_common())
            if rows
            else "暂无活动记录。",
        )
