"""`talentdesk programmes list|template|import` and `talentdesk export programmes OUT.xlsx` (issues 20 §3, 21 §5):
the programme register — named talent projects and cultivation programmes with their members."""

from __future__ import annotations

from talentdesk.cli.common import open_db


def run_export(args) -> int:
    from pathlib import Path

    from talentdesk.reports import programmes as report

    with open_db(args) as db:
        n = report.export(db, Path(args.out), level=args.level, year=args.year)
    print(f"已导出培养项目成员 {n} 行；文件 {args.out}")
    return 0


def run_programmes(args) -> int:
    """`programmes list` | `programmes template OUT.xlsx` | `programmes import FILE… [--check]`."""
    from talentdesk.services.cultivation import programme_import, programmes

    with open_db(args) as db:
        if args.action == "list":
            rows = programmes.list_rows(db, level=args.level, year=args.year)
            print("\t".join(programmes.HEADERS))
            for r in rows:
                print("\t".join(str(x) for x in r[1:]))
            print(f"共 {len(rows)} 个项目、成员 {sum(r[9] for r in rows)} 人，达成目标 {sum(r[11] for r in rows)} 人")
            return 0
        if not args.files:
            print("请给出文件：template OUT.xlsx 或 import FILE…")
            return 2
        if args.action == "template":
            from talentdesk.importing import templates
            from talentdesk.services.people import schools

            names = sorted({r[1] for r in programmes.list_rows(db)})
            templates.write_programme_members(args.files[0], names, school_names=[n for _i, n in schools.choices(db)])
            print(f"已保存培养项目成员表模板：{args.files[0]}")
            return 0
        plan = programme_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        failed = any(p.severity == programme_import.ERROR for p in plan.problems)
        if args.check or not plan.ready:
            return 1 if failed else 0
        result = programme_import.apply(db, plan)
    print(f"已导入新成员 {result.added} 人、更新 {result.updated} 人（导入批次 {result.batch_id}）")
    return 1 if failed else 0


def cmd_programmes(sub) -> None:
    p = sub.add_parser(
        "programmes", help="培养项目：列表（list）、成员表空白模板（template OUT.xlsx）或导入成员表（import FILE…）"
    )
    p.add_argument(
        "action", choices=("list", "template", "import"), help="list：列出项目；template：模板；import：导入"
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="模板的保存位置，或要导入的 .xlsx/.xls/.ods/.csv 文件")
    p.add_argument("--check", action="store_true", help="只检查并列出问题，不导入")
    p.add_argument("--level", choices=("国家级", "省级", "市级", "县级"), help="只列这一级别的项目")
    p.add_argument("--year", type=int, metavar="YEAR", help="只列这一年在实施的项目")
    p.set_defaults(run=run_programmes)


COMMANDS = [cmd_programmes]


def register(kinds) -> None:
    p = kinds.add_parser("programmes", help="培养项目：每名成员一行，含结果和是否达成目标（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--level", choices=("国家级", "省级", "市级", "县级"), help="只导出这一级别的项目")
    p.add_argument("--year", type=int, metavar="YEAR", help="只导出这一年在实施的项目")
    p.set_defaults(run=run_export)
