"""课题 tab of the teacher file (issue 21 §5): the research projects the teacher hosts or works in, with the role
and the step — read-only here (edited on the 培训 page, 课题研究 tab)."""

from __future__ import annotations

from talentdesk.gui.teacher_file.list_tab import TeacherListTab
from talentdesk.gui.widgets import DATE
from talentdesk.services.cultivation import research

HEADERS = ("立项日期", "课题名称", "级别", "类别", "角色", "状态")


class ResearchTab(TeacherListTab):
    def __init__(self, parent=None):
        super().__init__(
            HEADERS, "teacher_research", "课题在“培训”页面的“课题研究”中登记。", (DATE, 300, 60, 80, 80), parent
        )

    def load(self, db, teacher_id: int | None) -> None:
        rows = research.teacher_projects(db, teacher_id) if teacher_id else []
        hosted = sum(1 for r in rows if r[4] == "主持人")
        self.show_rows(rows, f"参与课题 {len(rows)} 项，其中主持 {hosted} 项。" if rows else "暂无课题。")
