"""Two of the clerk's spreadsheet buttons of a record list, written once: 导入… (read files, show every problem with
file, sheet, row and column, import what has no error on the clerk's word) and 导出 Excel… (write the list as
filtered). 模板… stays in each tab: what a template needs differs too much. Also the small message helpers every
list page uses.

A tab passes what differs (the importer module, its words, what to write); what to refresh afterwards stays in the
tab, because it differs (a bus topic, a reload, a second topic).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QMessageBox

from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui import file_dialogs

SHEETS = "表格 (*.xlsx *.xls *.ods *.csv)"
XLSX = "Excel 文件 (*.xlsx)"
SHOWN_PROBLEMS = 40  # a message box longer than this is unreadable; the rest is counted


class Importer(Protocol):
    """A record importer module: plan(db, paths) reads and checks, apply(db, plan) writes what has no error."""

    def plan(self, db, paths: list[str]) -> Any: ...

    def apply(self, db, plan) -> Any: ...


def ask_save_path(parent, title: str, name: str, filters: str) -> str:
    """The file to write (empty: cancelled), in the folder last used for this kind of file (NAME's suffix)."""
    suffix = Path(name).suffix.lower()
    return file_dialogs.save_path(parent, suffix.lstrip(".") or "file", title, name, filters, suffix=suffix)


def status(widget, text: str) -> None:
    bar = getattr(widget.window(), "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 15_000)


def warn(parent, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def confirm(parent, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def plan_text(plan) -> str:
    """The plan's summary and its problems, the first SHOWN_PROBLEMS of them, for a message box."""
    lines = [p.text() for p in plan.problems]
    shown = "\n".join(lines[:SHOWN_PROBLEMS])
    if len(lines) > SHOWN_PROBLEMS:
        shown += f"\n……共 {len(lines)} 条"
    return plan.summary() + "。" + (f"\n\n{shown}" if lines else "")


def import_files(parent, db, importer: Importer, *, title: str, nothing: str, ask: str, question: str) -> Any:
    """Ask for the files, plan the import, show the summary with every problem, and import the rows without errors
    when the clerk says yes. The importer's result, or None when cancelled, refused or nothing could be imported.

    title: the file dialog's (导入参赛获奖表); nothing: the warning's title when no row can be imported
    (没有可导入的竞赛); ask and question: the confirmation's title and its last line
    (导入竞赛, 现在导入没有错误的竞赛吗？)."""
    paths = file_dialogs.open_paths(parent, "xlsx", title, SHEETS)
    if not paths:
        return None
    try:
        plan = importer.plan(db, paths)
    except UserError as e:
        warn(parent, "不能导入", str(e))
        return None
    text = plan_text(plan)
    if not plan.ready:
        warn(parent, nothing, text)
        return None
    if not confirm(parent, ask, f"{text}\n\n{question}"):
        return None
    try:
        return importer.apply(db, plan)
    except (UserError, ReadOnlyError) as e:
        warn(parent, "不能导入", str(e))
        return None


def export_list(parent, write: Callable[[str], int], *, title: str, filename: str, done: str) -> str:
    """Ask where, write the list there and say how many rows went; DONE is the status line with {n} and {path}.
    The path, or "" when cancelled or refused."""
    path = ask_save_path(parent, title, filename, XLSX)
    if not path:
        return ""
    try:
        n = write(path)
    except UserError as e:
        warn(parent, "不能导出", str(e))
        return ""
    status(parent, done.format(n=n, path=path))
    return path
