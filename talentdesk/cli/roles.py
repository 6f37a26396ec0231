"""`talentdesk roles list|appoint|kinds|template|import` and `talentdesk export research-roles OUT.xlsx` (issue 21
§4): roles teachers hold besides the post — 兼职教研员, 蒲公英导师, 评委库 … — with subject, level and term."""

from __future__ import annotations

from talentdesk.cli.common import open_db


def _period(args):
    from talentdesk.domain.dates import parse_loose

    first = parse_loose(args.date_from) if getattr(args, "date_from", None) else None
    last = parse_loose(args.date_to) if getattr(args, "date_to", None) else None
    return first, last


def run_export(args) -> int:
    from pathlib import Path

    from talentdesk.reports import research_roles as report

    first, last = _period(args)
    with open_db(args) as db:
        n = report.export(
            db, Path(args.out), role=args.role, level=args.level, first=first, last=last, current=args.current
        )
    print(f"已导出教研任职 {n} 行；文件 {args.out}")
    return 0


def _list(db, args) -> int:
    from talentdesk.services.cultivation import research_roles

    first, last = _period(args)
    rows = research_roles.list_rows(db, role=args.role, level=args.level, first=first, last=last, current=args.current)
    print("\t".join(research_roles.HEADERS))
    for r in rows:
        print("\t".join(str(x) for x in r[1:]))
    people = len({(r.name, r.school) for r in rows})
    print(f"共 {len(rows)} 条任职、{people} 名教师")
    return 0


def _appoint(db, args) -> int:
    """The teachers named by the files' arguments (names or ID numbers) appointed to one role."""
    from talentdesk.services.cultivation import research_roles

    matches = research_roles.match_pasted(db, "\n".join(args.files))
    missing = [m for m in matches if m.teacher_id is None]
    for m in missing:
        print(f"第 {m.line} 个（{m.text}）：{m.status}{('，' + m.note) if m.note else ''}")
    if missing or not matches:
        print("没有聘任：请写清每名教师的姓名或身份证号（同名时写身份证号）")
        return 1
    values = {
        "role": args.role,
        "level": args.level,
        "subject": args.subject,
        "start": args.start,
        "end": args.end,
        "appointer": args.appointer,
        "doc_no": args.doc_no,
    }
    ids = research_roles.appoint(db, [m.teacher_id for m in matches if m.teacher_id], values)
    print(f"已聘任 {len(ids)} 名教师为{args.level or ''}{args.role}")
    return 0


def run_roles(args) -> int:
    from talentdesk.services.cultivation import research_role_import, research_roles

    with open_db(args) as db:
        if args.action == "list":
            return _list(db, args)
        if args.action == "kinds":
            for k in research_roles.kinds(db):
                print(f"{k['name']}\t{k['used']} 条任职记录")
            return 0
        if not args.files:
            print("请给出教师（appoint）、模板的保存位置（template）或要导入的文件（import）")
            return 2
        if args.action == "appoint":
            return _appoint(db, args)
        if args.action == "template":
            from talentdesk.importing import templates
            from talentdesk.services.people import schools

            with db.sessions() as s:
                kinds = research_roles.kind_names(s)
            templates.write_research_roles(args.files[0], kinds, school_names=[n for _i, n in schools.choices(db)])
            print(f"已保存教研任职表模板：{args.files[0]}")
            return 0
        plan = research_role_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        failed = 1 if any(p.severity == research_role_import.ERROR for p in plan.problems) else 0
        if args.check or not plan.ready:
            return failed
        n = research_role_import.apply(db, plan)
    print(f"已导入教研任职 {n} 条")
    return failed


def cmd_roles(sub) -> None:
    p = sub.add_parser(
        "roles",
        help="教研任职（兼职教研员、蒲公英导师、评委库等）：列出、批量聘任、角色类别、空白模板、导入",
    )
    p.add_argument(
        "action",
        choices=("list", "appoint", "kinds", "template", "import"),
        help="list：列出；appoint：把给出的教师聘为同一角色；kinds：角色类别；template：空白模板；import：导入",
    )
    p.add_argument("files", nargs="*", metavar="ARG", help="appoint：教师姓名或身份证号；template/import：文件")
    p.add_argument("--role", help="角色（list：只列这一角色；appoint：必填）")
    p.add_argument("--level", help="级别：国家级/省级/市级/县级/校级")
    p.add_argument("--subject", help="appoint：学科")
    p.add_argument("--start", help="appoint：任期开始，如 2024-09-01")
    p.add_argument("--end", help="appoint：任期结束（不填为长期）")
    p.add_argument("--appointer", help="appoint：聘任单位")
    p.add_argument("--doc-no", dest="doc_no", help="appoint：文号")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM]", help="list：任期涉及的期间起")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM]", help="list：任期涉及的期间止")
    p.add_argument("--current", action="store_true", help="list：只列在任的")
    p.add_argument("--check", action="store_true", help="import：只检查并列出问题，不导入")
    p.set_defaults(run=run_roles)


COMMANDS = [cmd_roles]


def register(kinds) -> None:
    p = kinds.add_parser("research-roles", help="教研任职：每名教师每项任职一行（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--role", help="只导出这一角色")
    p.add_argument("--level", help="只导出这一级别")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM]", help="任期涉及的期间起")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM]", help="任期涉及的期间止")
    p.add_argument("--current", action="store_true", help="只导出在任的")
    p.set_defaults(run=run_export)
