"""`talentdesk export` kinds of the recruitment area (registered in cli.EXPORTS): the hiring plan,
recruits, obligations, the local-student pool, recognised talent, the rural subsidy list and
service requests — .xlsx or .pdf, computed through the report catalogue."""

from __future__ import annotations

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

    from talentdesk.cli import open_db
    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params, parse_month
    from talentdesk.services.errors import UserError

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
