"""`talentdesk package export|show|import|list` as a county clerk and the city clerk would run them."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

from talentdesk.cli import main


def test_package_commands_round_trip(demo_templates, tmp_path, capsys, monkeypatch):
    county = demo_templates.copy(tmp_path / "county.db", seed=5, today=dt.date(2026, 11, 20))
    city = tmp_path / "city.db"
    data, monthly = tmp_path / "青禾县-2026-11.tdpkg", tmp_path / "月报.tdpkg"
    # each side exports its public key; the other registers it after comparing the fingerprint on the phone
    assert (
        main(
            [
                "--db",
                str(city),
                "package",
                "key",
                "export",
                "--role",
                "city",
                "--name",
                "禾川市",
                str(tmp_path / "city.tdkey"),
            ]
        )
        == 0
    )
    city_fp = capsys.readouterr().out.split("指纹：")[1].split()[:8]
    assert main(["--db", str(county), "package", "key", "import", "--yes", str(tmp_path / "city.tdkey")]) == 0
    assert " ".join(city_fp) in capsys.readouterr().out
    assert main(["--db", str(county), "package", "key", "export", "--name", "青禾县", str(tmp_path / "qh")]) == 0
    assert "指纹：" in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda prompt="": "是")
    assert main(["--db", str(city), "package", "key", "import", str(tmp_path / "qh.tdkey")]) == 0
    assert "已登记区县“青禾县”的公钥" in capsys.readouterr().out
    assert main(["--db", str(city), "package", "key", "list"]) == 0
    listing = capsys.readouterr().out
    assert "本库密钥：市局 禾川市" in listing and "区县" in listing and "青禾县" in listing
    assert (
        main(
            [
                "--db",
                str(county),
                "package",
                "export",
                "--kind",
                "data",
                "--period",
                "2026-11",
                "--county",
                "青禾县",
                str(data),
            ]
        )
        == 0
    )
    assert (
        main(["--db", str(county), "package", "export", "--kind", "monthly", "--period", "2026-11", str(monthly)]) == 0
    )  # the county name was remembered
    out = capsys.readouterr().out
    assert "已导出数据交换包（区县数据，青禾县 2026-11" in out and "校验值：" in out

    assert main(["--db", str(city), "package", "show", str(monthly)]) == 0
    out = capsys.readouterr().out
    assert "区县：青禾县" in out and "结论：校验通过" in out
    assert main(["--db", str(county), "package", "show", str(monthly)]) == 2  # sealed to the city: says so
    out = capsys.readouterr().out
    assert "区县：青禾县" in out and "没有对方的私钥无法读取其内容" in out

    assert main(["--db", str(city), "package", "import", str(data), str(monthly)]) == 0
    out = capsys.readouterr().out
    assert "已导入青禾县 2026-11 的区县数据" in out and "已导入青禾县 2026-11 的人才数据月报" in out
    assert main(["--db", str(city), "package", "import", str(data)]) == 0
    assert "未作任何修改" in capsys.readouterr().out

    report = tmp_path / "s.json"
    assert main(["--db", str(city), "report", "structure", str(report), "--scope", "区县:青禾县"]) == 0
    assert json.loads(report.read_text(encoding="utf-8"))["scope"] == "青禾县"
    summary = tmp_path / "m.json"
    assert main(["--db", str(city), "report", "monthly-counties", str(summary), "--month", "2026-11"]) == 0
    assert json.loads(summary.read_text(encoding="utf-8"))["columns"] == ["类别", "项目", "青禾县", "合计"]

    bad = tmp_path / "bad.tdpkg"
    with zipfile.ZipFile(monthly) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            raw = zin.read(info.filename)
            zout.writestr(info.filename, raw[:-1] + bytes([raw[-1] ^ 1]) if info.filename == "content.bin" else raw)
    capsys.readouterr()
    assert main(["--db", str(city), "package", "show", str(bad)]) == 2
    assert main(["--db", str(city), "package", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "解密失败" in err and "未写入任何数据" in err
    assert main(["--db", str(city), "package", "list"]) == 0
    listing = capsys.readouterr().out
    assert len(listing.splitlines()) == 2 and "人才数据月报" in listing and "区县数据" in listing
