"""Command line for what the bureau prints on its paper (issue 18 §3): `talentdesk settings` shows the
填报单位, the 监督电话 and 联系人 of public notices and the watermark default; options change them."""

from __future__ import annotations

from talentdesk.cli.common import open_db


def run_settings(args) -> int:
    from talentdesk.services.platform import paper_settings

    watermark = None if args.watermark is None else args.watermark == "on"
    with open_db(args) as db:
        if any(v is not None for v in (args.unit, args.phone, args.contact, watermark)):
            paper = paper_settings.save(db, unit=args.unit, phone=args.phone, contact=args.contact, watermark=watermark)
            print("已保存")
        else:
            paper = paper_settings.load(db)
    print(f"填报单位：{paper.unit or '（未填写）'}")
    print(f"监督电话：{paper.phone or '（未填写）'}")
    print(f"联系人：{paper.contact or '（未填写）'}")
    print(f"内部资料水印：{'加' if paper.watermark else '不加'}")
    return 0


def cmd_settings(sub) -> None:
    p = sub.add_parser(
        "settings", help="报表与公示设置：填报单位、公示名单的监督电话和联系人、PDF 水印（不带选项时显示）"
    )
    p.add_argument("--unit", metavar="NAME", help="填报单位（报表和公示名单的发布单位）")
    p.add_argument("--phone", metavar="TEL", help="公示名单上的监督电话（空字符串即不印）")
    p.add_argument("--contact", metavar="NAME", help="公示名单上的联系人（空字符串即不印）")
    p.add_argument("--watermark", choices=("on", "off"), help="PDF 报表默认是否加“内部资料”水印")
    p.set_defaults(run=run_settings)


COMMANDS = [cmd_settings]
