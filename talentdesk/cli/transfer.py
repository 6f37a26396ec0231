"""Command line for issue 10 §2: copy a database between a SQLite file and a PostgreSQL server, and compare two.

    talentdesk copy-db SOURCE DEST [--report OUT.json]
    talentdesk verify-db A B [--report OUT.json]

Each side is a SQLite file path or a postgresql:// URL (postgresql+psycopg://user:pw@host/dbname). DEST must be a
new file or an empty server database (create it first: CREATE DATABASE …). Exit code 0 when every table agrees,
1 when one differs, 2 when the copy could not be done. When SOURCE (or A) has accounts, sign in with --user as
for every command; copying needs an administrator.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from talentdesk.cli.common import sign_in, stderr_progress
from talentdesk.errors import UserError


def _normalise_url(target: str) -> str:
    # postgresql:// and postgres:// → the psycopg 3 driver the program ships with
    for prefix in ("postgresql://", "postgres://"):
        if target.startswith(prefix):
            return "postgresql+psycopg://" + target[len(prefix) :]
    return target


@contextlib.contextmanager
def _opened(opener, target: str):
    db = opener(_normalise_url(target))
    try:
        yield db
    finally:
        db.dispose()


def _print_report(report, out: str | None) -> int:
    from talentdesk.services.platform import transfer as svc
    from talentdesk.store.transfer import report_table, save_report

    for line in report_table(report, svc.labels()):
        print(line)
    if report.copy_notes != (0, 0):
        print(f"（审计日志中的复制记录不参与核对：{report.copy_notes[0]} / {report.copy_notes[1]} 条）")
    print(svc.summary(report))
    if out:
        save_report(report, out)
        print(f"核对结果已保存：{out}")
    return 0 if report.ok else 1


def run_copy_db(args) -> int:
    from talentdesk.services.platform import transfer as svc

    if not svc.is_server_url(_normalise_url(args.dest)) and Path(args.dest).exists():
        raise UserError(f"目标文件 {args.dest} 已存在：复制只写入新文件（或空的服务器数据库）")
    with _opened(svc.open_source, args.source) as src:
        sign_in(args, src)
        report = svc.copy_to_new(src, _normalise_url(args.dest), progress=stderr_progress("复制数据库"))
    return _print_report(report, args.report)


def run_verify_db(args) -> int:
    from talentdesk.services.platform import transfer as svc

    with _opened(svc.open_source, args.a) as a, _opened(svc.open_source, args.b) as b:
        sign_in(args, a)
        report = svc.verify_databases(a, b, progress=stderr_progress("逐表比较"))
    return _print_report(report, args.report)


def cmd_copy_db(sub) -> None:
    p = sub.add_parser(
        "copy-db",
        help="把整个数据库复制到新的 SQLite 文件或空的 PostgreSQL 数据库，并逐表核对",
        description="SOURCE、DEST 可以是 SQLite 文件路径或 postgresql://用户:密码@服务器/数据库名。"
        "目标必须是新文件或空数据库；复制在一个事务中完成，失败时目标保持为空。"
        "全部表一致时退出码为 0，有表不一致时为 1。",
    )
    p.add_argument("source", metavar="SOURCE", help="源数据库：文件路径或 postgresql:// 地址")
    p.add_argument("dest", metavar="DEST", help="目标数据库：新文件路径或空的 postgresql:// 数据库")
    p.add_argument("--report", metavar="OUT.json", help="把逐表核对结果保存为 JSON 文件")
    p.set_defaults(run=run_copy_db)


def cmd_verify_db(sub) -> None:
    p = sub.add_parser(
        "verify-db",
        help="逐表比较两个数据库（行数和校验和），不复制",
        description="A、B 可以是 SQLite 文件路径或 postgresql:// 地址，结构版本须相同。"
        "全部表一致时退出码为 0，有表不一致时为 1。",
    )
    p.add_argument("a", metavar="A", help="第一个数据库")
    p.add_argument("b", metavar="B", help="第二个数据库")
    p.add_argument("--report", metavar="OUT.json", help="把逐表比较结果保存为 JSON 文件")
    p.set_defaults(run=run_verify_db)


COMMANDS = [cmd_copy_db, cmd_verify_db]
