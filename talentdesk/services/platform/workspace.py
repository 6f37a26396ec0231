"""Opening and closing a database the safe way (GUI and command line alike).

    ws = open_workspace(path)      # start-up checks, single-writer lock, daily backup, migrations
    ws.db                          # the Database (read_only when another instance writes or the file is damaged)
    ws.close()                     # backup on exit (when something changed), clean-close seal, lock released

Start-up: the file is checked (SQLite header, the seal written at the last clean close, PRAGMA quick_check).
A damaged file is opened read-only (when it can be opened at all) and ws.problems says why; the caller
offers restore_newest(). When another instance holds the lock, the database opens read-only and
ws.holder says who. A database on a network drive never uses WAL; make_local_copy()/publish() let the
clerk work on a local copy and publish it back.

A server database (open_workspace("postgresql://…")) has no lock file or seal: the server serves several
clerks at once and keeps its data safe itself. Migrations still run (one program at a time, under an
advisory lock). Its daily backup (the first start of the day on this PC; no exit backup, the server is
shared) is a verified copy into a SQLite file in this PC's backups folder (store/transfer.py); the server's
own backups stay the server administrator's job.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import shutil
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from talentdesk.errors import UserError
from talentdesk.services.accounts import access
from talentdesk.store import backup, guard, identity, server
from talentdesk.store.database import Database, is_network_path, location_writable, open_database
from talentdesk.store.models import AuditLog

DAMAGED, LOCKED, REQUESTED, READ_ONLY_PLACE = "damaged", "locked", "requested", "read_only_place"
SERVER_BACKUP_NOTE = "服务器数据库的备份由服务器管理员负责"


class ServerError(UserError):
    """A server database could not be opened; ``kind`` is one of store.server's reasons."""

    def __init__(self, message: str, kind: str, target: str):
        super().__init__(message, code=kind)
        self.kind = kind
        self.target = target  # the URL tried (with its password, if any: never show it)

    @property
    def needs_password(self) -> bool:
        return self.kind in (server.PASSWORD_NEEDED, server.WRONG_PASSWORD)


@dataclass
class Workspace:
    path: Path | None  # None for a server database
    db: Database | None
    lock: guard.DbLock | None = None
    read_only_reason: str | None = None  # DAMAGED / LOCKED / REQUESTED / None (writing)
    problems: list[str] = field(default_factory=list)
    holder: guard.LockInfo | None = None
    network: bool = False
    backups_dir: Path | None = None
    audit_mark: int = 0
    notes: list[str] = field(default_factory=list)  # what start-up did (daily backup, stale lock recovered…)
    server_url: str | None = None  # a server database's URL (with its password, if any: never show it)
    background: ServerBackup | None = None  # a server's daily copy running while the clerk works
    database_id: str | None = None  # this database's identity (store/identity.py): whose backups are its own
    verified: str | None = None  # SHA-256 of the bytes checked at the start (guard.start_check): the seal reuses it

    def own_backups(self) -> list[backup.BackupInfo]:
        """This database's backups in its backups folder, newest first (not those of another database there)."""
        return split_backups(self.backups_dir, self.database_id, self.path)[0]

    def other_backups(self) -> list[backup.BackupInfo]:
        """The backups in the same folder taken from other databases (offered only on explicit request)."""
        return split_backups(self.backups_dir, self.database_id, self.path)[1]

    def newest_backup(self) -> backup.BackupInfo | None:
        """This database's newest backup whose checksum and contents check out."""
        for info in self.own_backups():
            if not backup.verify(info.path):
                return info
        return None

    def preview(self, backup_file: Path) -> backup.Preview:
        """backup.preview against this database: other database? unverified? counts now → after."""
        return backup.preview(backup_file, self.path, self.database_id)

    @property
    def writable(self) -> bool:
        return self.db is not None and not self.db.read_only

    @property
    def is_server(self) -> bool:
        return self.server_url is not None

    def file(self) -> Path:
        """The database file of a file workspace (a server database has none: the callers ask is_server first)."""
        if self.path is None:
            raise RuntimeError("服务器数据库没有本机数据库文件")
        return self.path

    def location(self) -> str:
        """What is open, for the status bar and the settings page (never a password)."""
        if self.server_url is not None:
            return f"服务器数据库 {server.describe(self.server_url)}"
        return f"本机数据库文件 {self.path}"

    def backs_up(self) -> bool:
        """Does this program make the automatic backups of this database?"""
        return not self.is_server or server_backup_available()

    def banner(self) -> str:
        """The read-only banner text for the main window ('' when writing)."""
        if self.read_only_reason == LOCKED:
            who = self.holder.describe() if self.holder else "另一个程序"
            return f"只读：数据库正由 {who} 使用，不能保存修改"
        if self.read_only_reason == DAMAGED:
            return "只读：数据库文件校验未通过，已禁止写入；请从备份恢复（设置 → 备份与恢复）"
        if self.read_only_reason == REQUESTED:
            return "只读：以只读方式打开，不能保存修改"
        if self.read_only_reason == READ_ONLY_PLACE:
            return "只读：数据库位于不可写的位置（写保护的 U 盘、光盘、只读共享文件夹或没有写权限），不能保存修改"
        return ""

    def heartbeat(self) -> None:
        if self.lock is not None:
            self.lock.heartbeat()
        _merge_journal(self)

    def close(self, *, backup_on_exit: bool = True) -> Path | None:
        """Dispose the engine; when this instance wrote: exit backup (if anything changed), seal, unlock."""
        made = None
        if self.is_server:  # no exit backup: the copy takes seconds to minutes and holds everyone's work;
            if self.background is not None:  # the daily copy (first start of the day on this PC) is kept instead
                self.background.stop()  # an unfinished copy is cancelled and leaves no file; tried again next start
                self.background = None
            if self.db is not None:
                self.db.dispose()
            self.db = None
            return None
        if self.db is not None:
            changed = self.writable and _audit_max(self.db) != self.audit_mark
            self.db.dispose()
            if self.lock is not None:
                if changed and backup_on_exit and self.backups_dir is not None:
                    try:
                        made = backup.auto_backup(self.file(), self.backups_dir, "exit")
                    except backup.BackupError:
                        made = None
                with contextlib.suppress(OSError):
                    guard.write_seal(self.file(), self.verified)
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        self.db = None
        return made

    def restore(self, backup_file: Path, *, allow_other: bool = False, allow_unverified: bool = False) -> Path | None:
        """Replace this database by BACKUP_FILE (administrator); the current file is backed up first.

        The workspace is closed during the swap and reopened afterwards (ws.db is a new Database). A backup of
        another database, or one whose checksum cannot vouch for it, only with the clerk's explicit choice. The
        restored database keeps this database's identity (its backups stay its own)."""
        access.require(self.db, "restore") if self.db is not None else None
        if self.is_server:
            raise UserError("服务器数据库不能在本机从备份恢复；请联系服务器管理员")
        if self.read_only_reason == LOCKED:
            raise UserError("数据库正由其他人使用，不能恢复；请等对方退出后再试")
        user = access.current(self.db) if self.db is not None else None
        if self.db is not None:
            self.db.dispose()
        path = self.file()
        lock = self.lock
        if lock is None:  # opened read-only because damaged: take the lock for the swap
            lock = guard.DbLock.acquire(path, network=self.network)
        try:
            safety = backup.restore(
                backup_file,
                path,
                self.backups_dir or path.parent / "backups",
                current_id=self.database_id,
                allow_other=allow_other,
                allow_unverified=allow_unverified,
            )
        except backup.BackupError:
            if self.lock is None:  # taken for the swap only
                lock.release()
            raise
        guard.remove_seal(path)
        self.verified = None
        self.lock = lock
        self.db = open_database(path, backup_dir=self.backups_dir)
        if self.database_id and identity.of_db(self.db) != self.database_id:
            with self.db.engine.begin() as conn:  # another database's backup, or one older than identities
                identity.adopt(conn, self.database_id)
        self.database_id = self.database_id or identity.of_db(self.db)
        self.read_only_reason, self.problems = None, []
        if user is not None and not user.bootstrap:
            access.sign_in(self.db, user)
        from talentdesk.store import audit
        from talentdesk.store.uow import UnitOfWork

        with UnitOfWork(self.db) as uow:
            audit.record(
                uow.session,
                action="restore",
                table="database",
                new=f"从备份 {Path(backup_file).name} 恢复；"
                f"恢复前的数据库已保存为 {safety.name if safety else '（无）'}",
            )
            uow.commit()
        self.audit_mark = _audit_max(self.db)
        return safety


def _audit_max(db) -> int:
    try:
        with db.engine.connect() as conn:
            # the table's column, not the ORM attribute: configuring the mappers is left until the window shows
            return conn.execute(select(func.max(AuditLog.__table__.c.id))).scalar() or 0
    except Exception:
        return 0


def open_workspace(
    path: Path | str, *, read_only: bool = False, backups_dir: Path | None = None, daily_backup: bool = True
) -> Workspace:
    """Open PATH (a file, or a server URL) for work (see the module doc).
    Raises UserError only when nothing can be opened at all (ServerError for a server)."""
    if server.is_server_url(path):
        return open_server(str(path), read_only=read_only, backups_dir=backups_dir, daily_backup=daily_backup)
    path = Path(path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    bdir = Path(backups_dir) if backups_dir else path.parent / "backups"
    ws = Workspace(path, None, network=is_network_path(path), backups_dir=bdir)
    exists = path.exists() and path.stat().st_size > 0
    if path.exists():  # a 0-byte file is a problem too, never silently a new database
        checked = guard.start_check(path)
        ws.problems, ws.verified = checked.problems, checked.verified
        ws.database_id = identity.of_file(path)
    if read_only or ws.problems:
        ws.read_only_reason = DAMAGED if ws.problems else REQUESTED
        ws.db = _open_read_only(path) if exists else None
        if ws.db is None and not ws.problems:
            raise UserError(f"数据库文件不存在：{path}")
        return ws
    if exists and not location_writable(path):
        return _read_only_place(ws, path)
    try:
        ws.lock = guard.DbLock.acquire(path, network=ws.network)
    except OSError as e:  # the lock file cannot be made: a write-protected medium (not damage)
        if not exists or e.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        return _read_only_place(ws, path)
    except guard.Locked as e:
        ws.read_only_reason, ws.holder = LOCKED, e.info
        ws.db = _open_read_only(path) if exists else None
        if ws.db is None:
            raise UserError(f"数据库正由 {e.info.describe() if e.info else '另一个程序'} 创建，请稍后再打开") from None
        return ws
    if ws.lock.took_over is not None and ws.lock.took_over.pid:
        ws.notes.append(f"上次使用者（{ws.lock.took_over.describe()}）没有正常退出，已接管数据库；数据已检查无误")
    guard.remove_seal(path)  # from now on the file changes; a crash leaves no stale seal
    daily = None
    try:
        if exists and daily_backup and backup.daily_due(bdir, ws.database_id):
            try:
                daily = backup.auto_backup(path, bdir, "daily")
                ws.notes.append("已完成今天的自动备份")
            except backup.BackupError as e:
                ws.notes.append(f"今天的自动备份没有完成：{e}")
        ws.db = open_database(path, backup_dir=bdir)
    except Exception:
        ws.lock.release()
        ws.lock = None
        raise
    if ws.database_id is None:  # a new database, or one made before identities (migration 0009 gave it one)
        ws.database_id = identity.of_db(ws.db)
        if daily is not None:
            backup.claim(daily, ws.database_id)
    _merge_journal(ws)
    ws.audit_mark = _audit_max(ws.db)
    return ws


def _read_only_place(ws: Workspace, path: Path) -> Workspace:
    ws.read_only_reason = READ_ONLY_PLACE
    ws.db = _open_read_only(path)
    if ws.db is None:
        raise UserError(f"无法读取数据库文件 {path}（它所在的位置不可写，也无法以只读方式打开）")
    return ws  # ws.banner() says why (main window, CLI)


def _merge_journal(ws: Workspace) -> None:
    """What read-only instances noted beside the database (sign-ins, failures, full-ID exports) into the
    audit log, now that this one writes (services/lockout)."""
    if not ws.writable:
        return
    from talentdesk.services.accounts import lockout

    try:
        n = lockout.merge_journal(ws.db)
    except Exception as e:  # kept beside the database and merged next time; never stops the clerk's work
        ws.notes.append(f"只读日志暂时没有并入审计日志：{e}")
        return
    if n:
        ws.notes.append(f"已把只读方式下的 {n} 条登录和导出记录并入审计日志")


# --- server databases ----------------------------------------------------------------------------


def server_backups_dir(url: str) -> Path:
    """This PC's backups of a server database: a folder per server database in the usual backups folder."""
    from talentdesk.config import paths

    return paths().backups / f"server-{server.safe_name(url)}"


def open_server(
    url: str, *, read_only: bool = False, backups_dir: Path | None = None, daily_backup: bool = True
) -> Workspace:
    """Open a PostgreSQL database: no lock or seal; migrations (one program at a time); backups if possible."""
    try:
        target = server.normalize(url)
    except ValueError as e:
        raise ServerError(str(e), server.OTHER, url) from None
    bdir = Path(backups_dir) if backups_dir else server_backups_dir(target)
    ws = Workspace(None, None, network=True, backups_dir=bdir, server_url=target)
    try:
        ws.db = open_database(target, read_only=read_only, migrate=not read_only)
        _require_talentdesk(ws.db, target)
    except ServerError:
        if ws.db is not None:
            ws.db.dispose()
        raise
    except RuntimeError as e:  # migrate.upgrade: a newer TalentDesk's database, or tables but no version
        from talentdesk.store.migrate import NewerDatabase

        if isinstance(e, NewerDatabase):
            raise ServerError(e.message, server.OTHER, target) from None
        raise ServerError(
            f"服务器数据库 {server.describe(target)} 不是 TalentDesk 数据库（里面有其他程序的数据表），"
            "不能打开；请换一个空数据库",
            server.NOT_TALENTDESK,
            target,
        ) from None
    except Exception as e:
        if ws.db is not None:
            ws.db.dispose()
        problem = server.explain(e, target)
        raise ServerError(problem.message, problem.kind, target) from None
    if read_only:
        ws.read_only_reason = REQUESTED
    ws.database_id = identity.of_db(ws.db)
    ws.notes.append(f"已连接{ws.location()}")
    if ws.writable and daily_backup:
        if server_backup_available():
            if backup.daily_due(bdir, ws.database_id):
                ws.background = ServerBackup(ws.db, bdir)
                ws.background.start()
                ws.notes.append("正在后台把服务器数据库备份到本机（今天的自动备份），可以照常工作")
        else:
            ws.notes.append(SERVER_BACKUP_NOTE)
    _merge_journal(ws)
    ws.audit_mark = _audit_max(ws.db)
    return ws


def _require_talentdesk(db: Database, target: str) -> None:
    from talentdesk.store import migrate as mig

    if mig.current_revision(db) is None:
        raise ServerError(
            f"服务器数据库 {server.describe(target)} 不是 TalentDesk 数据库，不能打开", server.NOT_TALENTDESK, target
        )


def test_server(url: str) -> str:
    """The dialog's 测试连接: what worked, in Chinese; ServerError says what failed."""
    try:
        target = server.normalize(url)
        found = server.probe(target)
    except ValueError as e:
        raise ServerError(str(e), server.OTHER, url) from None
    except Exception as e:
        problem = server.explain(e, url)
        raise ServerError(problem.message, problem.kind, url) from None
    where = server.describe(target)
    if found.empty:
        return f"连接成功（{found.version}）：{where} 是空数据库，打开时将建立 TalentDesk 的数据表"
    if not found.talentdesk:
        raise ServerError(
            f"能连接 {where}（{found.version}），但它不是 TalentDesk 数据库（里面有其他程序的数据表）；"
            "请换一个空数据库",
            server.NOT_TALENTDESK,
            url,
        )
    people = f"，教师 {found.teachers} 人" if found.teachers is not None else ""
    return f"连接成功（{found.version}）：{where} 是 TalentDesk 数据库{people}"


def server_backup_available() -> bool:
    """Can this program copy a server database into a SQLite backup (store/transfer.py)?"""
    try:
        from talentdesk.store import transfer
    except ImportError:
        return False
    return hasattr(transfer, "backup_to_file")


def backup_server(db: Database, folder: Path, reason: str, cancel=None) -> Path:
    """Copy the server database into a new SQLite file, then keep it as a verified, rotated backup.
    cancel() returning True stops the copy (BackupError; no file is left)."""
    from talentdesk.store import transfer

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"server-copy-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.db.part"
    try:
        report = transfer.backup_to_file(db, tmp, cancel=cancel)
        if not report.ok:
            raise backup.BackupError("服务器数据库复制到本机后核对不一致：" + "、".join(report.differing_tables))
        made = (backup.auto_backup if reason in backup.AUTOMATIC else backup.make_backup)(
            tmp, folder, reason, database=transfer.describe(db)
        )
    except backup.BackupError:
        raise
    except Exception as e:
        raise backup.BackupError(f"无法把服务器数据库复制到本机：{e}") from None
    finally:
        for side in (tmp, *(Path(str(tmp) + s) for s in ("-wal", "-shm", "-journal"))):
            side.unlink(missing_ok=True)
    return made


class ServerBackup:
    """The daily copy of a server database, on a thread (a city database takes a minute or two to copy, which
    must not keep the clerk waiting at start-up). It reads one snapshot, so clerks saving meanwhile are fine."""

    def __init__(self, db: Database, folder: Path):
        self.db, self.folder = db, Path(folder)
        self.made: Path | None = None
        self.error: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="server-daily-backup", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            self.made = backup_server(self.db, self.folder, "daily", cancel=self._stop.is_set)
        except backup.BackupError as e:
            self.error = str(e)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """True when the copy has ended (made or error set)."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(60)


def remembered_target() -> Path | str:
    """The database the clerk chose last on the 设置 page (a file path or a server URL), else the default file."""
    from talentdesk.config import database_choice, paths

    choice = database_choice() or {}
    if choice.get("kind") == "server" and choice.get("url"):
        try:
            return server.with_password(choice["url"], choice.get("password"))
        except ValueError:
            return paths().database
    if choice.get("kind") == "file" and choice.get("path"):
        return Path(choice["path"])
    return paths().database


def remember_choice(target: Path | str, *, remember_password: bool = False) -> None:
    """Open TARGET on the next start; a server password is kept only when asked (on this PC, in plain text)."""
    from talentdesk.config import remember_database

    if server.is_server_url(target):
        url = str(target)
        pw = server.fields(url)["password"] if remember_password else None
        remember_database({"kind": "server", "url": server.without_password(url), **({"password": pw} if pw else {})})
    else:
        remember_database({"kind": "file", "path": str(Path(target).expanduser().resolve())})


def split_backups(folder: Path | None, database_id: str | None, path: Path | None = None):
    """The backups in FOLDER as (this database's, other databases'), newest first. When the identity cannot be
    read (a damaged file), the backups taken under the file's name count as its own."""
    if folder is None:
        return [], []
    every = backup.list_backups(folder)
    if database_id:
        own = [b for b in every if b.database_id == database_id]
    elif path is not None:
        own = [b for b in every if b.database == Path(path).name]
    else:
        own = []
    return own, [b for b in every if b not in own]


def identity_of(target: Path | str) -> str | None:
    """The identity of the database at TARGET (a file, or a server URL), read without opening it for work."""
    if not server.is_server_url(target):
        return identity.of_file(Path(target))
    try:
        db = open_database(str(target), read_only=True, migrate=False)
    except Exception:
        return None
    try:
        return identity.of_db(db)
    finally:
        db.dispose()


def _open_read_only(path: Path) -> Database | None:
    try:
        db = open_database(path, read_only=True, migrate=False)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        return db
    except Exception:
        return None


# --- restore, when the file could not even be opened ----------------------------------------


def restore_newest(ws: Workspace) -> Path | None:
    """Restore this database's newest verified backup into WS (start-up offer after a failed check)."""
    newest = ws.newest_backup()
    if newest is None:
        raise UserError("没有找到可用的已验证备份")
    return ws.restore(newest.path)


# --- network drives ---------------------------------------------------------------------------

NETWORK_RISK = (
    "数据库位于网络驱动器（共享文件夹）上。网络断开或多台电脑同时写入时，SQLite 数据库可能损坏或丢失修改。"
    "建议：复制到本机工作，完成后再发布回共享文件夹（发布前会自动备份共享文件夹中的数据库）。"
)


def local_copy_path(remote: Path, data_dir: Path) -> Path:
    return Path(data_dir) / "local-copies" / Path(remote).name


def make_local_copy(remote: Path, data_dir: Path) -> Path:
    """Copy the network database to this PC (verified); remember its checksum to detect changes at publish."""
    remote = Path(remote)
    local = local_copy_path(remote, data_dir)
    local.parent.mkdir(parents=True, exist_ok=True)
    tmp = local.with_name(local.name + ".part")
    src = sqlite3.connect(f"file:{remote.as_posix()}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    shutil.move(str(tmp), str(local))
    Path(str(local) + ".origin").write_text(
        f"{remote}\n{backup.sha256(remote)}\n{dt.datetime.now():%Y-%m-%d %H:%M}\n", encoding="utf-8"
    )
    return local


def publish(local: Path, remote: Path | None = None) -> Path:
    """Copy the local working copy back over the network database, after backing that one up.

    Refused when the network file changed since the copy was made (someone else wrote to it)."""
    local = Path(local)
    origin = Path(str(local) + ".origin")
    try:
        lines = origin.read_text(encoding="utf-8").splitlines()
    except OSError:
        raise UserError("这不是从网络数据库复制来的本地副本") from None
    remote = Path(remote or lines[0])
    if backup.sha256(remote) != lines[1]:
        raise UserError(
            f"网络上的数据库“{remote.name}”在复制之后已被其他人修改，不能直接覆盖；请先另存本地副本并联系管理员"
        )
    problems = guard.startup_problems(local, use_seal=False)
    if problems:
        raise UserError("本地副本校验未通过，不能发布：" + "；".join(problems[:3]))
    try:
        lock = guard.DbLock.acquire(remote, network=True)
    except guard.Locked as e:
        raise UserError(f"网络数据库正由 {e.info.describe() if e.info else '其他人'} 使用，暂时不能发布") from None
    try:
        backup.auto_backup(remote, remote.parent / "backups", "pre-publish")
        _replace(local, remote)
    finally:
        lock.release()
    origin.write_text(f"{remote}\n{backup.sha256(remote)}\n{dt.datetime.now():%Y-%m-%d %H:%M}\n", encoding="utf-8")
    return remote


def _replace(local: Path, remote: Path) -> None:
    tmp = remote.with_name(remote.name + ".publishing")
    src = sqlite3.connect(f"file:{local.as_posix()}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    for side in (Path(str(remote) + s) for s in ("-wal", "-shm", "-journal")):
        side.unlink(missing_ok=True)
    tmp.replace(remote)
