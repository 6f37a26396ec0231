"""`talentdesk report`: every option a report accepts is applied, one it does not take is refused (never
ignored), and options may come before or after the output file."""

import json
import sqlite3

import pytest

from talentdesk.cli import main
from talentdesk.reports import catalogue


@pytest.fixture(scope="module")
def demo_db(demo_templates, tmp_path_factory):
    """The demo county (seed 2026), a copy of the session's template shared by this module's read-only tests."""
    return demo_templates.copy(tmp_path_factory.mktemp("report_options") / "demo.db")


def schools_of(path, township):
    con = sqlite3.connect(path)
    try:
        return {n for (n,) in con.execute("SELECT name FROM school WHERE township = ?", (township,))}
    finally:
        con.close()


def test_options_may_come_after_the_output_file_or_before_it(demo_db, tmp_path):
    school = sorted(schools_of(demo_db, "东古城镇"))[0]
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    assert main(["--db", str(demo_db), "report", "roster", "--scope", f"school:{school}", str(before)]) == 0
    assert main(["--db", str(demo_db), "report", "roster", str(after), "--scope", f"school:{school}"]) == 0
    a, b = json.loads(before.read_text("utf-8")), json.loads(after.read_text("utf-8"))
    assert a["rows"] == b["rows"] and a["rows"] and a["scope"] == school


@pytest.mark.parametrize(
    "args, refused",
    [
        (["rural-honour", "--year", "2025"], "--year"),
        (["attrition", "--scope", "township:东古城镇"], "--scope"),
        (["rotation", "--month", "2026-03"], "--month"),
        (["structure", "--teacher", "1"], "--teacher"),
    ],
)
def test_an_option_a_report_does_not_take_is_refused(demo_db, tmp_path, capsys, args, refused):
    out = tmp_path / "x.json"
    assert main(["--db", str(demo_db), "report", *args, str(out)]) == 2
    err = capsys.readouterr().err
    assert f"请去掉 {refused}" in err and "可用的选项" in err
    assert not out.exists()


def test_every_catalogue_entry_names_only_known_parameters():
    for e in catalogue.CATALOGUE:
        assert set(e.parameters) <= set(catalogue.PARAMETERS), e.name


def test_rural_honour_lists_only_the_scope(demo_db, tmp_path):
    whole, town = tmp_path / "whole.json", tmp_path / "town.json"
    assert main(["--db", str(demo_db), "report", "rural-honour", str(whole)]) == 0
    assert main(["--db", str(demo_db), "report", "rural-honour", "--scope", "township:东古城镇", str(town)]) == 0
    in_town = schools_of(demo_db, "东古城镇")
    data = json.loads(town.read_text("utf-8"))
    school_col = data["columns"].index("编制学校")
    rows = data["rows"]
    assert rows and all(r[school_col] in in_town for r in rows)
    assert len(rows) < len(json.loads(whole.read_text("utf-8"))["rows"])


def test_training_takes_a_year_and_reports_that_cycle(demo_db, tmp_path):
    out = tmp_path / "t.json"
    assert main(["--db", str(demo_db), "report", "training", "--year", "2023", str(out)]) == 0
    assert "2021—2025 周期" in json.loads(out.read_text("utf-8"))["title"]
    assert main(["--db", str(demo_db), "report", "training", "--year", "2027", str(out)]) == 0
    assert "2026—2030 周期" in json.loads(out.read_text("utf-8"))["title"]
