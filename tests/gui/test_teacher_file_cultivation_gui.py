"""Issue 21 §4–§5 in the teacher file: the 教研任职, 学历提升 and 成长清单 tabs list what the 培训 page keeps (for a
查阅员 too, read-only), and date columns — there and in the 课题研究 list — are wide enough for a full date."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from talentdesk.gui.bus import DataBus
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.gui.widgets import DATE, date_width
from talentdesk.services.accounts import access
from talentdesk.services.accounts.access import VIEWER, Identity
from talentdesk.services.cultivation import degree_study, growth, programmes, research, research_roles
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    research_roles.appoint(
        db,
        [t["张堃"]],
        {
            "role": "兼职教研员",
            "subject": "数学",
            "level": "县级",
            "start": "2021-09-01",
            "end": "2024-08-31",
            "appointer": "青禾县教育局",
            "doc_no": "青教发〔2021〕3号",
        },
    )
    research_roles.appoint(
        db, [t["张堃"]], {"role": "蒲公英导师", "level": "县级", "start": "2024-09-01", "appointer": "青禾县教育局"}
    )
    degree_study.save(
        db,
        None,
        {
            "teacher_id": t["张堃"],
            "degree": "硕士研究生",
            "institution": "山东师范大学",
            "major": "学科教学（数学）",
            "mode": "在职",
            "start": "2024-09",
            "expected_end": "2027-06",
            "leave_months": "6",
            "tuition_support": "12000",
        },
    )
    pid = programmes.save(
        db,
        None,
        {"name": "青年骨干教师培养工程", "kind": "培养项目", "level": "县级", "cohort": "2025", "start": "2025-09"},
        [{"teacher_id": t["张堃"]}],
    )
    member = programmes.get(db, pid)["members"][0]["id"]
    growth.save(db, None, member, {"kind": "公开课", "description": "上一节县级公开课", "due": "2020-06"})
    gid = growth.save(db, None, member, {"kind": "论文", "description": "发表一篇论文", "due": "2021-06"})
    growth.complete(db, [gid], "2021-05-12", "《中学数学》2021 年第 5 期")
    growth.save(db, None, member, {"kind": "课题", "description": "主持一项县级课题", "due": "2099-12"})
    return db, c


def tab(file, title):
    titles = [file.tabs.tabText(i) for i in range(file.tabs.count())]
    return file.tabs.widget(titles.index(title))


def assert_dates_fit(view: QTableView, columns):
    for col in columns:
        assert view.columnWidth(col) >= view.fontMetrics().horizontalAdvance("2026-10-31") + 12, col


@pytest.mark.parametrize("viewer", [False, True])
def test_the_file_lists_roles_studies_and_goals(qtbot, county, viewer):
    db, c = county
    if viewer:
        access.sign_in(db, Identity("小王", VIEWER))
    file = TeacherFileDialog(db, DataBus(), c["t"]["张堃"])
    qtbot.addWidget(file)
    titles = [file.tabs.tabText(i) for i in range(file.tabs.count())]
    assert titles[titles.index("课题") + 1 : titles.index("变更记录")] == ["教研任职", "学历提升", "成长清单"]

    roles = tab(file, "教研任职")
    assert roles is file.roles
    assert [roles.model.headerData(i, Qt.Orientation.Horizontal) for i in range(roles.model.columnCount())] == [
        "角色", "学科", "级别", "任期开始", "任期结束", "聘任单位", "文号", "状态"
    ]  # fmt: skip
    assert roles.rows() == [
        ("蒲公英导师", "", "县级", "2024-09-01", "", "青禾县教育局", "", "在任"),
        ("兼职教研员", "数学", "县级", "2021-09-01", "2024-08-31", "青禾县教育局", "青教发〔2021〕3号", "期满"),
    ]
    assert roles.summary.text() == "教研任职 2 项，现任 1 项（蒲公英导师）。"
    assert_dates_fit(roles.view, (3, 4))

    studies = tab(file, "学历提升")
    assert studies.rows() == [
        ("硕士研究生", "山东师范大学", "学科教学（数学）", "在职", "2024-09", "2027-06", 6, 12000, "在读", "")
    ]
    assert [studies.model.data(studies.model.index(0, col)) for col in (6, 7, 8)] == ["6", "12000", "在读"]
    assert studies.summary.text() == "学历提升 1 项：在读 1 项，已毕业 0 项；学费补助合计 12000 元。"
    assert_dates_fit(studies.view, (4, 5))

    goals = tab(file, "成长清单")
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in goals.rows()] == [
        ("青年骨干教师培养工程（2025）", "公开课", "2020-06", "", "逾期"),
        ("青年骨干教师培养工程（2025）", "论文", "2021-06", "2021-05-12", "已完成"),
        ("青年骨干教师培养工程（2025）", "课题", "2099-12", "", "未完成"),
    ]
    assert goals.summary.text() == "成长目标 3 个：未完成 1 个，已完成 1 个，逾期 1 个。"
    assert_dates_fit(goals.view, (3, 4))
    # nothing to edit here: the hint says where these are entered
    for t in (roles, studies, goals):
        assert "培训" in t.hint.text()
        assert t.view.editTriggers() == QTableView.EditTrigger.NoEditTriggers
    file.close()


def test_a_teacher_without_them_sees_empty_tabs(qtbot, county):
    db, c = county
    file = TeacherFileDialog(db, DataBus(), c["t"]["钱晓"])
    qtbot.addWidget(file)
    assert (file.roles.rows(), file.degrees.rows(), file.growth.rows()) == ([], [], [])
    assert file.roles.summary.text() == "暂无教研任职。"
    assert file.degrees.summary.text() == "暂无学历提升记录。"
    assert file.growth.summary.text() == "暂无成长清单。"
    file.close()
    new = TeacherFileDialog(db, DataBus(), None)  # a new file: nothing to list yet
    qtbot.addWidget(new)
    assert new.roles.rows() == []
    new.close()


def test_date_columns_show_a_full_date(qtbot, county):
    db, c = county
    research.save(
        db,
        None,
        {
            "title": "乡村小学英语绘本阅读研究",
            "level": "县级",
            "kind": "一般课题",
            "school_id": c["schools"]["城关第一小学"],
            "approved": "2026-10-31",
            "planned_end": "2027-10-31",
            "status": "立项",
        },
        [{"teacher_id": c["t"]["孙悦"], "role": "主持人"}],
    )
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.tabs.setCurrentWidget(page.research)
    page.research.refresh()
    view = page.research.view
    assert view.model().data(view.model().index(0, 0)) == "2026-10-31"
    assert_dates_fit(view, (0, 9, 10))
    assert view.columnWidth(0) == date_width(view)
    page.close()
    # every teacher-file list sizes its date columns the same way
    file = TeacherFileDialog(db, DataBus(), c["t"]["孙悦"])
    qtbot.addWidget(file)
    assert file.research.rows()[0][0] == "2026-10-31"
    for t in (
        file.pairings,
        file.activities,
        file.competitions,
        file.programmes,
        file.research,
        file.roles,
        file.degrees,
        file.growth,
    ):
        dates = [i for i, w in enumerate(t.widths) if w == DATE]
        assert dates, t
        assert_dates_fit(t.view, dates)
    file.close()
