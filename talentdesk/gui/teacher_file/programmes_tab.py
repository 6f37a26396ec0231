"""培养项目 tab of the teacher file (issues 20 §3, 21 §5): the programmes the teacher is or was a member of, with the
result and whether the target was met — read-only here (edited on the 培训 page, 培养项目 tab)."""

from __future__ import annotations

from talentdesk.gui.teacher_file.list_tab import TeacherListTab
from talentdesk.gui.widgets import DATE
from talentdesk.services.cultivation import programmes

HEADERS = ("项目", "批次", "级别", "入选日期", "结果", "培养目标", "达成目标")


class ProgrammesTab(TeacherListTab):
    def __init__(self, parent=None):
        super().__init__(
            HEADERS,
            "teacher_programmes",
            "培养项目在“培训”页面的“培养项目”中登记。",
            (200, 70, 60, DATE, 110, 160),
            parent,
        )

    def load(self, db, teacher_id: int | None) -> None:
        rows = programmes.teacher_programmes(db, teacher_id) if teacher_id else []
        met = sum(1 for r in rows if r[6] == "已达成")
        self.show_rows(rows, f"参加培养项目 {len(rows)} 个，达成目标 {met} 个。" if rows else "暂无培养项目。")
