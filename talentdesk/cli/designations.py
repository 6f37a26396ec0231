"""`talentdesk designations list|due|show|review|unreview` (issue 20 §3): the designations (名师, 名校长, 名班主任 and
the others) with filters, those due for 期中/期满考核, one designation with its reviews, and recording or deleting a
review (继续保留 / 撤销 with a reason / 降级). A 撤销 ends the designation on the review date; deleting the review
puts it back."""

from __future__ import annotations

from talentdesk.cli.common import open_db


def _school_id(db, name: str | None) -> int | None:
    from talentdesk.errors import UserError
    from talentdesk.services.people import schools

    if not name:
        return None
    for sid, n in schools.choices(db):
        if n == name:
            return sid
    raise UserError(f"数据库中没有学校“{name}”")


def run(args) -> int:
    # services and policy loaded here: `talentdesk --help` must not load SQLAlchemy
    from talentdesk.errors import ValidationError
    from talentdesk.services.people import designations as service
    from talentdesk.services.platform import settings

    if args.action in ("show", "review", "unreview") and args.id is None:
        print(f"designations {args.action} 需要编号（称号编号见 designations list 第一列）")
        return 2
    with open_db(args) as db:
        if args.action == "list":
            rows = service.list_rows(
                db,
                kind=args.kind,
                level=args.level,
                school_id=_school_id(db, args.school),
                status=args.status,
                search=args.search,
            )
            print("\t".join(("编号", *service.HEADERS)))
            for drow in rows:
                print("\t".join(str(x) for x in (drow.id, *tuple(drow)[2:])))
            print(f"共 {len(rows)} 条")
            return 0
        if args.action == "due":
            policy = settings.load_policy(db)
            due = service.due_rows(db, policy, kind=args.kind, months=args.months)
            print("\t".join(("编号", *service.DUE_HEADERS)))
            for row in due:
                print("\t".join(str(x) for x in (row.id, *tuple(row)[2:])))
            months = policy.designation_review_months if args.months is None else args.months
            print(f"共 {len(due)} 条（{months} 个月内到期考核及逾期）")
            return 0
        if args.action == "show":
            d = service.get(db, args.id)
            end = d["end"].iso() if d["end"] else "未填"
            start = d["start"].iso() if d["start"] else "未填"
            print(f"{d['name']}（{d['school']}）{d['level']}{d['kind']}，{start} 至 {end}，{d['status']}")
            for rev in d["reviews"]:
                extra = "，".join(x for x in (rev["reason"], rev["decided_by"], rev["document"]) if x)
                print(
                    f"  [{rev['id']}] {rev['date'].iso()} {rev['stage'] or '考核'} {rev['result'] or ''} "
                    f"{rev['decision']}  {extra}"
                )
            return 0
        if args.action == "unreview":
            service.delete_review(db, args.id)
            print(f"已删除考核记录 {args.id}（由它撤销或降级的称号已恢复）")
            return 0
        values = dict(
            date=args.date,
            stage=args.stage,
            result=args.result,
            decision=args.decision,
            reason=args.reason,
            decided_by=args.by,
            document=args.document,
        )
        try:
            rid = service.save_review(db, args.id, None, values)
        except ValidationError as e:
            for m in e.problems.values():
                print(m)
            return 2
        d = service.get(db, args.id)
        print(f"已记录考核 {rid}：{d['name']} {d['level']}{d['kind']} {args.decision}，称号现为“{d['status']}”")
        return 0


def cmd_designations(sub) -> None:
    p = sub.add_parser(
        "designations", help="称号（名师、名校长、名班主任等）：列表、待考核名单、查看、记录或删除任期考核"
    )
    p.add_argument("action", choices=("list", "due", "show", "review", "unreview"))
    p.add_argument("id", nargs="?", type=int, help="show/review：称号编号（list 第一列）；unreview：考核记录编号")
    p.add_argument("--kind", help="称号，如 名校长；“三名工程”为名师、名校长、名班主任")
    p.add_argument("--level", help="级别，如 市级")
    p.add_argument("--school", help="学校名称")
    p.add_argument("--status", choices=("在任", "已撤销", "已降级", "任期已满", "未开始"))
    p.add_argument("--search", help="姓名或学校中含有")
    p.add_argument("--months", type=int, help="due：几个月内到期（默认按设置）")
    p.add_argument("--date", help="review：考核日期，如 2026-06-30")
    p.add_argument("--stage", choices=("期中考核", "期满考核"))
    p.add_argument("--result", choices=("优秀", "合格", "基本合格", "不合格"))
    p.add_argument("--decision", choices=("继续保留", "撤销", "降级"))
    p.add_argument("--reason", help="撤销、降级的原因")
    p.add_argument("--by", help="决定单位")
    p.add_argument("--document", help="文号")
    p.set_defaults(run=run)


COMMANDS = [cmd_designations]
