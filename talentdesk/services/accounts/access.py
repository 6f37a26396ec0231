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

from sqlalchemy import func, inspect, select

from talentdesk.errors import UserError
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
ROLE_HINTS = {
    ADMIN: "用户、设置、恢复、完整身份证号",
    CLERK: "录入、修改、导入、打印",
    VIEWER: "查看和打印（身份证号遮挡）",
}


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


class AccountsUnreadable(UserError):
    """The accounts could not be read: nobody may work (fail closed), the clerk is told why."""


def has_accounts(db, conn=None) -> bool:
    """Whether any active account exists; through CONN when given (one connection for a whole report).
    Only a database without the accounts table yet (an old schema opened read-only) has no accounts; any
    other error raises AccountsUnreadable, never "no accounts" (which would make everyone 管理员)."""
    if conn is not None:
        return _has_accounts(conn, rollback=True)
    try:
        own = db.engine.connect()
    except Exception as e:
        raise _unreadable(e) from None
    with own:
        return _has_accounts(own, rollback=False)


def _has_accounts(conn, *, rollback: bool) -> bool:
    stmt = select(func.count()).select_from(Account.__table__).where(Account.active.is_(True))
    try:
        if not inspect(conn).has_table(Account.__tablename__):
            return False
        return bool(conn.execute(stmt).scalar_one())
    except Exception as e:
        if rollback:
            conn.rollback()  # PostgreSQL: the failed statement ended the caller's (read-only) transaction
        raise _unreadable(e) from None


def _unreadable(error: BaseException) -> AccountsUnreadable:
    detail = str(getattr(error, "orig", None) or error).splitlines()[0][:200] if str(error) else type(error).__name__
    return AccountsUnreadable(
        f"无法读取数据库中的用户账户（{detail}），为安全起见不能继续。请检查数据库文件或服务器连接后重试"
    )


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


def person_name(db, ident: Identity | None = None) -> str:
    """The name printed on paper as its maker (watermark, 导出人): the signed-in person's 姓名 (user_names), else
    their user name; "" when nobody signed in (no accounts yet) — never the operating system's login such as root."""
    from talentdesk.services.accounts import user_names

    ident = ident or current(db)
    if ident.role is None or ident.bootstrap:
        return ""
    return user_names.display_name(db, ident.user)


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
    """One audit row for an output that carries full ID numbers or phones (who, when, what, where); while the
    database is read-only, a journal entry merged into the audit log later (services/lockout)."""
    from talentdesk.services.accounts import lockout

    with UnitOfWork(db) as uow:
        lockout.note(
            db,
            uow,
            action="export",
            table=table,
            field="full_id",
            teacher_id=teacher_id,
            text=f"{what}（含完整身份证号）" + (f"到 {path}" if path else ""),
        )
