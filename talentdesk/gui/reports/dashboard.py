"""概览: key figures (each a button opening the teachers behind it) and charts — age pyramid, title
structure, urban/rural distribution, each 优质均衡 indicator per school against its standard."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain.balance import LABELS as INDICATOR_LABELS
from talentdesk.gui.reports.charts import BarChart, PyramidChart
from talentdesk.gui.tasks import Loader
from talentdesk.reports import statistics as svc
from talentdesk.reports.frame import school_year_label
from talentdesk.reports.params import Scope


class FigureButton(QPushButton):
    def __init__(self, figure, parent=None):
        super().__init__(parent)
        self.figure = figure
        self.setText(f"{figure.value:,}\n{figure.label}")
        self.setToolTip(f"点击查看这 {figure.value} 名教师")
        self.setMinimumSize(118, 58)
        self.setStyleSheet("QPushButton { font-size: 11pt; text-align: center; padding: 4px; }")


class DashboardTab(QWidget):
    show_teachers = Signal(str, list)  # title, teacher ids

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.data: svc.Dashboard | None = None
        self.scope = QComboBox()
        self.scope.setObjectName("dashboard_scope")
        self.scope.setMinimumWidth(220)
        self.scope.currentIndexChanged.connect(lambda _: self.refresh())
        self.info = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("统计范围："))
        top.addWidget(self.scope)
        top.addWidget(self.info, 1)
        self.figures = QGridLayout()
        self.pyramid = PyramidChart("年龄结构（人）")
        self.titles = BarChart("职称结构（人）")
        self.areas = BarChart("城乡分布（按任教学校，人）")
        for chart in (self.pyramid, self.titles, self.areas):
            chart.picked.connect(self.show_teachers.emit)
        self.indicator = QComboBox()
        self.indicator.setObjectName("balance_indicator")
        self.indicator.currentIndexChanged.connect(lambda _: self._show_balance())
        self.balance = BarChart()
        self.balance.picked.connect(
            lambda school, ids: self.show_teachers.emit(f"{school} {self.indicator.currentText()}", ids)
        )
        charts = QGridLayout()
        charts.addWidget(self.pyramid, 0, 0)
        charts.addWidget(self.titles, 0, 1)
        charts.addWidget(self.areas, 1, 0)
        box = QGroupBox("优质均衡教师指标（每百名学生，红色为低于标准）")
        bl = QVBoxLayout(box)
        bl.addWidget(self.indicator)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.balance)
        scroll.setMinimumHeight(220)
        bl.addWidget(scroll, 1)
        charts.addWidget(box, 1, 1)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addLayout(top)
        lay.addLayout(self.figures)
        lay.addLayout(charts, 1)
        outer = QScrollArea()
        outer.setWidgetResizable(True)
        outer.setWidget(body)
        main = QVBoxLayout(self)
        main.setContentsMargins(0, 0, 0, 0)
        main.addWidget(outer)
        self.loader = Loader(self)  # the figures read every teacher: on a worker when the page shows (issue 16 §4)
        self.load_scopes()

    def load_scopes(self) -> None:
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        for label, text in svc.scope_choices(self.db):
            if not text.startswith("school:"):
                self.scope.addItem(label, text)
        i = self.scope.findData(current) if current else 0
        self.scope.setCurrentIndex(max(i, 0))
        self.scope.blockSignals(False)

    def refresh(self, background: bool = False) -> None:
        """Compute the figures of the chosen scope (1-2 s CPU on a city). BACKGROUND: on a worker while the tab
        shows the previous figures and a note (the page showing, data changed elsewhere); otherwise now."""
        self.loader.cancel()  # an older read still running must not overwrite what is filled now
        scope = self.scope.currentData() or "county"
        if background:
            self.info.setText("　正在计算概览数字…")
            db = self.db
            self.loader.load(lambda: svc.dashboard(db, Scope.parse(scope)), lambda d: self._show(scope, d))
            return
        self._show(scope, svc.dashboard(self.db, Scope.parse(scope)))

    def _show(self, scope: str, d) -> None:
        if scope != (self.scope.currentData() or "county"):  # the clerk chose another scope meanwhile
            return
        self.data = d
        while self.figures.count():
            w = self.figures.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        for i, f in enumerate(d.figures):
            b = FigureButton(f)
            b.clicked.connect(lambda _=False, f=f: self.show_teachers.emit(f.label, f.ids))
            self.figures.addWidget(b, i // 5, i % 5)
        self.pyramid.set_data([(band, (m.value, m.ids), (f.value, f.ids)) for band, m, f in d.pyramid])
        self.titles.set_data([(b.label, b.value, b.ids, "") for b in d.titles])
        self.areas.set_data([(b.label, b.value, b.ids, "") for b in d.areas])
        self.indicator.blockSignals(True)
        keep = self.indicator.currentData()
        self.indicator.clear()
        for stage, ind in d.balance:
            self.indicator.addItem(f"{stage}：{INDICATOR_LABELS[ind]}", (stage, ind))
        self.indicator.setCurrentIndex(max(self.indicator.findData(keep), 0) if keep else 0)
        self.indicator.blockSignals(False)
        self._show_balance()
        self.info.setText(
            f"　学生数：{school_year_label(d.school_year) or '无学年数据'}　统计日期：{d.made:%Y-%m-%d}"
            "　点击数字或图中的条形可查看对应教师名单"
        )

    def _show_balance(self) -> None:
        if self.data is None:
            return
        key = self.indicator.currentData()
        if not key or key not in self.data.balance:
            self.balance.set_data([])
            return
        std, bars = self.data.balance[key]
        self.balance.set_data([(b.label, b.value, b.ids, b.extra) for b in bars], std, "标准", decimals=2)

    def figure_button(self, label: str) -> FigureButton | None:
        for i in range(self.figures.count()):
            w = self.figures.itemAt(i).widget()
            if isinstance(w, FigureButton) and w.figure.label == label:
                return w
        return None
