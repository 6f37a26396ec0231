"""The basic sub-commands: demo, export teachers|schools|pairings|rotations, check, import, report, self-test
(listed in cli/__init__.py's COMMANDS and EXPORTS)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from talentdesk.cli.common import db_label, open_db, stderr_progress
from talentdesk.errors import UserError

# --- demo ------------------------------------------------------------------------------------


def run_demo(args) -> int:
    from talentdesk.services import demo

    with open_db(args, must_exist=False) as db:
        summary = demo.generate(db, size=args.size, seed=args.seed, progress=stderr_progress("生成演示数据"))
    print(demo.describe(summary))
    print(f"数据库：{db_label(args)}")
    return 0


def cmd_demo(sub) -> None:
    p = sub.add_parser("demo", help="生成虚构的演示县（或演示市）数据到一个空数据库")
    p.add_argument(
        "--size",
        choices=("county", "city"),
        default="county",
        help="county：一个县约3000名教师；city：一个市16个县区约45000名教师",
    )
    p.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据（默认 2026）")
    p.set_defaults(run=run_demo)


# --- export ----------------------------------------------------------------------------------


def run_export_teachers(args) -> int:
    from talentdesk.reports.roster import export_roster

    with open_db(args) as db:
        table = export_roster(db, args.out, include_all=args.all, mask=args.mask)
    print(f"已导出教师花名册：{table.note}，文件 {args.out}")
    if not args.mask:
        print("注意：文件含完整身份证号，请妥善保管。", file=sys.stderr)
    return 0


def export_teachers(kinds) -> None:
    p = kinds.add_parser("teachers", help="教师花名册（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--mask", action="store_true", help="遮挡身份证号中间部分")
    p.add_argument("--all", action="store_true", help="包括退休、调出等不在岗的教师")
    p.set_defaults(run=run_export_teachers)


def run_export_list(args) -> int:
    from talentdesk.reports.exports import export

    with open_db(args) as db:
        table = export(db, args.kind, args.out)
    print(f"已导出{table.title}：{len(table.rows)} 行，文件 {args.out}")
    return 0


def export_lists(kinds) -> None:
    for kind, label in (("schools", "学校基本情况"), ("pairings", "师徒结对名单"), ("rotations", "交流轮岗名单")):
        p = kinds.add_parser(kind, help=f"{label}（Excel）")
        p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
        p.set_defaults(run=run_export_list)


# --- check -----------------------------------------------------------------------------------


def run_check(args) -> int:
    from talentdesk.services.platform import check

    with open_db(args) as db:
        if args.fix_cache:
            n = check.repair_cache(db)
            print(f"已重新计算 {n} 名教师的当前信息。")
        result = check.run(db)
    print(check.describe(result, limit=args.limit))
    if args.json:
        Path(args.json).write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"检查结果已写入 {args.json}")
    return 1 if result.errors else 0


def cmd_check(sub) -> None:
    p = sub.add_parser("check", help="检查数据库的完整性和数据一致性（有错误时退出码为 1）")
    p.add_argument("--json", metavar="OUT", help="把全部检查结果另存为 JSON 文件")
    p.add_argument("--limit", type=int, default=30, help="每类问题最多显示多少条（默认 30）")
    p.add_argument("--fix-cache", action="store_true", help="先重新计算教师的当前信息（职称、学校等缓存）")
    p.set_defaults(run=run_check)


# --- import ----------------------------------------------------------------------------------


def run_import(args) -> int:
    from talentdesk.importing.plan import build_plan
    from talentdesk.importing.report import card_lines, to_json
    from talentdesk.services.platform.imports import apply_plan
    from talentdesk.services.platform.settings import load_policy

    with open_db(args, must_exist=False) as db:
        plan = build_plan(db, args.files, progress=stderr_progress("检查"), policy=load_policy(db))
        if args.school and not _choose_schools(plan, args.school):
            return 2
        for name in args.prefer:
            if not plan.prefer_sheet(name):
                print(f"--prefer {name}：没有哪个冲突涉及工作表“{name}”", file=sys.stderr)
                return 2
        conflicts = plan.conflicts()
        for r in conflicts:
            msg = next(i.message for i in reversed(r.issues) if i.code == "duplicate_in_file")
            print(f"{Path(r.sheet.path).name}（工作表“{r.sheet.name}”第{r.row}行）：{msg}", file=sys.stderr)
        if conflicts and not args.dry_run:
            print(
                f"同一文件中有 {len(conflicts)} 行是同一教师但内容不同（见上），未导入任何内容。"
                f"请核对后改正表格，或用 --prefer 工作表名 指定以哪个工作表为准",
                file=sys.stderr,
            )
            return 2
        batch_id = None
        if not args.dry_run:
            batch_id = apply_plan(db, plan, progress=stderr_progress("导入")).batch_id
        report = to_json(plan, applied=not args.dry_run, batch_id=batch_id)
    if args.report:
        Path(args.report).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    sm = report["summary"]
    print(
        f"{'检查' if args.dry_run else '导入'}完成：新增 {sm['inserted']}，修改 {sm['updated']}，"
        f"未变 {sm['unchanged']}，"
        f"退回 {sm['rejected']}，待定 {sm['held']}，跳过 {sm['skipped']}"
        + (f"；{sm['refused_files']} 个文件被拒绝" if sm["refused_files"] else "")
    )
    for line in card_lines(plan):  # registration cards: how many were read, each card's issues by label and cell
        print(line)
    for f in report["files"]:
        if f.get("error"):
            print(f"{f['path']}：{f['error']}", file=sys.stderr)
    for q in plan.school_questions():
        s = q["sheet"]
        say = q["asked"] or s.name
        print(
            f"{Path(s.path).name}（工作表“{s.name}”）：{len(q['rows'])} 行待定，未导入——{q['message']}。"
            f'可用 --school "{say}=学校名称" 指定后重新导入',
            file=sys.stderr,
        )
    if report["files"] and all(f.get("error") for f in report["files"]):
        print("所有文件都被拒绝，没有导入任何内容。", file=sys.stderr)
        return 1
    return 0


def _choose_schools(plan, pairs: list[str]) -> bool:
    """--school NAME=SCHOOL: NAME is a sheet's name or a school name as the file writes it (the 待定 message
    quotes it); SCHOOL an existing school's name or code. False (with a message) when one does not fit."""
    from talentdesk.importing.school_match import norm

    ctx = plan.context
    for pair in pairs:
        name, sep, school = pair.partition("=")
        ref = ctx.schools.get(norm(school)) or ctx.school_codes.get(norm(school))
        if not sep or not name.strip() or ref is None:
            print(
                f"--school {pair}："
                + (
                    "请写成 表名或学校简称=学校名称"
                    if not sep or not name.strip()
                    else f"学校“{school}”不在学校名单中（请写库中学校的全称或标识码）"
                ),
                file=sys.stderr,
            )
            return False
        asked, used = norm(name), False
        for q in plan.school_questions():
            s = q["sheet"]
            if asked in (norm(q["asked"]), norm(s.name)):
                plan.choose_school(s, q["asked"], ref)
                used = True
        if not used:
            print(f"--school {pair}：没有待定的行用到“{name}”（按工作表名或表中写的学校名称指定）", file=sys.stderr)
            return False
    return True


def cmd_import(sub) -> None:
    p = sub.add_parser(
        "import", help="导入学校报来的表格（教师名单、学校基本情况、师徒结对、交流轮岗、培训学时、离岗人员、管理响应）"
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="表格文件或文件夹（.xlsx .xls .ods .csv；登记表也可以是 .docx）"
    )
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入数据库")
    p.add_argument(
        "--prefer",
        action="append",
        default=[],
        metavar="工作表名",
        help="同一文件的几个工作表给同一教师（同一身份证号）填了不同内容时，以这个工作表为准"
        "（可多次使用；不指定则有冲突时拒绝导入）",
    )
    p.add_argument("--report", metavar="OUT.json", help="把逐行结果写入 JSON 文件")
    p.add_argument(
        "--school",
        action="append",
        default=[],
        metavar="表名或简称=学校名称",
        help="指定待定行的学校：工作表名或表中写的学校名称 = 库中学校的全称（可多次使用；"
        "导入后记住，下次同一工作表自动使用）",
    )
    p.set_defaults(run=run_import)


# --- report ----------------------------------------------------------------------------------


def run_report(args) -> int:
    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params, Scope, parse_month, parse_period, parse_teacher_ids

    if args.name == "list":
        for e in catalogue.CATALOGUE:
            print(f"{e.name:16} {e.title}")
        return 0
    entry = catalogue.entry(args.name)
    given = {
        "year": args.year is not None,
        "month": args.month is not None,
        "scope": Scope.parse(args.scope).text != "county",
        "teacher": bool(args.teacher),
        "period": bool(args.period_from or args.period_to or args.since),
        "compare": bool(args.compare),
    }
    refused = [k for k, on in given.items() if on and k not in entry.parameters]
    if refused:
        flag = {"period": "--from/--to/--since"}
        takes = (
            "、".join(f"{flag.get(k, '--' + k)}（{catalogue.PARAMETERS[k]}）" for k in entry.parameters)
            or "没有可选的统计条件"
        )
        what = "、".join(catalogue.PARAMETERS[k] for k in refused if k != "compare")
        why = (
            (f"不按{what}统计" if what else "")
            + ("，" if what and "compare" in refused else "")
            + ("不与上一期间比较" if "compare" in refused else "")
        )
        if "period" in refused:
            why += "（它是某一时点的情况，不是一段时间内发生的事的统计）"
        raise UserError(
            f"报表“{entry.title}”{why}，请去掉 {' '.join(flag.get(k, '--' + k) for k in refused)}。"
            f"它可用的选项：{takes}"
        )
    if args.year is not None and given["period"]:
        raise UserError("--year 与 --from/--to/--since 只能用一种：一年用 --year，多年用 --from/--to")
    if args.month is not None and given["period"]:
        raise UserError(
            "--month 与 --from/--to/--since 只能用一种：一个月用 --month，几个月用 --from YYYY-MM --to YYYY-MM"
        )
    if not args.out:
        raise UserError("请给出输出文件，例如 talentdesk report structure 结构统计.xlsx")
    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".xlsx", ".docx", ".json"):
        raise UserError(f"输出文件应以 .pdf、.xlsx、.docx 或 .json 结尾：{out}")
    options = {"mask": False} if args.full_id else {"mask": True} if args.mask else {}
    params = Params(
        year=args.year,
        month=parse_month(args.month),
        scope=Scope.parse(args.scope),
        period=parse_period(args.period_from, args.period_to, args.since, dt.date.today(), args.compare),
        options=options,
    )  # the exporter is the signed-in user (catalogue.compute)
    with open_db(args) as db:
        with db.sessions() as s:
            params.scope.school_ids(s)  # unknown township/school → a clear message
            params.teacher_ids = parse_teacher_ids(s, args.teacher)
        report = catalogue.compute(db, entry.name, params)
        from talentdesk.services.platform import paper_settings

        watermark = False if args.no_watermark else True if args.watermark else paper_settings.watermark_on(db)
        catalogue.render(report, out, watermark=watermark)
        catalogue.record_output(db, report, out)
    rows = sum(len(p.rows) for p in report.parts)
    print(
        f"已生成{report.title}（{report.scope_label}{'，' + report.period_label if report.period_label else ''}）："
        f"{rows} 行，文件 {out}"
    )
    return 0


def cmd_report(sub) -> None:
    # the catalogue is imported only when a report runs: every other command starts faster
    p = sub.add_parser(
        "report",
        help="生成统计报表或登记表（PDF、Excel 或 JSON）",
        description="报表名称用 talentdesk report list 查看。",
    )
    p.add_argument("name", metavar="NAME", help="报表名称，例如 structure、balance、registration；list 列出全部报表")
    p.add_argument("out", metavar="OUT", nargs="?", help="输出文件：.pdf、.xlsx、.docx（Word）或 .json")
    p.add_argument("--year", type=int, help="学年（以起始年份表示，如 2025 即 2025—2026 学年）或统计年度")
    p.add_argument("--month", metavar="YYYY-MM", help="月报的月份")
    p.add_argument("--from", dest="period_from", metavar="YYYY[-MM]", help="统计期间的开始（多年统计，如 --from 2021）")
    p.add_argument("--to", dest="period_to", metavar="YYYY[-MM]", help="统计期间的结束（默认本月，如 --to 2025）")
    p.add_argument("--since", metavar="YYYY[-MM]", help="从某年至今（--since 2021 即 2021 年以来）")
    p.add_argument("--compare", action="store_true", help="与上一个同样长的期间比较（需给出统计期间）")
    p.add_argument(
        "--scope",
        default="county",
        help="统计范围：county（全县/全市）、county:区县名称、township:乡镇名称（市级数据库中各区县"
        "有同名乡镇，写 township:区县名称/乡镇名称，如 township:青禾县/东古城镇）或 school:学校名称",
    )
    p.add_argument("--teacher", action="append", metavar="ID", help="教师编号或身份证号（可重复，或用逗号分隔）")
    p.add_argument("--full-id", action="store_true", help="显示完整身份证号（花名册默认遮挡）")
    p.add_argument("--mask", action="store_true", help="遮挡身份证号中间部分（登记表默认显示完整号码）")
    mark = p.add_mutually_exclusive_group()
    mark.add_argument("--no-watermark", action="store_true", help="PDF 不加“内部资料”水印")
    mark.add_argument(
        "--watermark", action="store_true", help="PDF 加“内部资料”水印（默认按“设置 → 报表与公示”，未设置时加）"
    )
    p.set_defaults(run=run_report)


# --- self-test -------------------------------------------------------------------------------


def run_self_test(args) -> int:
    from talentdesk import selftest

    return selftest.run(keep=args.keep)


def cmd_self_test(sub) -> None:
    p = sub.add_parser(
        "self-test", help="自检：在临时文件夹中新建数据库、导入、生成 PDF 和 Excel、打开主窗口（不动正式数据）"
    )
    p.add_argument("--keep", metavar="DIR", help="把自检生成的文件保存在这个文件夹中（默认用完即删）")
    p.set_defaults(run=run_self_test)
