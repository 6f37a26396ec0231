"""The Windows code paths that can run here: fonts from %WINDIR%\\Fonts (宋体, 仿宋, 黑体) before bundled ones,
network paths (UNC, mapped drives by their drive type)."""

import types
from pathlib import Path

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


def _windows(monkeypatch, module) -> None:
    """MODULE sees Windows: os.name "nt" and sys.platform "win32" (the rest of the process stays POSIX)."""
    fake_os = types.ModuleType("os")
    fake_os.__dict__.update(module.os.__dict__)
    fake_os.name = "nt"
    fake_sys = types.ModuleType("sys")
    fake_sys.__dict__.update(module.sys.__dict__)
    fake_sys.platform = "win32"
    monkeypatch.setattr(module, "os", fake_os)
    monkeypatch.setattr(module, "sys", fake_sys)


def test_unc_paths_are_network_paths_on_any_os():
    from talentdesk.store.database import is_network_path

    assert is_network_path(Path("\\\\县局服务器\\共享\\县局.db"))
    assert is_network_path(Path("//fileserver/share/县局.db"))


@pytest.mark.parametrize(("drive_type", "network"), [(4, True), (3, False), (2, False)])
def test_windows_mapped_drives_ask_the_drive_type(monkeypatch, drive_type, network):
    """On Windows a mapped drive (Z:) is a network path when GetDriveTypeW says DRIVE_REMOTE (4)."""
    import ctypes

    from talentdesk.store import database

    asked = []

    def get_drive_type(root):
        asked.append(root)
        return drive_type

    kernel32 = types.SimpleNamespace(GetDriveTypeW=get_drive_type)
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel32), raising=False)
    _windows(monkeypatch, database)
    assert database.is_network_path(Path("Z:/县局/县局.db")) is network
    assert asked and asked[0].endswith("\\")


def test_windows_drive_type_failure_counts_as_local(monkeypatch):
    import ctypes

    from talentdesk.store import database

    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(), raising=False)  # no kernel32: AttributeError
    _windows(monkeypatch, database)
    assert database.is_network_path(Path("C:/数据/县局.db")) is False
