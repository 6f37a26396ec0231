"""The names people are shown by: an account's 姓名 where it has one, else its login name. The audit trail
and the accounts keep login names (they identify the account); screens, printed watermarks and "导出：" lines
say who it was in words a clerk reads."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from talentdesk.store.models_accounts import Account
from talentdesk.store.uow import UnitOfWork


def names(db) -> dict[str, str]:
    """login → 姓名 for the accounts that have one (none on an old file without accounts)."""
    try:
        with UnitOfWork(db) as uow:
            return names_in(uow.session)
    except SQLAlchemyError:  # an old schema opened read-only: no accounts table, nobody has a name
        return {}


def names_in(session, logins=None) -> dict[str, str]:
    """names() inside an open SESSION (a service's unit of work), for LOGINS only when given."""
    query = select(Account.login, Account.full_name)
    if logins is not None:
        logins = [u for u in set(logins) if u]
        if not logins:
            return {}
        query = query.where(Account.login.in_(logins))
    return {login: full.strip() for login, full in session.execute(query) if full and full.strip()}


def shown(login: str | None, known: dict[str, str]) -> str:
    """LOGIN as shown on screen: its person's name (from NAMES), else the login name itself."""
    return known.get(login or "", login or "")


def display_name(db, login: str | None) -> str:
    return shown(login, names(db))


def current(db) -> str:
    """The signed-in person's name (the login name when the account has no 姓名)."""
    from talentdesk.services.accounts import access

    return display_name(db, access.current(db).user)
