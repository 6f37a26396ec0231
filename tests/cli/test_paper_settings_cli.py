"""`talentdesk settings` (issue 18 §3): the issuer, the notice's 监督电话/联系人 and the watermark default, and
`talentdesk report` following the bureau's watermark setting unless told otherwise."""

import subprocess

from talentdesk.cli import main
from talentdesk.store.database import open_database
from tests.cultivation_builder import build


def _db(tmp_path):
    path = tmp_path / "t.db"
    db = open_database(path)
    build(db)
    db.dispose()
    return path


def test_settings_show_and_change(tmp_path, capsys):
    path = _db(tmp_path)
    assert main(["--db", str(path), "settings"]) == 0
    out = capsys.readouterr().out
    assert "填报单位：（未填写）" in out and "内部资料水印：加" in out
    assert (
        main(
            [
                "--db",
                str(path),
                "settings",
                "--unit",
                "禾川县教育和体育局",
                "--phone",
                "0571-12345678",
                "--contact",
                "人事股 堃老师",
                "--watermark",
                "off",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "已保存" in out and "监督电话：0571-12345678" in out and "联系人：人事股 堃老师" in out
    assert "内部资料水印：不加" in out
    assert main(["--db", str(path), "settings", "--phone", "1" * 31]) == 2
    assert "不能超过 30 个字" in capsys.readouterr().err


def test_report_follows_the_watermark_setting(tmp_path, capsys, monkeypatch):
    from talentdesk.reports import render_pdf

    marked = []
    original = render_pdf.PdfSurface.watermark
    monkeypatch.setattr(render_pdf.PdfSurface, "watermark", lambda self, *a: marked.append(a[1]) or original(self, *a))
    path = _db(tmp_path)

    def pages_marked(*options) -> int:
        marked.clear()
        assert main(["--db", str(path), "report", "structure", *options, str(tmp_path / "r.pdf")]) == 0
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "教师队伍结构统计表" in text
        return len(marked)

    assert pages_marked() >= 1 and set(marked) == {"内部资料"}  # default as before: on
    assert main(["--db", str(path), "settings", "--watermark", "off"]) == 0
    assert pages_marked() == 0
    assert pages_marked("--watermark") >= 1
    assert main(["--db", str(path), "settings", "--watermark", "on"]) == 0
    assert pages_marked("--no-watermark") == 0
