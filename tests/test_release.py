"""One version number in one place (issue 16 §2): talentdesk.__version__, with a CHANGELOG entry."""

import re
import tomllib
from pathlib import Path

import talentdesk

ROOT = Path(__file__).resolve().parents[1]


def test_the_version_has_a_changelog_entry():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    entries = re.findall(r"^## (\d+\.\d+\.\d+)\b", changelog, flags=re.M)
    assert entries and entries[0] == talentdesk.__version__, "bump __version__ and CHANGELOG.md together"


def test_no_other_file_spells_the_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    iss = (ROOT / "installer/windows/talentdesk.iss").read_text(encoding="utf-8-sig")
    assert talentdesk.__version__ not in iss
    for script in ("installer/build.py", "installer/deb.py", "installer/talentdesk.spec", "installer/ci_bundle.sh"):
        assert talentdesk.__version__ not in (ROOT / script).read_text(encoding="utf-8"), script
