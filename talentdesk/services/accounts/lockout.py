"""Failed sign-ins and what a read-only instance must not forget (issue 15 §1).

Lockout per account and place: failures are counted per (account, PC and OS account) in login_lockout;
Policy.login_max_failures in a row from one place lock the account at that place for
Policy.login_lockout_minutes. A colleague mistyping (or guessing) the administrator's password at another PC,
or under another OS account, cannot lock the administrator out of his own; the OS account that created the
administrator can also unlock it without a password (`talentdesk --trust-os-user user unlock NAME`).

Read-only mode (another instance holds the database): failures, sign-ins and disclosures (full-ID exports)
go to the journal beside the file (store/readonly_journal.py); the lockout counts the journal's entries on
top of the table, so guessing in a read-only window is limited alike. merge_journal() moves the journal into
the audit log and the lockout table the next time the database is writable (opening it, the writer's
heartbeat, a sign-in).
"""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

from sqlalchemy import delete, select, update

from talentdesk.errors import UserError
from talentdesk.store import audit, os_account, readonly_journal
from talentdesk.store.models_accounts import LoginLockout
from talentdesk.store.uow import UnitOfWork

FAIL, LOCK, LOGIN = "login_fail", "lockout", "login"


def place() -> str:
    """Where a sign-in is tried: this PC and the OS account (from the OS, never the environment)."""
    return f"{socket.gethostname()}/{os_account.label()}"[:200]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _journal_bases(db) -> list[Path]:
    """Whose journals: beside the database file, and this PC's own for the same file (used where the database's
    folder cannot be written: a write-protected USB stick); a server database has only this PC's."""
    import hashlib

    from talentdesk.config import paths
    from talentdesk.store import server

    if db.path is not None:
        key = hashlib.sha256(str(db.path).encode("utf-8")).hexdigest()[:16]
        return [Path(db.path), paths().data / "journals" / f"{key}-{Path(db.path).name}"]
    try:
        name = server.safe_name(db.url)
    except (ValueError, KeyError, TypeError, AttributeError):
        name = hashlib.sha256(str(db.url).encode("utf-8")).hexdigest()[:16]
    return [paths().data / "journals" / f"server-{name}"]


def _journal_base(db) -> Path:
    """Where this instance writes its journal entries."""
    from talentdesk.store.database import location_writable

    bases = _journal_bases(db)
    if len(bases) > 1 and not location_writable(readonly_journal.journal_path(bases[0])):
        return bases[1]
    return bases[0]


def journal_file(db) -> Path:
    return readonly_journal.journal_path(_journal_base(db))


# --- state ------------------------------------------------------------------------------------


def state(db, session, login: str, where: str | None = None) -> tuple[int, dt.datetime | None]:
    """(failures in a row, locked until) of LOGIN at WHERE (default: here), counting the read-only journal."""
    where = where or place()
    row = session.execute(
        select(LoginLockout.failures, LoginLockout.locked_until).where(
            LoginLockout.login == login, LoginLockout.place == where
        )
    ).first()
    failures, until = (row[0] or 0, row[1]) if row else (0, None)
    if db.read_only:
        for e in (e for base in _journal_bases(db) for e in readonly_journal.read(base)):
            if e.get("login") == login and e.get("place") == where:
                failures, until = _replay(failures, until, e)
    return failures, until


def _replay(failures: int, until, entry: dict):
    action = entry.get("action")
    if action == FAIL:
        return failures + 1, until
    if action == LOCK:
        try:
            return 0, dt.datetime.fromisoformat(entry["until"])
        except (KeyError, TypeError, ValueError):
            return 0, until
    if action == LOGIN:
        return 0, None
    return failures, until


def save_state(session, login: str, where: str, failures: int, until) -> None:
    """Write the lockout row (Core: bookkeeping, not a data change)."""
    values = {"failures": failures, "locked_until": until, "updated_at": _now()}
    done = session.execute(
        update(LoginLockout).where(LoginLockout.login == login, LoginLockout.place == where).values(**values)
    )
    if not done.rowcount and (failures or until):
        session.execute(LoginLockout.__table__.insert().values(login=login, place=where, **values))


def locked_logins(session) -> set[str]:
    return set(session.scalars(select(LoginLockout.login).where(LoginLockout.locked_until > _now())))


def clear(session, login: str) -> None:
    session.execute(delete(LoginLockout).where(LoginLockout.login == login))


# --- notes: the audit log, or the journal while read-only -------------------------------------


def note(
    db,
    uow,
    *,
    action: str,
    table: str,
    field: str,
    text: str,
    login: str | None = None,
    until: dt.datetime | None = None,
    teacher_id: int | None = None,
) -> None:
    """One audit row (committed with UOW), or one journal entry when DB is read-only. A journal that cannot
    be written stops the caller: a disclosure or a sign-in that leaves no trace is not allowed."""
    if not db.read_only:
        audit.record(uow.session, action=action, table=table, field=field, new=text, teacher_id=teacher_id)
        uow.commit()
        return
    base = _journal_base(db)
    entry = {
        "at": _now().isoformat(),
        "action": action,
        "table": table,
        "field": field,
        "text": text,
        "user": uow.session.info.get("user") or os_account.label(),
        "login": login,
        "place": place(),
        "teacher_id": teacher_id,
    }
    if until is not None:
        entry["until"] = until.isoformat()
    try:
        base.parent.mkdir(parents=True, exist_ok=True)
        readonly_journal.append(base, entry)
    except OSError as e:
        raise UserError(f"数据库以只读方式打开，且无法在旁边的只读日志中留下记录（{e}），为安全起见不能继续") from None


def merge_journal(db) -> int:
    """Move the read-only journal into the audit log and the lockout table (DB writable). Returns entries merged."""
    if db.read_only:
        return 0
    files = []
    for base in _journal_bases(db):
        files += readonly_journal.leftovers(base)
        taken = readonly_journal.take(base)
        if taken is not None:
            files.append(taken)
    merged = 0
    for f in files:
        try:
            entries, problems = readonly_journal.parse(f.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        with UnitOfWork(db) as uow:
            s = uow.session
            for e in entries:
                s.info["user"] = str(e.get("user") or "?")[:50]
                where = f"（只读方式，{e.get('at', '')}，{e.get('place', '')}）"
                audit.record(
                    s,
                    action=str(e.get("action") or "readonly")[:10],
                    table=str(e.get("table") or "")[:40],
                    field=e.get("field"),
                    new=f"{e.get('text', '')}{where}",
                    teacher_id=e.get("teacher_id") if isinstance(e.get("teacher_id"), int) else None,
                )
                if e.get("action") in (FAIL, LOCK, LOGIN) and e.get("login") and e.get("place"):
                    failures, until = state(db, s, e["login"], e["place"])
                    save_state(s, e["login"], e["place"], *_replay(failures, until, e))
            if problems:
                s.info["user"] = os_account.label()
                audit.record(
                    s,
                    action="journal",
                    table="audit_log",
                    field="readonly_journal",
                    new=f"只读日志 {f.name} 校验未通过：{'；'.join(problems[:5])}",
                )
            uow.commit()
        f.unlink(missing_ok=True)
        merged += len(entries)
    return merged
