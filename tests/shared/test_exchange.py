"""Exchange packages between counties and the city (issue 10 §3, §5), on both back ends: two demo counties export
their data and monthly packages, an empty city database imports them, and each county is a scope of every
statistics report with the county's own numbers; the same package twice changes nothing; a package with one
byte changed (payload or manifest) is refused without writing; a newer package replaces the county's rows;
the city's policy parameters reach a county (codes package)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from talentdesk.domain import idnumber
from talentdesk.reports import catalogue, monthly_package, statistics
from talentdesk.reports.params import Params, Scope
from talentdesk.services.exchange import codes as exchange_codes
from talentdesk.services.exchange import keys as exchange_keys
from talentdesk.services.exchange import packages as exchange
from talentdesk.services.exchange.package_file import PackageRefused
from talentdesk.services.people import honour_names, leaders
from talentdesk.services.platform import settings
from talentdesk.store.database import open_database
from talentdesk.store.models import AuditLog, Base, Placement, School, Teacher
from talentdesk.store.models_exchange import ExchangePackage, ExchangeRow
from tests import exchange_keys_helper as keyhelp

TODAY = dt.date(2026, 11, 20)
MONTH = (2026, 11)
COUNTIES = {"青禾县": ("371521", 2026), "临河县": ("371522", 7)}  # county name → ID area code, demo seed
REPORTS = (
    "structure",
    "balance",
    "monthly",
    "staffing",
    "annual",
    "competitions",
    "research-roles",
    "studio-stats",
    "research-projects",
)
CITY = "禾川市"


@pytest.fixture(scope="module")
def counties(demo_templates, tmp_path_factory):
    """Two county databases (SQLite, built once), each with its key pair and the city's key registered, and their
    data and monthly packages (signed by the county, sealed to the city). "_city": the city's public key,
    "_keys": the folder of the private keys (each test gets a copy: city_db)."""
    folder = tmp_path_factory.mktemp("counties")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TALENTDESK_HOME", str(folder / "home"))
        keydb = open_database(folder / "city-keys.db")
        city = keyhelp.make_key(keydb, "city", CITY)
        keydb.dispose()
        for name, (area, seed) in COUNTIES.items():
            db = open_database(demo_templates.copy(folder / f"{seed}.db", seed=seed, today=TODAY))
            if area != "371521":  # the demo's own county keeps its ID numbers
                _area_code(db, area)
            exchange.remember(db, county=name)
            if name == "青禾县":
                _map_honour_texts(db)
            key = keyhelp.make_key(db, "county", name)
            keyhelp.register(db, city)
            data = exchange.export(db, "data", "2026-11", folder / f"{name}-data.tdpkg")
            monthly = exchange.export(
                db, "monthly", MONTH, folder / f"{name}-monthly", monthly_figures=monthly_package.figures
            )
            out[name] = dict(db=db, data=Path(data["path"]), monthly=Path(monthly["path"]), manifest=data, key=key)
        out["_city"], out["_keys"] = city, exchange_keys.key_folder()
    yield out
    for name in COUNTIES:
        out[name]["db"].dispose()


@pytest.fixture
def city_db(counties, db):
    """The empty city database (this test's back end) with the city's key pair and both counties' keys
    registered; the counties' and the city's private keys in this test's key folder."""
    keyhelp.copy_private_keys(counties["_keys"])
    keyhelp.adopt(db, counties["_city"])
    for name in COUNTIES:
        keyhelp.register(db, counties[name]["key"])
    return db


def _map_honour_texts(db) -> None:
    """The county's clerk mapped a text of its honour records once (and one no record has yet), and named a post
    of its own."""
    leaders.add_name(db, "安全办主任", "中层")
    first = honour_names.names(db)[0]["id"]
    for text in [u["text"] for u in honour_names.unmatched(db)[:1]] + ["县级优秀教育者（演示）"]:
        honour_names.map_text(db, text, first)


def _area_code(db, area: str) -> None:
    """Every demo county is 青禾县 (ID numbers mostly 371521…): give the county its own area code, as in life."""
    with db.engine.begin() as conn:
        for tid, number in conn.execute(select(Teacher.id, Teacher.id_number)).all():
            first17 = area + number[6:17]
            conn.execute(
                update(Teacher).where(Teacher.id == tid).values(id_number=first17 + idnumber.check_char(first17))
            )


def snapshot(db) -> dict[str, list]:
    """Every table's rows in key order (what 'changes nothing' compares)."""
    out = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    return out


def report_rows(db, name: str, scope: str) -> list:
    rep = catalogue.compute(db, name, Params(year=None, month=MONTH, scope=Scope.parse(scope), today=TODAY))
    return [(p.title, p.headers, [tuple(r) for r in p.rows]) for p in rep.parts]


def _unordered(text: str) -> list:
    return [(title, headers, sorted(rows, key=json.dumps)) for title, headers, rows in json.loads(text)]


def test_packages_are_named_and_carry_what_they_say(counties, city_db):
    m = counties["青禾县"]["manifest"]
    assert m["format"] == "talentdesk-package" and m["kind"] == "data" and m["county"] == "青禾县"
    assert m["period"] == "2026-11" and m["schema"] and m["exporter"]
    assert m["signer"] == counties["青禾县"]["key"].fingerprint and m["recipient"] == counties["_city"].fingerprint
    pkg = exchange.inspect(counties["青禾县"]["data"], city_db)
    assert pkg.ok and set(pkg.files) == set(m["files"])
    with counties["青禾县"]["db"].sessions() as s:
        assert m["counts"]["teacher"] == s.scalar(select(func.count()).select_from(Teacher))
    lines = exchange.describe(pkg)
    assert any("区县：青禾县" in x for x in lines) and lines[-1].startswith("结论：校验通过")
    assert any("签名" in x and counties["青禾县"]["key"].grouped in x for x in lines)


def test_city_sees_each_county_as_a_scope_with_the_county_numbers(counties, city_db):
    db = city_db
    results = [exchange.import_file(db, counties[c][k]) for c in COUNTIES for k in ("data", "monthly")]
    assert [r.status for r in results] == ["imported"] * 4
    assert not any(r.clashes for r in results)  # these two seeds share no ID number (the clash rule: below)
    second = results[2]
    assert second.renamed and all("临河县" in r for r in second.renamed)  # same-named county-town schools

    choices = statistics.scope_choices(db)
    assert choices[0] == ("全市", "county")
    assert ("区县：青禾县", "county:青禾县") in choices and ("区县：临河县", "county:临河县") in choices
    with db.sessions() as s:
        assert set(s.scalars(select(School.county).distinct())) == set(COUNTIES)
    for name in COUNTIES:
        county_db = counties[name]["db"]
        for report in REPORTS:
            mine = report_rows(county_db, report, "county")
            city = report_rows(db, report, f"county:{name}")
            # the county's total is named after it in the city (青禾县合计), 全县合计 in its own database
            city = json.dumps(city, ensure_ascii=False, default=str).replace(f"{name}合计", "全县合计")
            if name == "临河县":  # its schools named like 青禾县's were renamed in the city (rows sorted by name)
                city = city.replace("临河县", "")
            city, mine = _unordered(city), _unordered(json.dumps(mine, ensure_ascii=False, default=str))
            assert city == mine, (name, report)
        figures = {f.label: f.value for f in statistics.dashboard(county_db, Scope(), TODAY).figures}
        assert {f.label: f.value for f in statistics.dashboard(db, Scope("county", name), TODAY).figures} == figures
    whole = catalogue.compute(db, "structure", Params(scope=Scope(), today=TODAY))
    assert whole.scope_label.startswith("全市")

    summary = catalogue.compute(db, "monthly-counties", Params(month=MONTH))
    assert summary.main.headers == ("类别", "项目", "临河县", "青禾县", "合计")
    stock = next(r for r in summary.main.rows if r[1] == "在岗教师")
    for i, name in ((2, "临河县"), (3, "青禾县")):
        own = catalogue.compute(counties[name]["db"], "monthly", Params(month=MONTH))
        assert stock[i] == next(r[2] for r in own.main.rows if r[1] == "在岗教师")
    assert stock[4] == stock[2] + stock[3]


def test_the_county_honour_list_travels_and_the_city_keeps_its_own_mappings(counties, city_db):
    db = city_db
    county_db = counties["青禾县"]["db"]
    own = {a["text"]: a["name"] for a in honour_names.aliases(county_db)}
    local = {n["name"] for n in honour_names.names(county_db)} - {n["name"] for n in honour_names.names(db)}
    assert own and local  # the demo county has its own names (红烛教师) and mapped texts
    text = sorted(own)[0]
    other = next(n for n in honour_names.names(db) if n["name"] != own[text])
    honour_names.map_text(db, text, other["id"])  # the city reads this text otherwise
    before = {n["name"] for n in honour_names.names(db)}

    result = exchange.import_file(db, counties["青禾县"]["data"])
    assert result.status == "imported"
    after = {n["name"] for n in honour_names.names(db)}
    assert after == before | local  # added, nothing of the city's taken away
    mapped = {a["text"]: a["name"] for a in honour_names.aliases(db)}
    assert mapped[text] == other["name"]  # the city's mapping stays …
    assert any(text in line and "保留本库的对应" in line for line in result.lines())  # … and the clerk is told
    assert all(mapped[t] == n for t, n in own.items() if t != text)
    assert any("荣誉名录新增" in line and sorted(local)[0] in line for line in result.lines())
    assert {n["name"]: n["category"] for n in leaders.names(db)}["安全办主任"] == "中层"  # the county's own post
    assert any("职务名录新增 1 个名称：安全办主任（中层）" in line for line in result.lines())


def test_same_package_twice_changes_nothing(counties, city_db):
    db = city_db
    with db.sessions() as s:
        audited = s.scalar(select(func.count()).select_from(AuditLog))  # the key registrations
    first = exchange.import_file(db, counties["青禾县"]["data"])
    assert first.status == "imported"
    with db.sessions() as s:
        audits = s.scalars(select(AuditLog).where(AuditLog.table_name == "exchange_package")).all()
        assert len(audits) == 1 and audits[0].action == "import"  # one audit row per package, not per row
        assert s.scalar(select(func.count()).select_from(AuditLog)) == audited + 1
    before = snapshot(db)
    again = exchange.import_file(db, counties["青禾县"]["data"])
    assert again.status == "already" and "已导入过" in again.message and "未作任何修改" in again.message
    assert snapshot(db) == before


def test_competitions_travel_with_the_link_to_the_city_contest(counties, city_db):
    """Issue 21 §2: a county contest keeps the city contest it selects for (a link within one table), and the
    entrants' honour links point at the same teacher's honours in the city."""
    from talentdesk.store.models import Honour
    from talentdesk.store.models_competitions import Competition, CompetitionEntrant

    def links(db) -> list[tuple[str, str]]:
        with db.sessions() as s:
            upper = Competition.__table__.alias("upper")
            return sorted(
                s.execute(
                    select(Competition.name, upper.c.name).join(upper, upper.c.id == Competition.next_id)
                ).tuples()
            )

    county = counties["青禾县"]["db"]
    assert links(county)
    assert exchange.import_file(city_db, counties["青禾县"]["data"]).status == "imported"
    assert links(city_db) == links(county)
    with city_db.sessions() as s:
        wrong = s.scalar(
            select(func.count())
            .select_from(CompetitionEntrant)
            .join(Honour, Honour.id == CompetitionEntrant.honour_id)
            .where(Honour.teacher_id != CompetitionEntrant.teacher_id)
        )
        linked = s.scalar(
            select(func.count()).select_from(CompetitionEntrant).where(CompetitionEntrant.honour_id.is_not(None))
        )
    assert wrong == 0 and linked > 100


def test_research_roles_and_second_level_studios_travel(counties, city_db):
    """Issue 21 §4: the county's research roles and studio outputs reach the city, and a 二级工作室 keeps the
    studio above it (a link within one table)."""
    from talentdesk.store.models_cultivation import Studio
    from talentdesk.store.models_roles import ResearchRole, StudioOutput

    def facts(db) -> tuple:
        with db.sessions() as s:
            upper = Studio.__table__.alias("upper")
            parents = sorted(
                s.execute(select(Studio.name, upper.c.name).join(upper, upper.c.id == Studio.parent_id)).tuples()
            )
            roles = s.scalar(select(func.count()).select_from(ResearchRole))
            made = s.scalar(select(func.sum(StudioOutput.quantity)))
            return parents, roles, made

    county = facts(counties["青禾县"]["db"])
    assert county[0] and county[1] > 150 and county[2] > 0
    assert exchange.import_file(city_db, counties["青禾县"]["data"]).status == "imported"
    assert facts(city_db) == county


def _rezip(src: Path, dst: Path, change) -> None:
    """Copy the package, passing each member's bytes through CHANGE(name, data) (a careful forger's re-zip)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))


def _flip_payload(name: str, data: bytes) -> bytes:
    if name != "content.bin":
        return data
    i = len(data) // 2
    return data[:i] + bytes([data[i] ^ 1]) + data[i + 1 :]  # one bit of the sealed content changed


def _flip_manifest(name: str, data: bytes) -> bytes:
    if name != "envelope.json":
        return data
    m = json.loads(data)
    m["period"] = "2026-12"
    return json.dumps(m, ensure_ascii=False).encode()


@pytest.mark.parametrize("how", ["payload", "manifest", "raw byte"])
def test_tampered_package_is_refused_and_nothing_written(counties, city_db, tmp_path, how):
    db = city_db
    exchange.import_file(db, counties["临河县"]["monthly"])
    before = snapshot(db)
    src, bad = counties["青禾县"]["data"], tmp_path / "bad.tdpkg"
    if how == "payload":
        _rezip(src, bad, _flip_payload)
    elif how == "manifest":
        _rezip(src, bad, _flip_manifest)
    else:
        raw = bytearray(src.read_bytes())
        raw[len(raw) // 2] ^= 0x01
        bad.write_bytes(bytes(raw))
    with pytest.raises(PackageRefused) as e:
        exchange.import_file(db, bad)
    expected = {"payload": "解密失败：数据包被改动", "manifest": "解密失败：数据包被改动", "raw byte": "已损坏"}[how]
    assert expected in e.value.message and "未写入任何数据" in e.value.message
    assert snapshot(db) == before
    assert not exchange.inspect(bad, db).ok
    results = exchange.import_files(db, [bad])  # the batch form reports it and goes on
    assert results[0].status == "refused" and expected in results[0].message


def test_newer_package_replaces_the_county_rows_and_an_older_one_is_refused(counties, city_db, tmp_path):
    db = city_db
    old = exchange.import_file(db, counties["青禾县"]["data"])
    # a later data package of 青禾县 (here: the other demo county's content, signed with 青禾县's key)
    other = counties["临河县"]["db"]
    own = keyhelp.adopt(other, counties["青禾县"]["key"])
    try:
        newer = exchange.export(other, "data", "2026-12", tmp_path / "newer.tdpkg", county="青禾县")
    finally:
        keyhelp.adopt(other, own)
    res = exchange.import_file(db, newer["path"])
    assert res.status == "imported" and res.removed == sum(old.counts.values())
    with db.sessions() as s:
        for table, n in newer["counts"].items():
            mapped = s.scalar(
                select(func.count())
                .select_from(ExchangeRow)
                .where(ExchangeRow.county == "青禾县", ExchangeRow.table_name == table)
            )
            assert mapped == n, table
            model_table = Base.metadata.tables[table]
            assert s.scalar(select(func.count()).select_from(model_table)) == n, table  # no leftovers
        assert s.scalar(select(func.count()).select_from(ExchangePackage)) == 2
    before = snapshot(db)
    assert exchange.import_file(db, counties["青禾县"]["data"]).status == "already"  # that very file: no change
    older = exchange.export(counties["青禾县"]["db"], "data", "2026-10", tmp_path / "older.tdpkg", county="青禾县")
    with pytest.raises(PackageRefused, match="较旧"):
        exchange.import_file(db, older["path"])
    assert snapshot(db) == before


def test_teacher_in_two_counties_the_serving_record_wins(counties, city_db):
    db = city_db
    exchange.import_file(db, counties["青禾县"]["data"])
    pkg = exchange.inspect(counties["临河县"]["data"], db)
    serving = next(obj for _, obj in pkg.lines("teacher.jsonl") if obj["status"] == "在岗")
    with db.engine.begin() as conn:
        first_id = conn.execute(select(Teacher.id).where(Teacher.status != "在岗").order_by(Teacher.id)).scalar()
        conn.execute(update(Teacher).where(Teacher.id == first_id).values(id_number=serving["id_number"]))
    before = snapshot(db)
    res = exchange.import_file(db, counties["临河县"]["data"])
    # issue 15: another county's 在岗 record no longer deletes 青禾县's retired teacher with the history: reported
    assert len(res.clashes) == 1 and "跨区县调动" in res.clashes[0] and "青禾县的记录未改动" in res.clashes[0]
    assert serving["id_number"] not in res.clashes[0]
    with db.sessions() as s:
        mine = s.get(Teacher, first_id)
        assert (
            mine is not None and mine.status != "在岗" and s.get(ExchangeRow, ("teacher", first_id)).county == "青禾县"
        )
        assert s.scalars(select(Teacher).where(Teacher.id_number == serving["id_number"])).one().id == first_id
        summary = json.loads(s.scalars(select(ExchangePackage.summary).order_by(ExchangePackage.id.desc())).first())
        assert summary["clashes"] == res.clashes
    after = snapshot(db)
    for table in ("teacher", "post_record", "title_record", "education", "appraisal"):  # 青禾县's rows all there
        assert set(before[table]) <= set(after[table]), table


def test_both_serving_keeps_the_first_and_reports(counties, city_db):
    db = city_db
    exchange.import_file(db, counties["青禾县"]["data"])
    pkg = exchange.inspect(counties["临河县"]["data"], db)
    serving = next(obj for _, obj in pkg.lines("teacher.jsonl") if obj["status"] == "在岗")
    with db.engine.begin() as conn:
        first_id = conn.execute(select(Teacher.id).where(Teacher.status == "在岗").order_by(Teacher.id)).scalar()
        conn.execute(update(Teacher).where(Teacher.id == first_id).values(id_number=serving["id_number"]))
    res = exchange.import_file(db, counties["临河县"]["data"])
    assert len(res.clashes) == 1 and "跨区县调动" in res.clashes[0] and "青禾县的记录未改动" in res.clashes[0]
    with db.sessions() as s:
        assert s.get(Teacher, first_id) is not None
        assert res.counts["teacher"] == pkg.manifest["counts"]["teacher"] - 1


def test_codes_package_round_trip(new_db, tmp_path):
    city, county = new_db("city.db"), new_db("county.db")
    keyhelp.register(county, keyhelp.make_key(city, "city", "禾川市"))
    changed = settings.load_policy(city)
    changed.staff_ratio = {**changed.staff_ratio, "小学": 18.0}
    changed.training_hours_per_cycle = 400
    changed.idle_lock_minutes = 3  # each office's own: not sent
    settings.save_policy(city, changed)
    m = exchange.export(city, "codes", "2026-11", tmp_path / "codes.tdpkg", county="禾川市")
    changes = exchange_codes.preview(county, m["path"])
    assert {c.key for c in changes} == {"staff_ratio", "training_hours_per_cycle"}
    res = exchange.import_file(county, m["path"])
    assert res.status == "imported"
    got = settings.load_policy(county)
    assert got.staff_ratio["小学"] == 18.0 and got.training_hours_per_cycle == 400 and got.idle_lock_minutes != 3
    with county.sessions() as s:
        actions = [(a.action, a.table_name) for a in s.scalars(select(AuditLog))]
    assert ("import", "exchange_package") in actions and ("insert", "setting") in actions  # audited as any change
    before = snapshot(county)
    assert exchange.import_file(county, m["path"]).status == "already"
    assert exchange_codes.preview(county, m["path"]) == []
    assert snapshot(county) == before


def test_export_on_this_back_end_writes_the_same_payload(counties, backend, demo_templates, tmp_path):
    """The county built on this back end exports byte-for-byte the payload the SQLite county exported."""
    with demo_templates.open(backend, tmp_path, seed=COUNTIES["青禾县"][1], today=TODAY) as db:
        _export_matches(db, counties, tmp_path)


def _export_matches(db, counties, tmp_path):
    keyhelp.make_key(db, "county", "青禾县")
    keyhelp.register(db, counties["_city"])
    _map_honour_texts(db)
    m = exchange.export(db, "data", "2026-11", tmp_path / "here.tdpkg", county="青禾县")
    assert m["files"] == counties["青禾县"]["manifest"]["files"]
    assert m["payload_sha256"] == counties["青禾县"]["manifest"]["payload_sha256"]


def test_redeploy_plans_travel_per_county_and_stay_read_only_in_the_city(counties, city_db):
    """Issue 22 §2: each county's 调配方案 with their moves and edits reach the city, named by county (both demo
    counties have plans of the same school years), the same package again changes nothing, the city cannot edit
    a county's plan, and the 教师调配方案 report of a county's scope shows that county's plan."""
    from talentdesk.errors import UserError
    from talentdesk.services.deployment import redeploy
    from talentdesk.store.models_deployment import RedeployEdit, RedeployMove, RedeployPlan

    def plans(db) -> list[tuple]:
        with db.sessions() as s:
            out = []
            for p in s.scalars(select(RedeployPlan)):
                n = s.scalar(select(func.count()).select_from(RedeployMove).where(RedeployMove.plan_id == p.id))
                e = s.scalar(select(func.count()).select_from(RedeployEdit).where(RedeployEdit.plan_id == p.id))
                out.append((p.county or "", p.school_year, p.status, p.doc_number, n, e))
            return sorted(out)

    for name in COUNTIES:
        assert exchange.import_file(city_db, counties[name]["data"]).status == "imported"
    expected = sorted((name, *row[1:]) for name in COUNTIES for row in plans(counties[name]["db"]))
    assert len(expected) >= 4 and any(row[2] == "已审批" and row[4] for row in expected)
    assert plans(city_db) == expected
    before = snapshot(city_db)
    assert exchange.import_file(city_db, counties["青禾县"]["data"]).status == "already"
    assert snapshot(city_db) == before

    listed = redeploy.list_plans(city_db)
    assert {p["label"].split("：")[0] for p in listed} == set(COUNTIES)
    approved = next(p for p in listed if p["status"] == "已审批" and p["county"] == "临河县")
    draft = next(p for p in listed if p["status"] == "编制方案")
    with pytest.raises(UserError, match=f"只能由{draft['county']}在本县修改"):
        redeploy.propose(city_db, draft["id"])
    with pytest.raises(UserError, match="只能由临河县在本县撤销"):
        redeploy.revoke(city_db, approved["id"], "市教〔2026〕1号", "试撤销", dt.date(2026, 11, 1))
    with city_db.sessions() as s:  # the approved moves point at the same teachers' 调动 in the city
        wrong = s.scalar(
            select(func.count())
            .select_from(RedeployMove)
            .join(Placement, Placement.id == RedeployMove.placement_id)
            .where(Placement.teacher_id != RedeployMove.teacher_id)
        )
        linked = s.scalar(select(func.count()).select_from(RedeployMove).where(RedeployMove.placement_id.is_not(None)))
    assert wrong == 0 and linked > 0

    year = approved["school_year"]
    for name in COUNTIES:
        params = dict(year=year, today=TODAY)
        own = catalogue.compute(counties[name]["db"], "redeploy-plan", Params(scope=Scope(), **params))
        city = catalogue.compute(city_db, "redeploy-plan", Params(scope=Scope("county", name), **params))
        assert city.summary["moves"] == own.summary["moves"] > 0
        assert [p["county"] for p in city.summary["plans"]] == [name]
        assert city.summary["moves_by_reason"] == own.summary["moves_by_reason"]
