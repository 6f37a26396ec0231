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
