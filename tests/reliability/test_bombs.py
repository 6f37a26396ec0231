"""Hostile files (issue 8, issue 15 §3): zip and XML bombs, sheets whose extent makes a reader allocate without
bound, cells built to break the reader. Each is refused (or its cell reported) with a Chinese message naming the
file and the sheet, in under 30 s and under 500 MB, and never closes the program: every attack that could abort
a process runs in a fresh process here (the probe), so that the test run survives the old code."""

import csv
import json
import multiprocessing
import subprocess
import sys
import textwrap
import zipfile

import pytest

from talentdesk.importing.plan import Cancelled, build_plan
from talentdesk.importing.read import read_file
from talentdesk.importing.safety import FileRefused
from tests.reliability import hostile_files as h
from tests.reliability.conftest import write_teacher_csv

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

PROBE = textwrap.dedent("""
    import json, resource, sys, time
    # an old reader that does not refuse a bomb fails here quickly instead of taking the machine's memory
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, resource.getrlimit(resource.RLIMIT_AS)[1]))
    from talentdesk.importing.plan import build_plan
    from talentdesk.importing.safety import Limits
    from talentdesk.store.database import open_database
    db = open_database(sys.argv[1])
    limits = Limits(**json.loads(sys.argv[2]))
    t0 = time.perf_counter()
    plan = build_plan(db, sys.argv[3:], limits=limits)
    seconds = time.perf_counter() - t0
    try:  # VmHWM: this program's own peak (ru_maxrss would carry the forking pytest's peak across exec)
        rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
    except OSError:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss = max(rss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)  # the reading process
    print(json.dumps({"seconds": seconds, "mb": rss, "error": plan.files[0].error,
                      "files": [{"error": f.error, "rows": sum(len(s.rows) for s in f.sheets)} for f in plan.files]},
                     ensure_ascii=False))
""")


def _probe(tmp_path, *files, limits=None):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "p.db"), json.dumps(limits or {}), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, f"the importing process died (exit {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def _zip_bomb(path, gigabytes=1):
    """A real one: a sheet of 1 GB of zeros, deflated to about 1 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 24)
            for _ in range(64 * gigabytes):
                f.write(block)
    return path


def _xml_bomb(path):
    """Billion laughs in the shared strings and in the sheet."""
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + "]>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>',
        )
        z.writestr("xl/sharedStrings.xml", lol + "<sst><si><t>&lol9;</t></si></sst>")
        z.writestr(
            "xl/worksheets/sheet1.xml",
            lol + '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
        )
    return path


@pytest.mark.parametrize("kind", ["zip", "xml"])
def test_bomb_is_refused_quickly_in_little_memory(tmp_path, kind):
    bomb = _zip_bomb(tmp_path / "炸弹.xlsx") if kind == "zip" else _xml_bomb(tmp_path / "实体.xlsx")
    r = _probe(tmp_path, bomb)
    assert r["error"] and ("压缩" in r["error"] or "实体" in r["error"])
    assert r["seconds"] < 30 and r["mb"] < 500  # the issue's bound
    print(
        f"\n{kind} bomb ({bomb.stat().st_size / 1024:.0f} KB on disk): refused in {r['seconds']:.2f} s, "
        f"peak {r['mb']:.0f} MB — {r['error']}"
    )


# --- issue 15 §3: extents that make calamine allocate without bound ----------------------------------------------

EXTENTS = {  # builder, file name, what the refusal must say
    # one cell at XFD150000 in a 2 KB file: calamine asks for 78.6 GB and aborts the process
    "xlsx far cell": (h.xlsx_far_cell, "远处单元格.xlsx", "XFD150000"),
    # the same position reached by 20,000 cells written without a reference
    "xlsx cells without references": (h.xlsx_far_cell_no_refs, "无引用.xlsx", "IW1"),
    "xlsx declared dimension": (h.xlsx_dimension, "范围.xlsx", "A1:XFD1048576"),
    # every cell of A1:XFD1048576 would receive the merged value: 4 GB, then MemoryError
    "xlsx merged range": (h.xlsx_merge_bomb, "合并.xlsx", "A1:XFD1048576"),
    "ods repeated columns": (h.ods_column_bomb, "重复列.ods", "16,384 列"),
    # 80 M filled cells: under calamine's own cell limit (100 M), gigabytes once read
    "ods repeated rows": (lambda p: h.ods_row_bomb(p, rows=40_000_000), "重复行.ods", "40,000,001 行"),
    # calamine sizes a .xls sheet by its DIMENSIONS record: this claim aborts the process (11 PB asked)
    "xls declared dimension": (h.xls_dimension, "范围.xls", "4,294,967,295 行"),
    # a cell record at column 65,536 with an honest DIMENSIONS record: 172 GB asked, abort
    "xls far cell": (h.xls_far_cell, "远处单元格.xls", "65,535 列"),
    "xls far cell, small DIMENSIONS": (lambda p: h.xls_far_cell(p, honest=False), "小范围.xls", "CRXP65536"),
    "xls merged range": (h.xls_merge_bomb, "合并.xls", "合并单元格"),
    # calamine would allocate 630 MB for it, then 19.7 M cells would become Python objects
    "xls wide": (lambda p: h.xls_far_cell(p, row=65_535, col=300), "很宽.xls", "301 列"),
}


@pytest.mark.parametrize("kind", list(EXTENTS))
def test_hostile_extent_is_refused_with_the_file_and_sheet_named(tmp_path, kind):
    build, name, expected = EXTENTS[kind]
    bomb = build(tmp_path / name)
    good = write_teacher_csv(tmp_path / "正常名单.csv", 5)
    r = _probe(tmp_path, bomb, good)
    error = r["files"][0]["error"]
    assert error and name in error and "教师" in error and expected in error, error
    assert "拒绝" in error or "上限" in error
    assert r["files"][1] == {"error": None, "rows": 5}  # the other file of the same import is read
    assert r["seconds"] < 30 and r["mb"] < 500
    print(
        f"\n{kind} ({bomb.stat().st_size / 1024:.0f} KB): refused in {r['seconds']:.2f} s, peak {r['mb']:.0f} MB "
        f"— {error}"
    )


def test_a_reader_abort_refuses_the_file_and_the_program_goes_on(tmp_path):
    """What a check might miss is contained: with the extent checks off, a BIFF cell at column 65,535 of row
    65,536 makes calamine ask for 172 GB when it opens the .xls, and abort. The child process that reads it
    dies, the file is refused with a message, the next files are read (by a new child)."""
    bomb = h.xls_far_cell(tmp_path / "远处单元格.xls")
    good = write_teacher_csv(tmp_path / "正常名单.csv", 5)
    r = _probe(tmp_path, bomb, good, good, limits={"max_cols": 1 << 20, "max_cells": 1 << 40})
    error = r["files"][0]["error"]
    assert error and "远处单元格.xls" in error and "异常退出" in error and "拒绝" in error, error
    assert [f["rows"] for f in r["files"][1:]] == [5, 5]
    assert r["seconds"] < 30


def test_legitimate_sheets_near_the_limits_are_read(tmp_path):
    """What real files hold: LibreOffice's empty cells and rows repeated to the end of the grid, a title merged
    wider than the table, columns up to AD."""
    (sheet,) = read_file(h.ods_normal_tail(tmp_path / "lo.ods"))
    assert sheet.rows == [["姓名", "身份证号"], ["王芳", "x"]]
    head = "".join(f'<c r="{c}1" t="inlineStr"><is><t>列{c}</t></is></c>' for c in ("A", "B", "AD"))
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="AD{r}"><v>1</v></c></row>' for r in range(2, 50))
    wide = h.xlsx(tmp_path / "wide.xlsx", f'<row r="1">{head}</row>{body}', dimension="A1:AD49", merges=("A1:AH1",))
    (sheet,) = read_file(wide)
    assert len(sheet.rows) == 49 and len(sheet.rows[0]) == 30  # the merged title adds no column


def test_entity_declaration_after_the_first_4_kb_is_refused(tmp_path):
    """The scan used to look at the first 4 KB of each XML part only."""
    padding = "<!-- " + "填充" * 3000 + " -->"
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    bomb = tmp_path / "声明在后.xlsx"
    h.xlsx(bomb, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    with zipfile.ZipFile(bomb, "a") as z:
        z.writestr(
            "xl/sharedStrings.xml", '<?xml version="1.0"?>' + padding + lol + "<sst><si><t>&lol2;</t></si></sst>"
        )
    with pytest.raises(FileRefused, match="XML 实体声明"):
        read_file(bomb)


def _plan_rows(db, path):
    plan = build_plan(db, [path])
    assert plan.files[0].error is None, plan.files[0].error
    return plan.rows()


def test_a_csv_cell_over_131072_characters_is_a_cell_issue(db, tmp_path):
    """Python's csv module raised a bare _csv.Error for such a cell; now the row is rejected, the others read."""
    f = tmp_path / "长备注.csv"
    with open(f, "w", encoding="utf-8-sig", newline="") as out:
        w = csv.writer(out)
        w.writerow(["学校", "姓名", "身份证号", "出生日期", "备注"])
        w.writerow(["某县第一中学", "王芳", "371521198503120021", "1985-03-12", "很长" * 100_000])
        w.writerow(["某县第一中学", "李娜", "371521198604130043", "1986-04-13", "正常"])
    rows = _plan_rows(db, f)
    assert len(rows) == 2
    long_row = rows[0]
    (issue,) = [i for i in long_row.issues if i.code == "cell.too_long"]
    assert issue.severity == "error" and "200,000 个字符" in issue.message and "第E列" in issue.message
    assert long_row.status == "rejected"
    assert not any(i.code == "cell.too_long" for i in rows[1].issues)


def test_a_nul_character_is_removed_and_reported_never_truncating(db, tmp_path):
    f = tmp_path / "空字符.csv"
    f.write_text("学校,姓名,身份证号,出生日期\n某县第一中学,王\x00芳,371521198503120021,1985-03-12\n", encoding="utf-8")
    (row,) = _plan_rows(db, f)
    assert row.values["name"] == "王芳"
    (issue,) = [i for i in row.issues if i.code == "cell.nul"]
    assert issue.field == "name" and issue.severity == "warning" and "王芳" in issue.message


def test_import_exits_non_zero_when_every_file_is_refused(tmp_path):
    """The CLI, as a process (a reader without the checks aborts on the far cell)."""
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"not a zip")
    bomb = h.xlsx_far_cell(tmp_path / "远处单元格.xlsx")
    good = write_teacher_csv(tmp_path / "正常名单.csv", 3)

    def run(*files):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "talentdesk",
                "--db",
                str(tmp_path / "cli.db"),
                "import",
                "--dry-run",
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=240,
        )

    refused = run(bad, bomb)
    assert refused.returncode == 1, refused.stderr
    assert "坏文件.xlsx" in refused.stderr and "XFD150000" in refused.stderr and "没有导入" in refused.stderr
    some = run(bad, good)
    assert some.returncode == 0, some.stderr


def test_cancelling_while_the_child_reads_stops_it(db, tmp_path, monkeypatch):
    from talentdesk.importing import isolate

    monkeypatch.setattr(isolate, "POLL_SECONDS", 0.001)
    calls = []

    def progress(done, total, text):
        calls.append(text)
        if len(calls) == 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        build_plan(db, [write_teacher_csv(tmp_path / "名单.csv", 2_000)], progress)
    assert not [p for p in multiprocessing.active_children() if p.name == "talentdesk-reader"]


@pytest.mark.gui
def test_the_wizard_shows_the_refusal_and_stays_open(qtbot, db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QPushButton

    from talentdesk.gui.bus import DataBus
    from talentdesk.gui.import_wizard import ImportWizard

    bomb = h.xlsx_far_cell(tmp_path / "远处单元格.xlsx")
    # on a reader without the checks this file aborts the process: prove it is refused in a fresh one first
    assert _probe(tmp_path, bomb)["error"], "the far cell is not refused"
    good = write_teacher_csv(tmp_path / "正常名单.csv", 3)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(bomb), str(good)], "")))
    wiz = ImportWizard(db, DataBus())
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.files_page.findChild(QPushButton, "add_files").click()
    wiz.next()
    assert wiz.currentId() == wiz.MAPPING
    page = wiz.mapping_page
    page.sheet_list.setCurrentRow(1)
    assert "远处单元格.xlsx" in page.info.text() and "XFD150000" in page.info.text()
    wiz.close()
