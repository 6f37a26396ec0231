"""`talentdesk self-test` passes in-process and says clearly when a step fails."""

import openpyxl
import pytest

from talentdesk import cli, selftest
from talentdesk.reports.pdf import fonts

pytestmark = pytest.mark.gui


def test_self_test_passes_and_keeps_its_files_on_request(qapp, tmp_path):
    lines = []
    assert selftest.run(keep=tmp_path / "自检", out=lines.append) == 0
    assert [ln.split("：")[0] for ln in lines if ln.startswith("✓")] == [
        "✓ 新建数据库",
        "✓ 导入表格",
        "✓ 拒绝恶意表格",
        "✓ 生成 PDF",
        "✓ 导出 Excel",
        "✓ 保存 Word",
        "✓ 打开主窗口",
        "✓ 服务器数据库驱动",
        "✓ 方案求解",
        "✓ 数据包加密签名",
    ]
    assert lines[-1].startswith("自检通过")
    kept = tmp_path / "自检"
    assert (kept / "自检报告.pdf").read_bytes().startswith(b"%PDF-")
    ws = openpyxl.load_workbook(kept / "自检花名册.xlsx").active
    assert {row[0] for row in ws.iter_rows(min_row=2, values_only=True)} == {"李䶮", "吉𠮷", "张堃"}
    assert not (tmp_path / "home").exists()  # the user's settings folder was never used


def test_self_test_reports_the_failing_step_and_exits_1(qapp, monkeypatch):
    def no_fonts():
        raise fonts.FontMissing("没有找到可嵌入的中文字体")

    monkeypatch.setattr(fonts, "body", no_fonts)
    lines = []
    assert selftest.run(out=lines.append) == 1
    assert "✗ 生成 PDF失败：没有找到可嵌入的中文字体" in lines
    assert not any(ln.startswith("✓ 导出 Excel") for ln in lines)  # stops at the first failure
    assert lines[-1] == "自检未通过。"


def test_cli_self_test_command(qapp, tmp_path, capsys):
    assert cli.main(["self-test", "--keep", str(tmp_path)]) == 0
    assert "自检通过" in capsys.readouterr().out
    assert (tmp_path / "自检.db").is_file()
