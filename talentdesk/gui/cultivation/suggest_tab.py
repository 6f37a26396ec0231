"""推荐结对 tab: choose whose young teachers (schools, a township or the county) and the programme;
the optimal assignment proposes a mentor for each with the reasons; tick, change a mentor, accept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.common import TeacherPicker, confirm, status, warn
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import select_row
from talentdesk.services.cultivation import mentoring, pairing_suggest
from talentdesk.services.people import schools

C = {n: i for i, n in enumerate(pairing_suggest.COLUMNS)}
SHOWN = (
    "mentee",
    "mentee_school",
    "stage",
    "subject",
    "mentor",
    "mentor_school",
    "mentor_backbone",
    "score",
    "explanation",
)


class SuggestTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.rows: list[list] = []
        self._shown: list[int] = []  # mentee id of each table row
        self.township = QComboBox()
        self.school = QComboBox()
        self.programme = QComboBox()
        self.run_button = QPushButton("生成推荐")
        self.run_button.clicked.connect(lambda _c=False: self.propose())
        top = QHBoxLayout()
        for label, w in (("乡镇：", self.township), ("学校：", self.school), ("结对项目：", self.programme)):
            top.addWidget(QLabel(label))
            top.addWidget(w, 1)
        top.addWidget(self.run_button)
        self.summary = QLabel("选择范围后点“生成推荐”：为范围内尚未结对的青年教师推荐同学段同学科的导师。")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(SHOWN) + 1)
        self.table.setHorizontalHeaderLabels(["接受", *pairing_suggest.HEADERS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate((40, 70, 120, 50, 50, 70, 120, 130, 60)):
            self.table.setColumnWidth(c, w)
        self.unmatched = QLabel()
        self.unmatched.setWordWrap(True)
        self.unmatched.setStyleSheet("color: #7d6608;")
        bottom = QHBoxLayout()
        self.all_button = QPushButton("全选")
        self.all_button.clicked.connect(lambda _c=False: self.check_all(True))
        self.none_button = QPushButton("全不选")
        self.none_button.clicked.connect(lambda _c=False: self.check_all(False))
        self.change_button = QPushButton("更换导师…")
        self.change_button.clicked.connect(lambda _c=False: self.change_mentor())
        self.accept_button = QPushButton("接受选中的结对")
        self.accept_button.clicked.connect(lambda _c=False: self.accept())
        apply_read_only([self.accept_button], db)
        for b in (self.all_button, self.none_button, self.change_button):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.accept_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.unmatched)
        lay.addLayout(bottom)
        self.township.currentIndexChanged.connect(lambda _i: self._fill_schools())
        bus.follow(self, self.fill, Topic.SCHOOLS, Topic.PAIRINGS)
        self.fill()

    def fill(self) -> None:
        t = self.township.currentText()
        self.township.blockSignals(True)
        self.township.clear()
        self.township.addItem("全县", None)
        for name in schools.townships(self.db):
            self.township.addItem(name, name)
        self.township.setCurrentIndex(max(self.township.findText(t), 0))
        self.township.blockSignals(False)
        self._fill_schools()
        p = self.programme.currentData()
        self.programme.clear()
        self.programme.addItem("（不归入项目，按默认规则）", None)
        for prog in mentoring.list_programmes(self.db):
            self.programme.addItem(prog["label"], prog["id"])
        self.programme.setCurrentIndex(max(self.programme.findData(p), 1 if self.programme.count() > 1 else 0))

    def _fill_schools(self) -> None:
        town = self.township.currentData()
        self.school.clear()
        self.school.addItem("全部学校", None)
        for sid, name, township in [(r[0], r[1], r[3]) for r in schools.list_rows(self.db)]:
            if town is None or township == town:
                self.school.addItem(name, sid)

    def scope(self) -> pairing_suggest.Scope:
        sid = self.school.currentData()
        if sid is not None:
            return pairing_suggest.Scope(school_ids=(sid,))
        return pairing_suggest.Scope(township=self.township.currentData())

    def propose(self) -> None:
        """On a worker thread with a progress dialog (a city's young teachers take seconds); the suggestions come
        unticked: the clerk ticks those to accept."""
        from talentdesk.gui.tasks import Cancelled, run_with_progress

        scope, programme = self.scope(), self.programme.currentData()
        self.run_button.setEnabled(False)
        try:
            res = run_with_progress(
                self,
                "生成结对推荐",
                lambda progress: pairing_suggest.propose(self.db, scope, programme, progress=progress),
            )
        except Cancelled:
            status(self, "已取消生成推荐")
            return
        except UserError as e:
            warn(self, "生成推荐", str(e))
            return
        finally:
            self.run_button.setEnabled(True)
        self.rows = [list(r) for r in res.rows]
        self._fill_table(ticked=set())
        self.summary.setText(
            f"范围：{scope.describe()}。未结对的青年教师 {res.mentees} 人，导师人选 {res.mentors} 人；"
            f"推荐 {len(res.rows)} 对（最优分配：先使结对数最多，再使匹配分之和最高）。"
            "请勾选要接受的结对（可“全选”），再点“接受选中的结对”。"
        )
        self.unmatched.setText(
            "未能推荐：" + "；".join(f"{n}（{s}）：{why}" for _, n, s, why in res.unmatched) if res.unmatched else ""
        )

    def _fill_table(self, ticked: set[int] | None = None) -> None:
        """Show self.rows; TICKED: mentee ids ticked (None: keep the ticks the clerk made)."""
        if ticked is None:
            ticked = {self._shown[r] for r in self.checked() if r < len(self._shown)}
        self._shown = [row[C["mentee_id"]] for row in self.rows]
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked if row[C["mentee_id"]] in ticked else Qt.CheckState.Unchecked)
            self.table.setItem(r, 0, check)
            for c, key in enumerate(SHOWN, 1):
                item = QTableWidgetItem(str(row[C[key]]))
                if key == "explanation":
                    item.setToolTip(str(row[C[key]]))
                self.table.setItem(r, c, item)

    def check_all(self, on: bool) -> None:
        for r in range(self.table.rowCount()):
            self.table.item(r, 0).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked(self) -> list[int]:
        return [r for r in range(self.table.rowCount()) if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def change_mentor(self, teacher_id: int | None = None, name: str = "") -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        if teacher_id is None:
            dlg = QDialog(self)
            dlg.setWindowTitle(f"为 {self.rows[r][C['mentee']]} 更换导师")
            picker = TeacherPicker(self.db)
            box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
            box.accepted.connect(dlg.accept)
            box.rejected.connect(dlg.reject)
            lay = QVBoxLayout(dlg)
            lay.addWidget(picker)
            lay.addWidget(box)
            try:
                if dlg.exec() != QDialog.DialogCode.Accepted or not picker.teacher_id():
                    return
                teacher_id, name = picker.teacher_id(), picker.teacher_name()
            finally:
                dlg.deleteLater()
        row = self.rows[r]
        row[C["mentor_id"]], row[C["mentor"]] = teacher_id, name
        row[C["mentor_school"]], row[C["mentor_backbone"]], row[C["score"]] = "", "", ""
        row[C["explanation"]] = "人工调整（保存时按结对规则检查）"
        self._fill_table()
        select_row(self.table, r)

    def accept(self) -> None:
        picked = self.checked()
        if not picked:
            warn(self, "接受推荐", "没有勾选要接受的结对")
            return
        if not confirm(self, "接受推荐", f"为 {len(picked)} 名青年教师建立师徒结对吗？"):
            return
        pairs = [(self.rows[r][C["mentor_id"]], self.rows[r][C["mentee_id"]]) for r in picked]
        try:
            created, messages = pairing_suggest.accept(self.db, self.programme.currentData(), pairs)
        except UserError as e:
            warn(self, "接受推荐", str(e))
            return
        self.rows = [row for r, row in enumerate(self.rows) if r not in set(picked)]
        self._fill_table()
        self.bus.notify(Topic.PAIRINGS)
        text = f"已建立 {created} 对师徒结对。"
        if messages:
            text += "\n\n请注意：\n" + "\n".join(messages[:20])
            warn(self, "接受推荐", text)
        status(self, text.split("\n")[0])
