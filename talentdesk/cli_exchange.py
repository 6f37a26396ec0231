"""Command line for exchange packages (issue 10 §3):

    talentdesk package export --kind data|monthly|codes --period 2026-11 [--county NAME] OUT.tdpkg
    talentdesk package import FILE...
    talentdesk package show FILE
    talentdesk package list
"""

from __future__ import annotations

import sys
from pathlib import Path


def run_export(args) -> int:
    from talentdesk.cli import open_db, stderr_progress
    from talentdesk.services import exchange

    with open_db(args) as db:
        m = exchange.export(db, args.kind, args.period, Path(args.out), county=args.county,
                            progress=stderr_progress("导出数据包"))
    rows = sum((m.get("counts") or {}).values())
    print(f"已导出数据交换包（{exchange.KINDS[m['kind']]}，{m['county']} {m['period']}，{rows} 行）：{m['path']}")
    print(f"校验值：{m['manifest_sha256']}")
    return 0


def run_import(args) -> int:
    from talentdesk.cli import open_db, stderr_progress
    from talentdesk.services import exchange

    files = [Path(f) for f in args.files]
    refused = 0
    with open_db(args, must_exist=False) as db:  # the city's first import may create its database
        for result in exchange.import_files(db, files, progress=stderr_progress("导入数据包")):
            out = sys.stderr if result.status == "refused" else sys.stdout
            refused += result.status == "refused"
            for line in result.lines():
                print(line, file=out)
    return 2 if refused else 0


def run_show(args) -> int:
    from talentdesk.services import exchange

    pkg = exchange.inspect(Path(args.file))
    print("\n".join(exchange.describe(pkg)))
    return 0 if pkg.ok else 2


def run_list(args) -> int:
    from talentdesk.cli import open_db
    from talentdesk.services import exchange

    with open_db(args) as db:
        rows = exchange.packages(db)
    if not rows:
        print("尚未导入任何数据包")
    for r in rows:
        print(f"{r['imported_at']:%Y-%m-%d %H:%M}  {r['kind_label']:8}  {r['county']:8}  {r['period']}  "
              f"导出人 {r['exporter']}  导入人 {r['imported_by']}  {r['file_name'] or ''}")
    return 0


def cmd_package(sub) -> None:
    p = sub.add_parser("package", help="数据交换包：区县导出数据或月报，市局导入（U 盘传递，无需网络）")
    kinds = p.add_subparsers(dest="action", metavar="操作", required=True)
    e = kinds.add_parser("export", help="导出数据交换包（.tdpkg）")
    e.add_argument("--kind", required=True, choices=("data", "monthly", "codes"),
                   help="data 区县数据；monthly 人才数据月报；codes 代码表和政策参数（市局发给区县）")
    e.add_argument("--period", required=True, metavar="YYYY-MM", help="统计月份，例如 2026-11")
    e.add_argument("--county", metavar="NAME", help="本单位区县名称（第一次导出时填写，之后记住）")
    e.add_argument("out", metavar="OUT.tdpkg", help="输出文件")
    e.set_defaults(run=run_export)
    i = kinds.add_parser("import", help="导入数据交换包（同一个包导入两次不会改变数据）")
    i.add_argument("files", nargs="+", metavar="FILE", help=".tdpkg 文件")
    i.set_defaults(run=run_import)
    s = kinds.add_parser("show", help="查看数据交换包的清单并校验（不需要数据库）")
    s.add_argument("file", metavar="FILE")
    s.set_defaults(run=run_show)
    ls = kinds.add_parser("list", help="列出本数据库已导入的数据交换包")
    ls.set_defaults(run=run_list)


COMMANDS = [cmd_package]
