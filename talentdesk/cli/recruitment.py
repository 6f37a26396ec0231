"""`talentdesk export` kinds of the recruitment area (registered in cli.EXPORTS): the hiring plan,
recruits, obligations, the local-student pool, recognised talent, the rural subsidy list and
service requests — .xlsx or .pdf, computed through the report catalogue. `talentdesk plan hiring --year Y`
computes and saves the year's hiring plan as the 招聘计划 page's 按缺编测算生成计划 does (cli.COMMANDS).
`talentdesk talents template|import|reminders|pay` (issue 20 §4): the recognition template and its import, the terms
ending soon, a payment against an agreement's terms."""

from __future__ import annotations

from talentdesk.cli.common import open_db

# kind → (catalogue name, aliases, help)
KINDS = {
    "hiring-plan": ("hiring-plan", ["hiring"], "教师招聘计划表（--year 年度）"),
    "recruits": ("recruits", [], "招聘录用名单（--year 年度，默认全部）"),
    "obligations": ("obligations", [], "服务期履约名单（--due 只列本年到期）"),
    "student-pool": ("student-pool", ["students"], "本地生源在读大学生名单（标出本年毕业的紧缺学科学生）"),
    "talents": ("talents", [], "人才认定与待遇名单"),
    "subsidies": ("subsidies", [], "乡村教师生活补助发放表（--month YYYY-MM）"),
    "services": ("services", [], "人才服务与师德记录"),
}
ALIASES = {alias: kind for kind, (_, aliases, _) in KINDS.items() for alias in aliases}


def run(args) -> int:
    from pathlib import Path

    from talentdesk.errors import UserError
    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params, parse_month

    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".pdf", ".json"):
        raise UserError(f"导出文件应以 .xlsx、.pdf 或 .json 结尾：{out}")
    kind = ALIASES.get(args.kind, args.kind)
    options = {"due": args.due, "mask": not args.full_id}
    params = Params(year=args.year, month=parse_month(args.month), options=options)  # exporter: the signed-in user
    with open_db(args) as db:
        report = catalogue.compute(db, KINDS[kind][0], params)
        catalogue.render(report, out)
        catalogue.record_output(db, report, out)
    print(f"已导出{report.title}：{report.notes[0] if report.notes else ''}，文件 {out}")
    return 0


def register(kinds) -> None:
    for kind, (_, aliases, help_text) in KINDS.items():
        p = kinds.add_parser(kind, aliases=aliases, help=help_text)
        p.add_argument("out", metavar="OUT", help="导出的文件（.xlsx 或 .pdf）")
        p.add_argument("--year", type=int, help="年度（默认今年）")
        p.add_argument("--month", metavar="YYYY-MM", help="补助发放月份（默认本月）")
        p.add_argument("--due", action="store_true", help="服务期：只列本年到期或待转编的")
        p.add_argument("--full-id", action="store_true", help="补助发放表显示完整身份证号（默认遮挡）")
        p.set_defaults(run=run)


def run_plan_hiring(args) -> int:
    import datetime as dt

    from talentdesk.services.recruitment import plan as recruitment_plan

    year = args.year or dt.date.today().year
    with open_db(args) as db:
        plan_id = recruitment_plan.propose_plan(db, year, args.title)
        plan = recruitment_plan.get_plan(db, plan_id)
    lines = plan["lines"]
    planned = sum(x["planned"] for x in lines)
    schools = len({x["school_id"] for x in lines})
    print(
        f"已测算并保存“{plan['title']}”（{plan['status']}）：{schools} 所学校 {len(lines)} 行，计划招聘 {planned} 人。"
        f"可在“招聘引才 → 招聘计划”中修改；打印或导出：talentdesk report hiring-plan --year {year} 计划表.pdf"
    )
    return 0


def cmd_plan(sub) -> None:
    p = sub.add_parser("plan", help="测算并保存计划（plan hiring：年度教师招聘计划）")
    kinds = p.add_subparsers(dest="plan_kind", metavar="计划", required=True)
    h = kinds.add_parser("hiring", help="按编制缺额、到龄退休和学科缺口测算年度招聘计划并保存为草稿")
    h.add_argument("--year", type=int, help="计划年度（默认今年）")
    h.add_argument("--title", help="计划标题（默认“YYYY年度中小学教师招聘计划”）")
    h.set_defaults(run=run_plan_hiring)


def run_talents(args) -> int:
    """`talents template OUT.xlsx` | `talents import FILE… [--check]` | `talents reminders` |
    `talents pay AGREEMENT_ID --date --kind --amount [--voucher]`."""
    from talentdesk.errors import UserError
    from talentdesk.services.recruitment import recognition, talent_import

    with open_db(args) as db:
        if args.action == "template":
            from talentdesk.importing import templates
            from talentdesk.services.people import schools

            if len(args.files) != 1:
                raise UserError("talents template 需要一个保存位置，如 talentdesk talents template 人才认定.xlsx")
            templates.write_talents(
                args.files[0], recognition.kind_choices(db), school_names=[n for _i, n in schools.choices(db)]
            )
            print(f"已保存人才认定表模板：{args.files[0]}")
            return 0
        if args.action == "reminders":
            items = recognition.reminders(db)
            for r in items:
                print(f"{r['name']}\t{r['school']}\t{r['what']}\t期满 {r['end'].iso()}\t剩余 {r['days']} 天")
            print(f"共 {len(items)} 项即将期满")
            return 0
        if args.action == "pay":
            if len(args.files) != 1 or not args.files[0].isdigit():
                raise UserError(
                    "talents pay 需要引才协议编号，"
                    "如 talentdesk talents pay 3 --date 2026-12-20 --kind 年薪 --amount 90000"
                )
            pid = recognition.save_payment(
                db,
                None,
                {
                    "agreement_id": int(args.files[0]),
                    "date": args.date,
                    "kind": args.kind,
                    "amount": args.amount,
                    "voucher": args.voucher,
                },
            )
            left = "；".join(
                f"{b['kind']} 已发 {b['paid']:,.0f} / 约定 {b['agreed']:,.0f} 元"
                for b in recognition.balance(db, int(args.files[0]))
            )
            print(f"已登记发放（编号 {pid}）。{left}")
            return 0
        if not args.files:
            raise UserError("talents import 需要要导入的文件")
        plan = talent_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        failed = any(p.severity == talent_import.ERROR for p in plan.problems)
        if args.check or not plan.rows:
            return 1 if failed else 0
        result = talent_import.apply(db, plan)
    print(f"已导入人才认定 {result.inserted} 条、更新 {result.updated} 条（导入批次 {result.batch_id}）")
    return 1 if failed else 0


def cmd_talents(sub) -> None:
    p = sub.add_parser(
        "talents",
        help="人才认定：空白模板（template OUT.xlsx）、导入（import FILE…）、期满提醒（reminders）、"
        "经费发放（pay 协议编号）",
    )
    p.add_argument("action", choices=("template", "import", "reminders", "pay"))
    p.add_argument("files", nargs="*", metavar="FILE", help="模板保存位置、要导入的文件，或 pay 的引才协议编号")
    p.add_argument("--check", action="store_true", help="import：只检查并列出问题，不导入")
    p.add_argument("--date", help="pay：发放日期 YYYY-MM-DD")
    p.add_argument("--kind", help="pay：款项（年薪、协议报酬、科研启动经费、安家费、其他）")
    p.add_argument("--amount", help="pay：金额（元）")
    p.add_argument("--voucher", help="pay：文号或凭证号")
    p.set_defaults(run=run_talents)


COMMANDS = [cmd_plan, cmd_talents]
