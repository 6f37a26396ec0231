"""A thin table model over tuples (plain, or a service's NamedTuple rows that its page reads by name).
Filtering and sorting work on a list of row indices in Python and reset the model (QSortFilterProxyModel is
far too slow for 45,000 rows, see NOTES). Text sorts in pinyin order (names and schools as a clerk expects,
domain.collation)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from talentdesk.domain.collation import sort_key


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: list[str], columns: list[int], parent=None):
        """``headers``: display names; ``columns``: which tuple position each display column shows."""
        super().__init__(parent)
        self.headers = list(headers)
        self.columns = list(columns)
        self.rows: list[Any] = []  # tuples; Any so that a page reads its NamedTuple rows by name
        self.visible: list[int] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- data in
    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.visible = self._sorted(list(range(len(rows))))
        self.endResetModel()

    def set_visible(self, indices: list[int]) -> None:
        self.beginResetModel()
        self.visible = self._sorted(indices)
        self.endResetModel()

    # -- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            v = self.rows[self.visible[index.row()]][self.columns[index.column()]]
            return "" if v is None else str(v) if not isinstance(v, str) else v
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return str(section + 1)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        # Qt asks for column -1 when no sort indicator is set: keep the order the rows came in
        # (a negative index would silently sort by the last column)
        self._sort = (column, order) if 0 <= column < len(self.columns) else None
        self.beginResetModel()
        self.visible = self._sorted(self.visible) if self._sort else sorted(self.visible)
        self.endResetModel()

    def _sorted(self, indices: list[int]) -> list[int]:
        if self._sort is None:
            return indices
        column, order = self._sort
        pos, rows = self.columns[column], self.rows

        values = [r[pos] for r in rows]
        if all(isinstance(v, str) for v in values):  # the common case: plain text columns
            if all(v.isascii() for v in values):  # dates, numbers as text, codes: plain order is pinyin order
                out = sorted(indices, key=lambda i: values[i].casefold())
            else:
                out = sorted(indices, key=lambda i: sort_key(values[i]))
            n_empty = next((k for k, i in enumerate(out) if values[i] != ""), len(out))
            out = out[n_empty:] + out[:n_empty]  # empty values last
        else:

            def key(i):
                v = values[i]
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    return (False, 0, v, ())
                return (v is None or v == "", 1, 0, sort_key(str(v or "")))

            out = sorted(indices, key=key)
        desc = order == Qt.SortOrder.DescendingOrder
        if desc:  # empty values stay at the bottom either way
            filled = [i for i in out if rows[i][pos] not in (None, "")]
            out = filled[::-1] + out[len(filled) :]
        return out

    # -- helpers for views
    def row_at(self, view_row: int) -> Any:
        return self.rows[self.visible[view_row]]

    def key_at(self, view_row: int, pos: int = 0):
        return self.rows[self.visible[view_row]][pos]

    def view_row_of(self, key, pos: int = 0) -> int:
        for r, i in enumerate(self.visible):
            if self.rows[i][pos] == key:
                return r
        return -1
