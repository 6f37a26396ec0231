"""学校 page: every school with its teacher and student numbers; open, add, delete. A second tab, 领导班子, has the
schools' leaders (issue 20 §1, gui.pages.leaders_tab)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain.dates import school_year_label
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.school_form import SchoolForm
from talentdesk.gui.security.roles import apply_read_only, may_edit
from talentdesk.gui.widgets import setup_list_view
from talentdesk.services.people import schools as svc

C = {n: i for i, n in enumerate(svc.COLUMNS)}
HEADERS = [
    ("学校名称", "name"),
    ("学校标识码", "code"),
    ("乡镇", "township"),
    ("城乡类型", "area"),
    ("办学类型", "kind"),
    ("在编教师数", "teachers"),
    ("在校学生数", "students"),
    ("学生数所属学年", "students_year"),
]


class SchoolsPage(QWidget):
    title = "学校"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.model = RowsModel([h for h, _ in HEADERS], [C[k] for _, k in HEADERS], self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索学校名称、标识码或乡镇")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.count_label = QLabel()
        add, remove = QPushButton("新增学校"), QPushButton("删除")
        add.clicked.connect(lambda: self.open_school(None))
        remove.clicked.connect(self.delete_selected)
        self.add_button, self.remove_button = add, remove
        apply_read_only([add, remove], db)  # read-only file or a role that may not edit (查阅员)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(add)
        top.addWidget(remove)
        self.view = setup_list_view(QTableView(), self.model, single=True, stretch_last=False)
        self.view.setObjectName("school_view")
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda i: self.open_school(self.model.key_at(i.row())))
        listing = QWidget()
        ll = QVBoxLayout(listing)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(top)
        ll.addWidget(self.view, 1)
        from talentdesk.gui.pages.leaders_tab import LeadersTab
        from talentdesk.gui.pages.titles_tab import TitlesTab

        self.leaders = LeadersTab(db, bus)  # loads when first shown
        self.titles = TitlesTab(db, bus)  # issue 20 §2: 岗位设置 and 评而未聘, loads when first shown
        self.tabs = QTabWidget()
        self.tabs.setObjectName("school_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(listing, "学校名录")
        self.tabs.addTab(self.leaders, "领导班子")
        self.tabs.addTab(self.titles, "岗位与职称")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        bus.follow(self, self.refresh, Topic.SCHOOLS, Topic.TEACHERS)
        self.refresh()
        for c, w in enumerate((260, 120, 110, 80, 100, 90, 90, 120)):
            self.view.setColumnWidth(c, w)

    def refresh(self) -> None:
        y = C["students_year"]
        self.model.set_rows(
            [r[:y] + (school_year_label(r[y]) if r[y] else "",) + r[y + 1 :] for r in svc.list_rows(self.db)]
        )
        self.apply_filter()

    def apply_filter(self, *_):
        text = self.search.text().strip().lower()
        n, c, t = C["name"], C["code"], C["township"]
        rows = self.model.rows
        self.model.set_visible(
            [i for i, r in enumerate(rows) if not text or text in f"{r[n]}\x00{r[c] or ''}\x00{r[t] or ''}".lower()]
        )
        self.count_label.setText(f"共 {self.model.rowCount()} 所")

    def open_school(self, school_id: int | None) -> SchoolForm:
        form = SchoolForm(self.db, self.bus, school_id, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        form.open()
        return form

    def delete_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows or not may_edit(self.db):
            return
        row = self.model.row_at(rows[0].row())
        answer = QMessageBox.question(
            self,
            "删除学校",
            f"确定删除“{row[C['name']]}”吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.delete(self.db, row[C["id"]])
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "删除学校", str(e))
            return
        self.bus.notify(Topic.SCHOOLS)
