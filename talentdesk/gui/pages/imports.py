"""数据导入 page: start the import wizard, download blank templates for schools, and the list of
import batches with 撤销此批次 (undo through services.platform.imports)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.bus import Topic
from talentdesk.gui.security.roles import may, why_not
from talentdesk.gui.widgets import plain_table
from talentdesk.importing import templates

BATCH_HEADERS = ("批次", "导入时间", "操作人", "名单类型", "文件", "新增", "修改", "未变", "未导入", "状态")


class ImportsPage(QWidget):
    title = "数据导入"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.wizard = None

        head = QLabel("数据导入")
        head.setStyleSheet("font-size: 16pt; font-weight: bold;")
        intro = QLabel(
            "导入学校报来的教师名单、学校基本情况、师徒结对名单、交流轮岗名单、培训学时名单，"
            "以及离岗人员名单、管理响应记录和学校岗位设置表。"
            "导入前可以逐行预览、更正或排除，有问题的行可另存为“问题清单”退回学校。"
        )
        intro.setWordWrap(True)
        self.start_button = QPushButton("开始导入…")
        self.start_button.setObjectName("start_import")
        self.start_button.setMinimumHeight(36)
        self.start_button.setStyleSheet("font-weight: bold; padding: 4px 18px;")
        self.start_button.clicked.connect(self.start_import)

        tpl_box = QGroupBox("下载空白模板（发给学校填写）")
        tpl_lay = QGridLayout(tpl_box)  # four a row: eight templates fit a 1366-pixel screen
        self.template_buttons = {}
        for i, kind in enumerate(templates.KINDS):
            b = QPushButton(f"下载空白模板：{templates.KIND_LABELS[kind]}")
            b.setObjectName(f"template_{kind}")
            b.clicked.connect(lambda _=False, k=kind: self.save_template(k))
            tpl_lay.addWidget(b, i // 4, i % 4)
            self.template_buttons[kind] = b
        tpl_lay.setColumnStretch(4, 1)

        top = QHBoxLayout()
        top.addWidget(self.start_button)
        top.addStretch(1)

        batch_box = QGroupBox("导入记录")
        self.batches = plain_table(BATCH_HEADERS, "import_batches", stretch=False)
        hh = self.batches.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # 文件
        self.batches.itemSelectionChanged.connect(self._update_buttons)
        self.undo_button = QPushButton("撤销此批次")
        self.undo_button.setObjectName("undo_batch")
        self.undo_button.clicked.connect(self.undo_selected)
        self.batch_note = QLabel()
        self.batch_note.setStyleSheet("color: #666;")
        brow = QHBoxLayout()
        brow.addWidget(self.batch_note, 1)
        brow.addWidget(self.undo_button)
        blay = QVBoxLayout(batch_box)
        blay.addWidget(self.batches, 1)
        blay.addLayout(brow)

        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(intro)
        lay.addLayout(top)
        lay.addWidget(tpl_box)
        lay.addWidget(batch_box, 1)

        self._batch_rows: list[dict] = []
        if bus is not None:
            bus.follow(self, self.refresh, Topic.IMPORTS)
        self.refresh()

    # -- templates
    def save_template(self, kind: str) -> None:
        from talentdesk.services.people import schools as school_svc

        path = file_dialogs.save_path(
            self, "xlsx", "保存空白模板", templates.default_filename(kind), "Excel 工作簿 (*.xlsx)", suffix=".xlsx"
        )
        if not path:
            return
        try:
            names = [name for _, name in school_svc.choices(self.db)] if kind != "schools" else None
            templates.write(kind, path, school_names=names)
        except OSError as e:
            QMessageBox.warning(self, "保存失败", f"无法保存“{path}”：{e.strerror or e}。文件是否正在 Excel 中打开？")
            return
        QMessageBox.information(self, "已保存", f"空白模板已保存到：\n{path}")

    # -- wizard
    def start_import(self) -> None:
        from talentdesk.gui.import_wizard import ImportWizard

        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return
        self.wizard = ImportWizard(self.db, self.bus, self)
        self.wizard.finished.connect(lambda _=0: self.refresh())
        self.wizard.show()

    # -- batches
    def refresh(self) -> None:
        self._batch_rows = self._load_batches()
        self.batches.setRowCount(len(self._batch_rows))
        for r, b in enumerate(self._batch_rows):
            values = (
                f"第 {b['number']} 批",
                b["at"],
                b["user"],
                b["kind_label"],
                b["files_text"],
                b["inserted"],
                b["updated"],
                b["unchanged"],
                b["not_imported"],
                b["state"],
            )
            for c, v in enumerate(values):
                item = QTableWidgetItem("" if v is None else str(v))
                if c == 4:
                    item.setToolTip("\n".join(b["files"]))
                if isinstance(v, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if b["undone"]:
                    item.setForeground(Qt.GlobalColor.gray)
                self.batches.setItem(r, c, item)
        self.batch_note.setText(f"共 {len(self._batch_rows)} 批导入" if self._batch_rows else "还没有导入记录")
        self._update_buttons()

    def _load_batches(self) -> list[dict]:
        from talentdesk.services.platform import imports as svc

        return svc.list_batches(self.db)

    def selected_batch(self) -> dict | None:
        rows = {i.row() for i in self.batches.selectedIndexes()}
        return self._batch_rows[rows.pop()] if len(rows) == 1 else None

    def _update_buttons(self) -> None:
        b = self.selected_batch()
        # read-only file or a role that may not import (查阅员): off, with the reason as tooltip;
        # the blank templates stay available
        allowed, reason = may(self.db, "import"), why_not(self.db, "import")
        self.undo_button.setEnabled(b is not None and not b["undone"] and allowed)
        self.undo_button.setToolTip(reason)
        self.start_button.setEnabled(allowed)
        self.start_button.setToolTip(reason)

    def undo_selected(self) -> None:
        from talentdesk.services.platform import imports as svc

        b = self.selected_batch()
        if b is None or b["undone"]:
            return
        question = (
            f"撤销 {b['at']} 导入的这一批（{b['kind_label']}：{b['files_text']}）？\n\n"
            f"这一批新增的 {b['inserted']} 条记录将被删除，修改的 {b['updated']} 条恢复为导入前的内容。"
            "导入之后对这些记录所做的其他修改可能一并受到影响。"
        )
        if QMessageBox.question(self, "撤销导入", question) != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.undo_batch(self.db, b["id"])
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "无法撤销", getattr(e, "message", "数据库以只读方式打开，不能撤销。"))
            self.refresh()
            return
        if self.bus is not None:
            self.bus.notify(Topic.ALL)
        else:
            self.refresh()
