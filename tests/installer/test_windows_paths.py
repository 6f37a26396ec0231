"""The Windows code paths that can run here: fonts from %WINDIR%\\Fonts (宋体, 仿宋, 黑体) before bundled ones."""

import types

import pytest

from talentdesk import resources


@pytest.fixture
def windows_fonts(tmp_path, monkeypatch):
    """resources sees os.name == "nt" and a WINDIR whose Fonts folder holds the Windows CJK fonts."""
    fonts = tmp_path / "Windows" / "Fonts"
    fonts.mkdir(parents=True)
    for name in ("simsun.ttc", "simfang.ttf", "simhei.ttf", "simsunb.ttf"):
        (fonts / name).write_bytes(b"font")
    fake_os = types.SimpleNamespace(name="nt", environ={"WINDIR": str(tmp_path / "Windows")})
    monkeypatch.setattr(resources, "os", fake_os)  # only this module: pathlib must stay POSIX here
    resources.find_font.cache_clear()
    yield fonts
    resources.find_font.cache_clear()


def test_windows_font_folder_is_searched_and_linux_folders_are_not(windows_fonts):
    dirs = resources.font_dirs()
    assert windows_fonts in dirs
    assert not any(str(d).startswith("/usr/share/fonts") for d in dirs)
    for name in ("simsun.ttc", "simfang.ttf", "simhei.ttf"):  # 宋体, 仿宋, 黑体
        assert resources.find_font(name) == windows_fonts / name


def test_windows_fonts_come_first_for_official_forms(windows_fonts):
    keys = [key for key, _path, _index in resources.available_fonts()]
    assert keys[:3] == ["simsun", "simfang", "simhei"]
