"""Save and open dialogs that remember the last folder per kind of file (PDF, Excel, school spreadsheets,
databases, backups, data packages…), kept in the per-user settings file (config.load_settings) under
"folders", so a clerk who saved a PDF to the 人事股 folder finds it there next time, even after a restart.

Every file dialog of the program goes through here; the dialogs are Qt's own (translated into Chinese by
app.setup_translation) or the system's."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from talentdesk import config

KEY = "folders"


def last_folder(kind: str, default: str | Path | None = None) -> Path:
    """The folder the last file of KIND was saved to or opened from (at first DEFAULT, else the home folder)."""
    folders = config.load_settings().get(KEY)
    folder = folders.get(kind) if isinstance(folders, dict) else None
    if folder and Path(folder).is_dir():
        return Path(folder)
    if default and Path(default).is_dir():
        return Path(default)
    return Path.home()


def remember(kind: str, path: str | Path) -> None:
    """Remember the folder of PATH (a file, or a folder) for KIND."""
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    values = config.load_settings()
    folders = values.get(KEY) if isinstance(values.get(KEY), dict) else {}
    if folders.get(kind) == str(folder):
        return
    values[KEY] = {**folders, kind: str(folder)}
    with contextlib.suppress(OSError):  # a read-only profile: the dialog still works, starting at home next time
        config.save_settings(values)


def save_path(
    parent,
    kind: str,
    title: str,
    name: str,
    filters: str,
    *,
    suffix: str = "",
    options=None,
    default: str | Path | None = None,
) -> str:
    """The file to write (empty: cancelled), starting in KIND's last folder (DEFAULT at first) with NAME
    proposed. SUFFIX (".pdf") is added when the clerk typed a name without it."""
    folder = last_folder(kind, default)
    start = str(folder / Path(name).name) if name else str(folder)
    kwargs = {"options": options} if options is not None else {}
    path, _ = QFileDialog.getSaveFileName(parent, title, start, filters, **kwargs)
    if not path:
        return ""
    if suffix and Path(path).suffix.lower() not in re.findall(r"\*(\.\w+)", filters.lower()):
        path += suffix  # typed without one of the filters' suffixes
    remember(kind, path)
    return path


def open_path(parent, kind: str, title: str, filters: str, default: str | Path | None = None) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(last_folder(kind, default)), filters)
    if path:
        remember(kind, path)
    return path


def open_paths(parent, kind: str, title: str, filters: str, default: str | Path | None = None) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(last_folder(kind, default)), filters)
    if paths:
        remember(kind, paths[0])
    return list(paths)


def folder_path(parent, kind: str, title: str, default: str | Path | None = None) -> str:
    folder = QFileDialog.getExistingDirectory(parent, title, str(last_folder(kind, default)))
    if folder:
        remember(kind, Path(folder))
    return folder
