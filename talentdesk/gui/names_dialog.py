"""A bureau's editable list of names (活动类别, 竞赛类别, 课题类别, 结对类型, 教研角色, 工作室成果类别, 人才类别):
add one, remove one nothing uses."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.record_files import warn
from talentdesk.gui.security.roles import apply_read_only


class NamesDialog(QDialog):
    """TITLE: the list's name; LIST_: the entries (dicts with id, name, used and maybe unit); ADD(db, name, unit) and
    REMOVE(db, id): the service's; UNIT: ask for a unit too; USED_WORD: what uses a name (“条任职记录”);
    NAME_LABEL: the prompt for a new name (“类别名称：”); HEIGHT: the dialog's height at first; WRAP: False keeps a
    one-line HINT on one line (the dialog widens to it)."""

    def __init__(
        self,
        db,
        title: str,
        hint: str,
        list_: Callable[[], list[dict]],
        add: Callable[..., int],
        remove: Callable[..., None],
        *,
        unit: bool = False,
        used_word: str = "条记录",
        name_label: str = "名称：",
        height: int = 480,
        wrap: bool = True,
        parent=None,
    ):
        super().__init__(parent)
        self.db, self.title = db, title
        self._list, self._add, self._remove, self._unit, self._used = list_, add, remove, unit, used_word
        self._name_label = name_label
        self.setWindowTitle(title)
        self.list = QListWidget()
        add_b, remove_b = QPushButton("添加…"), QPushButton("删除")
        add_b.clicked.connect(lambda _c=False: self.add())
        remove_b.clicked.connect(lambda _c=False: self.remove())
        apply_read_only([add_b, remove_b], db)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(add_b)
        bar.addWidget(remove_b)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        label = QLabel(hint)
        label.setWordWrap(wrap)
        lay.addWidget(label)
        lay.addWidget(self.list, 1)
        lay.addLayout(bar)
        lay.addWidget(close)
        self.resize(420, height)
        self.changed = False
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        self.kinds = self._list()
        for k in self.kinds:
            name = f"{k['name']}（{k['unit']}）" if k.get("unit") else k["name"]
            self.list.addItem(f"{name}　（{k['used']} {self._used}）" if k["used"] else name)

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, f"添加{self.title}", self._name_label)
        if not ok or not name.strip():
            return
        extra: tuple = ()
        if self._unit:
            unit, ok = QInputDialog.getText(self, f"添加{self.title}", "计量单位（如 节、堂、次）：")
            if not ok:
                return
            extra = (unit,)
        try:
            self._add(self.db, name, *extra)
        except (UserError, ReadOnlyError) as e:
            warn(self, f"添加{self.title}", str(e))
            return
        self.changed = True
        self.refresh()

    def remove(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        try:
            self._remove(self.db, self.kinds[row]["id"])
        except (UserError, ReadOnlyError) as e:
            warn(self, f"删除{self.title}", str(e))
            return
        self.changed = True
        self.refresh()
