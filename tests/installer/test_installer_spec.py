"""The PyInstaller spec collects what the installed program needs (checked without running PyInstaller:
the spec is executed with stand-ins for Analysis/EXE/COLLECT, which record what they are given)."""

import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"

SPEC = INSTALLER / "talentdesk.spec"
BUNDLE = ROOT / "dist" / "TalentDesk" / "_internal"


class Recorder:
    made: list = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.binaries = [
            ("PySide6/Qt/lib/libQt6Quick.so.6", "x", "BINARY"),
            ("PySide6/Qt/lib/libQt6Core.so.6", "x", "BINARY"),
            ("PySide6/Qt/plugins/platforms/libqxcb.so", "x", "BINARY"),
            ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "x", "BINARY"),
            ("libcairo.so.2", "x", "BINARY"),
            # found in the build machine's own folders: dropped (glibc 2.28 floor), libpython and modules kept
            ("libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "BINARY"),
            ("libfontconfig.so.1", "/lib/x86_64-linux-gnu/libfontconfig.so.1", "BINARY"),
            ("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "BINARY"),
            ("lib-dynload/_ssl.so", "/usr/lib/python3.11/lib-dynload/_ssl.so", "EXTENSION"),
            ("numpy.libs/libgfortran.so.5", "/venv/site-packages/numpy.libs/libgfortran.so.5", "BINARY"),
        ]
        self.datas = list(kwargs.get("datas", [])) + [("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA")]
        self.pure, self.scripts = [], []
        Recorder.made.append(self)


@pytest.fixture
def spec_run(build_script, monkeypatch):
    """Execute the spec as PyInstaller would; returns {name: value} of its namespace."""
    try:
        build_script.stage_fonts(None)  # what build.py does first (resources/fonts/ is git-ignored)
    except SystemExit as e:
        pytest.skip(f"CJK fonts not installed here: {e}")
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package, filter=None: [f"{package}.stand_in"]
    hooks.collect_data_files = lambda package, **kw: [(f"/site-packages/{package}/stand_in.json", package)]
    for name, module in (
        ("PyInstaller", types.ModuleType("PyInstaller")),
        ("PyInstaller.utils", types.ModuleType("PyInstaller.utils")),
        ("PyInstaller.utils.hooks", hooks),
    ):
        monkeypatch.setitem(sys.modules, name, module)
    Recorder.made = []
    namespace = {
        "SPECPATH": str(INSTALLER),
        "Analysis": Recorder,
        "PYZ": Recorder,
        "EXE": Recorder,
        "COLLECT": Recorder,
        "__file__": str(SPEC),
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return namespace


def _dests(datas) -> set[str]:
    return {str(Path(dest) / Path(src).name).replace("\\", "/") for src, dest in datas}


def test_spec_collects_every_migration_file_as_data(spec_run):
    dests = _dests(spec_run["a"].kwargs["datas"])
    assert {"talentdesk/store/migrations/env.py", "talentdesk/store/migrations/script.py.mako"} <= dests
    versions = sorted(p.name for p in (ROOT / "talentdesk/store/migrations/versions").glob("*.py"))
    assert versions and all(f"talentdesk/store/migrations/versions/{v}" in dests for v in versions)
    assert not any("__pycache__" in d for d in dests)


def test_spec_bundles_fonts_with_licences_icons_and_chinese_qt_translations(spec_run):
    dests = _dests(spec_run["a"].kwargs["datas"])
    assert {
        "resources/fonts/LXGWWenKai-Regular.ttf",
        "resources/fonts/uming.ttc",
        "resources/fonts/LXGWWenKai-OFL.txt",
        "resources/fonts/uming-ARPHICPL.txt",
        "resources/icons/talentdesk.ico",
        "resources/icons/talentdesk-256.png",
    } <= dests
    assert "SIL OPEN FONT LICENSE" in (ROOT / "resources/fonts/LXGWWenKai-OFL.txt").read_text(encoding="utf-8")
    assert {d.rsplit("/", 1)[-1] for d in dests if d.endswith(".qm")} == {"qt_zh_CN.qm", "qtbase_zh_CN.qm"}
    assert "pypinyin/stand_in.json" in dests  # pypinyin reads its dictionaries from JSON files beside its code
    assert "pypinyin/stand_in.json" in dests  # pypinyin reads its dictionaries from JSON files beside its code


def test_spec_drops_unused_qt_and_gtk_and_keeps_the_rest(spec_run):
    a = spec_run["a"]
    names = {b[0].rsplit("/", 1)[-1] for b in a.binaries}
    assert names == {"libQt6Core.so.6", "libqxcb.so", "libpython3.11.so.1.0", "_ssl.so", "libgfortran.so.5"}
    assert not any(d[0].endswith("qtbase_de.qm") for d in a.datas)
    excludes = a.kwargs["excludes"]
    assert "PySide6.QtNetwork" in excludes and "PySide6.QtWidgets" not in excludes
    assert "ssl" not in excludes  # psycopg's libpq wrapper imports it: without it no server database opens
    assert "sqlalchemy.dialects.postgresql.psycopg" in a.kwargs["hiddenimports"]
    assert "alembic.stand_in" in a.kwargs["hiddenimports"]  # env.py's imports are invisible to the analysis
    assert "cryptography.hazmat.primitives.stand_in" in a.kwargs["hiddenimports"]  # package keys (issue 15)


def test_spec_makes_one_program_on_linux_and_gui_plus_console_on_windows(spec_run):
    exes = [r for r in Recorder.made if "name" in r.kwargs and r.kwargs.get("exclude_binaries")]
    if sys.platform == "win32":
        assert [(e.kwargs["name"], e.kwargs["console"]) for e in exes] == [
            ("talentdesk", False),
            ("talentdesk-cli", True),
        ]
    else:
        assert [(e.kwargs["name"], e.kwargs["console"]) for e in exes] == [("talentdesk", True)]
    assert spec_run["coll"].kwargs["name"] == "TalentDesk"


@pytest.mark.skipif(not BUNDLE.is_dir(), reason="no built bundle (python installer/build.py)")
def test_built_bundle_has_migrations_fonts_and_translations():
    mig = BUNDLE / "talentdesk" / "store" / "migrations"
    assert (mig / "env.py").is_file() and (mig / "script.py.mako").is_file() and list((mig / "versions").glob("*.py"))
    assert (BUNDLE / "resources" / "fonts" / "LXGWWenKai-Regular.ttf").is_file()
    assert list(BUNDLE.rglob("qtbase_zh_CN.qm")) and not list(BUNDLE.rglob("qtbase_de.qm"))
    assert not list(BUNDLE.rglob("libQt6Quick*")) and not list(BUNDLE.rglob("libqgtk3*"))


def test_spec_excludes_nothing_the_program_imports(spec_run):
    import ast

    used = set()
    for f in (ROOT / "talentdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                used |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                used.add(node.module)
    excluded = set(spec_run["a"].kwargs["excludes"])
    clash = {m for m in used for x in excluded if m == x or m.startswith(x + ".")}
    assert not clash, f"the spec leaves out modules the program imports: {sorted(clash)}"
