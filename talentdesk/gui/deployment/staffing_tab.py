"""编制: per school and stage — students, entitled staff by the ratios, 核定编制, 在编在岗, vacancies or
excess; county totals at the bottom; schools over quota in red."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from talentdesk.domain.dates import school_year_label
from talentdesk.errors import UserError
from talentdesk.gui.deployment.common import ListDetail, ask_save_path, refresh_when_shown, status, warn
from talentdesk.reports import staffing
from talentdesk.services.platform.settings import load_policy

OVER, TOTAL = len(staffing.HEADERS) + 1, len(staffing.HEADERS) + 2  # after the key and the display columns


class StaffingTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.list = ListDetail(
            list(staffing.HEADERS),
            list(range(1, len(staffing.HEADERS) + 1)),
            (200, 60, 60, 60, 70, 80, 70, 70, 80, 100, 110),
            filter_label="学段",
            filter_pos=3,
            mark=lambda r: r[OVER],
            bold=lambda r: r[TOTAL],
        )
        self.list.view.setObjectName("staffing_view")
        self.year_box = QComboBox()
        self.year_box.currentIndexChanged.connect(lambda _i: self.refresh_rows())
        self.list.top.insertWidget(0, QLabel("学年："))
        self.list.top.insertWidget(1, self.year_box)
        self.list.add_button("导出 Excel", self.export)
        self.note = QLabel()
        self.note.setObjectName("staffing_note")
        lay = QVBoxLayout(self)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.note)
        refresh_when_shown(self, bus, ("placements", "teachers", "schools", "settings", "all"), self.refresh)

    def refresh(self) -> None:
        latest = staffing.latest_year(self.db)
        current = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        if latest is not None:
            for y in range(latest, latest - 5, -1):
                self.year_box.addItem(school_year_label(y), y)
        i = self.year_box.findData(current)
        self.year_box.setCurrentIndex(max(i, 0))
        self.year_box.blockSignals(False)
        self.refresh_rows()

    def refresh_rows(self) -> None:
        year, lines, totals = staffing.lines(self.db, self.year_box.currentData(), load_policy(self.db))
        rows = [(i, *x.row(), x.over_quota, False) for i, x in enumerate(lines)]
        rows += [(len(rows) + i, *x.row(), False, True) for i, x in enumerate(totals)]
        self.list.set_rows(rows)
        over = [x for x in lines if x.over_quota]
        self.note.setText(
            f"{school_year_label(year) if year else '没有学年数据'}：在编在岗按编制学校统计；"
            f"超编 {len({x.school_id for x in over})} 所学校、{sum(x.in_post - x.quota for x in over)} 人"
            "（红色）；最下方为合计行。"
        )

    def export(self) -> None:
        path = ask_save_path(self, "导出编制测算表", "编制测算表.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        from talentdesk.reports import deployment_tables

        try:
            deployment_tables.export(self.db, "staffing", path, year=self.year_box.currentData())
        except UserError as e:
            warn(self, "导出编制测算表", str(e))
            return
        status(self, f"已导出编制测算表：{path}")
