"""Find resources/ in a source checkout or in an installed (PyInstaller) bundle, and the CJK fonts."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


def root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def path(*parts: str) -> Path:
    return root().joinpath(*parts)


# Font files, best first. Screen: any good Song/Hei/Kai. Print: Song/FangSong first (official documents),
# then the freely licensed ones the project installs. Ext-B characters (𠮷) need simsunb or LXGW WenKai.
_FONT_DIRS_LINUX = [
    "/usr/share/fonts/truetype",
    "/usr/share/fonts/opentype",
    "/usr/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
]
CANDIDATES = [
    # (family key, file name, subfont index)
    ("simsun", "simsun.ttc", 0),
    ("simfang", "simfang.ttf", 0),
    ("simhei", "simhei.ttf", 0),
    ("uming", "uming.ttc", 0),
    ("wenkai", "LXGWWenKai-Regular.ttf", 0),
    ("wenkai", "lxgw-wenkai/LXGWWenKai-Regular.ttf", 0),
    ("wqy-zenhei", "wqy-zenhei.ttc", 0),
    ("simsunb", "simsunb.ttf", 0),
]


def font_dirs() -> list[Path]:
    dirs = [path("fonts")]
    if os.name == "nt":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    else:
        dirs += [Path(d).expanduser() for d in _FONT_DIRS_LINUX]
    return [d for d in dirs if d.is_dir()]


@cache
def find_font(file_name: str) -> Path | None:
    """Locate a font file by name in the bundled and system font folders (searching subfolders)."""
    base = Path(file_name).name
    for d in font_dirs():
        direct = d / file_name
        if direct.is_file():
            return direct
        for hit in d.rglob(base):
            return hit
    return None


def available_fonts() -> list[tuple[str, Path, int]]:
    out, seen = [], set()
    for key, fname, idx in CANDIDATES:
        if key in seen:
            continue
        p = find_font(fname)
        if p:
            out.append((key, p, idx))
            seen.add(key)
    return out
