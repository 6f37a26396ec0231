"""教研任职 tab of the teacher file (issue 21 §4): the roles the teacher holds besides the post (兼职教研员, 蒲公英导师,
评委库 …) with subject, level, term, appointing body and document number, and whether still in office — read-only
here (appointments are made on the 培训 page, 教研任职 tab)."""

from __future__ import annotations

from talentdesk.gui.teacher_file.list_tab import TeacherListTab
from talentdesk.gui.widgets import DATE
from talentdesk.services.cultivation import research_roles

HEADERS = ("角色", "学科", "级别", "任期开始", "任期结束", "聘任单位", "文号", "状态")


class RolesTab(TeacherListTab):
    def __init__(self, parent=None):
        super().__init__(
            HEADERS,
            "teacher_roles",
            "教研任职在“培训”页面的“教研任职”中聘任和修改。",
            (110, 60, 56, DATE, DATE, 170, 170),
            parent,
        )

    def load(self, db, teacher_id: int | None) -> None:
        rows = research_roles.teacher_roles(db, teacher_id) if teacher_id else []
        current = [r.role for r in rows if r.state == research_roles.CURRENT]
        self.show_rows(
            rows,
            f"教研任职 {len(rows)} 项，现任 {len(current)} 项" + (f"（{'、'.join(current)}）" if current else "") + "。"
            if rows
            else "暂无教研任职。",
        )
