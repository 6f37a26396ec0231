"""Is the audit trail whole, and the schema the program's? (issue 15 §5; part of `talentdesk check`)

The clean-close seal is a file anyone can delete; these checks need nothing outside the database:
- the append-only triggers on audit_log are all there, enabled and as migration 0009 made them;
- the schema is exactly the one the program's models describe (a dropped constraint or an extra table shows);
- the audit hash chain holds from the first row to the last (a deleted or edited row is named);
- the chain still passes through the point recorded by each of this database's backups (a trail rewritten and
  re-chained since a backup shows too). A restore legitimately leaves the backups taken between the restored one
  and the restore off the chain: those are excused when the trail notes the restore of a backup that itself
  still matches (the trail is genuine at least up to it).
"""

from __future__ import annotations

from pathlib import Path

from talentdesk.store import audit_chain, backup, identity, migrate


def problems(db, backups_dir: Path | None = None) -> list[tuple[str, str]]:
    """(code, Chinese message) for each problem found; [] when all holds."""
    out: list[tuple[str, str]] = []
    with db.engine.connect() as conn:
        out += [("audit.trigger", msg) for msg in audit_chain.trigger_problems(conn)]
    out += [("db.schema", f"数据库结构与程序不符：{msg}") for msg in migrate.schema_differences(db)]
    if any(code == "db.schema" and "audit_log" in msg for code, msg in out):
        return out  # no chain columns to follow
    with db.engine.connect() as conn:
        chain = audit_chain.verify(conn)
        if chain.broken is not None:
            out.append(("audit.chain", chain.broken.message))
        anchored = _anchored(db, backups_dir)
        holds = {info.path.name: audit_chain.position(conn, info.chain[0]) == info.chain[1] for info in anchored}
        restored = [(at, name) for at, text in audit_chain.restores(conn) if (name := _restored_name(text))]
        differ = [
            info
            for info in anchored
            if not holds[info.path.name] and not any(at >= info.created and holds.get(name) for at, name in restored)
        ]
        if differ:
            info = differ[-1]  # the oldest: since then the trail was rewritten
            more = f"（共 {len(differ)} 份备份不符）" if len(differ) > 1 else ""
            out.append(
                (
                    "audit.backup",
                    f"审计日志与 {info.created:%Y-%m-%d %H:%M} 的备份（{info.path.name}）"
                    f"不符{more}：备份时的第 {info.chain[0]} 条记录已不在原处，"
                    "之后审计日志被删除或改写",
                )
            )
    return out


def _restored_name(text: str | None) -> str | None:
    """The backup file named by a restore note (“从备份 X 恢复；…”)."""
    if not text or not text.startswith("从备份 ") or " 恢复" not in text:
        return None
    return text[len("从备份 ") : text.index(" 恢复")]


def _anchored(db, backups_dir: Path | None) -> list:
    """This database's backups that recorded where its audit chain ended, newest first."""
    if backups_dir is None:
        return []
    return [b for b in backup.of_database(Path(backups_dir), identity.of_db(db)) if b.chain and b.verified]
