"""Command line for issue 8: backups, restore, users (opening a database safely with sign-in: cli/common.py)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from talentdesk.cli.common import db_path, is_server, open_workspace_for, sign_in
from talentdesk.errors import UserError

# --- backup / backups / restore --------------------------------------------------------------


def _db_path(args) -> Path | str:
    target = db_path(args)
    return target if is_server(target) else Path(target).expanduser().resolve()


def _describe(info, current_id: str | None = None) -> str:
    teachers = "?" if info.teachers is None else info.teachers
    whose = f"  （另一个数据库：{info.owner()}）" if current_id and info.database_id != current_id else ""
    return (
        f"{info.created:%Y-%m-%d %H:%M:%S}  {info.reason_label:6}  {info.size / 1024:9.0f} KB  "
        f"教师 {teachers:>6}  SHA-256 {info.sha256[:16]}…  {info.path.name}{whose}"
    )


def run_backup(args) -> int:
    from talentdesk.services.accounts import access
    from talentdesk.store import backup

    path = _db_path(args)
    with open_workspace_for(args, path) as ws:
        access.require(ws.db, "backup")
        dest = Path(args.to) if args.to else ws.backups_dir
        if ws.is_server:
            from talentdesk.services.platform.workspace import backup_server, server_backup_available

            if not server_backup_available():
                raise UserError("这个版本不能把服务器数据库备份到本机；服务器数据库的备份由服务器管理员负责")
            made = backup_server(ws.db, dest, "manual")
        else:
            made = backup.make_backup(path, dest, "manual")
    print("已备份并校验：" + _describe(backup.read_info(made)))
    return 0


def signed_in_to_see_backups(args, path, backup_file: Path | None = None) -> None:
    """A backup holds the whole database: its list and preview are shown only after signing in to PATH
    (when PATH has accounts; opened read-only, so nothing else happens to it). When PATH is missing or cannot
    be read at all (a 0-byte or destroyed file), the accounts of BACKUP_FILE, the one about to be shown, decide."""
    from talentdesk.services.accounts import access

    if is_server(path) or Path(path).exists():
        with open_workspace_for(args, path, allow_damaged=True, read_only=True) as ws:
            if ws.db is not None:
                access.require(ws.db, "read")
                return
    if backup_file is not None:  # no database here, or it cannot be read: the backup's own accounts decide
        from talentdesk.store.database import open_database

        db = open_database(backup_file, read_only=True, migrate=False)
        try:
            if access.has_accounts(db):
                sign_in(args, db)
                access.require(db, "restore")
        finally:
            db.dispose()


def _backups_of(args, path):
    """(folder, this database's identity, its backups there, the other databases' backups there)."""
    from talentdesk.services.platform import workspace

    current = workspace.identity_of(path)
    if getattr(args, "folder", None):
        folder = Path(args.folder)
    elif is_server(path):
        folder = workspace.server_backups_dir(path)
    else:
        folder = path.parent / "backups"
    own, others = workspace.split_backups(folder, current, None if is_server(path) else path)
    return folder, current, own, others


def run_backups(args) -> int:
    path = _db_path(args)
    if not args.folder and not is_server(path) and not path.exists():
        raise UserError(f"数据库文件不存在：{path}（可用 --db 指定数据库文件，或用 --folder 直接列出一个备份文件夹）")
    folder, current, own, others = _backups_of(args, path)
    if args.folder and not current:  # a backup folder named directly, no database to say whose: all of them
        own, others = own + others, []
    items = own + others if args.all else own
    items.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    signed_in_to_see_backups(args, path, items[0].path if items else None)
    if not items:
        print(f"{folder} 中没有这个数据库的备份。")
    for info in items:
        print(_describe(info, current))
    if others and not args.all:
        print(f"（另有 {len(others)} 份其他数据库的备份未列出；加 --all 列出）")
    return 0


def _confirmed(args) -> bool:
    """--yes, or the clerk's answer on a terminal (Enter means no)."""
    if args.yes:
        return True
    if sys.stdin is None or not sys.stdin.isatty():
        print("这是预览。确认恢复请加 --yes（恢复前会先备份当前数据库）。")
        return False
    return input("确定恢复吗？恢复前会先备份当前数据库。[y/N] ").strip().lower() in ("y", "yes", "是")


def run_restore(args) -> int:
    from talentdesk.store import backup

    path = _db_path(args)
    if is_server(path):
        raise UserError(
            "服务器数据库不能在本机从备份恢复；请联系服务器管理员（本机备份是普通的 TalentDesk 数据库文件，"
            "可以用 --db 打开查看）"
        )
    folder, current, own, _ = _backups_of(args, path)
    if args.newest:
        info = next((b for b in own if not backup.verify(b.path)), None)
        if info is None:
            raise UserError(f"{folder} 中没有这个数据库的已验证备份")
        source = info.path
    elif args.file:
        source = Path(args.file)
    else:
        raise UserError("请指定备份文件，或用 --newest 选择最新的已验证备份")
    signed_in_to_see_backups(args, path, source)
    pv = backup.preview(source, path, current)
    print("备份：" + _describe(pv["info"]))
    if pv["problems"]:
        raise UserError("这个备份不能用于恢复：" + "；".join(pv["problems"][:3]))
    if pv["other"]:
        print(pv["other"] + "。")
    for doubt in pv["unverified"]:
        print("未通过校验：" + doubt)
    print("恢复后：" + backup.describe_changes(pv["changes"]))
    if pv["other"] and not args.other_database:
        raise UserError(pv["other"] + "，不是这个数据库的备份；确实要用它替换当前数据库请再加 --other-database")
    if pv["unverified"] and not args.unverified:
        raise UserError(
            "这个备份未通过校验（" + "；".join(pv["unverified"]) + "）；确实要恢复未经校验的备份请再加 --unverified"
        )
    if not _confirmed(args):
        return 0
    with open_workspace_for(args, path, allow_damaged=True) as ws:
        safety = ws.restore(source, allow_other=args.other_database, allow_unverified=args.unverified)
    print(f"已恢复。恢复前的数据库已保存为 {safety}" if safety else "已恢复。")
    return 0


def cmd_backup(sub) -> None:
    p = sub.add_parser("backup", help="立即备份数据库并校验（可用 --to 备份到 U 盘等文件夹）")
    p.add_argument("--to", metavar="DIR", help="备份到这个文件夹（默认：数据库旁的 backups 文件夹）")
    p.set_defaults(run=run_backup)
    p = sub.add_parser("backups", help="列出备份（日期、原因、大小、教师人数、校验和）")
    p.add_argument("--folder", metavar="DIR", help="备份所在文件夹（默认：数据库旁的 backups 文件夹）")
    p.add_argument("--all", action="store_true", help="也列出同一文件夹中其他数据库的备份")
    p.set_defaults(run=run_backups)
    p = sub.add_parser("restore", help="从备份恢复（先预览；加 --yes 才恢复，恢复前自动备份当前数据库）")
    p.add_argument("file", nargs="?", metavar="BACKUP", help="备份文件（.tdbak）")
    p.add_argument("--newest", action="store_true", help="使用最新的已验证备份")
    p.add_argument("--yes", action="store_true", help="确认恢复")
    p.add_argument("--other-database", action="store_true", help="明确要用另一个数据库的备份替换当前数据库")
    p.add_argument("--unverified", action="store_true", help="明确要恢复没有校验文件或校验和不符的备份")
    p.set_defaults(run=run_restore)


# --- users -----------------------------------------------------------------------------------


def _new_password() -> str:
    pw = os.environ.get("TALENTDESK_NEW_PASSWORD")
    if pw:
        return pw
    if sys.stdin is None or not sys.stdin.isatty():
        raise UserError("请用环境变量 TALENTDESK_NEW_PASSWORD 提供新用户的密码")
    pw = getpass.getpass("新用户的密码：")
    if getpass.getpass("再输入一次：") != pw:
        raise UserError("两次输入的密码不一致")
    return pw


def run_user(args) -> int:
    from talentdesk.services.accounts import access, accounts

    path = _db_path(args)
    with open_workspace_for(args, path, must_exist=args.action != "add") as ws:
        db = ws.db
        if args.action == "list":
            for u in accounts.list_users(db):
                state = "停用" if not u["active"] else "已锁定" if u["locked"] else "正常"
                print(
                    f"{u['login']:16} {u['role']}  {u['full_name'] or '':10} {state}  最近登录 {u['last_login'] or '—'}"
                )
            return 0
        if not args.login:
            raise UserError("请给出用户名")
        if args.action == "add":
            if accounts.needs_admin(db):
                if args.role not in (None, access.ADMIN):
                    raise UserError("第一个账户必须是管理员（--role 管理员）")
                accounts.create_admin(db, args.login, _new_password(), args.name or "")
                print(f"已创建管理员“{args.login}”。此后使用本数据库都需要登录。")
                return 0
            accounts.save_user(db, None, args.login, args.role or access.VIEWER, args.name or "", _new_password())
            print(f"已创建用户“{args.login}”（{args.role or access.VIEWER}）。")
            return 0
        users = {u["login"]: u for u in accounts.list_users(db)}
        if args.login not in users:
            raise UserError(f"没有用户“{args.login}”")
        u = users[args.login]
        if args.action == "disable":
            accounts.set_active(db, u["id"], False)
            print(f"已停用“{args.login}”。")
        elif args.action == "unlock":
            accounts.unlock(db, u["id"])
            print(f"已解除“{args.login}”的锁定。")
        elif args.action == "password":
            accounts.save_user(db, u["id"], u["login"], u["role"], u["full_name"], _new_password())
            print(f"已重设“{args.login}”的密码。")
    return 0


def cmd_user(sub) -> None:
    from talentdesk.services.accounts.access import ROLES

    p = sub.add_parser("user", help="用户管理：list、add（第一个用户即管理员）、disable、unlock、password")
    p.add_argument("action", choices=("list", "add", "disable", "unlock", "password"))
    p.add_argument("login", nargs="?", metavar="LOGIN", help="用户名")
    p.add_argument("--role", choices=ROLES, help="角色（默认 查阅员）")
    p.add_argument("--name", help="姓名")
    p.set_defaults(run=run_user)


COMMANDS = [cmd_backup, cmd_user]
