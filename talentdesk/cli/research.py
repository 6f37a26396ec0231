"""The 课题 register (issue 21 §5): `talentdesk research template|import` and `talentdesk export research OUT.xlsx`."""

from __future__ import annotations

from talentdesk.cli.common import open_db


def run_research(args) -> int:
    from talentdesk.importing import templates
    from talentdesk.services.cultivation import research_import
    from talentdesk.services.people import schools

    with open_db(args) as db:
        if args.action == "template":
            templates.write("research", args.files[0], school_names=[n for _i, n in schools.choices(db)])
            print(f"已保存课题登记表模板：{args.files[0]}")
            return 0
        plan = research_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        failed = 1 if any(p.severity == research_import.ERROR for p in plan.problems) else 0
        if args.check or not plan.rows:
            return failed
        result = research_import.apply(db, plan)
    print(f"已导入课题 {result.projects} 项、课题组成员 {result.members} 人次（导入批次 {result.batch_id}）")
    return failed


def cmd_research(sub) -> None:
    p = sub.add_parser("research", help="课题登记：空白模板（template OUT.xlsx）或导入填好的表（import FILE…）")
    p.add_argument("action", choices=("template", "import"), help="template：保存空白模板；import：导入")
    p.add_argument("files", nargs="+", metavar="FILE", help="模板的保存位置，或要导入的 .xlsx/.xls/.ods/.csv 文件")
    p.add_argument("--check", action="store_true", help="只检查并列出问题，不导入")
    p.set_defaults(run=run_research)


COMMANDS = [cmd_research]


def run_export(args) -> int:
    from pathlib import Path

    from talentdesk.domain.dates import parse_loose
    from talentdesk.reports import research as report

    first = parse_loose(args.date_from) if args.date_from else None
    last = parse_loose(args.date_to) if args.date_to else None
    with open_db(args) as db:
        n = report.export(db, Path(args.out), level=args.level, stage=args.stage, first=first, last=last)
    print(f"已导出课题 {n} 项；文件 {args.out}")
    return 0


def register(kinds) -> None:
    p = kinds.add_parser("research", help="课题登记：每项课题一行，含主持人、成员人数和各步日期（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--level", choices=("国家级", "省级", "市级", "县级"), help="只导出这一级别")
    p.add_argument("--stage", choices=("申报", "立项", "中期", "结题", "获奖"), help="只导出到达这一步的课题")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM]", help="期间内有进展（任一步的日期）：从")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM]", help="期间内有进展：到")
    p.set_defaults(run=run_export)
