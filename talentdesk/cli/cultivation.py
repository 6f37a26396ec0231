"""`talentdesk export studios|training OUT.xlsx` (issue 4; `export pairings` is the importer's list with the
cultivation columns after its own). ID numbers are masked unless asked for with --full-id, which only the
administrator may do (recorded in the audit trail); the exporter is the signed-in user."""

from __future__ import annotations

from talentdesk.cli.common import open_db


def run(args) -> int:
    from pathlib import Path

    from talentdesk.reports import cultivation_tables as ct

    out = Path(args.out)
    with open_db(args) as db:
        tables = ct.export(db, args.kind, out, full=args.full_id, cycle=getattr(args, "cycle", None))
    print("已导出：" + "，".join(f"{t.title} {len(t.rows)} 行" for t in tables) + f"；文件 {out}")
    return 0


def run_export_activities(args) -> int:
    from pathlib import Path

    from talentdesk.domain.dates import PartialDate, parse_loose
    from talentdesk.reports import activities as report

    first: PartialDate | None = parse_loose(args.date_from) if args.date_from else None
    last: PartialDate | None = parse_loose(args.date_to) if args.date_to else None
    with open_db(args) as db:
        n = report.export(db, Path(args.out), first=first, last=last)
    print(f"已导出活动登记 {n} 项；文件 {args.out}")
    return 0


def run_activities(args) -> int:
    """`activities template OUT.xlsx` | `activities import FILE… [--check]` (issue 21 §1)."""
    from talentdesk.services.cultivation import activities, activity_import

    with open_db(args) as db:
        if args.action == "template":
            from talentdesk.importing import templates
            from talentdesk.services.people import schools

            with db.sessions() as s:
                kinds = activities.kind_names(s)
            templates.write_activities(args.files[0], kinds, school_names=[n for _i, n in schools.choices(db)])
            print(f"已保存活动登记表模板：{args.files[0]}")
            return 0
        plan = activity_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        if args.check or not plan.ready:
            return 1 if any(p.severity == activity_import.ERROR for p in plan.problems) else 0
        result = activity_import.apply(db, plan)
    print(f"已导入活动 {result.activities} 项、参加教师 {result.participants} 人次（导入批次 {result.batch_id}）")
    return 1 if any(p.severity == activity_import.ERROR for p in plan.problems) else 0


def cmd_activities(sub) -> None:
    p = sub.add_parser("activities", help="活动登记：空白模板（template OUT.xlsx）或导入填好的表（import FILE…）")
    p.add_argument("action", choices=("template", "import"), help="template：保存空白模板；import：导入")
    p.add_argument("files", nargs="+", metavar="FILE", help="模板的保存位置，或要导入的 .xlsx/.xls/.ods/.csv 文件")
    p.add_argument("--check", action="store_true", help="只检查并列出问题，不导入")
    p.set_defaults(run=run_activities)


def run_competitions(args) -> int:
    """`competitions template OUT.xlsx` | `competitions import FILE… [--check]` | `competitions list` |
    `competitions send ID` (enter the selected teachers in the next-level competition) (issue 21 §2)."""
    from talentdesk.services.cultivation import competition_import, competitions

    with open_db(args) as db:
        if args.action != "list" and not args.files:
            print("请给出竞赛编号（list 的第一列）" if args.action == "send" else "请给出模板的保存位置或要导入的文件")
            return 2
        if args.action == "send":
            from talentdesk.errors import UserError

            if not args.files[0].isdigit():
                print(f"竞赛编号应是数字（list 的第一列）：{args.files[0]}")
                return 2
            try:
                added, there = competitions.send_selected(db, int(args.files[0]))
            except UserError as e:
                print(e)
                return 1
            print(f"已把 {added} 名选送教师加入上一级竞赛" + (f"（{there} 名已在名单中）" if there else ""))
            return 0
        if args.action == "template":
            from talentdesk.importing import templates
            from talentdesk.services.people import schools

            with db.sessions() as s:
                kinds = competitions.kind_names(s)
            templates.write_competitions(args.files[0], kinds, school_names=[n for _i, n in schools.choices(db)])
            print(f"已保存教学竞赛参赛获奖表模板：{args.files[0]}")
            return 0
        if args.action == "list":
            from talentdesk.domain.dates import parse_loose

            first = parse_loose(args.date_from) if args.date_from else None
            last = parse_loose(args.date_to) if args.date_to else None
            rows = competitions.list_rows(db, first=first, last=last)
            for r in rows:
                print(
                    f"{r.id}\t{r.start}\t{r.level}\t{r.kind}\t{r.name}\t参赛 {r.entrants} 人，推荐 {r.selected} 人，"
                    f"获奖 {r.awards} 人（一等奖及以上 {r.first_prizes} 人）"
                )
            print(f"共 {len(rows)} 项竞赛")
            return 0
        plan = competition_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        if args.check or not plan.ready:
            return 1 if any(p.severity == competition_import.ERROR for p in plan.problems) else 0
        result = competition_import.apply(db, plan)
    print(f"已导入竞赛 {result.competitions} 项、参赛教师 {result.entrants} 人次（导入批次 {result.batch_id}）")
    return 1 if any(p.severity == competition_import.ERROR for p in plan.problems) else 0


def cmd_competitions(sub) -> None:
    p = sub.add_parser(
        "competitions",
        help="教学竞赛：空白模板（template OUT.xlsx）、导入填好的表（import FILE…）、列出竞赛（list）"
        "或把选送的教师加入上一级竞赛（send 编号）",
    )
    p.add_argument(
        "action",
        choices=("template", "import", "list", "send"),
        help="template：空白模板；import：导入；list：列出（第一列为编号）；send：选送上一级",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="模板的保存位置，或要导入的 .xlsx/.xls/.ods/.csv 文件")
    p.add_argument("--check", action="store_true", help="只检查并列出问题，不导入")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM]", help="list：开始日期不早于")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM]", help="list：开始日期不晚于")
    p.set_defaults(run=run_competitions)


def run_export_competitions(args) -> int:
    from pathlib import Path

    from talentdesk.domain.dates import PartialDate, parse_loose
    from talentdesk.reports import competitions as report

    first: PartialDate | None = parse_loose(args.date_from) if args.date_from else None
    last: PartialDate | None = parse_loose(args.date_to) if args.date_to else None
    with open_db(args) as db:
        n = report.export(db, Path(args.out), first=first, last=last)
    print(f"已导出教学竞赛登记 {n} 行；文件 {args.out}")
    return 0


COMMANDS = [cmd_activities, cmd_competitions]


def register(kinds) -> None:
    p = kinds.add_parser("studios", help="名师工作室及成员名单（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--full-id", action="store_true", help="显示完整身份证号（默认遮挡）")
    p.set_defaults(run=run)
    p = kinds.add_parser("activities", help="活动登记：每项活动一行，含参加教师（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM]", help="开始日期不早于")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM]", help="开始日期不晚于")
    p.set_defaults(run=run_export_activities)
    p = kinds.add_parser("competitions", help="教学竞赛：每名参赛教师一行，含结果和是否推荐（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM]", help="开始日期不早于")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM]", help="开始日期不晚于")
    p.set_defaults(run=run_export_competitions)
    p = kinds.add_parser("training", help="培训学时：每位教师本周期学时、学校汇总、培训项目、参训记录（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--cycle", type=int, metavar="YEAR", help="培训周期内的任一年份（默认当前周期）")
    p.add_argument("--full-id", action="store_true", help="显示完整身份证号（默认遮挡）")
    p.set_defaults(run=run)
