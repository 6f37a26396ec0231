"""个性化成长清单 as a workbook (issue 21 §5): every programme member's goals, one row each, with the derived status
(未完成/已完成/逾期), in the columns of the goal template so that a corrected copy can be imported again."""

from __future__ import annotations

import datetime as dt

from talentdesk.reports import ReportTable
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import growth

HEADERS = ("培养项目", "批次", "姓名", "学校", "目标类型", "目标内容", "计划完成", "完成日期", "状态", "佐证")


def register_table(db, programme_id: int | None = None, today: dt.date | None = None) -> ReportTable:
    rows = growth.register(db, programme_id, today)
    return ReportTable(
        "个性化成长清单",
        HEADERS,
        [
            (r.programme, r.cohort, r.name, r.school, r.kind, r.description, r.due, r.done, r.status, r.evidence)
            for r in rows
        ],
        (24, 8, 9, 20, 10, 36, 11, 11, 8, 28),
        text_columns=frozenset({1, 6, 7}),
        row_teachers=tuple(r.teacher_id for r in rows),
    )


def export(db, path, programme_id: int | None = None) -> int:
    """The goals as an .xlsx file, as the signed-in user may print; the number of goals written."""
    from talentdesk.reports.xlsx import write_tables  # openpyxl: only when a file is written

    who, _full = access.output_rights(db, False)
    table = register_table(db, programme_id)
    write_tables([table], path, exporter=who.user)
    return len(table.rows)
