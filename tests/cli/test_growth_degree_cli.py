"""Issue 21 §5 on the command line: the 学历提升 template filled, checked and imported (problems by file, sheet, row
and column; a graduation written into the education history; re-import changes nothing; the batch undone), list,
export, and `growth` listing the members' goals."""

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.importing.undo import undo
from talentdesk.services.cultivation import degree_import, degree_study, growth, programmes
from talentdesk.services.people import teachers
from talentdesk.store.models import AuditLog
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build, make_id


@pytest.fixture
def county(db):
    return db, build(db)


def _cli_path(db) -> str:
    url = db.engine.url
    return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)


def test_degree_study_template_import_list_export_and_undo(county, tmp_path, capsys):
    db, c = county
    t = c["t"]
    from talentdesk.cli import main

    path = _cli_path(db)
    degree_study.save(db, None, {"teacher_id": t["张堃"], "degree": "硕士研究生", "mode": "在职", "start": "2024-09"})
    template = tmp_path / "学历提升.xlsx"
    assert main(["--db", path, "degree-study", "template", str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    ws = wb["学历提升（每人一行）"]
    assert [ws.cell(3, i).value for i in range(1, 5)] == ["姓名", "身份证号", "学校", "攻读学历"]
    filled = [
        # 姓名, 身份证号, 学校, 攻读学历, 学位, 院校, 专业, 方式, 入学, 预计毕业, 脱产, 补助, 状态, 毕业日期
        [
            "王建国",
            "",
            "柳河乡中学",
            "博士研究生",
            "",
            "华东师范大学",
            "课程与教学论",
            "全日制",
            "2024-09",
            "2028-06",
            12,
            20000,
        ],
        [
            "",
            make_id(1999, 23),
            "",
            "硕士研究生",
            "硕士",
            "省师范大学",
            "学科教学（语文）",
            "在职",
            "2022-09",
            "2025-06",
            "",
            8000,
            "已毕业",
            "2025-06-28",
        ],
        ["张堃", "", "", "硕士研究生", "", "省师范大学", "", "在职", "2024-09", "2027-06", "", 9000],  # updated
        ["查无此人", "", "", "硕士研究生", "", "", "", "在职", "2024-09"],
        ["孙悦", "", "", "大学专科", "", "", "", "在职", "2024-09"],
        ["吉𠮷", "", "", "大学本科", "", "", "", "函授", "2024-13"],
        ["赵小青", "", "", "大学本科", "", "", "", "在职", "2025-03", "", "", "", "已毕业"],
    ]
    for r, row in enumerate(filled, 4):
        for col, v in enumerate(row, 1):
            ws.cell(r, col, v)
    wb.save(template)
    assert main(["--db", path, "degree-study", "import", str(template), "--check"]) == 1
    out = capsys.readouterr().out
    where = "学历提升.xlsx，工作表“学历提升（每人一行）”第"
    assert f"[错误] {where} 7 行，A（姓名）列：档案中没有名为“查无此人”的教师" in out
    assert f"[错误] {where} 8 行，D（攻读学历）列：攻读学历应为大学本科、硕士研究生、博士研究生之一" in out
    assert f"[错误] {where} 9 行，I（入学时间）列" in out
    assert f"[错误] {where} 10 行，N（毕业日期）列：已毕业时请填写毕业日期" in out
    assert "可导入新记录 2 条、更新 1 条" in out
    assert len(degree_study.list_rows(db)) == 1  # --check writes nothing
    assert main(["--db", path, "degree-study", "import", str(template)]) == 1  # imported, with errors to fix
    assert "已导入 2 条、更新 1 条" in capsys.readouterr().out
    got = {r[1]: (r[3], r[10], r[11]) for r in degree_study.list_rows(db)}
    assert got == {
        "张堃": ("硕士研究生", 9000, "在读"),
        "王建国": ("博士研究生", 20000, "在读"),
        "钱晓": ("硕士研究生", 8000, "已毕业"),
    }
    assert [e["degree"] for e in teachers.get(db, t["钱晓"])["educations"]] == ["硕士研究生"]
    assert main(["--db", path, "degree-study", "list", "--status", "在读"]) == 0
    assert "共 2 人次：在读 2，已毕业 0，退学 0" in capsys.readouterr().out
    exported = tmp_path / "导出.xlsx"
    assert main(["--db", path, "export", "degree-study", str(exported)]) == 0
    values = [c.value for r in openpyxl.load_workbook(exported).active.iter_rows() for c in r]
    assert "王建国" in values and "华东师范大学" in values
    again = degree_import.plan(db, [template])
    assert again.ready == [] and again.unchanged == 3
    with db.sessions() as s:
        batch = s.scalar(
            select(AuditLog.batch_id)
            .where(AuditLog.table_name == "degree_study", AuditLog.batch_id.is_not(None))
            .limit(1)
        )
    assert batch is not None
    with UnitOfWork(db) as uow:
        undo(uow.session, batch)
        uow.commit()
    assert [r[1] for r in degree_study.list_rows(db)] == ["张堃"]


def test_growth_lists_goals_per_programme_and_member(county, capsys):
    db, c = county
    t = c["t"]
    from talentdesk.cli import main

    pid = programmes.save(
        db,
        None,
        {"name": "青年骨干", "kind": "培养项目", "level": "县级", "cohort": "2025", "start": "2025-09"},
        [{"teacher_id": t["张堃"]}, {"teacher_id": t["钱晓"]}],
    )
    mids = [m["id"] for m in programmes.get(db, pid)["members"]]
    growth.add_to_members(db, mids, {"kind": "读书", "description": "精读专著 6 本", "due": "2026-06"})
    growth.complete(db, [g["id"] for g in growth.goals(db, mids[0])], "2026-05-01")
    assert main(["--db", _cli_path(db), "growth"]) == 0
    assert "青年骨干（2025）\t2\t2\t2\t1\t" in capsys.readouterr().out
    assert main(["--db", _cli_path(db), "growth", "青年骨干（2025）"]) == 0
    out = capsys.readouterr().out
    assert "张堃\t青禾镇中学\t1\t1\t0" in out
    assert main(["--db", _cli_path(db), "growth", "没有的项目"]) == 2
