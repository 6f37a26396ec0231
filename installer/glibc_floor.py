"""Report the newest GLIBC_/GLIBCXX_/CXXABI_ symbol versions the ELF files of a bundle need.

    python installer/glibc_floor.py dist/TalentDesk [--top 10]
        [--max-glibc 2.28 --max-glibcxx 3.4.25 --max-cxxabi 1.3.11]

Prints, per symbol family, the highest version needed and the files needing the most (the "top offenders").
Exit status 1 when a --max-… limit is given and some file needs a newer version of that family; CI checks the
bundle against 统信UOS V20 (Debian 10 based): glibc 2.28, gcc 8's libstdc++ (GLIBCXX_3.4.25, CXXABI_1.3.11).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

FAMILIES = ("GLIBC", "GLIBCXX", "CXXABI")
_NEED = re.compile(r"Name: (GLIBC|GLIBCXX|CXXABI)_(\d+(?:\.\d+)*)")


def _is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def needs(path: Path) -> dict[str, tuple[int, ...]]:
    """The highest version per family that PATH requires (from readelf's version-needs section)."""
    text = subprocess.run(["readelf", "-V", "--wide", str(path)], capture_output=True, text=True).stdout
    # only the .gnu.version_r section lists what the file NEEDS (version_d is what it defines)
    text = text.split(".gnu.version_r", 1)[1] if ".gnu.version_r" in text else ""
    out: dict[str, tuple[int, ...]] = {}
    for family, ver in _NEED.findall(text):
        v = tuple(int(x) for x in ver.split("."))
        out[family] = max(out.get(family, ()), v)
    return out


def scan(folder: Path) -> dict[Path, dict[str, tuple[int, ...]]]:
    return {f: needs(f) for f in sorted(folder.rglob("*")) if f.is_file() and not f.is_symlink() and _is_elf(f)}


def fmt(v: tuple[int, ...]) -> str:
    return ".".join(map(str, v))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--max-glibc", help="fail when any file needs a newer GLIBC_ version (e.g. 2.28)")
    parser.add_argument("--max-glibcxx", help="fail when any file needs a newer GLIBCXX_ version (e.g. 3.4.25)")
    parser.add_argument("--max-cxxabi", help="fail when any file needs a newer CXXABI_ version (e.g. 1.3.11)")
    args = parser.parse_args(argv)
    found = scan(args.folder)
    print(f"== symbol versions needed by the {len(found)} ELF files in {args.folder} ==")
    for family in FAMILIES:
        ranked = sorted(((v[family], f) for f, v in found.items() if family in v), reverse=True)
        if not ranked:
            continue
        print(f"{family}_{fmt(ranked[0][0])} highest; top files:")
        for ver, f in ranked[: args.top]:
            print(f"  {family}_{fmt(ver):<8} {f.relative_to(args.folder)}")
    return (
        1
        if over_limits(
            found, args.folder, {"GLIBC": args.max_glibc, "GLIBCXX": args.max_glibcxx, "CXXABI": args.max_cxxabi}
        )
        else 0
    )


def over_limits(found: dict[Path, dict[str, tuple[int, ...]]], folder: Path, limits: dict[str, str | None]) -> bool:
    """Print every file that needs a newer version than its family's limit; True when there is one."""
    bad = False
    for family, text in limits.items():
        if not text:
            continue
        limit = tuple(int(x) for x in text.split("."))
        over = sorted(f for f, v in found.items() if v.get(family, ()) > limit)
        for f in over:
            print(f"TOO NEW: {f.relative_to(folder)} needs {family}_{fmt(found[f][family])} > {text}", file=sys.stderr)
        if over:
            print(f"{len(over)} files need {family} newer than {text}", file=sys.stderr)
            bad = True
    return bad


if __name__ == "__main__":
    raise SystemExit(main())
