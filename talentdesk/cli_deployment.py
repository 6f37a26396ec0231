"""`talentdesk export placements|staffing|rotation-plan|rural-honour OUT.xlsx` (issue 5).

`export rotations` stays the importer's list with its fixed columns (reports/exports.py).
"""

from __future__ import annotations

KINDS = {
    "placements": "交流与调动记录（全部交流轮岗、支教、借调、调动）",
    "staffing": "编制测算表（按学校和学段；--year 学年）",
    "rotation-plan": "交流轮岗年度完成情况与方案（--year 年度）",
    "rural-honour": "乡村从教荣誉人选名单（国家、省、县三张表）",
}


def run(args) -> int:
    from pathlib import Path

    from talentdesk.cli import open_db
    from talentdesk.reports import deployment_tables as dtab
    from talentdesk.reports import staffing
    from talentdesk.reports.xlsx import write_tables
    from talentdesk.services import access
    from talentdesk.services.settings import load_policy

    out = Path(args.out)
    with open_db(args) as db:
        access.require(db, "print")
        policy = load_policy(db)
        if args.kind == "placements":
            tables = [dtab.placements_table(db)]
        elif args.kind == "staffing":
            tables = [staffing.table(db, args.year, policy)]
        elif args.kind == "rotation-plan":
            tables = [dtab.rotation_quota_table(db, args.year, policy), dtab.rotation_plan_table(db, args.year)]
        else:
            tables = dtab.rural_tables(db, policy=policy)
        write_tables(tables, out)
    print("已导出：" + "，".join(f"{t.title} {len(t.rows)} 行" for t in tables) + f"；文件 {out}")
    return 0


def register(kinds) -> None:
    for kind, label in KINDS.items():
        p = kinds.add_parser(kind, help=f"{label}（Excel）")
        p.add_argument("out", metavar="OUT.xlsx", help="导出的 Excel 文件")
        if kind in ("staffing", "rotation-plan"):
            p.add_argument("--year", type=int, help="学年或年度（默认最近一年）")
        p.set_defaults(run=run)
