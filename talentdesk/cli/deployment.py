"""`talentdesk export placements|staffing|rotation-plan|rural-honour|responses|quota-ledger OUT.xlsx` (issues 5, 22).

`export rotations` stays the importer's list with its fixed columns (reports/exports.py).
"""

from __future__ import annotations

from talentdesk.cli.common import open_db

KINDS = {
    "placements": "交流与调动记录（全部交流轮岗、支教、借调、调动）",
    "staffing": "编制测算表（按学校和学段；--year 学年）",
    "rotation-plan": "交流轮岗年度完成情况与方案（--year 年度）",
    "rural-honour": "乡村从教荣誉人选名单（国家、省、县三张表）",
    "responses": "流失预警的管理响应记录（--which all 全部 / open 未结 / overdue 逾期）",
    "quota-ledger": "编制台账（全部编制决定、今天的编制使用情况、全县事业编制）",
}


def run(args) -> int:
    from pathlib import Path

    from talentdesk.reports import deployment_tables as dtab

    out = Path(args.out)
    with open_db(args) as db:
        tables = dtab.export(
            db, args.kind, out, year=getattr(args, "year", None), which=getattr(args, "which", None) or "all"
        )
    print("已导出：" + "，".join(f"{t.title} {len(t.rows)} 行" for t in tables) + f"；文件 {out}")
    return 0


def register(kinds) -> None:
    for kind, label in KINDS.items():
        p = kinds.add_parser(kind, help=f"{label}（Excel）")
        p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
        if kind in ("staffing", "rotation-plan"):
            p.add_argument("--year", type=int, help="学年或年度（默认最近一年）")
        if kind == "responses":
            p.add_argument(
                "--which", choices=("all", "open", "overdue"), default="all", help="全部、未结（跟进中和逾期）或逾期"
            )
        p.set_defaults(run=run)


# ---------------------------------------------------------------- `talentdesk redeploy …` (issue 22 §2)
#
# redeploy propose --year 2026            生成方案 (creates the school year's plan when there is none)
# redeploy list [--year 2026]             the plans, or one plan's moves with their reasons
# redeploy add --year Y 姓名 学校 [--subject 学科 --stage 学段 --reason 理由]
# redeploy remove --year Y 姓名 / redeploy undo --year Y
# redeploy approve --year Y --doc 文号 --date 2026-08-25
# redeploy template OUT.xlsx / redeploy import --year Y FILE… [--check]   调配名单 from the template
# redeploy revoke --year Y --doc 文号 --reason 理由 [--date 2026-10-08]     撤销已批准方案 (administrators)


def _plan_id(db, year: int, *, create: bool = False) -> int:
    from talentdesk.errors import UserError
    from talentdesk.services.deployment import redeploy

    plan_id = redeploy.plan_of_year(db, year)
    if plan_id is None:
        if not create:
            raise UserError(f"{year}学年还没有调配方案（先用 talentdesk redeploy propose --year {year}）")
        plan_id = redeploy.create_plan(db, year)
    return plan_id


def _print_moves(db, plan_id: int) -> None:
    from talentdesk.services.deployment import redeploy

    plan = redeploy.get_plan(db, plan_id)
    rows = redeploy.moves(db, plan_id)
    print(f"{plan['name']}（{redeploy.status_text(plan)}）：调配 {len(rows)} 人")
    for r in rows:
        print(f"  {r.name}：{r.from_school} → {r.to_school}（{r.stage}{r.subject}，{r.status}，{r.source}）")
        print(f"    理由：{r.reason}")


def run_redeploy_propose(args) -> int:
    from talentdesk.services.deployment import redeploy

    with open_db(args) as db:
        plan_id = _plan_id(db, args.year, create=True)
        outcome = redeploy.propose(db, plan_id)
        print(outcome.message())
        _print_moves(db, plan_id)
    return 0


def run_redeploy_list(args) -> int:
    from talentdesk.services.deployment import redeploy

    with open_db(args) as db:
        if args.year is None:
            plans = redeploy.list_plans(db)
            if not plans:
                print("还没有调配方案")
            for p in plans:
                print(f"{p['school_year']}学年：{p['label']}，{p['status']}，调配 {p['moves']} 人")
            return 0
        _print_moves(db, _plan_id(db, args.year))
    return 0


def _teacher(db, name: str, plan_id: int | None = None) -> int:
    from talentdesk.errors import UserError
    from talentdesk.services.deployment import redeploy

    if plan_id is not None:
        found = [r.teacher_id for r in redeploy.moves(db, plan_id) if r.name == name]
    else:
        found = [tid for tid, label in redeploy.teacher_choices(db, name) if label.split("（")[0] == name]
    if len(found) != 1:
        raise UserError(f"找到 {len(found)} 名叫“{name}”的{'方案中' if plan_id else '在岗'}教师，请核对姓名")
    return found[0]


def run_redeploy_add(args) -> int:
    from talentdesk.errors import UserError
    from talentdesk.services.deployment import redeploy

    with open_db(args) as db:
        plan_id = _plan_id(db, args.year, create=True)
        schools = {name: sid for sid, name in redeploy.school_choices(db)}
        if args.school not in schools:
            raise UserError(f"没有名为“{args.school}”的学校")
        values = dict(
            teacher_id=_teacher(db, args.name),
            to_school_id=schools[args.school],
            stage=args.stage,
            subject=args.subject,
            reason=args.reason,
        )
        redeploy.add_move(db, plan_id, values)
    print(f"已把{args.name}加入{args.year}学年调配方案：调往{args.school}")
    return 0


def run_redeploy_remove(args) -> int:
    from talentdesk.services.deployment import redeploy

    with open_db(args) as db:
        plan_id = _plan_id(db, args.year)
        tid = _teacher(db, args.name, plan_id)
        move = next(r for r in redeploy.moves(db, plan_id) if r.teacher_id == tid)
        redeploy.remove_move(db, move.id)
    print(f"已从{args.year}学年调配方案中删除{args.name}")
    return 0


def run_redeploy_undo(args) -> int:
    from talentdesk.services.deployment import redeploy

    with open_db(args) as db:
        print(redeploy.undo(db, _plan_id(db, args.year)))
    return 0


def run_redeploy_approve(args) -> int:
    from talentdesk.domain.dates import parse_loose
    from talentdesk.services.deployment import redeploy

    with open_db(args) as db:
        plan_id = _plan_id(db, args.year)
        n = redeploy.approve(db, plan_id, args.doc, parse_loose(args.date))
    print(f"已审批{args.year}学年调配方案（{args.doc}）：{n} 名教师的编制学校已调整，原因“调配”")
    return 0


def run_redeploy_template(args) -> int:
    from talentdesk.importing import templates
    from talentdesk.services.deployment import redeploy

    with open_db(args) as db:
        templates.write("redeploy", args.out, school_names=[n for _i, n in redeploy.school_choices(db)])
    print(f"已保存调配名单模板：{args.out}")
    return 0


def run_redeploy_import(args) -> int:
    """Check the files; with no error, import every row into the year's draft plan (made when there is none)."""
    from talentdesk.services.deployment import redeploy_import

    with open_db(args) as db:
        plan = redeploy_import.plan(db, args.files, school_year=args.year)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        if plan.errors:
            return 1
        if args.check or not plan.ready:
            return 0
        result = redeploy_import.apply(db, plan)
    made = "（新建方案）" if result.created else ""
    print(
        f"已导入{plan.plan_name}{made}的调配 {result.added} 人（导入批次 {result.batch_id}；可用 redeploy undo 撤回）"
    )
    return 0


def run_redeploy_revoke(args) -> int:
    import datetime as dt

    from talentdesk.domain.dates import parse_loose
    from talentdesk.services.deployment import redeploy

    with open_db(args) as db:
        plan_id = _plan_id(db, args.year)
        on = parse_loose(args.date) if args.date else dt.date.today()
        n = redeploy.revoke(db, plan_id, args.doc, args.reason, on)
        plan = redeploy.get_plan(db, plan_id)
    print(f"已撤销{plan['name']}：{n} 名教师已调回原学校（原因“撤销调配”，{args.doc}）")
    return 0


def cmd_redeploy(sub) -> None:
    p = sub.add_parser(
        "redeploy", help="教师调配方案：生成、查看、修改、撤销、审批（审批即调整编制学校）、模板和导入、撤销已审批方案"
    )
    w = p.add_subparsers(dest="redeploy_command", metavar="操作", required=True)
    x = w.add_parser("propose", help="按各学校学科余缺生成本学年的调配方案（保留手工调整的记录）")
    x.add_argument("--year", type=int, required=True, help="学年，如 2026")
    x.set_defaults(run=run_redeploy_propose)
    x = w.add_parser("list", help="列出调配方案；给出 --year 时列出该学年方案的每一项调配和理由")
    x.add_argument("--year", type=int, help="学年")
    x.set_defaults(run=run_redeploy_list)
    x = w.add_parser("add", help="手工加入一项调配")
    x.add_argument("--year", type=int, required=True)
    x.add_argument("name", help="教师姓名")
    x.add_argument("school", help="调入学校")
    x.add_argument("--stage", help="在调入学校任教的学段（默认现任教学段）")
    x.add_argument("--subject", help="在调入学校任教的学科（默认现任教学科）")
    x.add_argument("--reason", help="调配理由")
    x.set_defaults(run=run_redeploy_add)
    x = w.add_parser("remove", help="从方案中删除一名教师的调配")
    x.add_argument("--year", type=int, required=True)
    x.add_argument("name", help="教师姓名")
    x.set_defaults(run=run_redeploy_remove)
    x = w.add_parser("undo", help="撤销方案最近一次修改（生成、加入、删除、修改；审批前）")
    x.add_argument("--year", type=int, required=True)
    x.set_defaults(run=run_redeploy_undo)
    x = w.add_parser("approve", help="审批方案：每项调配写入教师的编制学校变动（原因“调配”，附文号）")
    x.add_argument("--year", type=int, required=True)
    x.add_argument("--doc", required=True, help="审批文号，如 某教人〔2026〕8号")
    x.add_argument("--date", required=True, help="调配生效日期，如 2026-08-25")
    x.set_defaults(run=run_redeploy_approve)
    x = w.add_parser(
        "template", help="保存空白的调配名单表（姓名、身份证号、原学校、调入学校、学段、学科、理由、备注）"
    )
    x.add_argument("out", help="模板的保存位置，如 调配名单.xlsx")
    x.set_defaults(run=run_redeploy_template)
    x = w.add_parser("import", help="把填好的调配名单导入该学年的未审批方案（没有时新建）；有任何错误则整表不导入")
    x.add_argument("--year", type=int, required=True)
    x.add_argument("files", nargs="+", metavar="FILE", help="填好的调配名单")
    x.add_argument("--check", action="store_true", help="只检查并列出问题，不导入")
    x.set_defaults(run=run_redeploy_import)
    x = w.add_parser("revoke", help="撤销已审批的方案（管理员）：教师调回原学校，记文号和理由")
    x.add_argument("--year", type=int, required=True)
    x.add_argument("--doc", required=True, help="撤销文号，如 某教人〔2026〕12号")
    x.add_argument("--reason", required=True, help="撤销理由")
    x.add_argument("--date", help="调回生效日期（默认今天），如 2026-10-08")
    x.set_defaults(run=run_redeploy_revoke)


COMMANDS = [cmd_redeploy]
