"""The workbook sent back to a school: its own rows, as sent, with a 问题说明 column."""

import datetime as dt

import openpyxl

from talentdesk.importing.error_workbook import (
    ERROR_FILL,
    PROBLEM_HEADER,
    ROW_HEADER,
    WARNING_FILL,
    CellProblem,
    SourceRow,
    SourceSheet,
    problem_text,
    write,
)

HEADER = ["序号", "姓名", "身份证号", "出生年月", "职称"]


def _sheet():
    return SourceSheet(
        "实验小学",
        [HEADER],
        [
            SourceRow(4, [1, "王  芳", "37152119880514123X", "1988.05", "中学高级"], []),
            SourceRow(
                5,
                [2, "李明", 3.71521198805138e17, dt.date(1988, 5, 13), "一级教师"],
                [
                    CellProblem("以数字形式保存，后几位已丢失，请按文本重新填写", 2, "error", "身份证号"),
                    CellProblem("与身份证号中的出生日期不一致", 3, "warning", "出生年月"),
                ],
            ),
            SourceRow(
                7,
                [3, "张䶮", "371521199001011234", "1990-01", "特级"],
                [
                    CellProblem("“特级”不是职称，请从列表中选择", 4, "error", "职称"),
                    CellProblem("本文件中出现两次（第4行）", None, "error", "身份证号"),
                ],
            ),
        ],
        title="青禾县实验小学教师信息统计表",
    )


def _rows(ws):
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    cols = [c.value for c in ws[header_row]]
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=header_row + 1)]
    return header_row, cols, data


def test_problem_rows_come_back_as_sent_with_problem_column(tmp_path):
    path = write(tmp_path / "问题.xlsx", [_sheet()])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["实验小学"]
    ws = wb["实验小学"]
    header_row, cols, data = _rows(ws)
    assert cols == HEADER + [PROBLEM_HEADER, ROW_HEADER]
    assert [r[-1] for r in data] == [5, 7]  # the row without problems is left out
    li = data[0]
    assert li[1] == "李明" and li[2] == 3.71521198805138e17 and li[3] == dt.datetime(1988, 5, 13)
    assert li[5].startswith("身份证号：以数字形式保存") and "出生年月：与身份证号中的出生日期不一致" in li[5]
    zhang = data[1]
    assert zhang[1] == "张䶮" and zhang[3] == "1990-01" and zhang[4] == "特级"
    assert "职称：“特级”不是职称" in zhang[5] and "本文件中出现两次" in zhang[5]


def test_problem_cells_are_highlighted_with_a_comment(tmp_path):
    ws = openpyxl.load_workbook(write(tmp_path / "x.xlsx", [_sheet()]))["实验小学"]
    header_row, _, _ = _rows(ws)
    id_cell, birth_cell, name_cell = (ws.cell(header_row + 1, c) for c in (3, 4, 2))
    assert id_cell.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    assert birth_cell.fill.fgColor.rgb.endswith(WARNING_FILL.fgColor.rgb[-6:])
    assert "后几位已丢失" in id_cell.comment.text
    assert name_cell.comment is None and name_cell.fill.fill_type is None


def test_all_rows_when_asked_and_padding_kept(tmp_path):
    ws = openpyxl.load_workbook(write(tmp_path / "x.xlsx", [_sheet()], only_problems=False))["实验小学"]
    _, _, data = _rows(ws)
    assert [r[-1] for r in data] == [4, 5, 7]
    assert data[0][1] == "王  芳" and data[0][4] == "中学高级" and data[0][5] is None


def test_one_sheet_per_source_sheet_and_grouped_header(tmp_path):
    grouped = SourceSheet(
        "花名册",
        [["序号", "基本信息", "", "", "联系电话"], ["", "姓名", "性别", "身份证号码", ""]],
        [SourceRow(4, [1, "严娜", "女", "3715", "185"], [CellProblem("位数不对", 3, "error", "身份证号码")])],
    )
    wb = openpyxl.load_workbook(write(tmp_path / "x.xlsx", [_sheet(), grouped, SourceSheet("实验小学", [HEADER], [])]))
    assert wb.sheetnames == ["实验小学", "花名册", "实验小学(2)"]
    ws = wb["花名册"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "B3:D3" in merged  # the group name spans its sub-columns
    assert [c.value for c in ws[4]][:4] == [None, "姓名", "性别", "身份证号码"]
    assert ws.cell(5, 6).value == "身份证号码：位数不对"


def test_problem_text_puts_errors_first_and_drops_duplicates():
    probs = [
        CellProblem("请核实", 1, "warning", "性别"),
        CellProblem("校验位错误", 2, "error", "身份证号"),
        CellProblem("校验位错误", 2, "error", "身份证号"),
    ]
    assert problem_text(probs) == "身份证号：校验位错误；性别：请核实"
