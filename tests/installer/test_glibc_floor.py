"""installer/glibc_floor.py reads what an ELF file needs (not what it defines) and ranks the files."""

import shutil
import sys
from pathlib import Path

import pytest

from tests.installer.conftest import load_script

pytestmark = pytest.mark.skipif(not shutil.which("readelf"), reason="readelf (binutils) not installed")


def _libpython() -> Path:
    import sysconfig

    return Path(sysconfig.get_config_var("LIBDIR")) / sysconfig.get_config_var("INSTSONAME")


def test_reports_the_glibc_a_binary_needs_and_fails_only_above_the_limit(tmp_path, capsys):
    floor = load_script("glibc_floor")
    exe = Path(sys.executable).resolve()
    shutil.copy(exe, tmp_path / "python")
    (tmp_path / "notes.txt").write_text("not an ELF file", encoding="utf-8")
    needed = floor.needs(tmp_path / "python")["GLIBC"]
    assert (2, 2, 5) <= needed < (3,)
    assert floor.main([str(tmp_path), "--max-glibc", floor.fmt(needed)]) == 0
    out = capsys.readouterr().out
    assert f"GLIBC_{floor.fmt(needed)} highest" in out and "python" in out and "notes.txt" not in out
    lower = floor.fmt((needed[0], needed[1] - 1)) if needed[1] > 0 else "1.0"
    assert floor.main([str(tmp_path), "--max-glibc", lower]) == 1


def test_libc_itself_defines_versions_it_does_not_need():
    floor = load_script("glibc_floor")
    libc = Path("/lib/x86_64-linux-gnu/libc.so.6")
    if not libc.exists():
        pytest.skip("no x86_64 libc here")
    assert floor.needs(libc)["GLIBC"] < (2, 36)  # Debian 12 libc defines GLIBC_2.36, needs ld.so's 2.35


def test_libstdcxx_versions_have_their_own_limits(tmp_path, capsys):
    """UOS V20 ships gcc 8's libstdc++: GLIBCXX_3.4.25 and CXXABI_1.3.11 are checked apart from glibc."""
    import shiboken6

    floor = load_script("glibc_floor")
    lib = next(Path(shiboken6.__file__).parent.glob("libshiboken6*.so*"))
    shutil.copy(lib, tmp_path / lib.name)
    needed = floor.needs(tmp_path / lib.name)
    assert "GLIBCXX" in needed
    ok = ["--max-glibcxx", floor.fmt(needed["GLIBCXX"])]
    assert floor.main([str(tmp_path), *ok]) == 0
    assert floor.main([str(tmp_path), "--max-glibcxx", "3.4.1"]) == 1
    assert f"needs GLIBCXX_{floor.fmt(needed['GLIBCXX'])} > 3.4.1" in capsys.readouterr().err
