"""Command line for exchange packages (issue 10 §3):

    talentdesk package export --kind data|monthly|codes --period 2026-11 [--county NAME] OUT.tdpkg
    talentdesk package import FILE...
    talentdesk package show FILE
    talentdesk package list
    talentdesk package key export [--role county|city] [--name NAME] [--new] OUT.tdkey
    talentdesk package key import [--yes] [--name NAME] FILE.tdkey
    talentdesk package key list
    talentdesk package moves [--confirm ID_NUMBER --to COUNTY]

A county's packages are signed with its database's key and sealed to the registered city key; each side first
registers the other's public key file (carried by hand), comparing the fingerprint on the phone.
"""

from __future__ import annotations

import sys
from pathlib import Path

from talentdesk.cli.common import open_db, stderr_progress


def run_export(args) -> int:
    from talentdesk.reports import monthly_package
    from talentdesk.services.exchange import packages as exchange

    with open_db(args) as db:
        m = exchange.export(
            db,
            args.kind,
            args.period,
            Path(args.out),
            county=args.county,
            progress=stderr_progress("导出数据包"),
            monthly_figures=monthly_package.figures,
        )
    rows = sum((m.get("counts") or {}).values())
    print(f"已导出数据交换包（{exchange.KINDS[m['kind']]}，{m['county']} {m['period']}，{rows} 行）：{m['path']}")
    print(f"校验值：{m['manifest_sha256']}")
    return 0


def run_import(args) -> int:
    from talentdesk.services.exchange import packages as exchange

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
    from talentdesk.services.exchange import packages as exchange

    with open_db(args) as db:  # its keys open the package and check the signature
        pkg = exchange.inspect(Path(args.file), db)
    print("\n".join(exchange.describe(pkg)))
    return 0 if pkg.ok else 2


def run_key_export(args) -> int:
    from talentdesk.services.exchange import keys

    with open_db(args, must_exist=False) as db:  # a new city database starts with its key
        key = keys.export_public(db, Path(args.out), role=args.role, name=args.name, new=args.new)
    out = Path(args.out) if Path(args.out).suffix.lower() == keys.SUFFIX else Path(args.out + keys.SUFFIX)
    print(f"已导出本库公钥（{keys.ROLES[key.role]}：{key.name}）：{out}")
    print(f"指纹：{key.grouped}")
    print("请把公钥文件交给对方登记，并在电话中向对方念出指纹核对。公钥文件不含秘密；私钥保存在本电脑本账户中。")
    return 0


def run_key_import(args) -> int:
    from talentdesk.services.exchange import keys

    key = keys.read_public(Path(args.file))
    name = args.name or key.name
    print(f"公钥文件：{args.file}")
    print(f"单位：{keys.ROLES[key.role]} {name}")
    print(f"指纹：{key.grouped}")
    if not args.yes:
        print("请与对方电话核对指纹：对方在其电脑上念出的指纹必须与上面完全一致。", file=sys.stderr)
        try:
            answer = input("指纹一致并登记这个公钥？输入 是 或 y 确认：").strip().lower()
        except EOFError:
            answer = ""
        if answer not in ("是", "y", "yes"):
            print("未登记", file=sys.stderr)
            return 2
    with open_db(args) as db:
        keys.register(db, key, fingerprint=key.fingerprint, name=name)
    print(f"已登记{keys.ROLES[key.role]}“{name}”的公钥（指纹 {key.grouped}）")
    return 0


def run_key_list(args) -> int:
    from talentdesk.services.exchange import keys

    with open_db(args) as db:
        own, here, rows = keys.own_public(db), keys.own_key(db) is not None, keys.registered(db)
    if own is None:
        print("本库密钥：尚未生成（package key export 会生成）")
    else:
        print(
            f"本库密钥：{keys.ROLES[own.role]} {own.name}  指纹 {own.grouped}"
            + ("" if here else "  （私钥不在这台电脑的这个账户上：不能导出或解密数据包）")
        )
    if not rows:
        print("尚未登记对方公钥")
    for r in rows:
        print(
            f"{r['role_label']:4}  {r['name']:8}  指纹 {r['grouped']}  登记于 {r['registered_at']}  "
            f"登记人 {r['registered_by']}"
        )
    return 0


def run_list(args) -> int:
    from talentdesk.services.exchange import packages as exchange

    with open_db(args) as db:
        rows = exchange.packages(db)
    if not rows:
        print("尚未导入任何数据包")
    for r in rows:
        print(
            f"{r['imported_at']:%Y-%m-%d %H:%M}  {r['kind_label']:8}  {r['county']:8}  {r['period']}  "
            f"导出人 {r['exporter']}  导入人 {r['imported_by']}  {r['file_name'] or ''}"
        )
    return 0


def run_moves(args) -> int:
    from talentdesk.services.exchange import moves

    with open_db(args) as db:
        if args.confirm:
            if not args.to:
                print("请用 --to 指明调入的区县", file=sys.stderr)
                return 2
            m = moves.confirm(db, args.confirm, to=args.to)
            print(
                f"已确认：{m['name']} 由{m['from']}调往{m['to']}。下次导入{m['to']}的数据包时采用{m['to']}的记录，"
                f"{m['from']}的记录从市局库移除"
            )
            return 0
        rows, done = moves.pending(db), moves.confirmed(db)
    if not rows:
        print("没有待确认的跨区县调动")
    for m in rows:
        print(f"待确认  {m['name']}（{m['masked']}）  {m['from']}（{m['from_status']}）→ {m['to']}（{m['to_status']}）")
    for (_number, _t), m in sorted(done.items(), key=lambda x: x[1].get("confirmed_at", "")):
        print(
            f"已确认  {m.get('name', '')}  {m.get('from')} → {m.get('to')}  {m.get('confirmed_by')} "
            f"{m.get('confirmed_at', '').replace('T', ' ')}"
        )
    return 0


def cmd_package(sub) -> None:
    p = sub.add_parser("package", help="数据交换包：区县导出数据或月报，市局导入（U 盘传递，无需网络）")
    kinds = p.add_subparsers(dest="action", metavar="操作", required=True)
    e = kinds.add_parser("export", help="导出数据交换包（.tdpkg）")
    e.add_argument(
        "--kind",
        required=True,
        choices=("data", "monthly", "codes"),
        help="data 区县数据；monthly 人才数据月报；codes 代码表和政策参数（市局发给区县）",
    )
    e.add_argument("--period", required=True, metavar="YYYY-MM", help="统计月份，例如 2026-11")
    e.add_argument("--county", metavar="NAME", help="本单位区县名称（第一次导出时填写，之后记住）")
    e.add_argument("out", metavar="OUT.tdpkg", help="输出文件")
    e.set_defaults(run=run_export)
    i = kinds.add_parser("import", help="导入数据交换包（同一个包导入两次不会改变数据）")
    i.add_argument("files", nargs="+", metavar="FILE", help=".tdpkg 文件")
    i.set_defaults(run=run_import)
    s = kinds.add_parser("show", help="用本库的密钥解密数据包，查看清单并核对签名和校验值")
    s.add_argument("file", metavar="FILE")
    s.set_defaults(run=run_show)
    ls = kinds.add_parser("list", help="列出本数据库已导入的数据交换包")
    ls.set_defaults(run=run_list)
    mv = kinds.add_parser("moves", help="跨区县调动：列出待市局确认的调动，或确认一项（--confirm 身份证号 --to 区县）")
    mv.add_argument("--confirm", metavar="身份证号", help="确认这名教师的调动（与两个区县核实后）")
    mv.add_argument("--to", metavar="区县", help="调入的区县")
    mv.set_defaults(run=run_moves)
    k = kinds.add_parser("key", help="本库密钥和对方公钥：导出本库公钥、登记对方公钥、列出已登记的公钥")
    ka = k.add_subparsers(dest="key_action", metavar="操作", required=True)
    ke = ka.add_parser("export", help="导出本库公钥文件（.tdkey，没有密钥时先生成），显示指纹")
    ke.add_argument("--role", choices=("county", "city"), help="本单位是 county 区县（默认）或 city 市局")
    ke.add_argument("--name", metavar="NAME", help="本单位名称（默认：记住的区县名称）")
    ke.add_argument("--new", action="store_true", help="生成新密钥（旧密钥作废，对方须重新登记）")
    ke.add_argument("out", metavar="OUT.tdkey")
    ke.set_defaults(run=run_key_export)
    ki = ka.add_parser("import", help="登记对方的公钥文件（显示指纹，与对方电话核对后确认）")
    ki.add_argument("--yes", action="store_true", help="指纹已核对一致，不再询问")
    ki.add_argument("--name", metavar="NAME", help="对方单位名称（默认：公钥文件中的名称）")
    ki.add_argument("file", metavar="FILE.tdkey")
    ki.set_defaults(run=run_key_import)
    kl = ka.add_parser("list", help="列出本库密钥和已登记的对方公钥")
    kl.set_defaults(run=run_key_list)


COMMANDS = [cmd_package]
