"""`talentdesk redeploy propose/list/add/remove/undo/approve` (issue 22 §2) on the small county of
tests/redeploy_builder.py."""

from talentdesk.cli import main
from talentdesk.services.deployment import redeploy
from tests.redeploy_builder import YEAR, build


def test_propose_edit_undo_and_approve_from_the_command_line(db, capsys):
    build(db)
    path = str(db.path)
    assert main(["--db", path, "redeploy", "propose", "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "本次安排调配 4 人" in out and "东一：东山小学 → 东山中学（初中语文" in out
    assert main(["--db", path, "redeploy", "remove", "--year", str(YEAR), "东三"]) == 0
    assert main(["--db", path, "redeploy", "add", "--year", str(YEAR), "城戊", "西河小学"]) == 2
    assert "开齐开足" in capsys.readouterr().err
    assert main(["--db", path, "redeploy", "undo", "--year", str(YEAR)]) == 0
    assert "已撤销：删除" in capsys.readouterr().out
    assert (
        main(
            [
                "--db",
                path,
                "redeploy",
                "approve",
                "--year",
                str(YEAR),
                "--doc",
                "东教人〔2026〕8号",
                "--date",
                "2026-08-25",
            ]
        )
        == 0
    )
    assert "4 名教师的编制学校已调整" in capsys.readouterr().out
    assert main(["--db", path, "redeploy", "list"]) == 0
    assert "2026学年教师调配方案，已审批，调配 4 人" in capsys.readouterr().out
    plan_id = redeploy.plan_of_year(db, YEAR)
    assert {r.status for r in redeploy.moves(db, plan_id)} == {"已调配"}


def test_template_import_check_and_revoke_from_the_command_line(db, capsys, tmp_path):
    import openpyxl

    from talentdesk.importing import templates

    ids = build(db)
    path = str(db.path)
    out = tmp_path / "调配名单.xlsx"
    assert main(["--db", path, "redeploy", "template", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    for i, row in enumerate(
        (
            ("东一", None, "东山小学", "东山中学", "初中", "语文", "学校撤并"),
            ("东三", None, "城关小学", "西河小学"),  # not at 城关小学
        )
    ):
        for j, v in enumerate(row):
            ws.cell(templates.FIRST_DATA_ROW + i, j + 1, v)
    wb.save(out)
    capsys.readouterr()
    assert main(["--db", path, "redeploy", "import", "--year", str(YEAR), str(out)]) == 1
    text = capsys.readouterr().out
    assert "第 5 行，C（原学校）列：东三现在的编制学校是东山小学，不是“城关小学”" in text and "整表不导入" in text
    assert redeploy.plan_of_year(db, YEAR) is None
    ws.cell(templates.FIRST_DATA_ROW + 1, 3, "东山小学")
    wb.save(out)
    assert main(["--db", path, "redeploy", "import", "--year", str(YEAR), str(out), "--check"]) == 0
    assert "可导入2026学年教师调配方案（新建）的调配 2 人" in capsys.readouterr().out
    assert redeploy.plan_of_year(db, YEAR) is None
    assert main(["--db", path, "redeploy", "import", "--year", str(YEAR), str(out)]) == 0
    assert "已导入2026学年教师调配方案（新建方案）的调配 2 人" in capsys.readouterr().out
    args = ["--db", path, "redeploy", "approve", "--year", str(YEAR), "--doc", "东教人〔2026〕8号"]
    assert main([*args, "--date", "2026-08-25"]) == 0
    revoke = ["--db", path, "redeploy", "revoke", "--year", str(YEAR), "--doc", "东教人〔2026〕12号"]
    assert main([*revoke, "--reason", "东山小学恢复招生", "--date", "2026-10-08"]) == 0
    assert "已撤销2026学年教师调配方案：2 名教师已调回原学校" in capsys.readouterr().out
    assert main(["--db", path, "redeploy", "list", "--year", str(YEAR)]) == 0
    assert "（已撤销（原审批文号 东教人〔2026〕8号；撤销文号 东教人〔2026〕12号" in capsys.readouterr().out
    with db.sessions() as s:
        from talentdesk.store.models import Teacher

        assert s.get(Teacher, ids["东一"]).cur_post_school_id == ids["school:东山小学"]
