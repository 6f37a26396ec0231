"""What every sub-command module of the command line shares: the database named by --db, opening it safely with
sign-in, progress on stderr. The modules of talentdesk.cli import this one and nothing else of the package
(cli/__init__.py assembles them into one parser).

Sign-in: a database without accounts runs as the OS user (as before). Once the administrator exists,
every command asks for the same credentials as the GUI: --user NAME (or TALENTDESK_USER) and the
password from TALENTDESK_PASSWORD, --password, or a prompt on a terminal. The administrator may run
unattended scripts without a password with the explicit option --trust-os-user, which works only for
the OS login recorded on an administrator account (the one that created it).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
from pathlib import Path

from talentdesk.errors import UserError

# Services and store modules are imported inside the functions below: `talentdesk --help` and the GUI start
# without loading what a sub-command needs.


def db_path(args) -> Path | str:
    """--db: a database file (Path) or a server URL (str); without it, the database chosen on the 设置 page
    (remembered in the settings file), else the default file in the user's data folder."""
    from talentdesk.store.server import is_server_url

    if args.db:
        return args.db if is_server_url(args.db) else Path(args.db)
    from talentdesk.services.platform.workspace import remembered_target

    return remembered_target()


def exists_or_server(target) -> bool:
    from talentdesk.store.server import is_server_url

    return is_server_url(target) or Path(target).expanduser().exists()


def db_label(args) -> str:
    """What --db names, for messages: a file path, or server host/dbname (never a password)."""
    from talentdesk.store import server

    target = db_path(args)
    return f"服务器数据库 {server.describe(str(target))}" if server.is_server_url(target) else str(target)


@contextlib.contextmanager
def open_db(args, *, must_exist: bool = True):
    """Open --db (creating it only when must_exist is False) with the start-up checks, the single-writer
    lock and sign-in (open_workspace_for); close it afterwards (exit backup, seal, unlock)."""
    with open_workspace_for(args, db_path(args), must_exist=must_exist) as ws:
        yield ws.db


def stderr_progress(label: str):
    """A progress callback printing one percentage line to stderr (rewritten in place on a terminal)."""
    tty = sys.stderr.isatty()
    last = [-1]

    def progress(done: int, total: int, text: str) -> None:
        pct = done * 100 // max(total, 1)
        if tty:
            print(f"\r{label}：{pct:3d}%  {text}\033[K", end="" if pct < 100 else "\n", file=sys.stderr, flush=True)
        elif pct // 10 != last[0] // 10 or pct == 100 and last[0] != 100:
            print(f"{label}：{pct:3d}%  {text}", file=sys.stderr, flush=True)
        last[0] = pct

    return progress


def add_login_options(parser) -> None:
    g = parser.add_argument_group("登录（数据库已创建账户时）")
    g.add_argument("--user", metavar="NAME", help="用户名（或环境变量 TALENTDESK_USER）")
    g.add_argument("--password", metavar="PW", help="密码（建议改用环境变量 TALENTDESK_PASSWORD 或交互输入）")
    g.add_argument(
        "--trust-os-user",
        action="store_true",
        help="管理员本人在自己的系统账户下运行脚本时免输密码（仅限创建管理员账户的系统用户）",
    )


def sign_in(args, db) -> None:
    from talentdesk.services.accounts import access, accounts

    if not access.has_accounts(db):
        return  # no accounts yet: the OS user, as before
    if getattr(args, "trust_os_user", False):
        from talentdesk.store import os_account

        ident = accounts.trusted_os_admin(db)
        if ident is None:
            raise UserError(
                f"系统用户“{os_account.label()}”不是管理员账户登记的系统用户，不能免密码运行"
                "（系统用户按本程序进程的实际账户判断，不看 LOGNAME、USER 等环境变量）"
            )
        access.sign_in(db, ident)
        return
    tty = sys.stdin is not None and sys.stdin.isatty()
    user = getattr(args, "user", None) or os.environ.get("TALENTDESK_USER")
    password = getattr(args, "password", None) or os.environ.get("TALENTDESK_PASSWORD")
    if not user and tty:
        user = input("用户名：").strip()
    if not user:
        raise UserError("此数据库已启用账户：请用 --user 指定用户名，密码用环境变量 TALENTDESK_PASSWORD 或 --password")
    if password is None and tty:
        password = getpass.getpass("密码：")
    if password is None:
        raise UserError("请提供密码（环境变量 TALENTDESK_PASSWORD 或 --password）")
    accounts.sign_in(db, user, password)


def is_server(target) -> bool:
    from talentdesk.store.server import is_server_url

    return is_server_url(target)


def open_asking_password(target, **kw):
    """open_workspace; for a server that wants a password (none in the URL or PGPASSWORD), ask on a terminal."""
    from talentdesk.services.platform import workspace
    from talentdesk.store import server

    try:
        return workspace.open_workspace(target, **kw)
    except workspace.ServerError as e:
        if not e.needs_password or sys.stdin is None or not sys.stdin.isatty():
            if e.kind == server.PASSWORD_NEEDED:
                raise UserError(e.message + "：请把密码放在环境变量 PGPASSWORD 中，或在终端上运行以便输入") from None
            raise
        if e.kind == server.WRONG_PASSWORD:
            print(e.message, file=sys.stderr)
    password = getpass.getpass(f"服务器数据库 {server.describe(str(target))} 的密码：")
    return workspace.open_workspace(server.with_password(str(target), password), **kw)


@contextlib.contextmanager
def open_workspace_for(
    args, path: Path | str, *, must_exist: bool = True, allow_damaged: bool = False, read_only: bool = False
):
    """The workspace for a command: start-up check, lock (read-only if another instance writes), sign-in."""
    from talentdesk.services.platform import workspace

    new = not is_server(path) and not Path(path).exists()
    if must_exist and new:
        raise UserError(f"数据库文件不存在：{path}（可用 --db 指定数据库文件）")
    try:
        ws = open_asking_password(path, read_only=read_only)
    except UserError:
        raise
    except Exception as e:
        from talentdesk.store.server import describe_raw

        raise UserError(f"无法打开数据库 {describe_raw(path)}：{getattr(e, 'orig', None) or e}") from None
    try:
        if ws.problems and not allow_damaged:
            raise UserError(
                f"数据库 {path} 校验未通过，已禁止写入：{'；'.join(ws.problems[:3])}\n"
                f"可用 `talentdesk --db {path} restore --newest --yes` 从最新的已验证备份恢复。"
            )
        if new:  # a command that creates its database (demo, import, user add…): never silently
            print(f"数据库文件 {path} 原先不存在，已新建", file=sys.stderr)
        if ws.read_only_reason in (workspace.LOCKED, workspace.READ_ONLY_PLACE):
            print(ws.banner(), file=sys.stderr)
        for note in ws.notes:
            print(note, file=sys.stderr)
        if ws.db is not None:
            sign_in(args, ws.db)
        yield ws
    finally:
        ws.close()
