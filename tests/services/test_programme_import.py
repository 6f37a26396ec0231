"""Issues 20 §3 and 21 §5: programme members imported from the template (项目, 批次, 姓名, 身份证号, 学校, 结果 …):
problems named by file, sheet, row and column, members added or updated, one undoable batch; the command line
writes the template, imports, lists and exports."""

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.importing.undo import undo
from talentdesk.services.cultivation import programme_import, programmes
from talentdesk.store.models import AuditLog
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build, make_id


@pytest.fixture
def county(db):
    c = build(db)
    common = {"kind": "培养项目", "level": "县级", "start": "2023-09", "end": "2026-08"}
    c["p"] = programmes.save(
        db,
        None,
        {
            **common,
            "name": "中青年学科带头人培养对象",
            "cohort": "2023",
            "target_kind": "骨干教师",
            "target_level": "市级",
        },
        [{"teacher_id": c["t"]["张堃"], "joined": "2023-09"}],
    )
    programmes.save(db, None, {**common, "name": "青年骨干", "cohort": "2023"})
    programmes.save(db, None, {**common, "name": "青年骨干", "cohort": "2024", "start": "2024-09"})
    return db, c


def _cli_path(db) -> str:
    url = db.engine.url
    return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)


def test_the_template_is_filled_imported_checked_and_undone(county, tmp_path, capsys):
    db, c = county
    from talentdesk.cli import main

    path = _cli_path(db)
    template = tmp_path / "成员.xlsx"
    assert main(["--db", path, "programmes", "template", str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    ws = wb["成员（每人一行）"]
    assert [ws.cell(3, i).value for i in range(1, 7)] == ["项目", "批次", "姓名", "身份证号", "学校", "入选日期"]
    filled = [
        ["中青年学科带头人培养对象", "2023", "王建国", "", "柳河乡中学", "2023-09", "在培"],
        ["中青年学科带头人培养对象", "2023", "", make_id(1999, 23), "", "2023-09", "退出", "调离本县"],
        ["中青年学科带头人培养对象", "2023", "张堃", "", "", "", "结业"],  # already a member: updated
        ["中青年学科带头人培养对象", "2023", "查无此人", "", "", "", ""],
        ["青年骨干", "", "孙悦", "", "", "", ""],  # two cohorts: which one?
        ["春城计划", "2023", "孙悦", "", "", "", ""],
        ["青年骨干", "2024", "吉𠮷", "", "", "2024-13", ""],
        ["青年骨干", "2024", "赵小青", "", "", "", "退出"],
    ]
    for r, row in enumerate(filled, 4):
        for col, v in enumerate(row, 1):
            ws.cell(r, col, v)
    wb.save(template)
    assert main(["--db", path, "programmes", "import", str(template), "--check"]) == 1
    out = capsys.readouterr().out
    where = "成员.xlsx，工作表“成员（每人一行）”第"
    assert f"[错误] {where} 7 行，C（姓名）列：档案中没有名为“查无此人”的教师" in out
    assert f"[错误] {where} 8 行，B（批次）列：项目“青年骨干”有 2 个批次（2023、2024），请填写批次" in out
    assert f"[错误] {where} 9 行，A（项目）列：程序中没有登记培养项目“春城计划（2023）”，请先在“培养项目”中登记" in out
    assert f"[错误] {where} 10 行，F（入选日期）列" in out
    assert f"[错误] {where} 11 行，G（结果）列：结果为“退出”时请写明原因" in out
    assert "可导入新成员 2 人、更新成员 1 人" in out
    assert [m["name"] for m in programmes.get(db, c["p"])["members"]] == ["张堃"]  # --check writes nothing
    assert main(["--db", path, "programmes", "import", str(template)]) == 1  # imported, with errors to fix
    assert "已导入新成员 2 人、更新 1 人" in capsys.readouterr().out
    got = {m["name"]: (m["result"], m["reason"]) for m in programmes.get(db, c["p"])["members"]}
    assert got == {"张堃": ("结业", None), "王建国": ("在培", None), "钱晓": ("退出", "调离本县")}
    assert main(["--db", path, "programmes", "list"]) == 0
    assert "共 3 个项目、成员 3 人，达成目标 1 人" in capsys.readouterr().out  # 王建国: 市级骨干教师 since 2024-09
    exported = tmp_path / "导出.xlsx"
    assert main(["--db", path, "export", "programmes", str(exported)]) == 0
    sheet = openpyxl.load_workbook(exported).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert any(r[8] == "王建国" and r[14] == "已达成" for r in values if len(r) > 14)
    # importing the same file again changes nothing; the batch is undone like any import
    again = programme_import.plan(db, [template])
    assert again.ready == [] and again.unchanged == 3
    plan = programme_import.plan(db, [template])
    with db.sessions() as s:
        batch = s.scalar(
            select(AuditLog.batch_id)
            .where(AuditLog.table_name == "programme_member", AuditLog.batch_id.is_not(None))
            .limit(1)
        )
    assert batch is not None and plan.summary().startswith("可导入新成员 0 人")
    with UnitOfWork(db) as uow:
        undo(uow.session, batch)
        uow.commit()
    got = {m["name"]: m["result"] for m in programmes.get(db, c["p"])["members"]}
    assert got == {"张堃": "在培"}
