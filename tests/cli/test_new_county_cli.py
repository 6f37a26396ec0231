"""`talentdesk new PATH --county NAME` (issue 14 §7): the county's own database from the command line, named for
its county and 填报单位, as 文件 → 新建数据库… does; an existing file is never overwritten."""

from talentdesk.cli import main
from talentdesk.services.platform import county_setup
from talentdesk.store.database import open_database


def test_new_county_database(tmp_path, capsys):
    path = tmp_path / "临河县.db"
    assert main(["new", str(path), "--county", "临河县"]) == 0
    out = capsys.readouterr().out
    assert "已新建“临河县”的数据库" in out and "填报单位：临河县教育和体育局" in out and "import" in out
    db = open_database(path)
    try:
        assert county_setup.current(db) == {"county": "临河县", "unit": "临河县教育和体育局"}
        assert county_setup.is_empty(db)
    finally:
        db.dispose()
    assert main(["--db", str(path), "settings"]) == 0
    assert "填报单位：临河县教育和体育局" in capsys.readouterr().out


def test_new_refuses_an_existing_file_and_a_blank_county(tmp_path, capsys):
    path = tmp_path / "局里的.db"
    path.write_bytes(b"not ours")
    assert main(["new", str(path), "--county", "临河县", "--unit", "临河县教育局"]) == 2
    assert "已经存在" in capsys.readouterr().err and path.read_bytes() == b"not ours"
    assert main(["new", str(tmp_path / "x.db"), "--county", " "]) == 2
    assert "县（市、区）名称" in capsys.readouterr().err and not (tmp_path / "x.db").exists()


def test_a_mistyped_db_points_to_new(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "没有.db")]) == 2
    assert "talentdesk new" in capsys.readouterr().err
