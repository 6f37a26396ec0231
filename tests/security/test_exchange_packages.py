"""Attacks on exchange packages (issue 15 §4), each refused with nothing written: a package that is not signed,
signed by a key the city never registered, or signed by one county in another county's name; a package on a lost
USB stick that cannot be read without the city's private key; another county's ID numbers that used to delete a
county's teachers; rows the spreadsheet importer would refuse (ID check character, formula text as a name, a
5 MB note, unknown codes, impossible dates), each named by file, line and column; duplicate, unknown and resized
zip members."""

from __future__ import annotations

import json
import struct
import zipfile

import pytest
from sqlalchemy import func, select

from talentdesk.domain import idnumber
from talentdesk.services.exchange import keys
from talentdesk.services.exchange import package_file as fmt
from talentdesk.services.exchange import packages as exchange
from talentdesk.services.exchange.package_file import PackageRefused
from talentdesk.store.models import AuditLog, Base, Teacher
from tests import exchange_keys_helper as keyhelp

TWO = ("青禾县", "临河县")


def _id(area: str, serial: int) -> str:
    first17 = f"{area}19850312{serial:03d}"
    return first17 + idnumber.check_char(first17)


def _teacher(local: int, number: str, status: str = "在岗", **more) -> dict:
    return {
        "id": local,
        "id_type": "居民身份证",
        "id_number": number,
        "name": "王芳",
        "gender": "女",
        "status": status,
        **more,
    }


@pytest.fixture
def world(new_db):
    """A city database and two county databases, keys exchanged as the clerks do (fingerprints read out)."""
    city = new_db("city.db")
    city_key = keyhelp.make_key(city, "city", "禾川市")
    counties = {}
    for name in TWO:
        db = new_db(f"{name}.db")
        counties[name] = dict(db=db, key=keyhelp.make_key(db, "county", name))
        keyhelp.register(db, city_key)
        keyhelp.register(city, counties[name]["key"])
    return dict(city=city, city_key=city_key, counties=counties)


def _write(path, signer, recipient, county: str, teachers: list[dict], *, period="2026-11", kind="data") -> dict:
    """A data package as the program writes it, signed by SIGNER (an OwnKey) and sealed to RECIPIENT."""
    files = {"teacher.jsonl": fmt.jsonl(teachers)} if kind == "data" else {"figures.jsonl": b""}
    manifest = {
        "format": fmt.FORMAT,
        "version": fmt.VERSION,
        "kind": kind,
        "county": county,
        "period": period,
        "exporter": "x",
        "created": "2026-11-30T10:00:00",
        "app_version": "t",
        "schema": "t",
        "counts": {"teacher": len(teachers)},
    }
    return fmt.write(path, manifest, files, signer=signer, recipient=recipient)


def _snapshot(db) -> dict:
    with db.engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(select(t))))
            for t in Base.metadata.sorted_tables
            if t.name != "setting"
        }


def _refused(db, path, *expected: str) -> str:
    before = _snapshot(db)
    with pytest.raises(PackageRefused) as e:
        exchange.import_file(db, path)
    for text in expected:
        assert text in e.value.message, e.value.message
    assert "未写入任何数据" in e.value.message
    assert _snapshot(db) == before
    return e.value.message


def test_a_good_package_goes_in(world, tmp_path):
    qh = keys.own_key(world["counties"]["青禾县"]["db"])
    _write(tmp_path / "ok.tdpkg", qh, world["city_key"], "青禾县", [_teacher(1, _id("371521", 1))])
    assert exchange.import_file(world["city"], tmp_path / "ok.tdpkg").counts["teacher"] == 1


def test_unsigned_package_of_the_old_format_is_refused(world, tmp_path):
    files = {"teacher.jsonl": fmt.jsonl([_teacher(1, _id("371521", 1))])}
    manifest = fmt.seal(
        {
            "format": fmt.FORMAT,
            "version": 1,
            "kind": "data",
            "county": "青禾县",
            "period": "2026-11",
            "exporter": "x",
            "created": "2026-11-30T10:00:00",
            "app_version": "t",
            "schema": "t",
        },
        files,
    )
    path = tmp_path / "unsigned.tdpkg"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for name, data in files.items():
            zf.writestr(name, data)
    _refused(world["city"], path, "未签名")


def test_package_signed_by_an_unregistered_key_is_refused(world, new_db, tmp_path):
    forger_db = new_db("forger.db")
    forger = keys.create_own(forger_db, role="county", name="青禾县")  # a key of its own, named like the county
    path = tmp_path / "forged.tdpkg"
    _write(path, forger, world["city_key"], "青禾县", [_teacher(1, _id("371521", 1), "退休")])
    _refused(world["city"], path, "不是由本库登记的区县“青禾县”的密钥签名", "冒充")


def test_a_county_cannot_send_a_package_in_another_county_name(world, tmp_path):
    city = world["city"]
    qh = keys.own_key(world["counties"]["青禾县"]["db"])
    assert exchange.import_file(
        city,
        _write(tmp_path / "qh.tdpkg", qh, world["city_key"], "青禾县", [_teacher(1, _id("371521", 1))])
        and tmp_path / "qh.tdpkg",
    )
    lh = keys.own_key(world["counties"]["临河县"]["db"])
    path = tmp_path / "as-qh.tdpkg"
    _write(path, lh, world["city_key"], "青禾县", [], period="2026-12")  # would have replaced 青禾县's rows
    _refused(city, path, "不是由本库登记的区县“青禾县”的密钥签名")
    with city.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Teacher)) == 1


def test_signature_that_does_not_match_the_content_is_refused(world, tmp_path, monkeypatch):
    """A forger who knows the county's fingerprint (it is public) but not its private key."""
    qh = keys.own_key(world["counties"]["青禾县"]["db"])
    stranger = keys.create_own(world["counties"]["临河县"]["db"], role="county", name="临河县", replace=True)
    posing = keys.OwnKey(qh.public, stranger.signer, stranger.opener)  # 青禾县's name, another private key
    path = tmp_path / "bad-signature.tdpkg"
    _write(path, posing, world["city_key"], "青禾县", [_teacher(1, _id("371521", 1))])
    _refused(world["city"], path, "签名与内容不符")


def test_codes_package_must_be_signed_by_the_registered_city(world, new_db, tmp_path):
    county = world["counties"]["青禾县"]["db"]
    other_city = new_db("other-city.db")
    fake = keys.create_own(other_city, role="city", name="禾川市")
    m = exchange.export(other_city, "codes", "2026-11", tmp_path / "codes.tdpkg", county="禾川市")
    assert fake.public.fingerprint != world["city_key"].fingerprint
    _refused(county, m["path"], "不是由本库登记的市局的密钥签名")
    good = exchange.export(world["city"], "codes", "2026-11", tmp_path / "good.tdpkg", county="禾川市")
    assert exchange.import_file(county, good["path"]).status == "imported"


def test_a_package_on_a_lost_usb_stick_cannot_be_read(world, tmp_path):
    """Sealed to the city: neither the county that wrote it, nor anyone without the city's private key reads it;
    no ID number, name or phone is in the file's bytes, compressed or not."""
    county = world["counties"]["青禾县"]["db"]
    number, phone = _id("371521", 7), "13912345678"
    path = tmp_path / "stick.tdpkg"
    _write(path, keys.own_key(county), world["city_key"], "青禾县", [_teacher(1, number, phone=phone)])
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        unpacked = b"".join(zf.read(n) for n in zf.namelist())
    for secret in (number, phone, "王芳"):
        assert secret.encode() not in raw and secret.encode() not in unpacked
    pkg = exchange.inspect(path, county)
    assert not pkg.ok and pkg.manifest is None and not pkg.files
    text = "\n".join(exchange.describe(pkg))
    assert "没有对方的私钥无法读取其内容" in text and keys.grouped(world["city_key"].fingerprint) in text
    # the city database copied to another PC account (no private key there) cannot read it either
    keyhelp.copy_private_keys(tmp_path / "nothing")
    for f in keys.key_folder().glob(f"{world['city_key'].fingerprint}.key"):
        f.unlink()
    pkg = exchange.inspect(path, world["city"])
    assert not pkg.ok and pkg.manifest is None and "私钥不在这台电脑" in pkg.problem()


def test_another_county_id_numbers_delete_nothing(world, tmp_path):
    city = world["city"]
    qh, lh = (keys.own_key(world["counties"][n]["db"]) for n in TWO)
    retired = _id("371521", 9)
    _write(tmp_path / "qh.tdpkg", qh, world["city_key"], "青禾县", [_teacher(1, retired, "退休")])
    exchange.import_file(city, tmp_path / "qh.tdpkg")
    with city.sessions() as s:
        kept = s.scalars(select(Teacher)).one()
    _write(
        tmp_path / "lh.tdpkg",
        lh,
        world["city_key"],
        "临河县",
        [_teacher(1, retired, "在岗"), _teacher(2, _id("371522", 1))],
    )
    res = exchange.import_file(city, tmp_path / "lh.tdpkg")
    assert res.counts["teacher"] == 1 and len(res.clashes) == 1
    assert "跨区县调动" in res.clashes[0] and "青禾县的记录未改动" in res.clashes[0] and retired not in res.clashes[0]
    with city.sessions() as s:
        still = s.get(Teacher, kept.id)
        assert still is not None and still.status == "退休" and still.name == kept.name
        assert not s.scalars(select(AuditLog).where(AuditLog.action == "delete")).all()


BAD_ROWS = [
    ("id_number", dict(id_number="123"), "身份证"),
    ("id_number", dict(id_number=_id("371521", 3)[:17] + "0" if _id("371521", 3)[17] != "0" else "1"), "校验"),
    ("name", dict(name="=ROW()"), "姓名"),
    ("note", dict(note="备" * (5 * 1024 * 1024 // 3)), "超过 32,767 字"),
    ("status", dict(status="在逃"), "不是有效的"),
    ("phone", dict(phone="=HYPERLINK(1)"), "联系电话"),
    ("work_start", dict(work_start="2019-13"), "work_start"),
]


@pytest.mark.parametrize("column, change, words", BAD_ROWS, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(BAD_ROWS)])
def test_rows_pass_the_importer_value_checks(world, tmp_path, column, change, words):
    qh = keys.own_key(world["counties"]["青禾县"]["db"])
    rows = [_teacher(1, _id("371521", 1)), _teacher(2, _id("371521", 2), **change)]
    path = tmp_path / "bad-rows.tdpkg"
    _write(path, qh, world["city_key"], "青禾县", rows)
    message = _refused(world["city"], path, f"teacher.jsonl 第 2 行 {column} 列", words)
    assert "第 1 行" not in message


def _outer(path, members: list[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members:
            zf.writestr(name, data)


def _members(path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def test_duplicate_unknown_and_resized_members_are_refused(world, tmp_path):
    city = world["city"]
    good = tmp_path / "good.tdpkg"
    _write(
        good,
        keys.own_key(world["counties"]["青禾县"]["db"]),
        world["city_key"],
        "青禾县",
        [_teacher(1, _id("371521", 1))],
    )
    members = _members(good)
    envelope = dict(members)["envelope.json"]

    twice = tmp_path / "twice.tdpkg"
    with pytest.warns(UserWarning, match="Duplicate name"):
        _outer(twice, members + [("envelope.json", envelope)])
    _refused(city, twice, "重名的文件“envelope.json”")

    extra = tmp_path / "extra.tdpkg"
    _outer(extra, members + [("readme.txt", b"hello")])
    _refused(city, extra, "不认识的文件“readme.txt”")

    shorter = tmp_path / "shorter.tdpkg"
    e = json.loads(envelope)
    e["content_size"] -= 1
    _outer(shorter, [("envelope.json", json.dumps(e).encode()), ("content.bin", dict(members)["content.bin"])])
    _refused(city, shorter, "文件大小")

    lying = tmp_path / "lying.tdpkg"  # the zip directory declares content.bin one byte shorter than it is
    _outer(lying, members)
    raw = bytearray(lying.read_bytes())
    at = raw.rindex(b"PK\x01\x02" + raw[raw.index(b"PK\x01\x02") + 4 : raw.index(b"PK\x01\x02") + 4])
    size_at = at + 24  # central directory entry: uncompressed size
    name_len = struct.unpack_from("<H", raw, at + 28)[0]
    assert bytes(raw[at + 46 : at + 46 + name_len]) == b"content.bin"
    struct.pack_into("<I", raw, size_at, struct.unpack_from("<I", raw, size_at)[0] - 1)
    lying.write_bytes(bytes(raw))
    _refused(city, lying, "文件大小")


def test_a_new_county_key_counts_only_once_registered_with_its_fingerprint(world, tmp_path):
    """A county that made a new key pair (lost PC account): the city refuses its packages until the clerk registers
    the new public key, and only with the fingerprint that the key file holds."""
    city, county = world["city"], world["counties"]["青禾县"]["db"]
    old = world["counties"]["青禾县"]["key"]
    new = keys.export_public(county, tmp_path / "new-key", new=True)
    assert new.fingerprint != old.fingerprint and (new.role, new.name) == ("county", "青禾县")
    path = tmp_path / "after.tdpkg"
    _write(path, keys.own_key(county), world["city_key"], "青禾县", [_teacher(1, _id("371521", 1))])
    _refused(city, path, "不是由本库登记的区县“青禾县”的密钥签名")
    carried = keys.read_public(tmp_path / "new-key.tdkey")
    with pytest.raises(keys.UserError, match="指纹不一致"):
        keys.register(city, carried, fingerprint=old.grouped)  # the clerk read out the old fingerprint
    keys.register(city, carried, fingerprint=new.grouped)
    assert exchange.import_file(city, path).status == "imported"


def test_key_import_on_the_command_line_needs_a_confirmation(tmp_path, capsys, monkeypatch):
    from talentdesk.cli import main
    from talentdesk.store.database import open_database

    county, city = tmp_path / "county.db", tmp_path / "city.db"
    for f in (county, city):
        open_database(f).dispose()
    assert main(["--db", str(county), "package", "key", "export", "--name", "青禾县", str(tmp_path / "qh")]) == 0
    shown = capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda prompt="": (_ for _ in ()).throw(EOFError))  # no one to answer
    assert main(["--db", str(city), "package", "key", "import", str(tmp_path / "qh.tdkey")]) == 2
    out, err = capsys.readouterr()
    assert shown.split("指纹：")[1].split("\n")[0] in out and "未登记" in err
    assert main(["--db", str(city), "package", "key", "list"]) == 0
    assert "尚未登记对方公钥" in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda prompt="": "否")
    assert main(["--db", str(city), "package", "key", "import", str(tmp_path / "qh.tdkey")]) == 2


def test_a_move_the_city_confirmed_takes_effect_with_the_next_packages(world, tmp_path, capsys):
    from talentdesk.cli import main
    from talentdesk.errors import UserError
    from talentdesk.services.exchange import moves as exchange_moves
    from talentdesk.store.models_exchange import ExchangeRow

    city = world["city"]
    qh, lh = (keys.own_key(world["counties"][n]["db"]) for n in TWO)
    moved = _id("371521", 5)

    def send(signer, county, period, teachers):
        path = tmp_path / f"{county}-{period}.tdpkg"
        _write(path, signer, world["city_key"], county, teachers, period=period)
        return exchange.import_file(city, path)

    send(qh, "青禾县", "2026-11", [_teacher(1, moved, "调出"), _teacher(2, _id("371521", 6))])
    res = send(lh, "临河县", "2026-11", [_teacher(1, moved, "在岗", name="王芳")])
    assert res.counts["teacher"] == 0 and len(res.clashes) == 1
    [move] = exchange_moves.pending(city)
    assert (move["from"], move["to"], move["from_status"], move["to_status"]) == ("青禾县", "临河县", "调出", "在岗")
    with pytest.raises(UserError, match="没有待确认的调往“青禾县”"):
        exchange_moves.confirm(city, moved, to="青禾县")
    assert main(["--db", str(tmp_path / "city.db"), "package", "moves"]) == 0
    listed = capsys.readouterr().out
    assert "待确认  王芳（" in listed and "青禾县（调出）→ 临河县（在岗）" in listed and moved not in listed
    assert main(["--db", str(tmp_path / "city.db"), "package", "moves", "--confirm", moved, "--to", "临河县"]) == 0
    assert "已确认：王芳 由青禾县调往临河县" in capsys.readouterr().out
    assert exchange_moves.pending(city) == []
    with city.sessions() as s:  # nothing happens before the receiving county's next package
        assert s.scalar(select(func.count()).select_from(Teacher)) == 2

    res = send(lh, "临河县", "2026-12", [_teacher(1, moved, "在岗")])
    assert res.counts["teacher"] == 1 and not res.clashes and "采用临河县的记录" in res.applied[0]
    res = send(qh, "青禾县", "2026-12", [_teacher(1, moved, "调出"), _teacher(2, _id("371521", 6))])
    assert res.counts["teacher"] == 1 and not res.clashes and "市局已确认调往临河县" in res.applied[0]
    with city.sessions() as s:
        holder = s.scalars(select(Teacher).where(Teacher.id_number == moved)).one()
        assert holder.status == "在岗" and s.get(ExchangeRow, ("teacher", holder.id)).county == "临河县"
