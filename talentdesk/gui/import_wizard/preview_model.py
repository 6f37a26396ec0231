"""Table model over the rows of an import plan, through a thin adapter (plan_view.PlanView) that
turns each plan row into plain display data. No ORM objects; rows are built on demand and cached;
filters are lists of row indices (see NOTES: no QSortFilterProxyModel over big models)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

ERROR_BG = QColor("#f8c9c9")
WARNING_BG = QColor("#ffe7a8")
CHANGED_BG = QColor("#dcebff")
EXCLUDED_FG = QColor("#9a9a9a")
ERROR_FG = QColor("#b42318")

FILTERS = ("全部", "错误", "警告", "待定", "新增", "修改", "未变", "已排除")

_PREFIX = {"error": "错误：", "warning": "请核实：", "info": "修改："}

FIXED = ("导入", "位置", "结果")  # columns before the fields
COL_INCLUDE, COL_WHERE, COL_STATUS = 0, 1, 2


@dataclass
class RowView:
    """What the preview shows of one plan row (plain data)."""

    where: str  # 花名册!12
    status: str  # 新增 / 修改 / 未变 / 错误 / 待定 / 跳过
    category: str  # new | changed | unchanged | error | skipped
    values: list[str]  # display text per field column (the new value)
    raw: list[str]  # the text to start editing from, per field column
    issues: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # column → [(severity, message)]
    row_issues: list[tuple[str, str]] = field(default_factory=list)  # not tied to a column
    old: dict[int, str] = field(default_factory=dict)  # column → old value (a changed teacher)
    excluded: bool = False
    editable: bool = True
    decision_needed: bool = False  # a teacher found at another school: 调入本校 or 保留原编制学校

    @property
    def has_error(self) -> bool:
        return (
            self.category == "error"
            or any(s == "error" for lst in self.issues.values() for s, _ in lst)
            or any(s == "error" for s, _ in self.row_issues)
        )

    @property
    def has_warning(self) -> bool:
        return any(s == "warning" for lst in self.issues.values() for s, _ in lst) or any(
            s == "warning" for s, _ in self.row_issues
        )

    def matches(self, flt: str) -> bool:
        if flt == "全部":
            return True
        if flt == "已排除":
            return self.excluded
        if flt == "错误":
            return self.has_error
        if flt == "警告":
            return self.has_warning
        if self.excluded:
            return False
        return {"新增": "new", "修改": "changed", "未变": "unchanged", "待定": "held"}.get(flt) == self.category

    def tooltip(self, col: int | None) -> str:
        lines = []
        if col is None:
            for s, m in self.row_issues + [x for lst in self.issues.values() for x in lst]:
                lines.append(_PREFIX.get(s, "") + m)
        else:
            if col in self.old:
                lines.append(f"原值：{self.old[col] or '（空）'}")
            for s, m in self.issues.get(col, []):
                lines.append(_PREFIX.get(s, "") + m)
        return "\n".join(lines)


class PreviewModel(QAbstractTableModel):
    counts_changed = Signal()

    def __init__(self, view, parent=None):
        """``view`` is a plan_view.PlanView (headers, __len__, row(i), set_value, set_excluded)."""
        super().__init__(parent)
        self.view = view
        self.headers = list(FIXED) + list(view.headers)
        self._cache: dict[int, RowView] = {}
        self.visible: list[int] = list(range(len(view)))
        self.filter = "全部"

    # -- rows
    def row_view(self, i: int) -> RowView:
        rv = self._cache.get(i)
        if rv is None:
            rv = self._cache[i] = self.view.row(i)
        return rv

    def plan_index(self, view_row: int) -> int:
        return self.visible[view_row]

    def view_row_of(self, plan_index: int) -> int:
        try:
            return self.visible.index(plan_index)
        except ValueError:
            return -1

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(FILTERS, 0)
        for i in range(len(self.view)):
            rv = self.row_view(i)
            for f in FILTERS:
                if rv.matches(f):
                    out[f] += 1
        return out

    def set_filter(self, flt: str) -> None:
        self.beginResetModel()
        self.filter = flt
        self.visible = [i for i in range(len(self.view)) if self.row_view(i).matches(flt)]
        self.endResetModel()

    def reload(self) -> None:
        """The plan changed as a whole (e.g. after re-checking): rebuild everything."""
        self._cache.clear()
        self.set_filter(self.filter)
        self.counts_changed.emit()

    def _refresh_rows(self, indices) -> None:
        """Rows changed after an edit: redraw them but keep the visible rows (a corrected row stays in view)."""
        for i in indices:
            self._cache.pop(i, None)
        if self.visible:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.visible) - 1, self.columnCount() - 1))
        self.counts_changed.emit()

    def apply_to(self, view_rows, fn) -> None:
        """Run fn(plan indices) of the adapter (exclude many, decide…) and redraw."""
        self._refresh_rows(fn([self.visible[r] for r in view_rows]))

    # -- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return str(section + 1)

    def flags(self, index):
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        rv = self.row_view(self.visible[index.row()])
        if index.column() == COL_INCLUDE:
            return f | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() >= len(FIXED) and rv.editable and not rv.excluded:
            return f | Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rv = self.row_view(self.visible[index.row()])
        c = index.column()
        fc = c - len(FIXED)
        if role == Qt.ItemDataRole.DisplayRole:
            if c == COL_INCLUDE:
                return None
            if c == COL_WHERE:
                return rv.where
            if c == COL_STATUS:
                return "已排除" if rv.excluded else rv.status
            if fc in rv.old:
                return f"{rv.old[fc] or '（空）'} → {rv.values[fc] or '（空）'}"
            return rv.values[fc]
        if role == Qt.ItemDataRole.EditRole:
            return rv.raw[fc] if fc >= 0 else None
        if role == Qt.ItemDataRole.CheckStateRole and c == COL_INCLUDE:
            return Qt.CheckState.Unchecked if rv.excluded else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.BackgroundRole:
            if rv.excluded:
                return None
            sev = self._severity(rv, fc) if fc >= 0 else None
            if c == COL_STATUS:
                sev = "error" if rv.has_error else "warning" if rv.has_warning else None
                if sev is None and rv.category == "changed":
                    return QBrush(CHANGED_BG)
            if sev == "error":
                return QBrush(ERROR_BG)
            if sev == "warning":
                return QBrush(WARNING_BG)
            if fc in rv.old:
                return QBrush(CHANGED_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if rv.excluded:
                return QBrush(EXCLUDED_FG)
            if c == COL_STATUS and rv.has_error:
                return QBrush(ERROR_FG)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if c in (COL_STATUS, COL_WHERE):
                return rv.tooltip(None) or None
            if c == COL_INCLUDE:
                return "取消勾选则不导入这一行"
            return rv.tooltip(fc) or None
        return None

    @staticmethod
    def _severity(rv: RowView, fc: int) -> str | None:
        lst = rv.issues.get(fc)
        if not lst:
            return None
        return "error" if any(s == "error" for s, _ in lst) else "warning"

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if not index.isValid():
            return False
        i = self.visible[index.row()]
        c = index.column()
        if c == COL_INCLUDE and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            self._refresh_rows(self.view.set_excluded(i, not checked))
            return True
        if c >= len(FIXED) and role == Qt.ItemDataRole.EditRole:
            text = "" if value is None else str(value)
            if text == self.row_view(i).raw[c - len(FIXED)]:
                return False
            self._refresh_rows(self.view.set_value(i, c - len(FIXED), text))
            return True
        return False

    # -- helpers for the page and tests
    def set_excluded(self, view_row: int, excluded: bool) -> None:
        self.setData(
            self.index(view_row, COL_INCLUDE),
            Qt.CheckState.Unchecked if excluded else Qt.CheckState.Checked,
            Qt.ItemDataRole.CheckStateRole,
        )

    def field_column(self, header: str) -> int:
        return self.headers.index(header)
