"""Desktop entry, icons, the Windows installer script and the .deb metadata."""

import configparser
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from talentdesk import config
from talentdesk.store.backup import make_backup

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "resources" / "linux" / "talentdesk.desktop"
ISS = ROOT / "installer" / "windows" / "talentdesk.iss"
ICONS = ROOT / "resources" / "icons"


def _desktop() -> dict:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_entry_is_valid():
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0 and "error" not in result.stdout, result.stdout
    entry = _desktop()
    assert entry["Type"] == "Application" and entry["Exec"] == "talentdesk" and entry["Icon"] == "talentdesk"
    assert entry["Name[zh_CN]"] == "教育人才工作台" and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


@pytest.mark.gui
def test_desktop_entry_matches_the_window_class(qapp):
    from talentdesk.gui.app import make_app

    assert make_app().applicationName() == _desktop()["StartupWMClass"]  # Qt's WM_CLASS: the dock groups windows


def test_icons_in_every_size_the_packages_use():
    for n in (16, 24, 32, 48, 64, 128, 256, 512):  # the hicolor sizes UOS / 麒麟 menus use
        with Image.open(ICONS / f"talentdesk-{n}.png") as im:
            assert im.size == (n, n)
    with Image.open(ICONS / "talentdesk.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    assert (ICONS / "talentdesk.svg").read_text(encoding="utf-8").startswith("<svg")


def _iss() -> tuple[str, dict[str, str]]:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads Chinese text only from UTF-8 with BOM"
    text = raw.decode("utf-8-sig")
    setup = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    values = dict(re.findall(r"^(\w+)=(.*)$", setup, re.M))
    return text, values


def test_windows_installer_is_per_user_for_64_bit_windows_10_and_later():
    _, s = _iss()
    assert s["PrivilegesRequired"] == "lowest"
    assert s["DefaultDirName"] == r"{localappdata}\Programs\TalentDesk"
    assert s["ArchitecturesAllowed"] == "x64compatible" and s["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert s["MinVersion"] == "10.0.17763"
    assert s["ChangesAssociations"] == "yes"


def test_windows_installer_shortcuts_language_and_kept_data_folder():
    text, _ = _iss()
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"; Filename: "\{app\}\\\{#AppExe\}"', text, re.M)
    assert re.search(r'^Name: "\{autodesktop\}.*Tasks: desktopicon', text, re.M)
    assert 'Name: "chinesesimp"; MessagesFile: "{#ChineseIsl}"' in text and "compiler:Default.isl" in text
    uninstall = text.split("[UninstallDelete]", 1)[1].split("\n[", 1)[0]
    entries = [ln for ln in uninstall.splitlines() if ln.strip() and not ln.startswith(";")]
    assert entries == ['Type: dirifempty; Name: "{app}"']  # only the program folder goes, never the data
    assert r"{localappdata}\TalentDesk" in text and config.APP == "TalentDesk"  # platformdirs' data folder


def test_windows_installer_associates_backup_files(tmp_path):
    db = tmp_path / "x.db"
    sqlite3.connect(db).close()
    suffix = make_backup(db, tmp_path / "backups").suffix  # what the program writes
    text, _ = _iss()
    assert f'Subkey: "Software\\Classes\\{suffix}\\OpenWithProgids"' in text
    assert '--db ""%1""' in text and "TalentDesk.Backup\\shell\\open\\command" in text


def test_deb_depends_on_the_qt_runtime_but_not_on_fonts(deb_script):
    control = deb_script.control("0.1.0", 1000, "2.36")
    fields = dict(re.findall(r"^(\S+): (.*)$", control, re.M))
    depends = [d.strip() for d in fields["Depends"].split(",")]
    assert depends[0] == "libc6 (>= 2.36)"
    assert "libxcb-cursor0" in depends and "libglib2.0-0 | libglib2.0-0t64" in depends
    assert not any(d.startswith("fonts-") for d in depends)
    assert fields["Architecture"] == "amd64" and fields["Package"] == "talentdesk"
    assert control.endswith("\n") and "\n\n" not in control


def test_build_script_requires_font_licences(build_script, tmp_path):
    font_dir = tmp_path / "fonts"
    font_dir.mkdir()
    (font_dir / "LXGWWenKai-Regular.ttf").write_bytes(b"not really a font")
    (font_dir / "OFL.txt").write_text("SIL OPEN FONT LICENSE Version 1.1", encoding="utf-8")
    assert build_script._read_licence(["OFL.txt"], font_dir).startswith("SIL OPEN FONT LICENSE")
    assert build_script._read_licence(["missing.txt"], font_dir) is None


def _deb_paths(deb_script, tmp_path) -> tuple[set[str], dict[str, str], str]:
    """Paths, symlinks and the UOS info file of the built .deb when dist/ has one, else of deb.stage()'s tree."""
    built = sorted((ROOT / "dist").glob("talentdesk_*_amd64.deb"))
    if built and shutil.which("dpkg-deb"):
        listing = subprocess.run(
            ["dpkg-deb", "--contents", str(built[-1])], capture_output=True, text=True, check=True
        ).stdout
        paths, links = set(), {}
        for line in listing.splitlines():
            name = line.split(" ./", 1)[1]
            if " -> " in name:
                name, target = name.split(" -> ")
                links["/" + name] = target
            paths.add("/" + name.rstrip("/"))
        info = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(built[-1])], capture_output=True, check=True).stdout
        import io
        import tarfile

        with tarfile.open(fileobj=io.BytesIO(info)) as tar:
            member = tar.extractfile(f"./opt/apps/{deb_script.APP_ID}/info")
            return paths, links, member.read().decode("utf-8")
    bundle = tmp_path / "TalentDesk"
    (bundle / "_internal" / "resources" / "fonts").mkdir(parents=True)
    (bundle / "talentdesk").write_text("#!/bin/sh\n", encoding="utf-8")
    root = tmp_path / "root"
    deb_script.stage(bundle, root, "0.1.0")
    paths = {"/" + str(p.relative_to(root)) for p in root.rglob("*")}
    links = {"/" + str(p.relative_to(root)): str(p.readlink()) for p in root.rglob("*") if p.is_symlink()}
    return paths, links, (root / "opt" / "apps" / deb_script.APP_ID / "info").read_text(encoding="utf-8")


def test_deb_follows_the_uos_app_store_layout_and_plain_debian(deb_script, tmp_path):
    import json

    paths, links, info = _deb_paths(deb_script, tmp_path)
    app = f"/opt/apps/{deb_script.APP_ID}"
    assert f"{app}/files/talentdesk" in paths and f"{app}/info" in paths
    assert links["/usr/bin/talentdesk"] == f"{app}/files/talentdesk"
    for share in (f"{app}/entries", "/usr/share"):  # UOS reads entries/, every other desktop /usr/share
        assert f"{share}/applications/talentdesk.desktop" in paths  # one desktop id: the menu shows it once
        for n in (16, 24, 32, 48, 64, 128, 256, 512):
            assert f"{share}/icons/hicolor/{n}x{n}/apps/talentdesk.png" in paths
        assert f"{share}/icons/hicolor/scalable/apps/talentdesk.svg" in paths
    meta = json.loads(info)
    assert meta["appid"] == deb_script.APP_ID and meta["name"] == "教育人才工作台" and meta["arch"] == ["amd64"]
    assert not any(meta["permissions"].values())


def test_build_strips_only_pythons_own_binaries(build_script, tmp_path, monkeypatch):
    """The glibc-2.28 Python keeps its symbol tables: build.py strips libpython and lib-dynload, not wheel files."""
    internal = tmp_path / "TalentDesk" / "_internal"
    files = {
        "libpython3.11.so.1.0": True,
        "python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so": True,
        "PySide6/Qt/lib/libQt6Core.so.6": False,
        "numpy.libs/libscipy_openblas64_.so": False,
    }
    for name in files:
        (internal / name).parent.mkdir(parents=True, exist_ok=True)
        (internal / name).write_bytes(b"\x7fELF" + b"\0" * 100)
    stripped: list[str] = []

    def fake_strip(cmd, check):
        for f in cmd[2:]:
            stripped.append(Path(f).relative_to(internal).as_posix())
            Path(f).write_bytes(b"\x7fELF")

    monkeypatch.setattr(build_script.shutil, "which", lambda name: "/usr/bin/strip")
    monkeypatch.setattr(build_script.subprocess, "run", fake_strip)
    monkeypatch.setattr(build_script, "WINDOWS", False)
    assert build_script.strip_python(tmp_path / "TalentDesk") == 2 * 100
    assert sorted(stripped) == sorted(n for n, python in files.items() if python)
