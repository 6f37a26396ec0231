"""Issue 20 §3 in the GUI: the 称号与考核 tab of the 培训 page (filters, the due list, 任期考核…), the review dialog
(a 撤销 needs a reason and ends the designation; deleting it puts it back), and the teacher file's 称号 tab, which now
accepts 名校长 and opens the reviews of a saved designation."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation.designations_tab import DesignationsTab
from talentdesk.gui.designation_reviews import ReviewDialog, ReviewsDialog
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.services.people import designations as svc
from talentdesk.services.people import teachers
from tests.leaders_builder import build

pytestmark = pytest.mark.gui
Y = dt.date.today().year  # terms around today: the tab lists what is in force and due now


@pytest.fixture
def county(db):
    b = build(db)
    for name, records in (
        ("王校长", [{"kind": "名校长", "level": "市级", "start": f"{Y - 2}-09", "end": f"{Y + 1}-08"}]),
        (
            "赵老师",
            [{"kind": "名班主任", "level": "县级", "start": f"{Y - 3}-09"}, {"kind": "骨干教师", "level": "县级"}],
        ),
    ):
        tid = b["t"][name]
        teachers.save(db, tid, teachers.get(db, tid)["basic"], {"designations": records})
    return db, b


def test_the_bureau_list_filters_and_shows_the_due_list(qtbot, county):
    db, _b = county
    tab = DesignationsTab(db, DataBus())
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    assert sorted(tab.model.row_at(r).kind for r in range(tab.model.rowCount())) == ["名校长", "名班主任"]  # 三名工程
    tab.kind.setCurrentText("全部")
    assert tab.model.rowCount() == 3
    tab.level.setCurrentText("市级")
    assert [tab.model.row_at(r).name for r in range(tab.model.rowCount())] == ["王校长"]
    tab.level.setCurrentText("全部")
    tab.kind.setCurrentText("三名工程")
    tab.which.setCurrentIndex(1)  # 待考核名单: 赵老师's 名班主任 (no end: 3 years → this August) is due
    assert "应考核时间" in tab.model.headers
    due = [tab.model.row_at(r) for r in range(tab.model.rowCount())]
    assert ("赵老师", "期满考核") in {(r.name, r.stage) for r in due}
    tab.close()


def test_the_review_dialog_withdraws_and_the_list_follows(qtbot, county, monkeypatch):
    db, b = county
    did = next(r.id for r in svc.list_rows(db) if r.kind == "名校长")
    dlg = ReviewsDialog(db, did, None)
    qtbot.addWidget(dlg)
    assert "市级名校长" in dlg.head.text() and "在任" in dlg.head.text()
    form = ReviewDialog(db, dlg.designation, None, dlg)
    qtbot.addWidget(form)
    f = form.form.fields
    assert f["decision"].currentText() == "继续保留"
    f["date"].setText(f"{Y}-01-15")
    f["result"].setCurrentText("不合格")
    f["decision"].setCurrentText("撤销")
    form.accept()  # no reason: stays open, the field says why
    assert form.saved_id is None and "原因" in form.form.error_text("reason")
    f["reason"].setText("履职考核不合格")
    f["document"].setText("县教发〔2026〕9号")
    form.accept()
    assert form.saved_id is not None and form.result() == QDialog.DialogCode.Accepted
    dlg.load()
    assert dlg.model.rowCount() == 1 and "已撤销" in dlg.head.text() and f"{Y}-01-15" in dlg.head.text()
    dlg.view.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dlg.delete_selected()
    assert warned == []
    assert dlg.changed and dlg.model.rowCount() == 0 and "在任" in dlg.head.text()
    dlg.close()


def test_the_teacher_file_offers_the_new_kinds_and_opens_the_reviews(qtbot, county, monkeypatch):
    db, b = county
    dlg = TeacherFileDialog(db, DataBus(), b["t"]["王校长"])
    qtbot.addWidget(dlg)
    tab = dlg.record_tabs["designations"]
    assert dlg.tabs.tabText(dlg.tabs.indexOf(tab)) == "称号"
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "名校长"
    from talentdesk.gui.teacher_file.record_dialog import RecordDialog

    form = RecordDialog(tab.tab, None, [], dlg)
    qtbot.addWidget(form)
    kinds = form.form.fields["kind"]
    assert kinds.findText("名班主任") >= 0 and kinds.findText("名校长") >= 0  # once “不是有效的骨干类别”
    kinds.setCurrentText("名班主任")
    form.form.fields["level"].setCurrentText("校级")
    form.accept()
    assert form.result_values["kind"] == "名班主任"
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    assert dlg.open_reviews() is None and "选择" in shown[-1]
    tab.table.selectRow(0)
    monkeypatch.setattr(ReviewsDialog, "exec", lambda self: 0)
    reviews = dlg.open_reviews()
    assert reviews is not None and reviews.designation["kind"] == "名校长"
    dlg.close()
