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
