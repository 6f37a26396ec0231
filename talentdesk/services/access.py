"""Who is working and what they may do: roles, the permission matrix, and the check services call.

The signed-in identity lives in the database's session factory info (so every session, and so the
audit trail, carries the user's name). Services call require(db, ACTION) before doing anything, so
the GUI and the command line are covered alike.

A database with no accounts yet (a new install, the tests, the self-test) runs as the operating-system
user with the administrator's rights, until the administrator account is created; from then on
nobody works without signing in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from talentdesk.services.errors import UserError
from talentdesk.store import audit
from talentdesk.store.audit import os_user
from talentdesk.store.models_accounts import Account
from talentdesk.store.uow import UnitOfWork

ADMIN, CLERK, VIEWER = "管理员", "录入员", "查阅员"
ROLES = (ADMIN, CLERK, VIEWER)

# action → Chinese label (for messages and the role table in the user page)
ACTIONS = {
    "read": "查看数据",
    "print": "打印和导出（身份证号遮挡）",
    "edit": "录入和修改",
    "import": "导入和撤销导入",
    "backup": "手动备份",
    "reveal_id": "查看、打印和导出完整身份证号与电话",
    "settings": "修改设置",
    "users": "管理用户",
    "restore": "从备份恢复",
    "audit": "查看审计日志",
}
PERMISSIONS = {
    ADMIN: frozenset(ACTIONS),
    CLERK: frozenset({"read", "print", "edit", "import", "backup"}),
    VIEWER: frozenset({"read", "print"}),
}
ROLE_HINTS = {ADMIN: "用户、设置、恢复、完整身份证号", CLERK: "录入、修改、导入、打印", VIEWER: "查看和打印（身份证号遮挡）"}


class PermissionDenied(UserError):
    pass


@dataclass(frozen=True)
class Identity:
    user: str  # the name written to the audit trail
    role: str | None  # None: nobody signed in
    account_id: int | None = None
    bootstrap: bool = False  # no accounts exist yet: the OS user, with the administrator's rights

    def can(self, action: str) -> bool:
        return self.role is not None and action in PERMISSIONS.get(self.role, ())


def _info(db) -> dict:
    return db.sessions.kw.setdefault("info", {})


def has_accounts(db, conn=None) -> bool:
    """Whether any active account exists; through CONN when given (one connection for a whole report)."""
    stmt = select(func.count()).select_from(Account.__table__).where(Account.active.is_(True))
    if conn is not None:
        try:
            return bool(conn.execute(stmt).scalar_one())
        except Exception:  # an old schema being opened read-only: no accounts table
            conn.rollback()  # PostgreSQL: the failed statement ended the caller's (read-only) transaction
            return False
    try:
        with db.engine.connect() as own:
            return bool(own.execute(stmt).scalar_one())
    except Exception:  # an old schema being opened read-only: no accounts table
        return False


def sign_in(db, identity: Identity) -> None:
    """Make IDENTITY the one every later session (and audit row) of DB works as."""
    info = _info(db)
    info["identity"] = identity
    info["user"] = identity.user


def sign_out(db) -> None:
    info = _info(db)
    info.pop("identity", None)
    info["user"] = os_user()


def current(db, conn=None) -> Identity:
    ident = _info(db).get("identity")
    if ident is not None:
        return ident
    if not has_accounts(db, conn):
        return Identity(_info(db).get("user") or os_user(), ADMIN, None, bootstrap=True)
    return Identity(os_user(), None)


def can(db, action: str) -> bool:
    return current(db).can(action)


def require(db, action: str, conn=None) -> Identity:
    """Raise PermissionDenied (a Chinese message) unless the current user may do ACTION. CONN: an open
    connection to read through (a report's), else one of its own when it must look at the accounts."""
    ident = current(db, conn)
    if ident.role is None:
        raise PermissionDenied("请先登录")
    if not ident.can(action):
        raise PermissionDenied(f"{ident.role}“{ident.user}”没有“{ACTIONS.get(action, action)}”的权限，请联系管理员")
    return ident


def may_reveal(db) -> bool:
    return can(db, "reveal_id")


# --- outputs that may carry full ID numbers and phones (issue 8 §5, §6) ---------------------------

def output_rights(db, full: bool | None = None) -> tuple[Identity, bool]:
    """Before a print or an export: the user must be allowed to print. Returns (who, full):
    full=None gives full ID numbers and phones exactly to the roles allowed to reveal them (管理员),
    full=False always masks, full=True demands the right (PermissionDenied otherwise)."""
    who = require(db, "print")
    if full is None:
        full = who.can("reveal_id")
    elif full:
        require(db, "reveal_id")
    return who, bool(full)


def mask_phone(phone: str | None) -> str:
    phone = phone or ""
    return "" if not phone else phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def record_disclosure(db, *, table: str, what: str, path=None, teacher_id: int | None = None) -> None:
    """One audit row for an output that carries full ID numbers or phones (who, when, what, where)."""
    if db.read_only:
        return
    with UnitOfWork(db) as uow:
        audit.record(uow.session, action="export", table=table, field="full_id", teacher_id=teacher_id,
                     new=f"{what}（含完整身份证号）" + (f"到 {path}" if path else ""))
        uow.commit()
