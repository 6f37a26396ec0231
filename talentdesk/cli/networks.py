"""School pairings (issue 21 §3): `talentdesk school-pairings list | show NAME [--from] [--to] | template OUT.xlsx |
import FILE… [--check]`, and `talentdesk export school-pairings OUT.xlsx`."""

from __future__ import annotations

from talentdesk.cli.common import open_db


def run_export(args) -> int:
    from pathlib import Path

    from talentdesk.reports import school_pairings as report

    with open_db(args) as db:
        n = report.export(db, Path(args.out))
    print(f"已导出学校结对 {n} 个；文件 {args.out}")
    return 0


def _prefix(text: str | None) -> str | None:
    from talentdesk.domain.dates import parse_loose

    d = parse_loose(text) if text else None
    return d.iso() if d is not None else None


def run_school_pairings(args) -> int:
    from talentdesk.errors import UserError
    from talentdesk.services.deployment import school_pairing_import, school_pairings

    with open_db(args) as db:
        if args.action == "list":
            for r in school_pairings.list_rows(db):
                print(
                    f"{r.name}｜{r.kind}｜牵头：{r.lead}｜成员：{r.members}｜{r.start}—{r.end or '至今'}｜{r.status}"
                    + (f"｜{r.doc_number}" if r.doc_number else "")
                )
            return 0
        if args.action == "show":
            if not args.files:
                raise UserError("请写出结对名称：talentdesk school-pairings show 名称")
            found = [r for r in school_pairings.list_rows(db) if r.name == args.files[0]]
            if not found:
                raise UserError(f"没有名为“{args.files[0]}”的学校结对")
            d = school_pairings.detail(db, found[0].id, _prefix(args.date_from), _prefix(args.date_to))
            print(
                f"{found[0].name}：交流教师 {d['teachers_exchanged']} 人（{d['placements']} 人次），"
                f"结对活动 {d['activities']} 次、{d['person_times']} 人次"
            )
            for when, name, kind, frm, to in d["exchanges"]:
                print(f"  交流 {when} {name} {kind}：{frm} → {to}")
            for when, kind, title, school, n in d["held"]:
                print(f"  活动 {when} {kind}：{title}（{school}，{n} 人次）")
            return 0
        if args.action == "template":
            from talentdesk.importing import templates
            from talentdesk.services.people import schools

            if not args.files:
                raise UserError("请写出模板的保存位置：talentdesk school-pairings template OUT.xlsx")
            with db.sessions() as s:
                kinds = school_pairings.kind_names(s)
            templates.write_school_pairings(args.files[0], kinds, school_names=[n for _i, n in schools.choices(db)])
            print(f"已保存学校结对表模板：{args.files[0]}")
            return 0
        if not args.files:
            raise UserError("请写出要导入的文件：talentdesk school-pairings import FILE…")
        plan = school_pairing_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        failed = 1 if any(p.severity == school_pairing_import.ERROR for p in plan.problems) else 0
        if args.check or not plan.ready:
            return failed
        result = school_pairing_import.apply(db, plan)
    print(f"已导入学校结对 {result.pairings} 个、结对学校 {result.schools} 所次（导入批次 {result.batch_id}）")
    return failed


def cmd_school_pairings(sub) -> None:
    p = sub.add_parser(
        "school-pairings",
        help="学校结对（城乡一体化、结对帮扶、集团化办学、教共体）：list、show 名称、template 模板、import 导入",
    )
    p.add_argument("action", choices=("list", "show", "template", "import"), help="list、show、template 或 import")
    p.add_argument("files", nargs="*", metavar="ARG", help="show：结对名称；template：保存位置；import：要导入的文件")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM]", help="show：统计期间开始")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM]", help="show：统计期间结束")
    p.add_argument("--check", action="store_true", help="import：只检查并列出问题，不导入")
    p.set_defaults(run=run_school_pairings)


COMMANDS = [cmd_school_pairings]


def register(kinds) -> None:
    p = kinds.add_parser("school-pairings", help="学校结对：每个结对一行，含成员学校、文号和协议措施（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.set_defaults(run=run_export)
