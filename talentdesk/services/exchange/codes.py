"""A county receives the city's policy parameters (codes package): preview what changes, then apply in one
transaction (the Setting change audited field by field as any settings change, plus one import audit row and
the exchange_package row, so the same package twice changes nothing).

The code lists themselves (titles, degrees, stages…) are part of the program (domain.codes) and not stored in
the database, so a codes package carries the policy parameters. The sign-in security parameters stay local.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select

from talentdesk.domain.policy import LABELS, Policy
from talentdesk.services.accounts import access
from talentdesk.services.exchange import package_file as fmt
from talentdesk.services.exchange.package_file import PackageRefused
from talentdesk.services.platform import settings as policy_settings
from talentdesk.store import audit, setting_rows
from talentdesk.store.models_exchange import ExchangePackage
from talentdesk.store.uow import UnitOfWork

LOCAL_KEYS = {"idle_lock_minutes", "login_max_failures", "login_lockout_minutes"}  # each office's own
P = ExchangePackage.__table__


@dataclass
class Change:
    key: str
    label: str
    old: object
    new: object


def received_policy(pkg: fmt.Package) -> dict:
    for _number, obj in pkg.lines("settings.jsonl"):
        if (
            isinstance(obj, dict)
            and obj.get("key") == policy_settings.POLICY_KEY
            and isinstance(obj.get("value"), dict)
        ):
            return obj["value"]
    raise PackageRefused(f"数据包“{pkg.path.name}”中没有政策参数")


def _merged(db, pkg: fmt.Package) -> tuple[dict, dict]:
    """(current policy, policy after import) as checked dicts."""
    current = policy_settings.load_policy(db).to_dict()
    incoming = {k: v for k, v in received_policy(pkg).items() if k not in LOCAL_KEYS and k in current}
    try:
        new = policy_settings._check({**current, **incoming})
    except policy_settings.ValidationError as e:
        raise PackageRefused(f"数据包“{pkg.path.name}”中的政策参数有误：{e.message}") from None
    return current, new


def preview(db, path_or_pkg) -> list[Change]:
    """What importing the codes package would change (empty: nothing)."""
    from talentdesk.services.exchange import keys as exchange_keys

    pkg = (
        path_or_pkg if isinstance(path_or_pkg, fmt.Package) else fmt.load(Path(path_or_pkg), exchange_keys.keyring(db))
    )
    if pkg.manifest["kind"] != "codes":
        raise PackageRefused("这不是代码表和政策参数数据包")
    current, new = _merged(db, pkg)
    return [Change(k, LABELS.get(k, k), current.get(k), v) for k, v in new.items() if current.get(k) != v]


def apply(db, pkg: fmt.Package, *, progress=None):
    from talentdesk.services.exchange.receive import ImportResult, _created

    who = access.require(db, "settings")
    m = pkg.manifest
    result = ImportResult(file=str(pkg.path), status="imported", kind="codes", county=m["county"], period=m["period"])
    with UnitOfWork(db) as uow:
        s = uow.session
        conn = s.connection()
        seen = conn.execute(select(P.c.id, P.c.imported_at).where(P.c.sha256 == pkg.sha256)).first()
        if seen:
            result.status, result.package_id = "already", seen.id
            result.message = f"{pkg.path.name}：已导入过（{seen.imported_at:%Y-%m-%d %H:%M}），未作任何修改"
            return result
        created = _created(m)
        latest = conn.execute(
            select(P.c.created).where(P.c.kind == "codes").order_by(P.c.created.desc()).limit(1)
        ).scalar()
        if latest and latest > created:
            raise PackageRefused(
                f"已导入较新的政策参数数据包（导出于 {latest}），这个数据包（导出于 {created}）较旧，"
                f"未导入，数据库未作修改"
            )
        changes = preview(db, pkg)
        current, new = _merged(db, pkg)
        text = json.dumps(new, ensure_ascii=False, sort_keys=True)
        setting_rows.put(s, policy_settings.POLICY_KEY, text)  # audited as an update of the setting (old → new)
        now = dt.datetime.now().replace(microsecond=0)
        summary = {"changes": [{"key": c.key, "label": c.label, "old": c.old, "new": c.new} for c in changes]}
        result.package_id = conn.execute(
            insert(P).returning(P.c.id),
            dict(
                kind="codes",
                county=m["county"],
                period=m["period"],
                exporter=str(m["exporter"])[:200],
                created=created,
                sha256=pkg.sha256,
                file_name=pkg.path.name[:255],
                imported_at=now,
                imported_by=who.user,
                summary=json.dumps(summary, ensure_ascii=False, default=str),
            ),
        ).scalar_one()
        result.counts = {"settings": len(changes)}
        result.message = f"{pkg.path.name}：已导入{m['county']}的政策参数，修改了 {len(changes)} 项" + (
            "：" + "、".join(c.label for c in changes[:8]) if changes else "（与本库相同）"
        )
        audit.record(
            s,
            action="import",
            table="exchange_package",
            record_id=result.package_id,
            new=f"{result.message}（校验值 {pkg.sha256[:16]}…）",
        )
        uow.commit()
    return result


def policy_of(db) -> Policy:
    return policy_settings.load_policy(db)
