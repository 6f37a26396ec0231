"""Postings outside the county (issue 22 §2): `talentdesk postings calls|list|template|import` and
`talentdesk export postings OUT.xlsx`."""

from __future__ import annotations

from talentdesk.cli.common import open_db


def _dates(args):
    from talentdesk.domain.dates import parse_loose

    first = parse_loose(args.date_from) if getattr(args, "date_from", None) else None
    last = parse_loose(args.date_to) if getattr(args, "date_to", None) else None
    return first, last


def _call_id(db, title: str | None) -> int | None:
    from talentdesk.errors import UserError
    from talentdesk.services.deployment import postings

    if not title:
        return None
    for cid, name in postings.call_choices(db):
        if name == title:
            return cid
    raise UserError(f"没有名为“{title}”的选派（talentdesk postings calls 列出全部）")


def run_postings(args) -> int:
    from talentdesk.importing import templates
    from talentdesk.services.deployment import posting_import, postings

    first, last = _dates(args)
    with open_db(args) as db:
        if args.action == "calls":
            for c in postings.list_calls(db, kind=args.kind, first=first, last=last):
                places = f"，名额 {c.places}" if c.places is not None else ""
                print(
                    f"{c.title}｜{c.kind}｜{c.region}·{c.unit}（{c.unit_kind}）｜{c.start or '—'} 至 "
                    f"{c.planned_end or '—'}{places}｜报名 {c.applied} 人，选派 {c.selected} 人"
                )
            return 0
        if args.action == "list":
            rows = postings.list_candidates(
                db, call_id=_call_id(db, args.call), stage=args.stage, kind=args.kind, first=first, last=last
            )
            for r in rows:
                print(f"{r.call}｜{r.name}（{r.id_masked}，{r.school or '—'}）｜报名 {r.applied_on}｜{r.stage}")
            print(f"共 {len(rows)} 人")
            return 0
        if args.action == "away":
            away = postings.away(db)
            for a in away:
                print(
                    f"{a.name}（{a.post_school}）｜{a.kind}｜{a.region}·{a.unit}｜{a.start} 至 {a.planned_end or '—'}"
                )
            print(f"目前在外（派出未返回）{len(away)} 人")
            return 0
        if args.action == "template":
            if not args.files:
                raise SystemExit("请给出模板的保存位置：talentdesk postings template OUT.xlsx")
            templates.write("postings", args.files[0])
            print(f"已保存援派报名与选派模板：{args.files[0]}")
            return 0
        if not args.files:
            raise SystemExit("请给出要导入的文件：talentdesk postings import FILE…")
        plan = posting_import.plan(db, args.files)
        for p in plan.problems:
            print(f"[{p.severity}] {p.text()}")
        print(plan.summary())
        failed = 1 if any(p.severity == posting_import.ERROR for p in plan.problems) else 0
        if args.check or not plan.rows:
            return failed
        result = posting_import.apply(db, plan)
    print(
        f"已导入报名教师：新增 {result.added} 人、更新 {result.updated} 人，其中选派 {result.selected} 人；"
        f"新建选派 {result.calls} 次（导入批次 {result.batch_id}）"
    )
    return failed


def cmd_postings(sub) -> None:
    p = sub.add_parser(
        "postings",
        help="援派（援藏、援疆、援边、对口支援）：calls 选派列表、list 报名名单、away 在外教师、"
        "template 空白模板、import 导入",
    )
    p.add_argument("action", choices=("calls", "list", "away", "template", "import"))
    p.add_argument("files", nargs="*", metavar="FILE", help="模板的保存位置，或要导入的 .xlsx/.xls/.ods/.csv 文件")
    p.add_argument("--call", metavar="选派名称", help="只列这次选派的报名教师")
    p.add_argument("--stage", choices=("报名", "推荐", "考核", "选派", "未选派"), help="只列到达这一步的教师")
    p.add_argument("--kind", choices=("援藏", "援疆", "援边", "对口支援"), help="只列这一类别")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM]", help="报名（选派：发布）日期不早于")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM]", help="报名（选派：发布）日期不晚于")
    p.add_argument("--check", action="store_true", help="import：只检查并列出问题，不导入")
    p.set_defaults(run=run_postings)


COMMANDS = [cmd_postings]


def run_export(args) -> int:
    from pathlib import Path

    from talentdesk.reports import postings as report

    first, last = _dates(args)
    with open_db(args) as db:
        n = report.export(db, Path(args.out), call_id=_call_id(db, args.call), stage=args.stage, first=first, last=last)
    print(f"已导出援派报名与选派名单 {n} 人；文件 {args.out}")
    return 0


def register(kinds) -> None:
    p = kinds.add_parser("postings", help="援派报名与选派名单：每名报名教师一行，含各步日期与说明（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--call", metavar="选派名称", help="只导出这次选派")
    p.add_argument("--stage", choices=("报名", "推荐", "考核", "选派", "未选派"), help="只导出到达这一步的教师")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM]", help="报名日期不早于")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM]", help="报名日期不晚于")
    p.set_defaults(run=run_export)
