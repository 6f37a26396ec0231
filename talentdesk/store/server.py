"""Server databases (PostgreSQL): URLs, what to show of them, and why a connection failed.

A clerk writes `postgresql://user:pass@host:5432/dbname`; the program uses the psycopg 3 driver
(`postgresql+psycopg://`) with a connect timeout (CONNECT_TIMEOUT) so an unreachable server fails within seconds.
The password never appears in anything shown (describe()) or remembered without the clerk's consent
(without_password()). Without a password in the URL, libpq reads PGPASSWORD (and ~/.pgpass) itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import URL, make_url

if TYPE_CHECKING:
    from sqlalchemy.pool import NullPool

SCHEMES = ("postgresql", "postgres")
DRIVER = "postgresql+psycopg"
# seconds libpq waits for a server before giving up (an unreachable host: no answer at all). The one value for
# every connection the program makes (store.database.server_engine and probe, via connect_args); a URL that says
# connect_timeout=… keeps its own. Long enough for a slow county link, short enough at start-up; the dialog's
# 测试连接 runs on a worker, so the wait never freezes the window.
CONNECT_TIMEOUT = 8

# why a connection failed (ServerProblem.kind)
UNREACHABLE, PASSWORD_NEEDED, WRONG_PASSWORD, NO_DATABASE, NOT_ALLOWED, NOT_TALENTDESK, OTHER = (
    "unreachable",
    "password_needed",
    "wrong_password",
    "no_database",
    "not_allowed",
    "not_talentdesk",
    "other",
)


def is_server_url(target: object) -> bool:
    """True for postgresql://…, postgres://… and postgresql+driver://… (not for a file path)."""
    m = re.match(r"^([a-z][a-z0-9]*)(\+[a-z0-9]+)?://", str(target), re.IGNORECASE)
    return m is not None and m.group(1).lower() in SCHEMES


def parse(target: str) -> URL:
    try:
        url = make_url(str(target).strip())
    except Exception:
        raise ValueError(
            f"服务器数据库地址写法不对：{describe_raw(target)}（应为 postgresql://用户名@主机:5432/数据库名）"
        ) from None
    if url.get_backend_name() not in SCHEMES:
        raise ValueError(f"只支持 PostgreSQL 服务器数据库：{describe_raw(target)}")
    if not url.database:
        raise ValueError(f"服务器数据库地址中没有数据库名：{describe_raw(target)}")
    return url


def normalize(target: str) -> str:
    """The URL the engine uses: psycopg 3 driver; password kept (rendered in full). The connect timeout is not
    written into it (connect_args adds it), so a remembered URL never carries a stale one."""
    url = parse(target)
    url = url.set(drivername=DRIVER)
    return url.render_as_string(hide_password=False)


def connect_args(target: str | URL, **more: object) -> dict[str, object]:
    """Driver arguments for TARGET: CONNECT_TIMEOUT and MORE, except what the URL's query already says."""
    url = parse(str(target)) if not isinstance(target, URL) else target
    args: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT, **more}
    return {k: v for k, v in args.items() if k not in url.query}


def build(host: str, port: int | None, database: str, user: str, password: str | None = None) -> str:
    """A URL from the dialog's fields. A host starting with '/' is a Unix socket folder (passed as ?host=)."""
    host, database, user = (host or "").strip(), (database or "").strip(), (user or "").strip()
    query: dict[str, str] = {}
    socket_dir = host.startswith("/")
    if socket_dir:
        query = {"host": host, "port": str(port or 5432)}
    url = URL.create(
        DRIVER,
        username=user or None,
        password=password or None,
        host=None if socket_dir else host or None,
        port=None if socket_dir else port or None,
        database=database or None,
        query=query,
    )
    return url.render_as_string(hide_password=False)


class Fields(TypedDict):
    host: str
    port: int
    database: str
    user: str
    password: str


def _query_value(url: URL, key: str) -> str:
    """The URL query's KEY ('' when absent; the first when given more than once)."""
    value = url.query.get(key) or ""
    return value if isinstance(value, str) else value[0]


def fields(target: str) -> Fields:
    """host, port, database, user, password of a URL (for filling the dialog)."""
    url = parse(target)
    return {
        "host": url.host or _query_value(url, "host"),
        "port": url.port or int(_query_value(url, "port") or 5432),
        "database": url.database or "",
        "user": url.username or "",
        "password": url.password or "",
    }


def without_password(target: str) -> str:
    return with_password(target, None)


def with_password(target: str, password: str | None) -> str:
    url = parse(target)  # URL.set(password=None) would keep the old one: replace the field itself
    return url._replace(password=password or None).render_as_string(hide_password=False)


def has_password(target: str) -> bool:
    return bool(parse(target).password)


def describe(target: str) -> str:
    """host:port/dbname (user) — never the password."""
    f = fields(target)
    where = f["host"] or "本机"
    if f["port"] and f["port"] != 5432:
        where += f":{f['port']}"
    return f"{where}/{f['database']}" + (f"（用户 {f['user']}）" if f["user"] else "")


def describe_raw(target: object) -> str:
    """A URL as typed, with any password hidden (for error messages about an unparsable URL)."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", str(target))


def safe_name(target: str) -> str:
    """host_dbname, usable as a folder name (backups of this server database)."""
    f = fields(target)
    host = f["host"].strip("/").replace("/", "-") or "localhost"
    return re.sub(r"[^0-9A-Za-z._\-\u4e00-\u9fff]+", "_", f"{host}_{f['database']}")


# --- why a connection failed ---------------------------------------------------------------------


@dataclass
class ServerProblem:
    kind: str
    message: str  # Chinese, for the clerk


def explain(error: BaseException, target: str) -> ServerProblem:
    """Classify a connection error (psycopg OperationalError, possibly wrapped by SQLAlchemy)."""
    orig = getattr(error, "orig", None) or error
    state = getattr(orig, "sqlstate", None) or ""
    msg = str(orig)
    low = msg.lower()
    f = fields(target)
    where = describe(target)
    if "no password supplied" in low or "password is required" in low:
        return ServerProblem(PASSWORD_NEEDED, f"服务器 {where} 要求输入密码")
    if state == "28P01" or "password authentication failed" in low or "认证失败" in msg:
        return ServerProblem(
            WRONG_PASSWORD, f"用户名或密码不正确：用户“{f['user']}”不能登录服务器 {f['host'] or '本机'}"
        )
    if state == "3D000" or re.search(r'database ".*" does not exist', low):
        return ServerProblem(NO_DATABASE, f"服务器上没有数据库“{f['database']}”；请服务器管理员先建立这个空数据库")
    if state.startswith("28") or "pg_hba.conf" in low or re.search(r'role ".*" does not exist', low):
        return ServerProblem(NOT_ALLOWED, f"服务器 {where} 不允许用户“{f['user']}”从这台电脑登录（{_first_line(msg)}）")
    if not state and (
        "connection refused" in low
        or "could not translate host name" in low
        or "timeout expired" in low
        or "no such file or directory" in low
        or "could not connect" in low
        or "connection failed" in low
        or "network is unreachable" in low
        or "no route to host" in low
    ):
        return ServerProblem(
            UNREACHABLE,
            f"连接不上数据库服务器 {f['host'] or '本机'}:{f['port']}：请检查主机名、端口、网络和服务器是否已启动",
        )
    return ServerProblem(OTHER, f"无法打开服务器数据库 {where}：{_first_line(msg)}")


def _first_line(msg: str) -> str:
    lines = [ln.strip() for ln in msg.splitlines() if ln.strip()]
    return lines[-1] if lines else msg


# --- test a connection (the dialog's 测试连接) ----------------------------------------------------


@dataclass
class Probe:
    version: str  # e.g. "PostgreSQL 15.6"
    empty: bool  # no tables at all: opening it creates TalentDesk's tables
    talentdesk: bool  # has TalentDesk's version table
    revision: str | None
    teachers: int | None


def probe(target: str) -> Probe:
    """Connect once and look at the database. Raises the driver's error (explain() it)."""
    url = normalize(target)
    engine = create_engine(url, future=True, poolclass=_null_pool(), connect_args=connect_args(url))
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar() or ""
            tables = set(inspect(conn).get_table_names())
            revision = teachers = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if "teacher" in tables:
                    from talentdesk.store.models import Teacher

                    teachers = conn.execute(select(func.count()).select_from(Teacher.__table__)).scalar()
            return Probe(
                f"PostgreSQL {version.split()[0]}" if version else "PostgreSQL",
                not tables,
                "alembic_version" in tables,
                revision,
                teachers,
            )
    finally:
        engine.dispose()


def _null_pool() -> type[NullPool]:
    from sqlalchemy.pool import NullPool

    return NullPool
