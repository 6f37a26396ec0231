"""User accounts (issue 8): who may sign in, with which role. Passwords are argon2 hashes only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentdesk.store.models import Base, _now


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(10))  # 管理员 / 录入员 / 查阅员
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    os_login: Mapped[str | None] = mapped_column(String(50))  # the OS user trusted for `--trust-os-user`
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginLockout(Base):
    """Failed sign-ins of one account from one place (PC and OS account): the lockout is per place, so a
    colleague mistyping at another PC, or under another OS account, cannot lock the administrator out of
    his own. Bookkeeping, written with Core statements (not audited field by field; the audit trail gets
    one login_fail / lockout row per event)."""

    __tablename__ = "login_lockout"
    __table_args__ = (UniqueConstraint("login", "place"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), index=True)
    place: Mapped[str] = mapped_column(String(200))  # "电脑名/系统用户"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
