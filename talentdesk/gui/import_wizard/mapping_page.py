"""Step 2: each file and sheet — the detected table (header rows, kind of list) and the column
mapping. The clerk confirms or corrects each column's field; unmapped columns are shown clearly.
Corrections are applied to the plan when leaving the page (the core re-checks the rows once)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from talentdesk.gui.import_wizard.plan_view import show
from talentdesk.importing import columns as cols
from talentdesk.importing.cards import cell_ref

HOW = {
    "exact": "自动识别",
    "variant": "自动识别",
    "stem": "自动识别（近似）",
    "remembered": "按上次确认的设置",
    "manual": "手动指定",
    "none": "未识别：此列不导入",
    "duplicate": "与前面的列重复：此列不导入",
    "hidden": "隐藏列：此列不导入",
}
UNMAPPED_BG = QColor("#ffe7a8")
NOT_IMPORTED = "（不导入）"
MAP_HEADERS = ("列", "表头", "示例值", "导入为", "说明")
CARD_HEADERS = ("位置", "登记表上的项目", "示例值", "导入为", "说明")


def col_letter(i: int) -> str:
    s, i = "", i + 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _school_line(sp) -> str:
    """Which school the sheet's rows go to (as the plan resolved it from title, sheet and file names)."""
    found = sp.school_found
    if found is not None and found.ref is not None:
        return f"学校：<b>{html.escape(found.ref.name)}</b>（取自标题、工作表名或文件名）"
    why = (
        found.issue()[1].split("：")[0] if found is not None and found.asked else "标题、工作表名和文件名都没有写明学校"
    )
    return f"<span style='color:#9a5b00'>学校：待定——{html.escape(why)}。下一步选中这些行，点“指定学校…”</span>"


def _cards_line(sp) -> str:
    """What the clerk must know about a sheet read as registration cards: how many, where they start."""
    starts = "、".join(c.place or f"第{c.first_row + 1}行起" for c in sp.cards[:8]) + (
        "……" if len(sp.cards) > 8 else ""
    )
    return (
        f"<b>{html.escape(Path(sp.path).name)} › {html.escape(sp.name)}</b>：<b style='color:#1f5fa8'>按登记表读取</b>"
        f"（一人一张，不是一行一人），共 {len(sp.cards)} 张登记表（{html.escape(starts)}）。"
        f"右边是登记表上的各项，每张登记表导入为一位教师。"
    )


def _label_cell(sp, c) -> str:
    """Where the first card that has this label writes it (A2; 表格1第1行第1格 in a Word document)."""
    for card in sp.cards:
        p = card.at.get(c.index)
        if p is not None:
            return cell_ref(p.label_at, sp.raw.origins)
    return ""


class MappingPage(QWizardPage):
    def __init__(self, wizard_state, parent=None):
        super().__init__(parent)
        self.state = wizard_state
        self.setTitle("第二步：核对识别出的表格和列")
        self.setSubTitle(
            "左边是读到的每个工作表。请核对右边每一列“导入为”哪一项，识别错的请改正；"
            "标黄的列不会导入。改过的对应关系会记住，下次同样表头的文件自动使用。"
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.sheet_list = QListWidget()
        self.sheet_list.setObjectName("mapping_sheets")
        self.sheet_list.currentRowChanged.connect(self._show_sheet)
        self.sheet_list.setStyleSheet("QListWidget::item { padding: 3px; }")
        self.info = QLabel()
        self.info.setObjectName("mapping_info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("mapping_kind")
        for k in cols.KINDS:
            self.kind_box.addItem(cols.KIND_LABELS[k], k)
        self.kind_box.activated.connect(self._kind_changed)
        self.table = QTableWidget(0, len(MAP_HEADERS))
        self.table.setObjectName("mapping_table")
        self.table.setHorizontalHeaderLabels(MAP_HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(1, 200)
        self.table.setColumnWidth(3, 170)
        self.table.setColumnWidth(4, 220)
        self.warning = QLabel()
        self.warning.setObjectName("mapping_warning")
        self.warning.setStyleSheet("color: #b42318;")
        self.warning.setWordWrap(True)

        right = QWidget()
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel("名单类型："))
        kind_row.addWidget(self.kind_box)
        kind_row.addStretch(1)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.info)
        rl.addLayout(kind_row)
        rl.addWidget(self.table, 1)
        rl.addWidget(self.warning)
        split = QSplitter()
        split.addWidget(self.sheet_list)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([320, 1280])
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self._sheets = []  # SheetPlan per list row (None for a file heading or a refused file)
        self._files = []  # FilePlan per list row
        self.pending: dict[int, dict] = {}  # id(sheet) → {"kind": k, "map": {col index: field}}

    # -- entering the page
    def initializePage(self) -> None:
        plan = self.state.plan
        self.pending.clear()
        self.sheet_list.clear()
        self._sheets = []
        self._files = []
        for fp in plan.files:
            fname = Path(fp.path).name
            head = QListWidgetItem(fname)
            font = QFont(head.font())
            font.setBold(True)
            head.setFont(font)
            head.setToolTip(fp.path)
            self.sheet_list.addItem(head)
            self._sheets.append(None)
            self._files.append(fp)
            if fp.error or not fp.sheets:
                item = QListWidgetItem("    ✖ " + ("无法导入，见右侧说明" if fp.error else "没有找到表格"))
                item.setToolTip(fp.error or "")
                item.setForeground(QBrush(QColor("#b42318")))
                self.sheet_list.addItem(item)
                self._sheets.append(None)
                self._files.append(fp)
                continue
            for sp in fp.sheets:
                item = QListWidgetItem(self._sheet_label(sp))
                item.setToolTip(f"{fp.path}\n工作表：{sp.name}")
                self.sheet_list.addItem(item)
                self._sheets.append(sp)
                self._files.append(fp)
        first = next((i for i, s in enumerate(self._sheets) if s is not None), 0)
        self.sheet_list.setCurrentRow(first)
        self._show_sheet(first)

    def _sheet_label(self, sp, edited: bool = False) -> str:
        unmapped = sum(1 for c in sp.columns if not self._field(sp, c))
        if sp.cards is not None:
            mark = f"，{unmapped} 项不导入" if unmapped else ""
            return f"    {sp.name}：登记表 {len(sp.rows)} 张{mark}" + ("（已改）" if edited else "")
        mark = f"，{unmapped} 列不导入" if unmapped else ""
        return f"    {sp.name}：{cols.KIND_LABELS[self._kind(sp)]} {len(sp.rows)} 行{mark}" + (
            "（已改）" if edited else ""
        )

    def _kind(self, sp) -> str:
        return self.pending.get(id(sp), {}).get("kind", sp.kind)

    def _field(self, sp, c) -> str | None:
        m = self.pending.get(id(sp), {}).get("map", {})
        return m.get(c.index, c.field)

    # -- one sheet
    def current_sheet(self):
        r = self.sheet_list.currentRow()
        return self._sheets[r] if 0 <= r < len(self._sheets) else None

    def _show_sheet(self, row: int) -> None:
        sp = self._sheets[row] if 0 <= row < len(self._sheets) else None
        self.table.setRowCount(0)
        if sp is None:
            fp = self._file_of_row(row)
            if fp is None:
                self.info.setText("")
            elif fp.error or not fp.sheets:
                self.info.setText(
                    f"<b>{Path(fp.path).name}</b><br><b style='color:#b42318'>"
                    f"{fp.error or '此文件中没有找到表格（没有一行像表头）'}</b>"
                )
            else:
                self.info.setText(f"<b>{Path(fp.path).name}</b>：{len(fp.sheets)} 个工作表，请选择左边的工作表查看。")
            self.kind_box.setEnabled(False)
            self.warning.setText("")
            return
        self.kind_box.setEnabled(sp.cards is None)  # a card is one teacher: cards are a teacher list
        kind = self._kind(sp)
        self.kind_box.setCurrentIndex(cols.KINDS.index(kind))
        if sp.cards is not None:
            parts = [_cards_line(sp)]
        else:
            hr = sp.header_rows
            rows_txt = f"第 {hr[0]} 行" if len(hr) == 1 else f"第 {hr[0]}–{hr[-1]} 行（两行表头）"
            first = sp.rows[0].row if sp.rows else None
            parts = [
                f"<b>{Path(sp.path).name} › {sp.name}</b>：表头在{rows_txt}，"
                f"数据 {len(sp.rows)} 行" + (f"（从第 {first} 行起）" if first else "")
            ]
        if kind == "teachers" and "school" not in sp.field_columns:
            parts.append(_school_line(sp))
        if sp.title_lines:
            parts.append("标题：" + " / ".join(sp.title_lines[:2]))
        for n in sp.notes[:4]:
            parts.append(f"<span style='color:#666'>{n}</span>")
        self.info.setText("<br>".join(parts))
        self.table.setHorizontalHeaderLabels(CARD_HEADERS if sp.cards is not None else MAP_HEADERS)
        options = [f for f in cols.SYNONYMS[kind] if f != cols.IGNORED]
        self.table.setRowCount(len(sp.columns))
        for r, c in enumerate(sp.columns):
            fld = self._field(sp, c)
            samples = []
            for pr in sp.rows:
                v = pr.cells[c.index] if c.index < len(pr.cells) else None
                t = show(v).strip()
                if t and t not in samples:
                    samples.append(t)
                if len(samples) >= 3:
                    break
            items = [
                QTableWidgetItem(_label_cell(sp, c) if sp.cards is not None else col_letter(c.index)),
                QTableWidgetItem(c.header),
                QTableWidgetItem("、".join(samples)),
                QTableWidgetItem(""),
                QTableWidgetItem(self._how(sp, c)),
            ]
            for k, it in enumerate(items):
                self.table.setItem(r, k, it)
            box = QComboBox()
            box.setObjectName(f"map_{c.index}")
            box.addItem(NOT_IMPORTED, None)
            for f in options:
                box.addItem(cols.FIELD_LABELS.get(f, f), f)
            box.setMaxVisibleItems(25)
            i = box.findData(fld) if fld and fld != cols.IGNORED else 0
            box.setCurrentIndex(max(i, 0))
            box.activated.connect(lambda _=0, sp=sp, c=c, b=box: self._field_changed(sp, c, b.currentData()))
            self.table.setCellWidget(r, 3, box)
            self._paint_row(r, fld)
        self._check_duplicates(sp)

    def _how(self, sp, c) -> str:
        m = self.pending.get(id(sp), {}).get("map", {})
        if c.index in m:
            return "手动指定" if m[c.index] else "手动设为不导入"
        if c.how == "remembered":
            return "按上次确认的设置" + ("" if c.field and c.field != cols.IGNORED else "（不导入）")
        if c.field == cols.IGNORED:
            return "序号等，不导入"
        return HOW.get(c.how, c.how) if c.field or c.how in ("none", "duplicate", "hidden") else "不导入"

    def _paint_row(self, r: int, fld) -> None:
        unmapped = not fld
        for k in range(self.table.columnCount()):
            it = self.table.item(r, k)
            if it is not None:
                it.setBackground(QBrush(UNMAPPED_BG) if unmapped else QBrush())

    def _file_of_row(self, row: int):
        return self._files[row] if 0 <= row < len(self._files) else None

    # -- corrections
    def _field_changed(self, sp, c, fld) -> None:
        entry = self.pending.setdefault(id(sp), {"sheet": sp})
        entry.setdefault("map", {})[c.index] = fld
        r = sp.columns.index(c)
        self.table.item(r, 4).setText(self._how(sp, c))
        self._paint_row(r, fld)
        self._check_duplicates(sp)
        self.sheet_list.currentItem().setText(self._sheet_label_pending(sp))

    def _sheet_label_pending(self, sp) -> str:
        return self._sheet_label(sp, edited=True)

    def _kind_changed(self, _=0) -> None:
        sp = self.current_sheet()
        if sp is None:
            return
        kind = self.kind_box.currentData()
        if kind == self._kind(sp):
            return
        matches = cols.map_headers(kind, [c.header for c in sp.columns])
        self.pending[id(sp)] = {
            "sheet": sp,
            "kind": kind,
            "map": {c.index: m.field for c, m in zip(sp.columns, matches)},
        }
        self.sheet_list.currentItem().setText(self._sheet_label_pending(sp))
        self._show_sheet(self.sheet_list.currentRow())

    def set_field(self, sheet, header: str, fld: str | None) -> None:
        """Choose the field of a column by its header (for tests and keyboard-less use)."""
        c = next(c for c in sheet.columns if c.header == header)
        self._field_changed(sheet, c, fld)

    def _check_duplicates(self, sp) -> None:
        seen, dups = {}, []
        for c in sp.columns:
            f = self._field(sp, c)
            if f and f != cols.IGNORED:
                if f in seen:
                    dups.append(f"“{c.header}”和“{seen[f]}”都导入为“{cols.FIELD_LABELS.get(f, f)}”，只使用前一列")
                else:
                    seen[f] = c.header
        missing = [
            " 或 ".join(cols.FIELD_LABELS[f] for f in alts)
            for alts in cols.REQUIRED[self._kind(sp)]
            if not any(f in seen for f in alts)
        ]
        msgs = dups + ([f"缺少必需的列：{'、'.join(missing)}（这张表的行将无法导入）"] if missing else [])
        self.warning.setText("\n".join(msgs))

    def validatePage(self) -> bool:
        plan = self.state.plan
        for entry in self.pending.values():
            sp = entry["sheet"]
            if "kind" in entry:
                sp.kind = entry["kind"]
            plan.remap(sp, entry.get("map", {}))
        self.pending.clear()
        return True

    def isComplete(self) -> bool:
        return any(s is not None for s in self._sheets)
