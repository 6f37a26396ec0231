"""Moving a whole database between a SQLite file and a PostgreSQL server (issue 10 §2), for the GUI and the CLI.

The work is store.transfer's (copy in one transaction, verify table by table); here: who may do it, the
Chinese table names, and errors turned into UserError.

Copying a database takes every record out with full ID numbers: it needs the rights to back up and to see full
ID numbers (管理员) in the source. The copy is audited in the destination (“从 … 复制”, by the user signed in to
the source); the source is opened read-only and left exactly as it was (issue 15 §5: a note written into it
broke its clean-close seal, so it then opened as damaged and read-only).
"""

from __future__ import annotations

from pathlib import Path

from talentdesk.errors import UserError
from talentdesk.services.accounts import access
from talentdesk.services.platform.audit_trail import table_label
from talentdesk.store import transfer
from talentdesk.store.transfer import CopyReport, TableCheck  # noqa: F401  re-exported for the GUI


class CopyCancelled(UserError):
    pass


def _guard(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except transfer.CopyCancelled as e:
        raise CopyCancelled(str(e)) from None
    except transfer.TransferError as e:
        raise UserError(str(e)) from None


def may_copy(db) -> bool:
    return access.can(db, "backup") and access.can(db, "reveal_id")


def _require_copy(db) -> None:
    access.require(db, "backup")
    access.require(db, "reveal_id")


def label(table: str) -> str:
    return table_label(table) if table_label(table) != table else ""


def labels() -> dict[str, str]:
    return {t.name: label(t.name) for t in transfer.tables()}


def open_source(target):
    return _guard(transfer.open_source, target)


def open_destination(target):
    return _guard(transfer.open_destination, target)


def is_server_url(target) -> bool:
    return transfer.is_server_url(target)


def copy_database(src, dst, progress=None, cancel=None) -> CopyReport:
    """Copy SRC into the empty DST and verify it; the signed-in user of SRC must be an administrator."""
    _require_copy(src)
    return _guard(transfer.copy_database, src, dst, progress=progress, cancel=cancel)


def copy_to_new(src, dest_target, progress=None, cancel=None) -> CopyReport:
    """Open DEST_TARGET (a new SQLite file or an empty server database), copy SRC into it, close it."""
    _require_copy(src)
    dst = open_destination(dest_target)
    try:
        return copy_database(src, dst, progress=progress, cancel=cancel)
    finally:
        dst.dispose()


def verify_databases(a, b, progress=None, cancel=None) -> CopyReport:
    access.require(a, "read")
    return _guard(transfer.verify_databases, a, b, progress=progress, cancel=cancel)


def backup_to_file(db, path: Path | str, progress=None, cancel=None) -> CopyReport:
    """A server database backed up into a new SQLite file (verified); for the backup tools."""
    access.require(db, "backup")
    return _guard(transfer.backup_to_file, db, path, progress=progress, cancel=cancel)


def summary(report: CopyReport) -> str:
    what = "复制" if report.copied else "比较"
    rows = sum(t.rows for t in report.tables)
    if report.ok:
        return f"{what}完成：{len(report.tables)} 个表共 {rows:,} 行，逐表核对一致（用时 {report.seconds:.1f} 秒）。"
    bad = "、".join(f"{label(t) or t}（{t}）" for t in report.differing_tables)
    return f"{what}完成，但以下 {len(report.differing_tables)} 个表不一致：{bad}。"


def copy_targets(current_db, source, dest, progress=None, cancel=None) -> CopyReport:
    """The GUI's copy: SOURCE and DEST are a file path or a server URL; the clerk signed in to CURRENT_DB (the
    open database) must be an administrator, and works as that identity in the source."""
    _require_copy(current_db)
    src = open_source(source)
    try:
        access.sign_in(src, access.current(current_db))
        return copy_to_new(src, dest, progress=progress, cancel=cancel)
    finally:
        src.dispose()


def why_not_copy(db) -> str:
    """'' when the signed-in user may copy the database, else the reason (tooltips)."""
    if may_copy(db):
        return ""
    return "复制整个数据库需要管理员权限（含完整身份证号）"
