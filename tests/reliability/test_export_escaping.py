"""Export escaping with generated strings: no cell that a spreadsheet would run, every value kept."""

import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from talentdesk.domain.cells import FORMULA_STARTS
from talentdesk.importing import error_workbook
from talentdesk.reports import ReportTable
from talentdesk.reports.xlsx import write_table

# text without the characters XML 1.0 cannot hold (openpyxl refuses them; they are not a formula risk)
_chars = st.characters(
    blacklist_categories=("Cs",), blacklist_characters="".join(map(chr, range(0, 32))) + "\ufffe\uffff"
)
risky = st.builds(
    lambda a, b: a + b, st.sampled_from(FORMULA_STARTS + ("", "=", "==", "+=")), st.text(_chars, max_size=30)
)
cells = st.one_of(risky, st.integers(-(10**9), 10**9), st.none())


def _no_formulas(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=8), header=risky)
def test_report_tables_never_write_a_formula(tmp_path, rows, header):
    path = tmp_path / "r.xlsx"
    write_table(ReportTable("导出", (header, "b", "c"), [tuple(r) for r in rows], text_columns=frozenset({1})), path)
    _no_formulas(path)
    ws = load_workbook(path).active

    # line ends may come back as written or normalised to LF (XML line-end handling, which differs between the
    # writer's modes): not a formula matter, so both sides are compared with line ends normalised
    def norm(v):
        return v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v

    got = [[norm(c.value) for c in r] for r in ws.iter_rows(min_row=2)]
    want = [[None if v == "" else norm(v) for v in r] for r in rows]
    assert got == want
    for r in ws.iter_rows():
        for c in r:
            if isinstance(c.value, str) and c.value[:1] in FORMULA_STARTS:
                assert c.data_type == "s" and c.quotePrefix


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(risky, min_size=1, max_size=6))
def test_error_workbook_echoes_school_values_as_text(tmp_path, values):
    sheet = error_workbook.SourceSheet(
        "名单",
        [["姓名"] * len(values)],
        [error_workbook.SourceRow(2, list(values), [error_workbook.CellProblem("有误", 0)])],
    )
    path = error_workbook.write(tmp_path / "e.xlsx", [sheet])
    _no_formulas(path)
