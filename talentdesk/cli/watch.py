"""`talentdesk watch …` (issue 22 §3): the school groups the watch rules apply to, and the rules' groups.

watch groups                         the groups, their conditions and schools
watch group NAME [--areas 城区 …]     create or change a group (lists joined by 、)
watch group-delete NAME
watch rules                          the rules and the schools each looks at
watch rule-group RULE GROUP          the group a rule applies to (全部学校 / 乡村学校（按设置） / a group)
"""

from __future__ import annotations

from talentdesk.cli.common import open_db

# the services are imported inside the functions: `talentdesk --help` does not load SQLAlchemy


def run_groups(args) -> int:
    from talentdesk.services.deployment import school_groups as g

    with open_db(args) as db:
        rows = g.rows(db)
        if not rows:
            print("尚未建立学校分组（预警规则默认看全部学校或按设置的乡村学校）")
        for gid, name, describe, n, rules, note in rows:
            print(
                f"{name}：{describe}；共 {n} 所学校"
                + (f"；规则：{rules}" if rules else "")
                + (f"；{note}" if note else "")
            )
            if args.schools:
                for _sid, school, area, kind, town in g.group_schools(db, gid):
                    print(f"  {school}（{area or '未填城乡'}，{kind or '未填类型'}，{town or '未填乡镇'}）")
    return 0


def run_group(args) -> int:
    from talentdesk.services.deployment import school_groups as g
    from talentdesk.services.people import schools

    with open_db(args) as db:
        existing = {x.name: x for x in g.groups(db)}
        old = existing.get(args.name)
        values = dict(
            name=args.rename or args.name,
            areas=args.areas if args.areas is not None else (old.areas if old else ()),
            kinds=args.kinds if args.kinds is not None else (old.kinds if old else ()),
            townships=args.townships if args.townships is not None else (old.townships if old else ()),
            counties=args.counties if args.counties is not None else (old.counties if old else ()),
            note=args.note if args.note is not None else (old.note if old else None),
            school_ids=old.school_ids if old else (),
        )
        if args.schools is not None:
            by_name = {name: sid for sid, name in schools.choices(db)}
            names = [x for x in args.schools.replace("，", "、").split("、") if x.strip()]
            unknown = [x for x in names if x.strip() not in by_name]
            if unknown:
                print(f"错误：没有这些学校：{'、'.join(unknown)}")
                return 2
            values["school_ids"] = [by_name[x.strip()] for x in names]
        gid = g.save_group(db, old.id if old else None, values)
        n = len(g.group_schools(db, gid))
    print(f"已{'修改' if old else '建立'}学校分组“{values['name']}”，共 {n} 所学校")
    return 0


def run_group_delete(args) -> int:
    from talentdesk.services.deployment import school_groups as g

    with open_db(args) as db:
        g.delete_group(db, g.by_name(db, args.name).id or 0)
    print(f"已删除学校分组“{args.name}”")
    return 0


def run_rules(args) -> int:
    from talentdesk.services.deployment import attrition

    with open_db(args) as db:
        for r in attrition.rules(db):
            state = "" if r.enabled else "（停用）"
            print(f"{r.name}{state}｜适用：{attrition.rule_scope(r)}｜{r.describe()}")
    return 0


def run_rule_group(args) -> int:
    from talentdesk.services.deployment import attrition

    with open_db(args) as db:
        rule = next((r for r in attrition.rules(db) if r.name == args.rule), None)
        if rule is None:
            print(f"错误：没有名为“{args.rule}”的预警规则；已有：{'、'.join(r.name for r in attrition.rules(db))}")
            return 2
        values = {f: getattr(rule, f) for f in attrition.RULE_FIELDS}
        values["scope"] = args.group
        attrition.save_rule_by_name(db, rule.name, values)
    print(f"预警规则“{args.rule}”现适用于：{args.group}")
    return 0


def run_template(args) -> int:
    from talentdesk.importing import templates
    from talentdesk.services.people import schools

    with open_db(args) as db:
        names = [name for _sid, name in schools.choices(db)]
    path = templates.write(args.kind, args.out, school_names=names)
    print(f"已保存空白模板“{templates.KIND_LABELS[args.kind]}”：{path}（填好后用 talentdesk import 导入）")
    return 0


def cmd_watch(sub) -> None:
    p = sub.add_parser("watch", help="流失预警：学校分组与各预警规则适用的分组")
    w = p.add_subparsers(dest="watch_command", metavar="操作", required=True)
    x = w.add_parser("groups", help="列出学校分组")
    x.add_argument("--schools", action="store_true", help="同时列出每个分组的学校")
    x.set_defaults(run=run_groups)
    x = w.add_parser("group", help="建立或修改学校分组（未给出的条件保持不变）")
    x.add_argument("name", help="分组名称，如 城区直属学校")
    x.add_argument("--rename", metavar="NEW", help="改名")
    x.add_argument("--areas", metavar="LIST", help="城乡类型，用顿号分隔，如 城区、镇区（空字符串即不限）")
    x.add_argument("--kinds", metavar="LIST", help="办学类型，如 小学、初中")
    x.add_argument("--townships", metavar="LIST", help="乡镇（街道）")
    x.add_argument("--counties", metavar="LIST", help="区县（市级数据库）")
    x.add_argument("--schools", metavar="LIST", help="另行指定的学校名称，用顿号分隔（替换原有指定）")
    x.add_argument("--note", help="说明")
    x.set_defaults(run=run_group)
    x = w.add_parser("group-delete", help="删除学校分组（须没有规则在用）")
    x.add_argument("name")
    x.set_defaults(run=run_group_delete)
    x = w.add_parser("rules", help="列出预警规则及其适用的学校")
    x.set_defaults(run=run_rules)
    x = w.add_parser("rule-group", help="设定预警规则适用的学校分组")
    x.add_argument("rule", help="规则名称")
    x.add_argument("group", help="全部学校、乡村学校（按设置），或学校分组名称")
    x.set_defaults(run=run_rule_group)
    x = w.add_parser("template", help="保存空白模板：离岗人员名单（separations）或管理响应记录（responses）")
    x.add_argument("kind", choices=("separations", "responses"))
    x.add_argument("out", metavar="OUT.xlsx")
    x.set_defaults(run=run_template)


COMMANDS = [cmd_watch]
