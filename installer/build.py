"""Build TalentDesk for the current OS with one command.

    python installer/build.py            (Linux: .venv/bin/python installer/build.py)

1. copies the CJK fonts and their licences into resources/fonts/ (not in git),
2. runs PyInstaller with installer/talentdesk.spec → dist/TalentDesk/ (one folder),
3. Linux: builds dist/talentdesk_<version>_amd64.deb (installer/deb.py);
   Windows: runs Inno Setup's ISCC on installer/windows/talentdesk.iss → dist/TalentDesk-<version>-setup.exe
   (when ISCC.exe is on PATH or in its default folder).

Options: --no-package (bundle only), --deb-compression gzip (faster, bigger; CI), --fonts DIR (where
LXGW WenKai / AR PL UMing are; default: installer/fonts, then the system font folders).
Build tools: pip install --require-hashes -r installer/requirements-build.lock
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "TalentDesk"
FONTS_OUT = ROOT / "resources" / "fonts"
WINDOWS = sys.platform == "win32"

# (font file, licence sources tried in order, licence file written) — licences must travel with the fonts.
FONTS = [
    ("LXGWWenKai-Regular.ttf", ["OFL.txt", "/usr/share/doc/fonts-lxgw-wenkai/copyright"], "LXGWWenKai-OFL.txt"),
    (
        "uming.ttc",
        [
            "ARPHICPL.TXT",
            "/usr/share/doc/fonts-arphic-uming/license/english/ARPHICPL.TXT.gz",
            "/usr/share/doc/fonts-arphic-uming/copyright",
        ],
        "uming-ARPHICPL.txt",
    ),
]
REQUIRED = {"LXGWWenKai-Regular.ttf"} | (set() if WINDOWS else {"uming.ttc"})
SYSTEM_FONT_DIRS = (
    [
        Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
        Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts",
    ]
    if WINDOWS
    else [Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"), Path.home() / ".local/share/fonts"]
)


def log(text: str) -> None:
    print(f"[build] {text}", flush=True)


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from talentdesk import __version__

    return __version__


def _find(name: str, dirs: list[Path]) -> Path | None:
    for d in dirs:
        if d.is_dir():
            if (d / name).is_file():
                return d / name
            for hit in d.rglob(name):
                return hit
    return None


def _read_licence(candidates: list[str], font_dir: Path) -> str | None:
    for c in candidates:
        p = Path(c) if Path(c).is_absolute() else font_dir / c
        if p.is_file():
            data = p.read_bytes()
            return (gzip.decompress(data) if p.suffix == ".gz" else data).decode("utf-8", errors="replace")
    return None


def stage_fonts(font_dir: Path | None) -> list[Path]:
    """Copy the fonts and licence texts into resources/fonts/ (where the spec and the program look)."""
    FONTS_OUT.mkdir(parents=True, exist_ok=True)
    dirs = [d for d in (font_dir, ROOT / "installer" / "fonts") if d] + SYSTEM_FONT_DIRS
    staged = []
    for name, licences, licence_name in FONTS:
        src = _find(name, dirs)
        if src is None:
            if name in REQUIRED:
                raise SystemExit(f"{name} not found in {[str(d) for d in dirs]}: see installer/README.md (fonts)")
            log(f"{name} not found: skipped (optional on this OS)")
            continue
        text = _read_licence(licences, src.parent)
        if text is None:
            raise SystemExit(f"licence for {name} not found ({licences}); put it next to the font")
        dest = FONTS_OUT / name
        if not dest.exists() or dest.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, dest)
        (FONTS_OUT / licence_name).write_text(text, encoding="utf-8")
        staged.append(dest)
        log(f"font {name} ({dest.stat().st_size / 2**20:.1f} MB) from {src.parent}")
    return staged


def run_pyinstaller() -> None:
    import importlib.util

    if importlib.util.find_spec("PyInstaller") is None:
        raise SystemExit("PyInstaller is missing: pip install --require-hashes -r installer/requirements-build.lock")
    if BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(ROOT / "build" / "pyinstaller"),
        str(ROOT / "installer" / "talentdesk.spec"),
    ]
    log(" ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT)


def strip_python(bundle: Path) -> int:
    """Linux: strip the symbol tables from Python's own binaries in the bundle (libpython, lib-dynload); the
    glibc-2.28 Python of installer/python228.sh keeps them (~45 MB). Wheels' libraries are left as shipped.
    Returns the bytes saved (0 without binutils' strip, or when they were stripped already)."""
    strip = shutil.which("strip")
    internal = bundle / "_internal"
    files = [*internal.glob("libpython3*.so*"), *internal.glob("python3.*/lib-dynload/*.so")]
    files = [f for f in files if f.is_file() and not f.is_symlink()]
    if WINDOWS or not strip or not files:
        return 0
    before = sum(f.stat().st_size for f in files)
    subprocess.run([strip, "--strip-unneeded", *map(str, files)], check=True)
    return before - sum(f.stat().st_size for f in files)


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def find_iscc() -> str | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES"), os.environ.get("LOCALAPPDATA")):
        for sub in ("Inno Setup 6", r"Programs\Inno Setup 6"):
            if base and (Path(base) / sub / "ISCC.exe").is_file():
                return str(Path(base) / sub / "ISCC.exe")
    return None


def build_windows_installer(ver: str) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        log("ISCC.exe (Inno Setup 6) not found: bundle built, installer skipped — see installer/README.md")
        return None
    iss = ROOT / "installer" / "windows" / "talentdesk.iss"
    subprocess.run(
        [
            iscc,
            "/Q",
            f"/DAppVersion={ver}",
            f"/DSourceDir={BUNDLE}",
            f"/DOutputDir={DIST}",
            f"/DRootDir={ROOT}",
            str(iss),
        ],
        check=True,
    )
    out = DIST / f"TalentDesk-{ver}-setup.exe"
    return out if out.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the TalentDesk bundle and installer for this OS")
    parser.add_argument("--no-package", action="store_true", help="bundle only (no .deb / setup.exe)")
    parser.add_argument("--fonts", type=Path, help="folder holding LXGWWenKai-Regular.ttf (and OFL.txt)")
    parser.add_argument(
        "--deb-compression",
        choices=("xz", "gzip"),
        default="xz",
        help="xz: smallest (releases, default); gzip: about 3 times faster (CI)",
    )
    args = parser.parse_args(argv)
    if sys.version_info[:2] != (3, 11):
        log(f"warning: Python {sys.version.split()[0]}; TalentDesk is built and tested with 3.11")
    ver = version()
    t0 = time.perf_counter()
    stage_fonts(args.fonts)
    run_pyinstaller()
    exe = BUNDLE / ("talentdesk.exe" if WINDOWS else "talentdesk")
    if not exe.is_file():
        raise SystemExit(f"PyInstaller did not produce {exe}")
    saved = strip_python(BUNDLE)
    if saved:
        log(f"stripped Python's binaries: {saved / 2**20:.0f} MB less")
    log(f"bundle {BUNDLE}: {folder_size(BUNDLE) / 2**20:.0f} MB in {time.perf_counter() - t0:.0f} s")
    package = None
    if not args.no_package:
        t1 = time.perf_counter()
        if WINDOWS:
            package = build_windows_installer(ver)
        elif shutil.which("dpkg-deb"):
            sys.path.insert(0, str(ROOT / "installer"))
            import deb

            package = deb.build(BUNDLE, DIST, ver, compression=args.deb_compression)
        else:
            log("dpkg-deb not found: .deb skipped")
        if package:
            log(f"package {package}: {package.stat().st_size / 2**20:.0f} MB in {time.perf_counter() - t1:.0f} s")
    log(f"done in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
