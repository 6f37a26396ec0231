"""`talentdesk degree-study list|template|import`, `talentdesk export degree-study OUT.xlsx` and
`talentdesk growth [list] [PROGRAMME] | template|export OUT.xlsx [PROGRAMME] | import FILE… [--check]` (issue 21 §5):
teachers' degree study and programme members' growth plans."""

from __future__ import annotations

from talentdesk.cli.common import open_db

STATUSES = ("在读", "已毕业", "退学")
DEGREES = ("大学本科", "硕士研究生", "博士研究生")


def run_export(args) -> int:
    from pathlib import Path

    from talentdesk.reports import degree_study as report

    with open_db(args) as db:
        n = report.export(db, Path(args.out), status=args.status, degree=args.degree, year=args.year)
    print(f"已导出学历提升 {n} 行；文件 {args.out}")
    return 0


def run_degree_study(args) -> int:
    """`degree-study list` | `degree-study template OUT.xlsx` | `degree-study import FILE… [--check]`."""
    from talentdesk.services.cultivation import degree_import, degree_study

    with open_db(args) as db:
        if args.action == "list":
            rows = degree_study.list_rows(db, status=args.status, degree=args.degree, year=args.year)
            print("\t".join(degree_study.HEADERS))
            for r in rows:
                print("\t".join(str(x) for x in r[1:]))
            by = {s: sum(1 for r in rows if r[11] == s) for s in STATUSES}
            print(f"共 {len(rows)} 人次：" + "，".join(f"{s} {n}" for s, n in by.items()))
            return 0
        if not args.files:
            print("请给出文件：template OUT.xlsx 或 import FILE…")
            return 2
        if args.action == "template":
            from talentdesk.importing import templates
            from talentdesk.services.people import schools

            templates.write_degree_study(args.files[0], school_names=[n for _i, n in schools.choices(db)])
            print(f"已保存学历提升登记表模板：{args.files[0]}")
            return 0
        plan = degree_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        failed = any(p.severity == degree_import.ERROR for p in plan.problems)
        if args.check or not plan.ready:
            return 1 if failed else 0
        result = degree_import.apply(db, plan)
    print(f"已导入 {result.added} 条、更新 {result.updated} 条（导入批次 {result.batch_id}）")
    return 1 if failed else 0


ACTIONS = ("list", "template", "import", "export")


def run_growth(args) -> int:
    """`growth [list] [PROGRAMME]` | `growth template|export OUT.xlsx [PROGRAMME]` | `growth import FILE… [--check]`."""
    words = list(args.words)
    action = words.pop(0) if words and words[0] in ACTIONS else "list"
    if action == "list":
        if len(words) > 1:
            print("只能给出一个项目：growth [list] [项目]")
            return 2
        return _list_growth(args, words[0] if words else None)
    if not words:
        print("请给出文件：growth template OUT.xlsx [项目]、growth export OUT.xlsx [项目] 或 growth import FILE…")
        return 2
    from talentdesk.services.cultivation import growth_import

    with open_db(args) as db:
        if action == "export":
            return _growth_export(db, words[0], words[1] if len(words) > 1 else None)
        if action == "template":
            return _growth_template(db, words[0], words[1] if len(words) > 1 else None)
        plan = growth_import.plan(db, words)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        if args.check or not plan.ready:
            return 1 if plan.errors else 0
        result = growth_import.apply(db, plan)
    print(f"已导入新目标 {result.added} 个、更新 {result.updated} 个（导入批次 {result.batch_id}）")
    return 0


def _chosen(progs: list, programme: str) -> list:
    from talentdesk.services.cultivation import programmes

    return [r for r in progs if programme in (r[1], programmes.programme_label(r[1], r[2] or None), str(r[0]))]


def _growth_template(db, out: str, programme: str | None) -> int:
    """The blank goal list; with a programme, its members filled in (one row each, goals to be added)."""
    from talentdesk.services.cultivation import growth_import, programmes

    ids = None
    if programme:
        ids = [r[0] for r in _chosen(programmes.list_rows(db), programme)]
        if not ids:
            print(f"没有培养项目“{programme}”")
            return 2
    n = growth_import.write_template(db, out, ids)
    print(f"已保存成长清单模板：{out}" + (f"（已填入成员 {n} 人）" if n else ""))
    return 0


def _growth_export(db, out: str, programme: str | None) -> int:
    """Every goal (of one programme, or of all) with its status, in the template's columns."""
    from talentdesk.reports import growth_goals as report
    from talentdesk.services.cultivation import programmes

    ids: list[int | None] = [None]
    if programme:
        ids = [r[0] for r in _chosen(programmes.list_rows(db), programme)]
        if len(ids) != 1:
            print(f"没有培养项目“{programme}”" if not ids else f"“{programme}”有多个批次，请写成 项目（批次）")
            return 2
    n = report.export(db, out, ids[0])
    print(f"已导出目标 {n} 个；文件 {out}")
    return 0


def _list_growth(args, programme: str | None) -> int:
    """Per programme the members' goals (set, done, overdue); with a programme name (or name（cohort）) its members
    one by one."""
    from talentdesk.services.cultivation import growth, programmes

    with open_db(args) as db:
        progs = programmes.list_rows(db)
        if programme:
            chosen = _chosen(progs, programme)
            if not chosen:
                print(f"没有培养项目“{programme}”")
                return 2
            for r in chosen:
                print(programmes.programme_label(r[1], r[2] or None))
                print("姓名\t学校\t目标\t已完成\t逾期")
                for m in growth.members(db, r[0]):
                    print(f"{m['name']}\t{m['school']}\t{m['goals']}\t{m['done']}\t{m['overdue']}")
            return 0
        print("项目（批次）\t成员\t有目标成员\t目标\t已完成\t逾期")
        for r in progs:
            ms = growth.members(db, r[0])
            print(
                f"{programmes.programme_label(r[1], r[2] or None)}\t{len(ms)}\t{sum(1 for m in ms if m['goals'])}\t"
                f"{sum(m['goals'] for m in ms)}\t{sum(m['done'] for m in ms)}\t{sum(m['overdue'] for m in ms)}"
            )
    return 0


def cmd_degree_study(sub) -> None:
    p = sub.add_parser(
        "degree-study", help="学历提升：列表（list）、登记表空白模板（template OUT.xlsx）或导入登记表（import FILE…）"
    )
    p.add_argument("action", choices=("list", "template", "import"), help="list：列出；template：模板；import：导入")
    p.add_argument("files", nargs="*", metavar="FILE", help="模板的保存位置，或要导入的 .xlsx/.xls/.ods/.csv 文件")
    p.add_argument("--check", action="store_true", help="只检查并列出问题，不导入")
    p.add_argument("--status", choices=STATUSES, help="只列这一状态")
    p.add_argument("--degree", choices=DEGREES, help="只列攻读这一学历的")
    p.add_argument("--year", type=int, metavar="YEAR", help="只列这一年在读过的")
    p.set_defaults(run=run_degree_study)


def cmd_growth(sub) -> None:
    p = sub.add_parser(
        "growth",
        help="个性化成长清单：各项目成员的目标、完成和逾期（list [项目]，给出项目时逐人列出；也可省略 list）、"
        "空白模板（template OUT.xlsx [项目]，给出项目时填入其成员）、导出全部目标（export OUT.xlsx [项目]）"
        "或导入（import FILE… [--check]）",
    )
    p.add_argument(
        "words",
        nargs="*",
        metavar="[list|template|export|import] …",
        help="list [项目名称、名称（批次）或编号]；template OUT.xlsx [项目]；export OUT.xlsx [项目]；"
        "import FILE…（.xlsx/.xls/.ods/.csv）",
    )
    p.add_argument("--check", action="store_true", help="import：只检查并列出问题，不导入")
    p.set_defaults(run=run_growth)


COMMANDS = [cmd_degree_study, cmd_growth]


def register(kinds) -> None:
    p = kinds.add_parser("degree-study", help="学历提升：每人次一行，含补助、状态和毕业日期（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--status", choices=STATUSES, help="只导出这一状态")
    p.add_argument("--degree", choices=DEGREES, help="只导出攻读这一学历的")
    p.add_argument("--year", type=int, metavar="YEAR", help="只导出这一年在读过的")
    p.set_defaults(run=run_export)
