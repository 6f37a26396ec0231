"""Every report names the documents its figures follow (issue 19 §3): the 依据 line is in the notes of every
catalogue report, in its PDF (for reports printed as tables) and in its Excel file; a value no document fixes
(the 班师比 of 村小学 and 教学点) says it is unverified."""

import subprocess

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from talentdesk.cli import main
from talentdesk.domain.policy import SOURCES, UNVERIFIED
from talentdesk.reports import basis, catalogue
from talentdesk.reports.params import Params, Scope
from talentdesk.store.database import open_database
from talentdesk.store.models import School


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("basis") / "demo.db"
    assert main(["--db", str(path), "demo", "--size", "county", "--seed", "2026"]) == 0
    import datetime as dt

    assert main(["--db", str(path), "plan", "hiring", "--year", str(dt.date.today().year)]) == 0
    db = open_database(path)
    yield db
    db.dispose()


def _first_school(db) -> str:
    with db.sessions() as s:
        return s.scalars(select(School.name).order_by(School.id).limit(1)).one()


def test_every_report_has_its_rules_and_every_rule_a_source():
    assert set(basis.RULES) == set(catalogue.names())
    for name, keys in basis.RULES.items():
        assert keys and all(k in SOURCES for k in keys), name


@pytest.mark.parametrize("name", catalogue.names())
def test_every_report_carries_its_basis_in_the_notes_and_the_excel_file(demo, tmp_path, name):
    # the 登记表 is one sheet per teacher: one school's, not the county's thousands (reading them back: minutes)
    scope = Scope("school", _first_school(demo)) if name == "registration" else Scope()
    report = catalogue.compute(demo, name, Params(scope=scope))
    line = basis.note(name)
    assert report.notes[-1] == line and line.startswith("依据：")
    out = catalogue.render(report, tmp_path / f"{name}.xlsx")
    cells = [str(c.value) for ws in load_workbook(out).worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any(line in c for c in cells), name


@pytest.mark.parametrize(
    "name, words",
    [
        ("staffing", ["中央编办发〔2014〕72号", "班师比", UNVERIFIED]),
        ("rotation", ["教师〔2014〕4号", "10%", "20%"]),
        ("rural-honour", ["国办发〔2015〕43号", "从教30年以上"]),
        ("balance", ["教督〔2017〕6号", "85%"]),
        ("training", ["教师〔2011〕1号", "360学时"]),
    ],
)
def test_the_pdf_prints_the_documents(demo, tmp_path, name, words):
    report = catalogue.compute(demo, name, Params())
    pdf = catalogue.render(report, tmp_path / f"{name}.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    for w in words:
        assert w in flat, (name, w)


def _pdf_text(demo, tmp_path, name, scope: Scope | None = None) -> str:
    report = catalogue.compute(demo, name, Params(scope=scope or Scope()))
    pdf = catalogue.render(report, tmp_path / f"{name}.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def test_the_hiring_plan_form_prints_every_document_it_applies(demo, tmp_path):
    """The 招聘计划 draws its own approval layout; its last page still prints the 依据 line in full."""
    flat = _pdf_text(demo, tmp_path, "hiring-plan")
    for key in basis.RULES["hiring-plan"]:
        assert "".join(SOURCES[key].split()) in flat, key
    assert "".join(basis.note("hiring-plan").split()) in flat


def test_the_registration_form_applies_no_rule_and_prints_no_basis(demo, tmp_path):
    """教师信息登记表 lists records only (no policy rule), so its official layout carries no 依据 line."""
    assert basis.RULES["registration"] == ("records",)
    flat = _pdf_text(demo, tmp_path, "registration", Scope("school", _first_school(demo)))  # not 1,000s of pages
    assert "教师信息登记表" in flat and "依据：" not in flat
