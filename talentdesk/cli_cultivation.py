"""`talentdesk export studios|training OUT.xlsx` (issue 4; `export pairings` is the importer's list with the
cultivation columns after its own). ID numbers are masked unless the user may reveal them."""

from __future__ import annotations


def _mask(db, full: bool):
    from talentdesk.services import access

    who = access.require(db, "print")
    if full:
        access.require(db, "reveal_id")
    return who, not full


def run(args) -> int:
    from pathlib import Path

    from talentdesk.cli import open_db
    from talentdesk.reports import cultivation_tables as ct
    from talentdesk.reports.xlsx import write_tables
    from talentdesk.store import audit
    from talentdesk.store.uow import UnitOfWork

    out = Path(args.out)
    with open_db(args) as db:
        who, mask = _mask(db, args.full_id)
        if args.kind == "studios":
            tables = ct.studio_tables(db, mask=mask)
        else:
            tables = ct.training_tables(db, args.cycle, mask=mask)
        write_tables(tables, out)
        if not mask:
            with UnitOfWork(db) as uow:
                audit.record(uow.session, action="export", table=args.kind, field="list",
                             new=f"导出{tables[0].title}等（含完整身份证号）到 {out}")
                if not db.read_only:
                    uow.commit()
    print(f"已导出：" + "，".join(f"{t.title} {len(t.rows)} 行" for t in tables) + f"；文件 {out}")
    return 0


def register(kinds) -> None:
    p = kinds.add_parser("studios", help="名师工作室及成员名单（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--full-id", action="store_true", help="显示完整身份证号（默认遮挡）")
    p.set_defaults(run=run)
    p = kinds.add_parser("training", help="培训学时：每位教师本周期学时、学校汇总、培训项目、参训记录（Excel）")
    p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
    p.add_argument("--cycle", type=int, metavar="YEAR", help="培训周期内的任一年份（默认当前周期）")
    p.add_argument("--full-id", action="store_true", help="显示完整身份证号（默认遮挡）")
    p.set_defaults(run=run)
