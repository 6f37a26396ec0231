"""Exchange packages without a network (issue 10): a county exports its data or the month's 人才数据月报 to one
file (*.tdpkg) that the city imports from a USB stick; the city sends its policy parameters back the same way.

export() writes a package (signed with this database's key, sealed to the registered city's key:
services/exchange_keys.py, exchange_format.py); inspect() reads and verifies one (for `package show` and the GUI
preview); import_file() brings one into this database (services/exchange_import.py for data and figures,
services/exchange_codes.py for policy parameters). The county name and the exporting unit are remembered
in the Setting "exchange".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from talentdesk import __version__
from talentdesk.domain.dates import parse_month
from talentdesk.errors import UserError
from talentdesk.services.accounts import access, user_names
from talentdesk.services.exchange import honours as exchange_honours
from talentdesk.services.exchange import package_file as fmt
from talentdesk.services.exchange import post_names, tables
from talentdesk.services.platform import paper_settings
from talentdesk.store import audit, setting_rows
from talentdesk.store.uow import UnitOfWork

Progress = Callable[[int, int, str], None]
# The month's 人才数据月报 lines (section, item, this, last) for a monthly package: computed above this layer
# (reports/monthly_package.figures) and passed in by the caller.
MonthlyFigures = Callable[[object, tuple[int, int]], list[dict]]
SETTING_KEY = "exchange"
KINDS = fmt.KINDS


def period_text(period) -> str:
    """'2026-11' from '2026-11', '2026年11月' or (2026, 11)."""
    if isinstance(period, tuple):
        y, m = period
    else:
        parsed = parse_month(str(period or ""))
        if parsed is None:
            raise UserError("请填写统计月份（YYYY-MM，例如 2026-11）")
        y, m = parsed
    return f"{y:04d}-{m:02d}"


# --- remembered settings ------------------------------------------------------------------------


def remembered(db) -> dict:
    """{"county": the name this database exports as, …} (empty when never set)."""
    with db.sessions() as s:
        return setting_rows.get_dict(s, SETTING_KEY)


def remember(db, **values) -> dict:
    access.require(db, "edit")
    data = {**remembered(db), **{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    with UnitOfWork(db) as uow:
        setting_rows.put(uow.session, SETTING_KEY, text)
        uow.commit()
    return data


# --- export -------------------------------------------------------------------------------------


def export(
    db,
    kind: str,
    period,
    path: Path | str,
    *,
    county: str | None = None,
    progress: Progress | None = None,
    monthly_figures: MonthlyFigures | None = None,
) -> dict:
    """Write a package of KIND (data | monthly | codes) for PERIOD to PATH. Returns the sealed manifest.

    data carries full ID numbers: only a user allowed to reveal them may export it (audited). A monthly package
    carries the figures MONTHLY_FIGURES computes (reports/monthly_package.figures)."""
    if kind == "monthly" and monthly_figures is None:
        raise TypeError("a monthly package needs monthly_figures (reports.monthly_package.figures)")
    if kind not in KINDS:
        raise UserError(
            f"数据包类型只能是 data（区县数据）、monthly（人才数据月报）或 codes（代码表和政策参数），不能是“{kind}”"
        )
    period = period_text(period)
    own = _school_counties(db) if kind != "codes" else []
    county = (county or remembered(db).get("county") or (own[0] if len(own) == 1 and own[0] else "")).strip()
    if not county:
        raise UserError("请填写本单位的区县名称（导出时用 --county 指定，之后会记住）")
    if len(county) > 50:
        raise UserError("区县名称太长（最多 50 个字）")
    if kind != "codes":
        _check_own_county(own, county, kind)
    who = access.require(db, "reveal_id" if kind == "data" else "print")
    signer, recipient = _keys_for(db, kind)
    path = Path(path)
    if path.suffix.lower() != fmt.SUFFIX:
        path = path.with_name(path.name + fmt.SUFFIX)

    def report(done: int, total: int, text: str) -> None:
        if progress is not None:
            progress(done, total, text)

    report(0, 100, "正在读取数据")
    if kind == "data":
        files, counts = _data_payload(db, report)
    elif kind == "monthly":
        assert monthly_figures is not None
        files, counts = _monthly_payload(db, period, monthly_figures)
    else:
        files, counts = _codes_payload(db)
    from talentdesk.store.migrate import current_revision

    unit = paper_settings.unit_name(db)
    person = access.person_name(db, who)  # the account's 姓名, as on every printed report; the login stays beside
    exporter = f"{person}（{unit}）" if person and unit else person or unit or who.user
    manifest = {
        "format": fmt.FORMAT,
        "version": fmt.VERSION,
        "kind": kind,
        "county": county,
        "period": period,
        "exporter": exporter,
        "exporter_user": who.user,
        "exporter_unit": unit,
        "created": dt.datetime.now().replace(microsecond=0).isoformat(),
        "app_version": __version__,
        "schema": current_revision(db) or "",
        "counts": counts,
    }
    report(90, 100, "正在写入数据包")
    sealed = fmt.write(path, manifest, files, signer=signer, recipient=recipient)
    what = f"导出{KINDS[kind]}数据包（{county} {period}，{sum(counts.values())} 行）到 {path}"
    if kind == "data":
        access.record_disclosure(db, table="exchange_package", what=what)
    elif not db.read_only:
        with UnitOfWork(db) as uow:
            audit.record(uow.session, action="export", table="exchange_package", new=what)
            uow.commit()
    if county != remembered(db).get("county") and access.can(db, "edit") and not db.read_only:
        remember(db, county=county)
    report(100, 100, "完成")
    return sealed | {"path": str(path)}


def _keys_for(db, kind: str):
    """(this database's key pair, the key to seal to: the registered city's; None for codes, signed only)."""
    from talentdesk.services.exchange import keys

    signer = keys.require_own(db)
    if kind == "codes":
        return signer, None
    city = keys.city_key(db)
    if city is None:
        raise UserError(
            f"还没有登记市局的公钥，不能导出{KINDS[kind]}数据包：数据包要加密给市局，只有市局能打开。"
            f"请把市局的公钥文件（.tdkey）在“数据交换 → 登记对方公钥”中登记，并与市局电话核对指纹"
        )
    return signer, city


def export_problem(db, kind: str) -> str:
    """Why this user cannot export a package of KIND from this database ("" when nothing stands in the way), for
    greying the export button with the reason: the right it needs (data: full ID numbers, 管理员; the others:
    print) and, for data and monthly figures, a city database of several counties."""
    action = "reveal_id" if kind == "data" else "print"
    who = access.current(db)
    if who.role is None:
        return "请先登录"
    if not who.can(action):
        return f"{who.role}“{who.user}”没有“{access.ACTIONS[action]}”的权限，不能导出{KINDS.get(kind, kind)}数据包"
    if kind != "codes":
        own = _school_counties(db)
        try:
            _check_own_county(own, next((c for c in own if c), None) or "", kind)
        except UserError as e:
            return e.message
    return ""


def _school_counties(db) -> list[str | None]:
    """The distinct school.county values (None: schools of this database's own county, never imported)."""
    from talentdesk.store.models import School

    with db.engine.connect() as conn:
        return sorted(conn.scalars(select(School.county).distinct()), key=lambda c: (c is not None, c or ""))


def _check_own_county(own: list[str | None], county: str, kind: str) -> None:
    """A county's data or monthly figures come from that county's database. A city database (schools of several
    counties, brought by their packages) is refused: the counties export their own packages; re-sending one
    county's imported rows under a county's name would let the city overwrite what the county sends.
    A database whose schools all carry one county name exports only under that name."""
    named = [c for c in own if c]
    what = KINDS[kind]
    if len(own) > 1 and named:
        listed = "、".join(named[:5]) + (f"等 {len(named)} 个区县" if len(named) > 5 else "")
        mixed = "及本库自有学校" if None in own else ""
        raise UserError(
            f"这是汇总了多个区县数据的市级数据库（含{listed}{mixed}的学校），不能导出{what}数据包："
            f"{what}数据包应由各区县在自己的数据库中导出。市局可导出代码表和政策参数数据包（codes）发给区县。"
        )
    if named and named[0] != county:
        raise UserError(
            f"本数据库的学校都属于区县“{named[0]}”（由数据交换包导入），不能以“{county}”的名义导出"
            f"{what}数据包；请把区县名称写成“{named[0]}”，或在“{county}”自己的数据库中导出"
        )


def _data_payload(db, report) -> tuple[dict[str, bytes], dict[str, int]]:
    files, counts = {}, {}
    with db.engine.connect() as conn:
        for i, table in enumerate(tables.DATA_TABLES):
            pk = list(table.primary_key.columns)
            rows = [tables.encode(table, r._mapping) for r in conn.execute(select(table).order_by(*pk))]
            files[f"{table.name}.jsonl"] = fmt.jsonl(rows)
            counts[table.name] = len(rows)
            report(5 + 80 * (i + 1) // len(tables.DATA_TABLES), 100, f"正在读取 {table.name}")
        files[exchange_honours.FILE] = exchange_honours.payload(conn)  # the county counts honours by its list
        files[post_names.FILE] = post_names.payload(conn)  # and posts by its categories
    return files, counts


def _monthly_payload(db, period: str, figures: MonthlyFigures) -> tuple[dict[str, bytes], dict[str, int]]:
    rows = figures(db, (int(period[:4]), int(period[5:])))
    return {"figures.jsonl": fmt.jsonl(rows)}, {"figures": len(rows)}


def _codes_payload(db) -> tuple[dict[str, bytes], dict[str, int]]:
    from talentdesk.services.platform.settings import POLICY_KEY, load_policy

    rows = [{"key": POLICY_KEY, "value": load_policy(db).to_dict()}]
    # code lists (titles, degrees, stages…) are part of the program (domain.codes), not stored: nothing to send
    return {"settings.jsonl": fmt.jsonl(rows)}, {"settings": len(rows)}


# --- reading ------------------------------------------------------------------------------------


def inspect(path: Path | str, db) -> fmt.Package:
    """Read and verify a package with this database's keys: manifest and the list of checks."""
    from talentdesk.services.exchange import keys as exchange_keys

    return fmt.read(Path(path), exchange_keys.keyring(db))


def describe(pkg: fmt.Package) -> list[str]:
    """The manifest (or, when this database cannot open the package, its envelope) and the checks as lines."""
    from talentdesk.services.exchange.keys import grouped

    out = [f"文件：{pkg.path}"]
    m, e = pkg.manifest, pkg.envelope
    if not m and e:
        out += [
            f"类型：{KINDS.get(e['kind'], e['kind'])}（{e['kind']}）",
            f"区县：{e['county']}",
            f"统计月份：{e['period']}",
            f"导出时间：{e['created']}",
            f"签名密钥指纹：{grouped(e['signer'])}",
            f"加密给：{grouped(e['recipient'])}" if e.get("recipient") else "未加密（代码表和政策参数）",
            "（以上是数据包外层的说明，未经签名核实；内容无法在本库读取或核实）",
        ]
    if m:
        out += [
            f"类型：{KINDS.get(m['kind'], m['kind'])}（{m['kind']}）",
            f"区县：{m['county']}",
            f"统计月份：{m['period']}",
            f"导出人：{m['exporter']}",
            f"导出时间：{m['created']}",
            f"程序版本：{m['app_version']}（数据库结构 {m['schema']}）",
            f"校验值：{m['manifest_sha256']}",
        ]
        counts = m.get("counts") or {}
        if counts:
            out.append("内容：" + "，".join(f"{k} {v} 行" for k, v in counts.items() if v))
    out.append("校验：")
    out += [f"  {'✓' if c.ok else '✗'} {c.label}" + (f"：{c.detail}" if c.detail else "") for c in pkg.checks]
    out.append("结论：校验通过，可以导入" if pkg.ok else "结论：" + pkg.problem())
    return out


# --- import -------------------------------------------------------------------------------------


def import_file(db, path: Path | str, *, progress: Progress | None = None):
    """Import one package file in one transaction (ImportResult). A package that fails a check is refused
    (PackageRefused) and nothing is written; the same package a second time changes nothing."""
    from talentdesk.services.exchange import keys as exchange_keys

    pkg = fmt.load(Path(path), exchange_keys.keyring(db))
    if pkg.manifest["kind"] == "codes":
        from talentdesk.services.exchange import codes as exchange_codes

        return exchange_codes.apply(db, pkg, progress=progress)
    from talentdesk.services.exchange import receive as exchange_import

    return exchange_import.import_package(db, pkg, progress=progress)


def import_files(db, paths, *, progress: Progress | None = None) -> list:
    """Each file on its own (one transaction each); a refused file is reported and the others go on."""
    from talentdesk.services.exchange.receive import ImportResult

    out = []
    for p in paths:
        try:
            out.append(import_file(db, p, progress=progress))
        except UserError as e:
            out.append(ImportResult(file=str(p), status="refused", message=e.message))
    return out


def packages(db) -> list[dict]:
    """The packages this database received, newest first, as plain dicts (for lists)."""
    from talentdesk.store.models_exchange import ExchangePackage as P

    with db.sessions() as s:
        rows = s.execute(select(P).order_by(P.imported_at.desc(), P.id.desc())).scalars().all()
        names = user_names.names_in(s, [r.imported_by for r in rows])
        out = []
        for r in rows:
            try:
                summary = json.loads(r.summary or "{}")
            except ValueError:
                summary = {}
            out.append(
                dict(
                    id=r.id,
                    kind=r.kind,
                    kind_label=KINDS.get(r.kind, r.kind),
                    county=r.county,
                    period=r.period,
                    exporter=r.exporter,
                    created=r.created,
                    imported_at=r.imported_at,
                    imported_by=user_names.shown(r.imported_by, names),
                    sha256=r.sha256,
                    file_name=r.file_name,
                    summary=summary,
                )
            )
    return out
