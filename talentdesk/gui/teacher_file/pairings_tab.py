"""师徒结对 tab of the teacher file: the teacher's pairings as mentor (导师) and as mentee (青年教师), and
studio memberships; read-only here (pairings are edited on the 师徒结对 page)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from talentdesk.gui.teacher_file.list_tab import TeacherListTab
from talentdesk.gui.widgets import DATE
from talentdesk.services.cultivation import mentoring, studios


class PairingsTab(TeacherListTab):
    def __init__(self, parent=None):
        n = len(mentoring.TEACHER_HEADERS)
        super().__init__(
            mentoring.TEACHER_HEADERS,
            "teacher_pairings",
            "结对在“师徒结对”页面中新增和修改。",
            (70, 80, 150, 140, 60, DATE, DATE, 60, 70),
            parent,
            columns=range(1, n + 1),
        )
        self.studios = QLabel()
        self.studios.setWordWrap(True)
        self.layout_.insertWidget(self.layout_.indexOf(self.hint), self.studios)

    def load(self, db, teacher_id: int | None) -> None:
        rows = mentoring.teacher_pairings(db, teacher_id) if teacher_id else []
        as_mentor = sum(1 for r in rows if r[1] == "导师")
        self.show_rows(
            rows,
            f"担任导师 {as_mentor} 次，作为青年教师结对 {len(rows) - as_mentor} 次。" if rows else "暂无师徒结对记录。",
        )
        st = studios.teacher_studios(db, teacher_id) if teacher_id else []
        self.studios.setText("工作室：" + "；".join(f"{n}（{r}）" for n, r in st) if st else "")
