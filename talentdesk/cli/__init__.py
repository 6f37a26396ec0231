"""Command line. `talentdesk` alone opens the GUI; sub-commands do batch work without Qt.

One module per area, each importing only cli/common.py of this package (the database named by --db, sign-in,
progress); this file assembles them into one parser and runs the command.

Adding a sub-command: write `def cmd_xxx(sub)` in the area's module that adds a parser to `sub` and sets
`run=<function(args) -> int>` as its default, then list it in COMMANDS below. Kinds of `export` are registered
the same way in EXPORTS (`def export_xxx(kinds)`, or the area module's `register(kinds)`).
A UserError raised anywhere is printed (in Chinese) to stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import sys

from talentdesk import __version__
from talentdesk.cli import (
    basic,
    common,
    county,
    cultivation,
    deployment,
    designations,
    exchange,
    growth,
    networks,
    postings,
    programmes,
    recruitment,
    reliability,
    research,
    roles,
    settings,
    transfer,
    watch,
)
from talentdesk.errors import ReadOnlyError, UserError

EXPORTS = [
    basic.export_teachers,
    basic.export_lists,
    recruitment.register,  # issue 6: hiring-plan, recruits, obligations, student-pool, talents, subsidies
    cultivation.register,  # issue 4: studios, training; issue 21: activities, competitions
    deployment.register,  # issue 5: placements, staffing, rotation-plan, rural-honour
    networks.register,  # issue 21 §3: school-pairings
    programmes.register,  # issues 20 §3, 21 §5: programmes
    growth.register,  # issue 21 §5: degree-study
    research.register,  # issue 21 §5: research projects (课题)
    postings.register,  # issue 22 §2: candidates of postings outside the county (援藏、援疆 …)
    roles.register,  # issue 21 §4: research-roles
]


def cmd_export(sub) -> None:
    p = sub.add_parser("export", help="导出数据到文件")
    kinds = p.add_subparsers(dest="kind", metavar="类别", required=True)
    for register in EXPORTS:
        register(kinds)


COMMANDS = [
    basic.cmd_demo,
    cmd_export,
    basic.cmd_check,
    basic.cmd_import,
    basic.cmd_report,
    basic.cmd_self_test,
    *reliability.COMMANDS,  # issue 8: backup, backups, restore, user
    *transfer.COMMANDS,  # issue 10 §2: copy-db, verify-db
    *exchange.COMMANDS,  # issue 10 §3: package export/import/show/list
    *recruitment.COMMANDS,  # issue 17 §3: plan hiring
    *settings.COMMANDS,  # issue 18 §3: 填报单位, notice contact, watermark
    *county.COMMANDS,  # issue 14 §7: new (the county's own database)
    *watch.COMMANDS,  # issue 22 §3: school groups of the watch rules
    *cultivation.COMMANDS,  # issue 21 §1: activities template/import; §2: competitions template/import/list
    *networks.COMMANDS,  # issue 21 §3: school-pairings list/show/template/import
    *deployment.COMMANDS,  # issue 22 §2: redeploy propose/list/add/remove/undo/approve
    *designations.COMMANDS,  # issue 20 §3: designations list/due/show/review/unreview
    *programmes.COMMANDS,  # issues 20 §3, 21 §5: programmes list/template/import
    *growth.COMMANDS,  # issue 21 §5: degree-study list/template/import, growth (members' goals)
    *research.COMMANDS,  # issue 21 §5: research projects list/show/template/import
    *postings.COMMANDS,  # issue 22 §2: postings outside the county (援藏、援疆 …): calls, list, away, template, import
    *roles.COMMANDS,  # issue 21 §4: research roles list/appoint/kinds/template/import
]


class IntermixedParser(argparse.ArgumentParser):
    """A sub-command parser that takes options and positionals in any order (`report registration --scope
    school:X OUT.pdf` as well as `report registration OUT.pdf --scope school:X`): argparse's intermixed parsing,
    except for a sub-command that has sub-commands of its own, which intermixed parsing does not support."""

    _plain = False

    def parse_known_args(self, args=None, namespace=None):
        nested = any(a.nargs in (argparse.PARSER, argparse.REMAINDER) for a in self._actions if not a.option_strings)
        if self._plain or nested:
            return super().parse_known_args(args, namespace)
        self._plain = True  # parse_known_intermixed_args calls parse_known_args itself
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._plain = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="talentdesk", description="教育人才工作台：不带子命令时打开图形界面")
    parser.add_argument("--version", action="version", version=f"TalentDesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="数据库文件，或服务器数据库 postgresql://用户名@主机:5432/数据库名（密码可写在地址中、"
        "放在环境变量 PGPASSWORD 中，或在终端上输入）；默认用设置页选定的数据库",
    )
    common.add_login_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=IntermixedParser)
    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, usage errors
        return e.code if isinstance(e.code, int) else 0 if e.code is None else 2
    run = getattr(args, "run", None)
    if run is None:
        from talentdesk.gui.app import run as run_gui

        # a mistyped --db never becomes a new database
        if args.db and not common.exists_or_server(common.db_path(args)):
            print(
                f"数据库文件不存在：{args.db}（新建本县数据库用 talentdesk new 文件名 --county 县名，"
                "或不带 --db 启动）",
                file=sys.stderr,
            )
            return 2
        return run_gui(common.db_path(args) if args.db else None)
    try:
        return run(args)
    except UserError as e:
        print(e.message, file=sys.stderr)
        return 2
    except ReadOnlyError as e:  # another instance holds the database
        print(f"{e}（数据库正由其他程序使用或已被禁止写入）", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as e:  # busy, read-only, disk full, unique violation: a sentence, not a traceback
        from talentdesk.store import db_errors

        why = db_errors.explain(e) if isinstance(e, db_errors.database_errors()) else None
        if why is None:
            raise
        print(f"没有完成：{why}。", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
