"""`talentdesk research list|show|kinds|template|import` and `talentdesk export research-projects OUT.xlsx` (issue 21
§5): the 课题 register — research projects with their group of teachers, and the bureau's list of kinds."""

from __future__ import annotations

from talentdesk.cli.common import open_db

LEVELS = ("国家级", "省级", "市级", "县级")  # domain.research.LEVELS (the CLI imports no domain code at start-up)
STATUSES = ("立项", "中期", "结题", "获奖", "撤项", "延期")


def run_export(args) -> int:
    from pathlib import Path

    from talentdesk.reports import research as report

    with open_db(args) as db:
        n = report.export(db, Path(args.out), level=args.level, status=args.status, year=args.year)
    print(f"已导出课题 {n} 项；文件 {args.out}")
    return 0


def _kinds(db, args) -> int:
    """The list of kinds with how many projects use each; --add NAME and --remove NAME change it first."""
    from talentdesk.errors import UserError
    from talentdesk.services.cultivation import research

    try:
        if args.add:
            research.add_kind(db, args.add)
            print(f"已添加课题类别“{args.add.strip()}”")
        if args.remove:
            research.remove_kind(db, research.kind_id(db, args.remove))
            print(f"已删除课题类别“{args.remove.strip()}”")
    except UserError as e:
        print(f"不能修改课题类别：{e}")
        return 1
    for k in research.kinds(db):
        print(f"{k['name']}\t{k['used']} 项课题")
    return 0


def run_research(args) -> int:
    """`research list` | `research show ID` | `research kinds [--add NAME] [--remove NAME]` |
    `research template OUT.xlsx` | `research import FILE… [--check]`."""
    from talentdesk.services.cultivation import research, research_import

    with open_db(args) as db:
        if args.action == "kinds":
            return _kinds(db, args)
        if args.action == "list":
            rows = research.list_rows(db, level=args.level, kind=args.kind, status=args.status, year=args.year)
            print("编号\t" + "\t".join(research.HEADERS))
            for r in rows:
                print("\t".join(str(x) for x in r))
            print(f"共 {len(rows)} 项课题，课题组成员 {sum(r.members for r in rows)} 人次")
            return 0
        if not args.files:
            print("请给出：show 课题编号、template OUT.xlsx 或 import FILE…")
            return 2
        if args.action == "show":
            if not args.files[0].isdigit():
                print("请给出课题编号（research list 第一列）")
                return 2
            got = research.get(db, int(args.files[0]))
            status = research.status_label(got["status"], got["award"])
            print(f"{got['title']}（{got['level']}{got['kind']}，{status}）")
            for label, f in (("立项单位", "issuer"), ("立项编号", "number"), ("学校", "school")):
                print(f"{label}：{got[f] or ''}")
            for label, f in (("立项日期", "approved"), ("计划结题", "planned_end"), ("结题日期", "concluded")):
                print(f"{label}：{got[f].iso() if got[f] else ''}")
            for m in got["members"]:
                print(f"  {m['role']}\t{m['name']}\t{m['school']}\t{m['subject']}")
            return 0
        if args.action == "template":
            from talentdesk.importing import templates
            from talentdesk.services.people import schools

            with db.sessions() as s:
                kinds = research.kind_names(s)
            templates.write_research_projects(args.files[0], kinds, school_names=[n for _i, n in schools.choices(db)])
            print(f"已保存课题登记表模板：{args.files[0]}")
            return 0
        plan = research_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        failed = any(p.severity == research_import.ERROR for p in plan.problems)
        if args.check or not plan.ready:
            return 1 if failed else 0
        result = research_import.apply(db, plan)
    updated = f"、更新已登记课题 {result.updated} 项" if result.updated else ""
    print(f"已导入课题 {result.projects} 项、课题组成员 {result.members} 人次{updated}（导入批次 {result.batch_id}）")
    return 1 if failed else 0


def cmd_research(sub) -> None:
    p = sub.add_parser(
        "research",
        help="课题登记：列表（list）、查看（show 编号）、课题类别（kinds）、空白模板（template OUT.xlsx）"
        "或导入（import FILE…）",
    )
    p.add_argument(
        "action",
        choices=("list", "show", "kinds", "template", "import"),
        help="list：列出课题；show：查看一项；kinds：课题类别名录（可加 --add、--remove）；"
        "template：模板；import：导入",
    )
    p.add_argument(
        "files", nargs="*", metavar="FILE", help="课题编号、模板的保存位置，或要导入的 .xlsx/.xls/.ods/.csv 文件"
    )
    p.add_argument("--check", action="store_true", help="只检查并列出问题，不导入")
    p.add_argument("--level", choices=LEVELS, help="只列这一级别的课题")
    p.add_argument("--kind", metavar="类别", help="只列这一类别的课题（如 重点课题）")
    p.add_argument("--status", choices=STATUSES, help="只列这一状态的课题")
    p.add_argument("--year", type=int, metavar="YEAR", help="只列这一年立项的课题")
    p.add_argument("--add", metavar="NAME", help="kinds：在课题类别名录中增加一个类别")
    p.add_argument("--remove", metavar="NAME", help="kinds：从课题类别名录中删除一个类别（有课题使用时不能删除）")
    p.set_defaults(run=run_research)


COMMANDS = [cmd_research]


def register(kinds) -> None:
    p = kinds.add_parser("research-projects", help="课题登记：每项课题一行，含主持人和课题组成员（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--level", choices=LEVELS, help="只导出这一级别的课题")
    p.add_argument("--status", choices=STATUSES, help="只导出这一状态的课题")
    p.add_argument("--year", type=int, metavar="YEAR", help="只导出这一年立项的课题")
    p.set_defaults(run=run_export)
