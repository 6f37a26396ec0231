"""User accounts: the first administrator, users and roles, sign-in with lockout (argon2 password hashes).

    create_admin(db, login, password, full_name)      # only while no account exists
    authenticate(db, login, password) -> Identity      # raises LoginFailed (Chinese) and counts failures
    trusted_os_admin(db) -> Identity | None            # the administrator's own OS login (CLI option)
    list_users / save_user / set_password / set_active # administrator only

Failed sign-ins are counted per account and place (PC and OS account, services/lockout); after
Policy.login_max_failures in a row the account is locked there for Policy.login_lockout_minutes. Sign-ins and
lockouts are written to the audit trail (in read-only mode to the journal merged into it later).
"""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from talentdesk.errors import UserError, ValidationError
from talentdesk.services.accounts import access, lockout
from talentdesk.services.accounts.access import ADMIN, ROLES, Identity
from talentdesk.store import os_account
from talentdesk.store.models_accounts import Account
from talentdesk.store.uow import UnitOfWork

MIN_PASSWORD = 8
_HASHER = {"default": PasswordHasher()}  # tests swap in a cheap hasher through use_hasher()


class LoginFailed(UserError):
    pass


def use_hasher(hasher: PasswordHasher) -> None:
    _HASHER["default"] = hasher


def _hash(password: str) -> str:
    return _HASHER["default"].hash(password)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER["default"].verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def check_password(password: str, login: str = "") -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError({"password": f"密码至少 {MIN_PASSWORD} 位"})
    if login and password.lower() == login.lower():
        raise ValidationError({"password": "密码不能与用户名相同"})
    if password.isdigit() and len(set(password)) <= 2:
        raise ValidationError({"password": "密码太简单"})


def _clean_login(login: str) -> str:
    login = (login or "").strip()
    if not login:
        raise ValidationError({"login": "请填写用户名"})
    if len(login) > 40:
        raise ValidationError({"login": "用户名不能超过 40 个字"})
    return login


def _identity(acc: Account) -> Identity:
    return Identity(acc.login, acc.role, acc.id)


# --- first start -----------------------------------------------------------------------------


def needs_admin(db) -> bool:
    return not access.has_accounts(db)


def create_admin(db, login: str, password: str, full_name: str = "") -> Identity:
    """The first account (管理员). Refused once any account exists. Signs the administrator in."""
    login = _clean_login(login)
    check_password(password, login)
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.scalar(select(Account.id).limit(1)) is not None:
            raise UserError("管理员账户已经创建过了")
        acc = Account(
            login=login,
            full_name=full_name.strip() or None,
            role=ADMIN,
            password_hash=_hash(password),
            active=True,
            failed_logins=0,
            os_login=os_account.name(),
        )
        s.info["user"] = login
        s.add(acc)
        uow.commit()
        ident = _identity(acc)
    access.sign_in(db, ident)
    return ident


# --- sign-in ---------------------------------------------------------------------------------


def _policy(db):
    from talentdesk.services.platform.settings import load_policy

    return load_policy(db)


def authenticate(db, login: str, password: str) -> Identity:
    """Check the password; count failures and lock after too many (per account and place, see services/lockout;
    in read-only mode through the journal beside the database). Does not sign in (see sign_in)."""
    policy = _policy(db)
    login = (login or "").strip()
    lockout.merge_journal(db)
    with UnitOfWork(db) as uow:
        s = uow.session
        s.info["user"] = login or "?"
        acc = s.scalar(select(Account).where(Account.login == login))
        now = _now()
        where = lockout.place()
        if acc is None or not acc.active:
            _note(db, uow, lockout.FAIL, login, "用户名不存在或已停用")
            raise LoginFailed("用户名或密码不正确")
        failures, until = lockout.state(db, s, login, where)
        if until and until > now:
            raise LoginFailed(f"连续输错密码次数过多，账户在这台电脑上已锁定到 {until:%H:%M}，请稍后再试或联系管理员")
        if not _verify(acc.password_hash, password or ""):
            failures += 1
            locked = policy.login_max_failures > 0 and failures >= policy.login_max_failures
            until = now + dt.timedelta(minutes=policy.login_lockout_minutes) if locked else None
            if not db.read_only:
                lockout.save_state(s, login, where, 0 if locked else failures, until)
            _note(
                db,
                uow,
                lockout.LOCK if locked else lockout.FAIL,
                login,
                f"在 {where} 连续输错 {failures} 次，锁定 {policy.login_lockout_minutes} 分钟"
                if locked
                else f"在 {where} 第 {failures} 次输错",
                until=until,
            )
            if locked:
                raise LoginFailed(
                    f"连续输错密码 {failures} 次，账户在这台电脑上已锁定 {policy.login_lockout_minutes} 分钟"
                )
            left = policy.login_max_failures - failures
            raise LoginFailed("用户名或密码不正确" + (f"（再错 {left} 次将锁定账户）" if 0 < left <= 2 else ""))
        if not db.read_only:
            lockout.save_state(s, login, where, 0, None)
            s.execute(update(Account).where(Account.id == acc.id).values(last_login_at=now))
        _note(db, uow, lockout.LOGIN, login, acc.role)
        ident = _identity(acc)
    return ident


def _note(db, uow, action: str, login: str, text: str, until=None) -> None:
    lockout.note(
        db, uow, action=action, table="account", field="login", text=f"{login}：{text}", login=login, until=until
    )


def sign_in(db, login: str, password: str) -> Identity:
    ident = authenticate(db, login, password)
    access.sign_in(db, ident)
    return ident


def trusted_os_admin(db) -> Identity | None:
    """The administrator account whose recorded OS login is the OS account running this process (no password;
    the OS account comes from the real uid / process token, never from LOGNAME or USER). The sign-in is
    audited as such (a login row naming the OS account). None: not that OS account, or it cannot be told."""
    me = os_account.name()
    if not me:
        return None
    with UnitOfWork(db) as uow:
        s = uow.session
        admins = s.scalars(
            select(Account).where(Account.role == ADMIN, Account.active.is_(True)).order_by(Account.id)
        ).all()
        acc = next((a for a in admins if os_account.same(a.os_login, me)), None)
        if acc is None:
            return None
        s.info["user"] = acc.login
        if not db.read_only:
            s.execute(update(Account).where(Account.id == acc.id).values(last_login_at=_now()))
        _note(db, uow, lockout.LOGIN, acc.login, f"{acc.role}，系统用户 {me} 免密码登录（--trust-os-user）")
        return _identity(acc)


# --- administration --------------------------------------------------------------------------


def list_users(db) -> list[dict]:
    access.require(db, "users")
    with db.sessions() as s:
        rows = s.scalars(select(Account).order_by(Account.id)).all()
        locked = lockout.locked_logins(s)
        return [
            {
                "id": a.id,
                "login": a.login,
                "full_name": a.full_name or "",
                "role": a.role,
                "active": a.active,
                "locked": a.login in locked or bool(a.locked_until and a.locked_until > _now()),
                "last_login": f"{a.last_login_at:%Y-%m-%d %H:%M}" if a.last_login_at else "",
                "os_login": a.os_login or "",
            }
            for a in rows
        ]


def _active_admins(s, except_id: int | None = None) -> int:
    q = select(Account.id).where(Account.role == ADMIN, Account.active.is_(True))
    if except_id is not None:
        q = q.where(Account.id != except_id)
    return len(s.scalars(q).all())


def save_user(
    db, account_id: int | None, login: str, role: str, full_name: str = "", password: str | None = None
) -> int:
    """Create (password required) or change a user. The last active administrator cannot be demoted."""
    access.require(db, "users")
    login = _clean_login(login)
    if role not in ROLES:
        raise ValidationError({"role": f"角色应为 {'、'.join(ROLES)} 之一"})
    if account_id is None or password:
        check_password(password or "", login)
    with UnitOfWork(db) as uow:
        s = uow.session
        other = s.scalar(select(Account.id).where(Account.login == login))
        if other is not None and other != account_id:
            raise ValidationError({"login": f"用户名“{login}”已被使用"})
        if account_id is None:
            acc = Account(
                login=login,
                role=role,
                full_name=full_name.strip() or None,
                password_hash=_hash(password),
                active=True,
                failed_logins=0,
            )
            s.add(acc)
        else:
            acc = s.get(Account, account_id)
            if acc is None:
                raise UserError("找不到这个用户")
            if acc.role == ADMIN and role != ADMIN and _active_admins(s, acc.id) == 0:
                raise UserError("至少要保留一名管理员")
            acc.login, acc.role, acc.full_name = login, role, full_name.strip() or None
            if password:
                acc.password_hash = _hash(password)
                acc.failed_logins, acc.locked_until = 0, None
                lockout.clear(s, acc.login)
        uow.commit()
        return acc.id


def set_active(db, account_id: int, active: bool) -> None:
    access.require(db, "users")
    with UnitOfWork(db) as uow:
        acc = uow.session.get(Account, account_id)
        if acc is None:
            raise UserError("找不到这个用户")
        if not active and acc.role == ADMIN and _active_admins(uow.session, acc.id) == 0:
            raise UserError("至少要保留一名管理员")
        acc.active = active
        uow.commit()


def unlock(db, account_id: int) -> None:
    access.require(db, "users")
    with UnitOfWork(db) as uow:
        acc = uow.session.get(Account, account_id)
        if acc is not None:
            acc.locked_until, acc.failed_logins = None, 0
            lockout.clear(uow.session, acc.login)
            uow.commit()


def change_own_password(db, old: str, new: str) -> None:
    ident = access.current(db)
    if ident.account_id is None:
        raise UserError("当前没有登录的账户")
    with UnitOfWork(db) as uow:
        acc = uow.session.get(Account, ident.account_id)
        if acc is None or not _verify(acc.password_hash, old):
            raise ValidationError({"old": "原密码不正确"})
        check_password(new, acc.login)
        acc.password_hash = _hash(new)
        uow.commit()


def verify_current(db, password: str) -> bool:
    """For the lock screen: is PASSWORD the signed-in user's? (Bootstrap mode: always true.)"""
    ident = access.current(db)
    if ident.account_id is None:
        return ident.bootstrap
    try:
        authenticate(db, ident.user, password)
        return True
    except LoginFailed:
        return False
