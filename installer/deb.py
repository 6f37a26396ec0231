"""Package dist/TalentDesk/ as a .deb for Debian/Ubuntu and the Debian-based 统信UOS / 银河麒麟 desktops.

    /opt/apps/<APP_ID>/info                   UOS app-store metadata (JSON: appid, name, version, arch, permissions)
    /opt/apps/<APP_ID>/files/                 the PyInstaller folder
    /opt/apps/<APP_ID>/entries/applications/talentdesk.desktop, entries/icons/hicolor/…   (UOS reads these)
    /usr/bin/talentdesk -> /opt/apps/<APP_ID>/files/talentdesk
    /usr/share/applications/talentdesk.desktop                                               (plain Debian/Ubuntu)
    /usr/share/icons/hicolor/<N>x<N>/apps/talentdesk.png, scalable/apps/talentdesk.svg
The desktop file keeps one name (talentdesk.desktop) in both places: menus merge entries by that id, so a UOS
desktop that also reads /opt/apps/*/entries shows the program once.
    /usr/share/doc/talentdesk/copyright       font licences (LXGW WenKai: OFL-1.1; AR PL UMing: Arphic)

Depends: the Qt runtime libraries of installer/debian-packages.txt (fonts excluded: they are bundled) and the
libc6 version the bundled binaries need (read from their symbol versions), so dpkg refuses a system that is
too old instead of installing a program that cannot start. The desktop, icon and menu caches are refreshed by
the dpkg triggers of desktop-file-utils and the icon theme; no maintainer scripts are needed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "talentdesk"
MAINTAINER = "TalentDesk <talentdesk@localhost>"
APP_ID = "cn.talentdesk.talentdesk"  # UOS app id (reverse domain); the app store wants it as the package name too
OPT = f"/opt/apps/{APP_ID}/files"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Packages renamed in Debian 13 / Ubuntu 24.04 (64-bit time_t): accept either name.
ALTERNATIVES = {"libglib2.0-0": "libglib2.0-0 | libglib2.0-0t64"}
DESCRIPTION = """教育人才工作台 — offline teacher records for education bureaus
 TalentDesk keeps every teacher's file for a county or city education bureau,
 imports the spreadsheets schools send and prints the forms the bureau needs.
 Everything works offline; screens and forms are in Simplified Chinese.
 The CJK fonts for printing (LXGW WenKai, AR PL UMing) are included."""


# Not bundled (talentdesk.spec leaves the build machine's libraries out) and needed by Qt and PySide6: gcc's C++
# runtime. Every Debian-based system has it (apt itself needs it); named so dpkg checks it all the same.
SYSTEM_RUNTIME = ["libstdc++6"]


def runtime_depends(packages_file: Path = ROOT / "installer" / "debian-packages.txt") -> list[str]:
    """The Qt runtime libraries from debian-packages.txt, without the fonts (bundled), and gcc's C++ runtime."""
    out = list(SYSTEM_RUNTIME)
    for line in packages_file.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name and not name.startswith("fonts-"):
            out.append(ALTERNATIVES.get(name, name))
    return out


def glibc_needed(folder: Path) -> str | None:
    """The highest GLIBC_x.y symbol version any ELF file in FOLDER requires (None without readelf)."""
    if not shutil.which("readelf"):
        return None
    best: tuple[int, ...] = ()
    for f in folder.rglob("*"):
        if not f.is_file() or f.is_symlink() or f.suffix in (".py", ".pyc", ".ttf", ".ttc", ".qm", ".png", ".txt"):
            continue
        with open(f, "rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        text = subprocess.run(["readelf", "-V", "--wide", str(f)], capture_output=True, text=True).stdout
        for v in re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", text):
            best = max(best, tuple(int(x) for x in v.split(".")))
    return ".".join(map(str, best)) if best else None


def control(version: str, installed_kb: int, glibc: str | None) -> str:
    depends = ([f"libc6 (>= {glibc})"] if glibc else []) + runtime_depends()
    return (
        f"Package: {PACKAGE}\nVersion: {version}\nArchitecture: amd64\nMaintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kb}\nDepends: {', '.join(depends)}\nSection: education\n"
        f"Priority: optional\nDescription: {DESCRIPTION}\n"
    )


def _copyright(bundle: Path) -> str:
    fonts = bundle / "_internal" / "resources" / "fonts"
    parts = [
        "TalentDesk (教育人才工作台). Proprietary; see the licence you received with the program.\n",
        "Bundled third-party software: Python, Qt 6 / PySide6 (LGPL-3.0), SQLAlchemy, Alembic, openpyxl,",
        f"python-calamine, reportlab, platformdirs — their licences are in {OPT}/_internal.\n",
    ]
    for lic in sorted(fonts.glob("*.txt")):
        parts.append(f"\n===== {lic.name} =====\n{lic.read_text(encoding='utf-8')}")
    return "\n".join(parts)


def uos_info(version: str) -> str:
    """The /opt/apps/<id>/info file of UOS app-store packages: no special permissions asked for."""
    permissions = dict.fromkeys(
        (
            "autostart",
            "notification",
            "trayicon",
            "clipboard",
            "account",
            "bluetooth",
            "camera",
            "audio_record",
            "installed_apps",
        ),
        False,
    )
    info = {
        "appid": APP_ID,
        "name": "教育人才工作台",
        "version": version,
        "arch": ["amd64"],
        "permissions": permissions,
    }
    return json.dumps(info, ensure_ascii=False, indent=2) + "\n"


def _menu_files(share: Path) -> None:
    """applications/talentdesk.desktop and the hicolor icons under SHARE (…/share or …/entries)."""
    apps = share / "applications"
    apps.mkdir(parents=True)
    shutil.copyfile(ROOT / "resources" / "linux" / "talentdesk.desktop", apps / "talentdesk.desktop")
    icons = ROOT / "resources" / "icons"
    for n in ICON_SIZES:
        d = share / "icons" / "hicolor" / f"{n}x{n}" / "apps"
        d.mkdir(parents=True)
        shutil.copyfile(icons / f"talentdesk-{n}.png", d / "talentdesk.png")
    d = share / "icons" / "hicolor" / "scalable" / "apps"
    d.mkdir(parents=True)
    shutil.copyfile(icons / "talentdesk.svg", d / "talentdesk.svg")


def stage(bundle: Path, root: Path, version: str = "0") -> None:
    """Lay the package tree out under ROOT."""
    if root.exists():
        shutil.rmtree(root)
    app = root / "opt" / "apps" / APP_ID
    shutil.copytree(bundle, app / "files", symlinks=True)
    (app / "info").write_text(uos_info(version), encoding="utf-8")
    _menu_files(app / "entries")
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / PACKAGE).symlink_to(f"{OPT}/{PACKAGE}")
    _menu_files(root / "usr" / "share")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(_copyright(bundle), encoding="utf-8")
    for p in root.rglob("*"):  # dpkg expects 0755 folders and no group/other write bits
        if p.is_symlink():
            continue
        p.chmod(0o755 if p.is_dir() or p.stat().st_mode & 0o111 else 0o644)


def build(bundle: Path, out_dir: Path, version: str, compression: str = "xz") -> Path:
    root = ROOT / "build" / "deb" / f"{PACKAGE}_{version}"
    stage(bundle, root, version)
    size_kb = sum(f.stat().st_size for f in root.rglob("*") if f.is_file() and not f.is_symlink()) // 1024
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(control(version, size_kb, glibc_needed(bundle)), encoding="utf-8")
    out = out_dir / f"{PACKAGE}_{version}_amd64.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(root), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out
