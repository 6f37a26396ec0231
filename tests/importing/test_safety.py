"""Hostile or oversized workbooks are refused quickly, with a Chinese message."""

import zipfile

import openpyxl
import pytest

from talentdesk.importing.plan import build_plan
from talentdesk.importing.read import read_file
from talentdesk.importing.safety import FileRefused, Limits


def test_zip_bomb_is_refused_before_reading(tmp_path):
    f = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (300 * 1024 * 1024) + b">")
    with pytest.raises(FileRefused, match="压缩"):
        read_file(f)


def test_entity_declarations_are_refused(tmp_path):
    f = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook/>')
    with pytest.raises(FileRefused, match="实体"):
        read_file(f)


def test_too_many_rows_is_refused(tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    ws.append(["姓名", "身份证号"])
    for i in range(2_100):
        ws.append([f"张{i}", "1"])
    f = tmp_path / "big.xlsx"
    wb.save(f)
    with pytest.raises(FileRefused, match="超过"):
        read_file(f, Limits(max_rows=2_000))


def test_a_sheet_just_under_the_row_limit_is_read(tmp_path):
    # the quick pre-count passes the limit (an xlsx row says 'row' twice): the exact count decides
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    ws.append(["姓名", "身份证号"])
    for i in range(1_900):
        ws.append([f"张{i}", "1"])
    f = tmp_path / "big.xlsx"
    wb.save(f)
    (sheet,) = read_file(f, Limits(max_rows=2_000))
    assert len(sheet.rows) == 1_901


def test_a_refused_file_is_reported_and_the_others_still_read(db, tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"not a zip")
    plan = build_plan(db, [bad])
    assert plan.files[0].error and "损坏" in plan.files[0].error
    assert plan.counts()["refused_files"] == 1
