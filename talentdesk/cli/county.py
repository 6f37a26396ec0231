"""`talentdesk new PATH --county NAME [--unit 填报单位]`: the county's own database from the command line, as
文件 → 新建数据库… does in the GUI (issue 14 §7): a new file, named for its county and 填报单位."""

from __future__ import annotations

from pathlib import Path

from talentdesk.cli.common import open_workspace_for
from talentdesk.errors import UserError


def run_new(args) -> int:
    from talentdesk.services.platform import county_setup

    path = Path(args.path).expanduser()
    if path.exists():
        raise UserError(f"文件“{path}”已经存在：请换一个名称，或用 --db 打开它")
    if not args.county.strip():
        raise UserError("请用 --county 填写县（市、区）名称")
    with open_workspace_for(args, path, must_exist=False) as ws:
        done = county_setup.set_up(ws.db, args.county, args.unit)
    print(f"已新建“{done['county']}”的数据库：{path.resolve()}（填报单位：{done['unit']}）")
    print(f"下一步：导入学校名单 talentdesk --db {path} import 学校名单.xlsx，或 talentdesk --db {path} 打开图形界面")
    return 0


def cmd_new(sub) -> None:
    p = sub.add_parser("new", help="新建本县数据库：新的数据库文件，填写县（市、区）名称和填报单位")
    p.add_argument("path", metavar="PATH", help="新数据库文件（不能已经存在），如 临河县.db")
    p.add_argument("--county", required=True, metavar="NAME", help="县（市、区）名称，如 临河县")
    p.add_argument("--unit", metavar="NAME", help="填报单位（打印在每张报表上；默认“县名教育和体育局”）")
    p.set_defaults(run=run_new)


COMMANDS = [cmd_new]
