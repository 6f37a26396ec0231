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
