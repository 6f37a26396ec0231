"""The GUI's safe start (issue 8): workspace (lock, checks, daily backup), damaged-file and network-drive
questions, sign-in, idle lock, lock heartbeat, and a clean close (exit backup, seal, unlock)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from talentdesk import config
from talentdesk.errors import UserError
from talentdesk.gui.security.login import ensure_signed_in
from talentdesk.services.accounts import access
from talentdesk.services.platform import database, workspace

TITLE = "教育人才工作台"


def _yes(parent, title: str, text: str) -> bool:
    return (
        QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        == QMessageBox.StandardButton.Yes
    )


def open_for_gui(path: Path, parent=None) -> workspace.Workspace | None:
    """Open PATH (a file or a server URL) the safe way, asking the clerk where a decision is needed.
    None: nothing to open. A server that cannot be opened raises workspace.ServerError."""
    ws = workspace.open_workspace(path)
    if ws.is_server:
        return ws
    on_network = ws.network and ws.writable and ws.path.parent != config.paths().data / "local-copies"
    if on_network and _yes(
        parent,
        "网络驱动器",
        workspace.NETWORK_RISK + "\n\n是否复制到本机工作？（选“否”则直接在网络上工作，不使用 WAL）",
    ):
        ws.close(backup_on_exit=False)
        local = workspace.make_local_copy(path, config.paths().data)
        ws = workspace.open_workspace(local)
        ws.notes.append(f"正在本机副本上工作；完成后用“文件 → 发布回网络位置”写回 {path}")
    if ws.db is None:  # cannot be opened at all
        newest = ws.newest_backup()
        if newest and not signed_in_to_backup(newest.path, parent):
            ws.close()
            return None
        if newest and _yes(
            parent,
            "数据库已损坏",
            f"数据库“{path.name}”无法打开：{'；'.join(ws.problems[:2])}\n\n"
            f"是否从最新的已验证备份（{newest.created:%Y-%m-%d %H:%M}，教师 {newest.teachers} 人）"
            "恢复？损坏的文件会原样保留在备份文件夹中。",
        ):
            ws.restore(newest.path)
        else:
            ws.close()
            return None
    return ws


def signed_in_to_backup(path: Path, parent=None) -> bool:
    """The database cannot be read, so its accounts cannot say who may restore it: the backup's accounts do.
    True when the backup has no accounts, or an administrator of the backup signed in."""
    from PySide6.QtWidgets import QDialog

    from talentdesk.gui.security.login import LoginDialog
    from talentdesk.services.platform.database import open_database

    db = open_database(path, read_only=True, migrate=False)
    try:
        if not access.has_accounts(db):
            return True
        dlg = LoginDialog(
            db, parent, title="从备份恢复", intro="数据库无法打开。要从最新的备份恢复，请用备份中的管理员账户登录。"
        )
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        if not access.can(db, "restore"):
            QMessageBox.warning(parent, "从备份恢复", "只有管理员可以从备份恢复，请联系管理员")
            return False
        return True
    except UserError as e:
        QMessageBox.warning(parent, "从备份恢复", e.message)
        return False
    finally:
        db.dispose()


def accounts_required(ws: workspace.Workspace) -> bool:
    """Accounts are required where several clerks reach the database (a server, a shared folder); on a
    clerk's own PC they are recommended and offered when the database is set up (gui/first_start.py)."""
    return bool(ws.is_server or ws.network)


def sign_in(ws: workspace.Workspace, parent=None) -> bool:
    """Sign in to WS before working on it. A database on this PC without accounts opens for its one clerk
    (the system user, as the command line does); elsewhere the first administrator must be created.
    False: the clerk cancelled, or the accounts could not be read (ensure_signed_in says why: fail closed)."""
    try:
        unguarded = not accounts_required(ws) and not access.has_accounts(ws.db)
    except access.AccountsUnreadable:
        unguarded = False  # ensure_signed_in reads them again, tells the clerk and refuses
    return True if unguarded else ensure_signed_in(ws.db, parent)


def after_sign_in(ws: workspace.Workspace, parent=None) -> None:
    """A damaged database: the administrator is offered the newest verified backup."""
    if ws.read_only_reason != workspace.DAMAGED:
        return
    newest = ws.newest_backup()
    where = "；".join(ws.problems[:2])
    if newest is None:
        QMessageBox.warning(
            parent, "数据库校验未通过", f"{where}\n\n没有找到已验证的备份。数据库以只读方式打开，不能保存修改。"
        )
        return
    if not access.can(ws.db, "restore"):
        QMessageBox.warning(
            parent, "数据库校验未通过", f"{where}\n\n数据库以只读方式打开，不能保存修改。请联系管理员从备份恢复。"
        )
        return
    if _yes(
        parent,
        "数据库校验未通过",
        f"{where}\n\n已禁止写入。是否从最新的已验证备份（{newest.created:%Y-%m-%d %H:%M}，"
        f"教师 {newest.teachers} 人）恢复？当前文件会先保存到备份文件夹。",
    ):
        user = access.current(ws.db)
        ws.restore(newest.path)
        if access.current(ws.db).role is None and not user.bootstrap:
            ensure_signed_in(ws.db, parent)


def install(window, ws: workspace.Workspace) -> list:
    """Idle lock, heartbeat, menu actions (锁定, 发布回网络位置) on the main window. Returns objects to keep."""
    from talentdesk.gui.security.idle_lock import IdleLock

    idle = IdleLock(window)
    beat = QTimer(window)
    beat.setInterval(database.HEARTBEAT_SECONDS * 1000)
    beat.timeout.connect(lambda: window.workspace.heartbeat() if window.workspace else None)
    beat.start()
    menu = window.file_menu  # not menuBar().actions()[0].menu(): PySide6 6.9 returns a dead wrapper there
    lock = QAction("锁定屏幕", window)
    lock.setShortcut(QKeySequence("Ctrl+L"))
    lock.triggered.connect(idle.lock)
    menu.insertAction(menu.actions()[-1], lock)
    origin = Path(str(ws.path) + ".origin") if ws.path is not None else None
    if origin is not None and origin.exists():
        publish = QAction("发布回网络位置…", window)
        publish.triggered.connect(lambda: publish_back(window))
        menu.insertAction(menu.actions()[-1], publish)
    for note in ws.notes:
        window.statusBar().showMessage(note, 15_000)
    window._open_database = lambda p: reopen(window, p)  # 文件 → 打开数据库… goes through a workspace too
    return [idle, beat, _watch_server_backup(window)]


def _watch_server_backup(window) -> QTimer:
    """Tell the clerk when a server database's daily copy (running on a thread) has ended, and how."""
    timer = QTimer(window)
    timer.setInterval(2000)

    def check():
        ws = window.workspace
        job = ws.background if ws is not None else None
        if job is None or job.running:
            return
        ws.background = None
        if job.error:
            window.statusBar().showMessage(f"今天的自动备份没有完成：{job.error}", 60_000)
        elif job.made is not None:
            window.statusBar().showMessage(f"已把服务器数据库备份到本机：{job.made.name}", 15_000)

    timer.timeout.connect(check)
    timer.start()
    return timer


def reopen(window, path: Path):
    """Open another database for the window: lock, checks, sign-in; the previous one is closed cleanly."""
    new = open_for_gui(path if workspace.server.is_server_url(path) else Path(path), window)
    if new is None:
        raise UserError("数据库没有打开")
    if not sign_in(new, window):
        new.close()
        raise UserError("没有登录，仍使用原来的数据库")
    after_sign_in(new, window)
    old, window.workspace = window.workspace, new
    if old is not None:
        old.close()
    return new.db


def publish_back(window) -> None:
    ws = window.workspace
    if not _yes(window, "发布回网络位置", "把本机副本写回网络上的数据库？网络上的数据库会先自动备份。"):
        return
    ws.db.dispose()
    try:
        remote = workspace.publish(ws.path)
    except UserError as e:
        QMessageBox.warning(window, "发布回网络位置", e.message)
        return
    window.statusBar().showMessage(f"已发布到 {remote}", 15_000)


def close(window) -> None:
    ws = getattr(window, "workspace", None)
    if ws is not None:
        ws.close()
