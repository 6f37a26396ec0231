"""The city imports a county's package (data or monthly figures) in one transaction.

- The same package again (same manifest checksum) changes nothing.
- A newer package of the same county (data: any later period or export; monthly: the same month) replaces
  the rows that county's previous package brought; an older one than what is in the database is refused.
- Rows get new ids in the city database; every link between them (foreign keys) follows. Schools get
  school.county = the county; a school name already used by another county is prefixed with the county name;
  a 学校标识码 already used is left empty (both reported).
- Every row passes the spreadsheet importer's value checks first (services/exchange_rows.py); one value the
  importer would refuse refuses the package, naming file, line and column.
- A package touches only its own county's rows: it replaces what that county's previous package brought and
  never changes or deletes a row of another county or of the city's own. An ID number already in the city
  database from elsewhere (a teacher who moved between counties) is a cross-county move for the city to
  confirm: the incoming record is left out (with its history), the record already there stays untouched, and
  every such case is listed in the result and the package's summary. Once the city has confirmed the move
  (services/exchange_moves.py), the receiving county's package brings the teacher in and the record of the
  county the teacher left is removed; the leaving county's packages no longer bring it back.
- One audit row per package (plus the exchange_package row), not one per row.
Dialect-neutral: rows are inserted in bulk with ids max(id) + 1… (on PostgreSQL under a table lock that keeps
other sessions' inserts waiting, and the sequences moved past them afterwards: store/sequences.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError

from talentdesk.domain.idnumber import mask
from talentdesk.services.accounts import access
from talentdesk.services.exchange import honours as exchange_honours
from talentdesk.services.exchange import moves as exchange_moves
from talentdesk.services.exchange import post_names, tables
from talentdesk.services.exchange import rows as exchange_rows
from talentdesk.services.exchange.package_file import DEFAULT as DEFAULT_LIMITS
from talentdesk.services.exchange.package_file import KINDS, Package, PackageRefused
from talentdesk.store import audit, dependents, sequences
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_cultivation import Studio
from talentdesk.store.models_exchange import ExchangeFigure, ExchangePackage, ExchangeRow
from talentdesk.store.models_networks import SchoolPairing
from talentdesk.store.models_postings import PostingCall
from talentdesk.store.uow import UnitOfWork

Progress = Callable[[int, int, str], None]
P, R, F = ExchangePackage.__table__, ExchangeRow.__table__, ExchangeFigure.__table__
_CHUNK = 500
_MAX_LISTED = 20  # refused values listed in the message


@dataclass
class ImportResult:
    file: str
    status: str  # imported | already | refused
    message: str = ""
    kind: str = ""
    county: str = ""
    period: str = ""
    package_id: int | None = None
    counts: dict = field(default_factory=dict)  # table → rows written
    removed: int = 0  # rows of the county's previous package taken out
    renamed: list[str] = field(default_factory=list)
    honours: list[str] = field(default_factory=list)  # names added to the honour and post lists, clashes
    clashes: list[str] = field(default_factory=list)  # cross-county moves for the city to confirm
    moves: list[dict] = field(default_factory=list)  # the same, for exchange_moves (full ID numbers)
    applied: list[str] = field(default_factory=list)  # moves the city had confirmed, carried out now

    def lines(self) -> list[str]:
        out = [self.message]
        out += [f"  更名：{r}" for r in self.renamed]
        out += [f"  {h}" for h in self.honours]
        out += [f"  跨区县调动待确认：{c}" for c in self.clashes]
        out += [f"  已确认的跨区县调动：{c}" for c in self.applied]
        return out


def _created(m: dict) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(m["created"]))
    except ValueError:
        raise PackageRefused(f"数据包的导出时间“{m['created']}”不对") from None


def import_package(db, pkg: Package, *, progress: Progress | None = None) -> ImportResult:
    m = pkg.manifest
    who = access.require(db, "import")
    kind, county, period = m["kind"], m["county"].strip(), m["period"]
    result = ImportResult(file=str(pkg.path), status="imported", kind=kind, county=county, period=period)

    def report(done: int, text: str) -> None:
        if progress is not None:
            progress(done, 100, text)

    with UnitOfWork(db) as uow:
        session = uow.session
        conn = session.connection()
        seen = conn.execute(select(P.c.id, P.c.imported_at).where(P.c.sha256 == pkg.sha256)).first()
        if seen:
            result.status, result.package_id = "already", seen.id
            result.message = f"{pkg.path.name}：已导入过（{seen.imported_at:%Y-%m-%d %H:%M}），未作任何修改"
            return result
        created = _created(m)
        _refuse_older(conn, kind, county, period, created)
        now = dt.datetime.now().replace(microsecond=0)
        pid = conn.execute(
            insert(P).returning(P.c.id),
            dict(
                kind=kind,
                county=county,
                period=period,
                exporter=str(m["exporter"])[:200],
                created=created,
                sha256=pkg.sha256,
                file_name=pkg.path.name[:255],
                imported_at=now,
                imported_by=who.user,
            ),
        ).scalar_one()
        result.package_id = pid
        try:
            if kind == "data":
                _import_data(conn, pkg, county, result, report)
                result.honours = exchange_honours.merge(session, pkg, county) + post_names.merge(session, pkg)
            elif kind == "monthly":
                _import_figures(conn, pkg, pid, county, period, result)
            else:
                raise PackageRefused(f"{KINDS[kind]}数据包应在区县导入（设置页面）")
        except DBAPIError as e:
            raise PackageRefused(f"数据包“{pkg.path.name}”的数据无法写入数据库，已全部撤回：{e.orig}") from None
        summary = dict(
            counts=result.counts,
            removed=result.removed,
            renamed=result.renamed,
            honours=result.honours,
            clashes=result.clashes,
            moves=result.moves,
            applied=result.applied,
        )
        conn.execute(update(P).where(P.c.id == pid).values(summary=json.dumps(summary, ensure_ascii=False)))
        total = sum(result.counts.values())
        result.message = (
            f"{pkg.path.name}：已导入{county} {period} 的{KINDS[kind]}，{total} 行"
            + (f"，替换了此前导入的 {result.removed} 行" if result.removed else "")
            + (
                f"，{len(result.clashes)} 名教师的身份证号已在其他区县，作为跨区县调动待市局确认，未导入"
                if result.clashes
                else ""
            )
            + (f"，执行了 {len(result.applied)} 项市局已确认的跨区县调动" if result.applied else "")
        )
        audit.record(
            session,
            action="import",
            table="exchange_package",
            record_id=pid,
            new=f"{result.message}（校验值 {pkg.sha256[:16]}…）",
        )
        report(98, "正在保存")
        uow.commit()
    report(100, "完成")
    return result


def _refuse_older(conn, kind: str, county: str, period: str, created: dt.datetime) -> None:
    stmt = select(P.c.period, P.c.created).where(P.c.county == county, P.c.kind == kind)
    if kind != "data":
        stmt = stmt.where(P.c.period == period)
    latest = conn.execute(stmt.order_by(P.c.period.desc(), P.c.created.desc()).limit(1)).first()
    if latest and (latest.period, latest.created) > (period, created):
        raise PackageRefused(
            f"{county}已导入较新的{KINDS[kind]}数据包（{latest.period}，导出于 {latest.created}），"
            f"这个数据包（{period}，导出于 {created}）较旧，未导入，数据库未作修改"
        )


# --- county data ------------------------------------------------------------------------------------


def remove_county(conn, county: str) -> int:
    """Delete every row the county's previous data package brought (children first)."""
    n = 0
    for table in reversed(tables.DATA_TABLES):
        mine = select(R.c.row_id).where(R.c.county == county, R.c.table_name == table.name)
        n += conn.execute(delete(table).where(table.c.id.in_(mine))).rowcount or 0
    conn.execute(delete(R).where(R.c.county == county))
    return n


def _import_data(conn, pkg: Package, county: str, result: ImportResult, report) -> None:
    names = [t.name for t in tables.DATA_TABLES]
    sequences.lock_for_explicit_ids(conn, names)  # PostgreSQL: nobody else inserts into these meanwhile
    report(2, f"正在移除{county}此前导入的数据")
    result.removed = remove_county(conn, county)
    ids: dict[str, dict[int, int]] = defaultdict(dict)  # table → package id → city id
    skipped: dict[str, set[int]] = defaultdict(set)
    ctx = _Context(conn, county, result)
    n_tables = len(tables.DATA_TABLES)
    bad: list[str] = []
    for i, table in enumerate(tables.DATA_TABLES):
        name = f"{table.name}.jsonl"
        if name not in pkg.files:
            continue  # a package from an older program without this table
        if len(bad) >= _MAX_LISTED:
            break
        report(5 + 85 * i // n_tables, f"正在导入 {table.name}")
        fks = [
            (fk.parent.name, fk.column.table.name, fk.parent.nullable)
            for fk in table.foreign_keys
            if fk.column.table.name != table.name
        ]
        links: list[tuple[int, str, int]] = []  # within the table (_held_links)
        rows, local_ids, seen = [], [], set()
        for number, obj in pkg.lines(name):
            try:
                row = tables.decode(table, obj)
            except tables.RowError as e:
                raise PackageRefused(f"数据包“{pkg.path.name}”的 {name} 第 {number} 行 {e}，未写入任何数据") from None
            for col, message in exchange_rows.problems(table, row, DEFAULT_LIMITS.max_text_chars):
                bad.append(f"{name} 第 {number} 行 {col} 列：{message}")
            if len(bad) >= _MAX_LISTED:
                break
            if bad:
                continue
            local = row.pop("id")
            if local is None or local in seen:
                raise PackageRefused(f"数据包“{pkg.path.name}”的 {name} 第 {number} 行：编号缺失或重复")
            _held_links(table, row, local, links)
            drop = False
            for col, target, nullable in fks:
                v = row[col]
                if v is None:
                    continue
                if v in skipped[target]:
                    row[col] = None
                    drop = drop or not nullable
                elif v in ids[target]:
                    row[col] = ids[target][v]
                else:
                    raise PackageRefused(
                        f"数据包“{pkg.path.name}”的 {name} 第 {number} 行：{col} 指向包中没有的 {target} {v}"
                    )
            if drop:
                seen.add(local)
                skipped[table.name].add(local)
                continue
            seen.add(local)
            rows.append(row)
            local_ids.append(local)
        if bad:
            continue  # the rest is only checked
        keep = ctx.prepare(table.name, rows, local_ids)
        rows = [r for r, k in zip(rows, keep) if k]
        skipped[table.name].update(lid for lid, k in zip(local_ids, keep) if not k)
        local_ids = [lid for lid, k in zip(local_ids, keep) if k]
        new_ids = _insert(conn, table, rows)
        ids[table.name].update(zip(local_ids, new_ids))
        _set_links(conn, table, ids[table.name], links)
        result.counts[table.name] = len(new_ids)
        for j in range(0, len(new_ids), 5000):
            conn.execute(
                insert(R), [dict(table_name=table.name, row_id=x, county=county) for x in new_ids[j : j + 5000]]
            )
    if bad:
        more = f"（只列出前 {_MAX_LISTED} 处）" if len(bad) >= _MAX_LISTED else ""
        raise PackageRefused(
            f"数据包“{pkg.path.name}”中有 {len(bad)} 处数据不符合导入要求{more}，已全部撤回，"
            f"未写入任何数据；请{county}在本县数据库中改正后重新导出：\n" + "\n".join(bad)
        )
    sequences.sync_sequences(conn, names)


def _held_links(table, row: dict, local: int, links: list[tuple[int, str, int]]) -> None:
    """Links within TABLE (a competition → the one it selects for) are held back as (package id, column, package id
    it points to) and the row is inserted without them: the row they point to may come later in the file."""
    for fk in table.foreign_keys:
        col = fk.parent.name
        if fk.column.table.name == table.name and row[col] is not None:
            links.append((local, col, row[col]))
            row[col] = None


def _set_links(conn, table, mine: dict[int, int], links: list[tuple[int, str, int]]) -> None:
    """The held links with the city's ids (MINE: package id → city id); one to a row left out stays empty."""
    for local, col, target in links:
        if local in mine and target in mine:
            conn.execute(update(table).where(table.c.id == mine[local]).values({col: mine[target]}))


def _insert(conn, table, rows: list[dict]) -> list[int]:
    """Insert ROWS with ids max(id) + 1…, which the caller's lock keeps from colliding with other sessions."""
    if not rows:
        return []
    start = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    new_ids = list(range(start, start + len(rows)))
    for row, new_id in zip(rows, new_ids):
        row["id"] = new_id
    for i in range(0, len(rows), 5000):
        conn.execute(insert(table), rows[i : i + 5000])
    return new_ids


class _Context:
    """Table-specific rules while a county's rows go in: school names and codes, ID-number clashes."""

    def __init__(self, conn, county: str, result: ImportResult):
        self.conn, self.county, self.result = conn, county, result

    def prepare(self, table: str, rows: list[dict], local_ids: list[int]) -> list[bool]:
        if table == "school":
            self._schools(rows)
        elif table == "training_course":
            self._courses(rows)
        elif table == "studio":
            self._studios(rows)
        elif table == "school_pairing":
            self._school_pairings(rows)
        elif table == "talent_programme":
            self._programmes(rows)
        elif table == "posting_call":
            self._posting_calls(rows)
        elif table == "redeploy_plan":
            for r in rows:  # one plan per county and school year: the city keeps whose plan it is
                r["county"] = self.county
        elif table == "teacher":
            return self._teachers(rows)
        return [True] * len(rows)

    def _schools(self, rows: list[dict]) -> None:
        names = set(self.conn.scalars(select(School.name)))
        codes = set(self.conn.scalars(select(School.code).where(School.code.is_not(None))))
        for r in rows:
            r["county"] = self.county
            if r["name"] in names:
                new = self._free_name(r["name"], names)
                self.result.renamed.append(f"学校“{r['name']}”与其他区县的学校同名，改为“{new}”")
                r["name"] = new
            names.add(r["name"])
            if r.get("code") and r["code"] in codes:
                self.result.renamed.append(f"学校“{r['name']}”的学校标识码 {r['code']} 已被其他区县的学校使用，已留空")
                r["code"] = None
            elif r.get("code"):
                codes.add(r["code"])

    def _free_name(self, name: str, used: set[str]) -> str:
        new = name if name.startswith(self.county) else f"{self.county}{name}"
        k = 2
        while new in used:
            new = f"{self.county}{name}（{k}）"
            k += 1
        if len(new) > 100:
            raise PackageRefused(f"学校“{name}”与其他区县的学校同名，加上区县名称后超过 100 个字")
        return new

    def _courses(self, rows: list[dict]) -> None:
        from talentdesk.store.models_cultivation import TrainingCourse as C

        used = {(n, s.iso() if s else None) for n, s in self.conn.execute(select(C.name, C.start))}
        for r in rows:
            key = (r["name"], r["start"].iso() if r.get("start") else None)
            if key in used:
                r["name"] = f"{self.county}：{r['name']}"[: C.__table__.c.name.type.length]
            used.add((r["name"], key[1]))

    def _studios(self, rows: list[dict]) -> None:
        """A studio name another county uses already gets the county in front (studio names are unique)."""
        used = set(self.conn.scalars(select(Studio.name)))
        for r in rows:
            if r["name"] in used:
                new = f"{self.county}：{r['name']}"[: Studio.name.type.length or 100]
                self.result.renamed.append(f"工作室“{r['name']}”与其他区县的工作室同名，改为“{new}”")
                r["name"] = new
            used.add(r["name"])

    def _school_pairings(self, rows: list[dict]) -> None:
        """A pairing name another county uses already gets the county in front (pairing names are unique)."""
        used = set(self.conn.scalars(select(SchoolPairing.name)))
        for r in rows:
            if r["name"] in used:
                new = f"{self.county}：{r['name']}"[: SchoolPairing.name.type.length or 100]
                self.result.renamed.append(f"学校结对“{r['name']}”与其他区县的结对同名，改为“{new}”")
                r["name"] = new
            used.add(r["name"])

    def _programmes(self, rows: list[dict]) -> None:
        """A programme and cohort another county has already (the province's 齐鲁名师 of every county) stays one
        cohort per county: the county goes in front of the cohort (programme and cohort are one per database)."""
        from talentdesk.store.models_programmes import TalentProgramme as P

        used = set(self.conn.execute(select(P.name, P.cohort)).tuples())
        for r in rows:
            if (r["name"], r.get("cohort")) in used:
                r["cohort"] = f"{self.county}{r.get('cohort') or ''}"[:30]  # talent_programme.cohort: 30
            used.add((r["name"], r.get("cohort")))

    def _posting_calls(self, rows: list[dict]) -> None:
        """A call title another county uses already (2026年援藏教师选派) gets the county in front (unique titles)."""
        used = set(self.conn.scalars(select(PostingCall.title)))
        for r in rows:
            if r["title"] in used:
                new = f"{self.county}：{r['title']}"[: PostingCall.title.type.length or 100]
                self.result.renamed.append(f"选派“{r['title']}”与其他区县的选派同名，改为“{new}”")
                r["title"] = new
            used.add(r["title"])

    def _teachers(self, rows: list[dict]) -> list[bool]:
        t = Teacher.__table__
        keys = [(r["id_number"], r.get("id_type") or "居民身份证") for r in rows]
        existing = {}
        numbers = sorted({k[0] for k in keys})
        for i in range(0, len(numbers), _CHUNK):
            for row in self.conn.execute(
                select(t.c.id, t.c.id_number, t.c.id_type, t.c.name, t.c.status).where(
                    t.c.id_number.in_(numbers[i : i + _CHUNK])
                )
            ):
                existing[(row.id_number, row.id_type)] = row
        keep = [True] * len(rows)
        if not existing:
            return keep
        owners = dict(
            self.conn.execute(
                select(R.c.row_id, R.c.county).where(
                    R.c.table_name == "teacher", R.c.row_id.in_([r.id for r in existing.values()])
                )
            ).all()
        )
        done = exchange_moves.confirmed(conn=self.conn)
        losers: list[int] = []
        for i, (r, key) in enumerate(zip(rows, keys)):
            old = existing.get(key)
            if old is None:
                continue
            other = owners.get(old.id, "市局本库")
            who = f"{r['name']}（{mask(key[0])}）"
            move = done.get(key) or {}
            if move.get("to") == self.county and move.get("from") == other:
                losers.append(old.id)  # the city confirmed it: this county's record replaces the other's
                self.result.applied.append(
                    f"{who}：按市局确认的调动（{other} → {self.county}），采用{self.county}的"
                    f"记录，{other}的记录已从市局库移除（仍在{other}自己的数据库中）"
                )
                continue
            keep[i] = False
            if move.get("to") == other and move.get("from") == self.county:
                self.result.applied.append(f"{who}：市局已确认调往{other}，未导入{self.county}的这条记录")
                continue
            self.result.moves.append(
                dict(
                    id_number=key[0],
                    id_type=key[1],
                    name=r["name"],
                    to=self.county,
                    to_status=r.get("status"),
                    **{"from": other},
                    from_status=old.status,
                )
            )
            self.result.clashes.append(
                f"{r['name']}（{mask(key[0])}）已在{other}（状态“{old.status}”），{self.county}的数据包中状态为"
                f"“{r.get('status')}”：可能是跨区县调动，请市局与两个区县核实。未导入{self.county}的这条记录"
                f"（及其履历），{other}的记录未改动"
            )
        if losers:
            self._remove_teachers(losers)
        return keep

    def _remove_teachers(self, ids: list[int]) -> None:
        """Take the records of teachers whose move the city confirmed out of the city database (with their history
        and the exchange_row entries that named their county)."""
        snap = dependents.collect(self.conn, "teacher", ids)
        for table_name, rows in snap.rows.items():
            rids = [r["id"] for r in rows if "id" in r]
            for i in range(0, len(rids), _CHUNK):
                self.conn.execute(delete(R).where(R.c.table_name == table_name, R.c.row_id.in_(rids[i : i + _CHUNK])))
        t = Teacher.__table__
        self.conn.execute(delete(t).where(t.c.id.in_(ids)))


# --- monthly figures ----------------------------------------------------------------------------------


def _import_figures(conn, pkg: Package, pid: int, county: str, period: str, result: ImportResult) -> None:
    rows = []
    for number, obj in pkg.lines("figures.jsonl"):
        ok = (
            isinstance(obj, dict)
            and isinstance(obj.get("section"), str)
            and isinstance(obj.get("item"), str)
            and all(isinstance(obj.get(k), int) and not isinstance(obj.get(k), bool) for k in ("this", "last"))
        )
        if not ok or len(obj["section"]) > 20 or len(obj["item"]) > 60:
            raise PackageRefused(f"数据包“{pkg.path.name}”的 figures.jsonl 第 {number} 行不是月报数字")
        rows.append(
            dict(
                package_id=pid,
                county=county,
                period=period,
                line=len(rows),
                section=obj["section"],
                item=obj["item"],
                this_month=obj["this"],
                last_month=obj["last"],
            )
        )
    old = conn.execute(select(func.count()).select_from(F).where(F.c.county == county, F.c.period == period))
    result.removed = old.scalar_one()
    conn.execute(delete(F).where(F.c.county == county, F.c.period == period))
    if rows:
        conn.execute(insert(F), rows)
    result.counts["figures"] = len(rows)


def figures(db, period: str, conn=None) -> dict[str, list[tuple[str, str, int, int]]]:
    """The monthly figures received for PERIOD: county → [(section, item, this month, last month)].
    CONN: an open connection to read through (else one of its own)."""
    if conn is None:
        with db.engine.connect() as own:
            return figures(db, period, own)
    out: dict[str, list] = defaultdict(list)
    for c, s, i, a, b in conn.execute(
        select(F.c.county, F.c.section, F.c.item, F.c.this_month, F.c.last_month)
        .where(F.c.period == period)
        .order_by(F.c.county, F.c.line)
    ):
        out[c].append((s, i, a, b))
    return dict(out)


def data_counties(db, conn=None) -> list[str]:
    """Counties whose data package is in this database (through CONN when given)."""
    if conn is None:
        with db.engine.connect() as own:
            return data_counties(db, own)
    return sorted(conn.scalars(select(P.c.county).where(P.c.kind == "data").distinct()))
