"""Issue 21 §5 in the GUI: the 成长清单 dialog of a programme (goals added for one member and for several selected
at once, completed, deleted) opened from the 培养项目 tab, and the 学历提升 tab of the 培训 page (a study saved as
已毕业 puts the degree into the education history; filters; export)."""

import pytest
from PySide6.QtCore import QItemSelectionModel

from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation import growth_dialog
from talentdesk.gui.cultivation.degree_tab import DegreeStudyDialog
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.services.cultivation import degree_study, growth, programmes
from talentdesk.services.people import teachers
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    pid = programmes.save(
        db,
        None,
        {"name": "青年骨干教师培养工程", "kind": "培养项目", "level": "县级", "cohort": "2025", "start": "2025-09"},
        [{"teacher_id": t["张堃"]}, {"teacher_id": t["钱晓"]}, {"teacher_id": t["吉𠮷"]}],
    )
    return db, c, pid


def _select_rows(table, rows):
    sm = table.selectionModel()
    sm.clearSelection()
    for r in rows:
        sm.select(
            table.model().index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_growth_dialog_adds_goals_for_one_and_for_many(qtbot, county, monkeypatch):
    db, c, pid = county
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    tab = page.programmes
    tab.select_key(pid)
    seen = []

    def run(dlg):
        seen.append(dlg.windowTitle())
        assert [m["name"] for m in dlg.rows] == ["张堃", "钱晓", "吉𠮷"]
        _select_rows(dlg.people, [0, 1, 2])
        assert dlg.add_to_selected({"kind": "公开课", "description": "上一节县级公开课", "due": "2026-06"}) == 3
        _select_rows(dlg.people, [1])
        assert dlg.add_goal({"kind": "论文", "description": "发表一篇论文", "due": "2099-06"})
        assert [g["kind"] for g in dlg.goal_rows] == ["公开课", "论文"]
        assert dlg.goals.rowCount() == 2
        _select_rows(dlg.goals, [0])
        assert dlg.complete_goals("2026-05-10", "听课记录") == 1
        assert dlg.goal_rows[0]["status"] == "已完成"
        assert "目标 4 个：已完成 1" in dlg.summary.text()
        _select_rows(dlg.goals, [1])
        assert dlg.delete_goals(ask=False) == 1
        goal = growth_dialog.GoalDialog(db, "为 钱晓 新增目标", dlg.goal_rows[0], dlg)
        assert goal.values()["description"] == "上一节县级公开课"
        goal.edits["description"].setText("")
        goal._check()
        assert "请填写目标内容" in goal.message.text()
        goal.deleteLater()
        return 0

    monkeypatch.setattr(growth_dialog.GrowthDialog, "exec", run)
    tab.growth()
    assert seen == ["个性化成长清单 — 青年骨干教师培养工程"]
    counts = {m["name"]: (m["goals"], m["done"]) for m in growth.members(db, pid)}
    assert counts == {"张堃": (1, 0), "钱晓": (1, 1), "吉𠮷": (1, 0)}


def test_degree_tab_saves_a_graduation_into_the_education_history(qtbot, county, tmp_path, monkeypatch):
    db, c, _pid = county
    t = c["t"]
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    assert "学历提升" in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    tab = page.degrees
    dlg = DegreeStudyDialog(db, None, tab)
    qtbot.addWidget(dlg)
    dlg.teacher.set_teacher(t["钱晓"])
    dlg.combos["degree"].setCurrentText("硕士研究生")
    dlg.combos["mode"].setCurrentText("在职")
    dlg.edits["institution"].setText("省师范大学")
    dlg.edits["start"].setText("2023-09")
    dlg.edits["tuition_support"].setText("8000")
    dlg.combos["status"].setCurrentText("已毕业")
    dlg.save()
    assert "已毕业时请填写毕业日期" in dlg.message.text()
    dlg.edits["graduated"].setText("2026-06")
    dlg.save()
    assert dlg.study_id is not None and dlg.result() == dlg.DialogCode.Accepted
    tab.refresh()
    assert [(r[1], r[3], r[11]) for r in tab.model.rows] == [("钱晓", "硕士研究生", "已毕业")]
    edu = teachers.get(db, t["钱晓"])["educations"]
    assert [e["degree"] for e in edu] == ["硕士研究生"]
    again = DegreeStudyDialog(db, dlg.study_id, tab)  # saved again: still one record
    qtbot.addWidget(again)
    again.edits["note"].setText("获教育硕士学位")
    again.save()
    assert len(teachers.get(db, t["钱晓"])["educations"]) == 1
    tab.state.setCurrentText("在读")
    assert tab.model.rowCount() == 0
    tab.state.setCurrentText("全部")
    monkeypatch.setattr("talentdesk.gui.record_files.ask_save_path", lambda *a: str(tmp_path / "d.xlsx"))
    tab.export()
    assert (tmp_path / "d.xlsx").exists()
    assert degree_study.list_rows(db, year=2026)
