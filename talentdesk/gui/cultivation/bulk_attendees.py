"""批量添加参训教师: the teachers of a school, those a filter of the teacher list finds, or a pasted column of
names / ID numbers; the matches (and the lines not found or ambiguous) are shown before anything is added.
Nothing is saved here: the chosen teachers go into the course's attendance list, saved with the course."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import codes
from talentdesk.gui import fit
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.models.teacher_table import FILTERS, C, TeacherTableModel
from talentdesk.gui.widgets import school_combo, school_id_of, setup_list_view
from talentdesk.services.cultivation import attendees
from talentdesk.services.people import schools as school_svc
from talentdesk.services.people import teachers as teacher_svc

ADD, PRESENT = "将添加", "已在名单中"
HEADERS = ("行", "名单中写的", "姓名", "学校", "结果", "说明")
ALL = "全部"


class _Results(RowsModel):
    """Rows that will not be added are red (not found, ambiguous) or grey (already there, repeated)."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole:
            status = self.row_at(index.row())[5]
            if status in (attendees.NOT_FOUND, attendees.AMBIGUOUS):
                return QColor("#b42318")
            if status != ADD:
                return QColor("#8a8f98")
        return super().data(index, role)


class BulkAttendeesDialog(QDialog):
    def __init__(self, db, present: set[int], parent=None):
        """PRESENT: teacher ids already in the course's list (shown, not added twice)."""
        super().__init__(parent)
        self.db, self.present = db, set(present)
        self.setWindowTitle("批量添加参训教师")
        self.chosen: list[tuple[int, str, str]] = []  # (teacher id, name, school) to add
        self.sources = QTabWidget()
        self.sources.addTab(self._school_source(), "按学校")
        self.sources.addTab(self._filter_source(), "按条件筛选")
        self.sources.addTab(self._paste_source(), "粘贴名单")
        self.model = _Results(list(HEADERS), [1, 2, 3, 4, 5, 6], self)
        self.view = setup_list_view(QTableView(), self.model, wrap=False)
        self.view.setObjectName("bulk_results")
        self.summary = QLabel("选择学校、设定条件或粘贴名单，然后点“列出”或“匹配”：结果先列在下面，确认后再添加。")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.ok.setText("添加")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        self.sources.setMaximumHeight(200)
        lay.addWidget(self.sources)
        lay.addWidget(QLabel("匹配结果："))
        lay.addWidget(self.view, 1)
        lay.addWidget(self.summary)
        lay.addWidget(self.buttons)
        fit.resize_within_screen(self, 860, 640)

    # -- sources
    def _school_source(self) -> QWidget:
        w = QWidget()
        self.school = school_combo(school_svc.choices(self.db))
        self.school.setObjectName("bulk_school")
        go = QPushButton("列出这所学校的在岗教师")
        go.clicked.connect(lambda _c=False: self.from_school())
        lay = QHBoxLayout(w)
        lay.addWidget(QLabel("学校："))
        lay.addWidget(self.school, 1)
        lay.addWidget(go)
        return w

    def _filter_source(self) -> QWidget:
        w = QWidget()
        self.teachers = TeacherTableModel(self)
        self.teachers.set_rows([r for r in teacher_svc.list_rows(self.db) if r[C["status"]] == codes.ACTIVE_STATUS])
        form = QFormLayout()
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText("姓名、身份证号或学校中含有的文字（可不填）")
        form.addRow("搜索：", self.filter_text)
        self.filters: dict[str, QComboBox] = {}
        row = QHBoxLayout()
        for name in ("township", "school", "stage", "subject", "title"):
            box = QComboBox()
            box.addItem(ALL)
            box.addItems(self.teachers.distinct(name))
            box.setMinimumContentsLength(6)
            self.filters[name] = box
            row.addWidget(QLabel(FILTERS[name][0] + "："))
            row.addWidget(box, 1)
        form.addRow(row)
        go = QPushButton("列出符合条件的在岗教师")
        go.clicked.connect(lambda _c=False: self.from_filter())
        lay = QVBoxLayout(w)
        lay.addLayout(form)
        lay.addWidget(go, 0, Qt.AlignmentFlag.AlignRight)
        lay.addStretch(1)
        return w

    def _paste_source(self) -> QWidget:
        w = QWidget()
        self.paste = QPlainTextEdit()
        self.paste.setObjectName("bulk_paste")
        self.paste.setMaximumHeight(140)  # the results below get the room
        self.paste.setPlaceholderText("每行一人：姓名、身份证号，或两列都有（可直接从 Excel 复制一列或两列粘贴）")
        go = QPushButton("匹配")
        go.clicked.connect(lambda _c=False: self.from_paste())
        lay = QHBoxLayout(w)
        lay.addWidget(self.paste, 1)
        lay.addWidget(go, 0, Qt.AlignmentFlag.AlignBottom)
        return w

    # -- listing
    def from_school(self) -> None:
        sid, problem = school_id_of(self.school)
        if problem or sid is None:
            self.summary.setText(problem or "请先选择学校")
            return
        self._show(
            [
                (attendees.MATCHED, tid, name, school, "", "")
                for tid, name, school in attendees.serving_at(self.db, [sid])
            ]
        )

    def from_filter(self) -> None:
        chosen = {k: b.currentText() for k, b in self.filters.items() if b.currentText() != ALL}
        self.teachers.set_filter(self.filter_text.text(), chosen)
        rows = [self.teachers.row_at(i) for i in range(self.teachers.rowCount())]
        self._show(
            [
                (attendees.MATCHED, r[C["id"]], r[C["name"]], r[C["work_school"]] or r[C["post_school"]], "", "")
                for r in rows
            ]
        )

    def from_paste(self) -> None:
        self._show(
            [
                (m.status, m.teacher_id, m.name, m.school, m.note, (m.line, m.text))
                for m in attendees.match_pasted(self.db, self.paste.toPlainText())
            ]
        )

    def _show(self, found: list[tuple]) -> None:
        rows = []
        for status, tid, name, school, note, src in found:
            if status == attendees.MATCHED and tid in self.present:
                status, note = PRESENT, note or "已在参训名单中"
            elif status == attendees.MATCHED:
                status = ADD
            line, text = src if src else ("", name)
            rows.append((tid, line, text, name, school, status, note))
        if not any(r[1] for r in rows):  # a school or a filter: by school, then name, in pinyin order
            from talentdesk.domain.collation import sort_key

            rows.sort(key=lambda r: (sort_key(r[4]), sort_key(r[3])))
        self.model.set_rows(rows)
        for c, w in enumerate((40, 150, 80, 180, 80)):
            self.view.setColumnWidth(c, w)
        self.chosen = [(r[0], r[3], r[4]) for r in rows if r[5] == ADD]
        counts = {
            s: sum(1 for r in rows if r[5] == s)
            for s in (ADD, PRESENT, attendees.NOT_FOUND, attendees.AMBIGUOUS, attendees.REPEATED)
        }
        parts = [f"将添加 {counts[ADD]} 人"]
        parts += [
            f"{s} {n} {'行' if s in (attendees.NOT_FOUND, attendees.AMBIGUOUS, attendees.REPEATED) else '人'}"
            for s, n in counts.items()
            if s != ADD and n
        ]
        if not rows:
            parts = ["没有找到在岗教师"]
        left_out = counts[attendees.NOT_FOUND] or counts[attendees.AMBIGUOUS]
        hint = "。未找到和同名多人的行不会添加：改正名单后重新匹配。" if left_out else "。"
        self.summary.setText("；".join(parts) + hint)
        self.ok.setEnabled(bool(self.chosen))
        self.ok.setText(f"添加 {len(self.chosen)} 人" if self.chosen else "添加")
