"""Why a write to the database failed, in Chinese for the clerk (issue 15 §5).

explain(error) classifies SQLite and PostgreSQL errors (possibly wrapped by SQLAlchemy) and OS errors:
busy, read-only, disk full, disk or network I/O, unique violations. None: not one of these (a real bug or a
bad value; the caller keeps its own message).
"""

from __future__ import annotations

import errno
import re
import sqlite3

BUSY = "数据库正忙（另一个程序正在写入），请稍后再试"
READ_ONLY = "数据库文件所在位置不可写（写保护的 U 盘、光盘、只读共享文件夹或没有写权限），不能保存修改"
DISK_FULL = "磁盘已满，请腾出磁盘空间后重试"
IO_ERROR = "读写数据库文件时出错（磁盘损坏或网络中断），请检查磁盘或网络后重试"
NOTHING_SAVED = "本次没有保存任何修改"

# PostgreSQL SQLSTATE → what happened
_PG_STATES = {"53100": DISK_FULL, "55P03": BUSY, "40P01": BUSY, "25006": READ_ONLY, "58030": IO_ERROR}


def database_errors() -> tuple[type[BaseException], ...]:
    """The exception classes explain() looks at: OS errors, SQLAlchemy's, and the drivers' own (the importer
    and the database copy write through the driver's cursor)."""
    from sqlalchemy.exc import SQLAlchemyError

    found: tuple[type[BaseException], ...] = (OSError, SQLAlchemyError, sqlite3.Error)
    try:
        import psycopg

        found += (psycopg.Error,)
    except ImportError:
        pass
    return found


def explain(error: BaseException) -> str | None:
    """A Chinese sentence for ERROR, or None when it is not a known database or disk condition."""
    orig = getattr(error, "orig", None) or error
    state = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None) or ""
    if isinstance(orig, OSError) and not state:
        if orig.errno == errno.ENOSPC:
            return DISK_FULL
        if orig.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return READ_ONLY
        if orig.errno == errno.EIO:
            return IO_ERROR
        return None
    if state == "23505" or "unique constraint failed" in str(orig).lower():
        return _unique(orig)
    if state in _PG_STATES:
        return _PG_STATES[state]
    low = str(orig).lower()
    if "database is locked" in low or "database table is locked" in low or "database is busy" in low:
        return BUSY
    if "readonly database" in low or "read-only" in low or "read only" in low:
        return READ_ONLY
    if "database or disk is full" in low or "no space left on device" in low:
        return DISK_FULL
    if "disk i/o error" in low:
        return IO_ERROR
    return None


def _unique(orig: BaseException) -> str:
    """'…已有相同的记录' with the table and columns when the driver says them."""
    text = str(orig)
    m = re.search(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)", text)  # SQLite: table.col, table.col
    if m:
        cols = [c.split(".") for c in m.group(1).split(", ")]
        same = "、".join(c[-1] for c in cols)
        return f"保存失败：数据表 {cols[0][0]} 中已有 {same} 相同的记录（可能是别人刚刚录入了同一条）"
    diag = getattr(orig, "diag", None)
    table = getattr(diag, "table_name", None)
    m = re.search(r"Key \((.+?)\)=\((.*?)\) already exists", text)  # PostgreSQL DETAIL
    if m:
        where = f"数据表 {table} 中" if table else ""
        return f"保存失败：{where}已有 {m.group(1)} 为“{m.group(2)}”的记录（可能是别人刚刚录入了同一条）"
    return f"保存失败：{'数据表 ' + table + ' 中' if table else ''}已有相同的记录（可能是别人刚刚录入了同一条）"
