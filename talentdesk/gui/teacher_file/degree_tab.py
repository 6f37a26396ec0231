"""学历提升 tab of the teacher file (issue 21 §5): the teacher's degree studies (专升本, 攻读硕士/博士) with school
and major, dates, the bureau's support (脱产月数, 学费补助) and the status — read-only here (edited on the 培训 page,
学历提升 tab; a graduation also enters the new degree in 学历)."""

from __future__ import annotations

from talentdesk.domain import growth as rules
from talentdesk.gui.teacher_file.list_tab import TeacherListTab
from talentdesk.gui.widgets import DATE
from talentdesk.services.cultivation import degree_study

HEADERS = (
    "攻读学历",
    "院校",
    "专业",
    "学习方式",
    "入学",
    "预计毕业",
    "脱产(月)",
    "学费补助(元)",
    "状态",
    "毕业/退学",
)


class DegreeTab(TeacherListTab):
    def __init__(self, parent=None):
        super().__init__(
            HEADERS,
            "teacher_degree_study",
            "学历提升在“培训”页面的“学历提升”中登记；毕业后新学历同时记入“学历”。",
            (86, 150, 120, 64, DATE, DATE, 64, 90, 56),
            parent,
        )

    def load(self, db, teacher_id: int | None) -> None:
        rows = degree_study.teacher_studies(db, teacher_id) if teacher_id else []
        studying = sum(1 for r in rows if r.status == rules.STUDYING)
        graduated = sum(1 for r in rows if r.status == rules.GRADUATED)
        support = sum(r.tuition_support or 0 for r in rows)
        self.show_rows(
            rows,
            f"学历提升 {len(rows)} 项：在读 {studying} 项，已毕业 {graduated} 项"
            + (f"；学费补助合计 {support} 元" if support else "")
            + "。"
            if rows
            else "暂无学历提升记录。",
        )
