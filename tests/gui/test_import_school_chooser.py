"""The import wizard's 指定学校 (issue 14 §2, issue 23 §3): rows held for their school, the clerk picks an
existing school or creates one without leaving the wizard, the choice is remembered; the explanation under
a row follows the row after a correction in the cell."""

import datetime as dt
import gc

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from talentdesk.domain import idnumber
from talentdesk.gui.bus import DataBus
from talentdesk.gui.import_wizard import ImportWizard
from talentdesk.store.models import School, Teacher

pytestmark = pytest.mark.gui

SCHOOLS = [
    ("柳林镇中学", "柳林镇", "镇区", "初中"),
    ("柳林镇中心小学", "柳林镇", "镇区", "小学"),
    ("辛集镇中学", "辛集镇", "镇区", "初中"),
    ("辛集镇后屯村小学", "辛集镇", "乡村", "小学"),
]
PEOPLE = [idnumber.make("371522", dt.date(1980 + i, 3, 1 + i), 100 + 2 * i) for i in range(5)]


@pytest.fixture
def county(db):
    with db.sessions() as s:
        s.add_all([School(name=n, township=t, area=a, kind=k) for n, t, a, k in SCHOOLS])
        s.commit()
    return db


@pytest.fixture
def dialogs(monkeypatch):
    asked = []

    def answer(parent, title, text, *a, **k):
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(answer))
    return asked


def _file(tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("中学")
    ws.append(["柳林镇中学教师信息统计表"])
    ws.append(["序号", "姓名", "身份证号", "任教学科"])
    ws.append([1, "甲老师", PEOPLE[0], "语文"])
    ws.append([2, "乙老师", PEOPLE[1][:-2], "数学"])  # a wrong ID, corrected in the preview
    ws = wb.create_sheet("后屯村小学")
    ws.append(["柳林镇后屯村小学教师信息统计表"])
    ws.append(["填报单位（盖章）：柳林镇后屯村小学"])
    ws.append(["序号", "姓名", "身份证号", "任教学科"])
    ws.append([1, "丙老师", PEOPLE[2], "语文"])
    ws.append([2, "丁老师", PEOPLE[3], "英语"])
    f = tmp_path / "柳林镇各校教师信息汇总.xlsx"
    wb.save(f)
    return f


def _wizard(qtbot, db, monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(path)], "")))
    wiz = ImportWizard(db, DataBus())
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.files_page.findChild(type(wiz.button(wiz.WizardButton.NextButton)), "add_files").click()
    wiz.next()
    wiz.next()
    assert wiz.currentId() == wiz.PREVIEW
    return wiz


def _select(pv, where):
    model = pv.model
    r = next(r for r in range(model.rowCount()) if model.data(model.index(r, 1)) == where)
    pv.view.setCurrentIndex(model.index(r, 1))
    return r


def _play(pv, act):
    """Play the clerk in the 指定学校 dialog once it is shown (exec runs a real modal loop)."""
    seen = []

    def run():
        dlg = pv.chooser
        if dlg is None or not dlg.isVisible():
            QTimer.singleShot(20, run)
            return
        gc.collect()
        seen.append(dlg)
        act(dlg)

    QTimer.singleShot(0, run)
    pv.school_button.click()
    return seen


def test_unknown_school_created_in_the_wizard_and_remembered(qtbot, county, dialogs, monkeypatch, tmp_path):
    f = _file(tmp_path)
    wiz = _wizard(qtbot, county, monkeypatch, f)
    pv = wiz.preview_page
    assert pv.school_hint.isVisible()
    assert "后屯村小学：学校“柳林镇后屯村小学”不在学校名单中（2 行）" in pv.school_hint.text()
    _select(pv, "中学!3")
    assert not pv.school_button.isEnabled()
    _select(pv, "后屯村小学!4")
    assert pv.model.data(pv.model.index(pv.view.currentIndex().row(), 2)) == "待定"
    assert "学校“柳林镇后屯村小学”不在学校名单中" in pv.detail.text() and "指定学校" in pv.detail.text()
    assert pv.school_button.isEnabled()

    def create(dlg):
        fields = dlg.form.fields
        # what the file says is filled in: name, township, and what the name suggests
        assert [
            fields[k].currentText() if k != "name" else fields[k].text() for k in ("name", "township", "area", "kind")
        ] == ["柳林镇后屯村小学", "柳林镇", "乡村", "小学"]
        assert dlg.create.isChecked()
        dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()

    assert len(_play(pv, create)) == 1
    model = pv.model
    for where in ("后屯村小学!4", "后屯村小学!5"):
        r = _select(pv, where)
        assert model.data(model.index(r, 2)) == "新增"
    assert "不在学校名单中" not in pv.detail.text() and "（新增）" in pv.detail.text()
    assert not pv.school_hint.isVisible()

    wiz.next()
    assert wiz.currentId() == wiz.RESULT
    with county.sessions() as s:
        school = s.query(School).filter_by(name="柳林镇后屯村小学").one()
        assert (school.township, school.area, school.kind) == ("柳林镇", "乡村", "小学")
        assert {t.id_number for t in s.query(Teacher).filter_by(cur_post_school_id=school.id)} == set(PEOPLE[2:4])
    wiz.close()

    # the next import of the same sheet asks nothing
    again = _wizard(qtbot, county, monkeypatch, f)
    assert not again.preview_page.school_hint.isVisible()
    assert not again.plan.school_questions()
    again.close()


def test_existing_school_chosen_for_the_sheet(qtbot, county, dialogs, monkeypatch, tmp_path):
    wiz = _wizard(qtbot, county, monkeypatch, _file(tmp_path))
    pv = wiz.preview_page
    _select(pv, "后屯村小学!5")

    def pick(dlg):
        dlg.school.setCurrentText("柳林镇中心小学")
        assert dlg.existing.isChecked()
        dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()

    _play(pv, pick)
    rows = [r for r in wiz.plan.rows() if r.sheet.name == "后屯村小学"]
    assert [(r.status, r.refs["school"].name) for r in rows] == [("insert", "柳林镇中心小学")] * 2
    wiz.close()


def test_chooser_refuses_a_half_filled_new_school(qtbot, county, dialogs, monkeypatch, tmp_path):
    wiz = _wizard(qtbot, county, monkeypatch, _file(tmp_path))
    pv = wiz.preview_page
    _select(pv, "后屯村小学!4")
    shown = []

    def half(dlg):
        dlg.form.fields["kind"].setCurrentText("")
        dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()
        shown.append((dlg.isVisible(), dlg.problem.text()))
        dlg.reject()

    _play(pv, half)
    assert shown == [(True, "请填写办学类型")]
    assert all(r.status == "held" for r in wiz.plan.rows() if r.sheet.name == "后屯村小学")
    wiz.close()


def test_explanation_follows_a_correction_typed_in_the_cell(qtbot, county, dialogs, monkeypatch, tmp_path):
    """The delegate writes through setData: the text under the table must show the new state at once."""
    wiz = _wizard(qtbot, county, monkeypatch, _file(tmp_path))
    pv = wiz.preview_page
    r = _select(pv, "中学!4")
    assert "（退回）" in pv.detail.text() and "身份证号" in pv.detail.text()
    model = pv.model
    idx = model.index(r, model.field_column("身份证号"))
    assert model.setData(idx, PEOPLE[1], Qt.ItemDataRole.EditRole)  # as the cell editor commits
    assert "（新增）" in pv.detail.text() and "没有问题" in pv.detail.text()
    assert "应为18位" not in pv.detail.text()
    wiz.close()


def test_mapping_page_says_which_school_each_sheet_goes_to(qtbot, county, dialogs, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(_file(tmp_path))], "")))
    wiz = ImportWizard(county, DataBus())
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.files_page.findChild(type(wiz.button(wiz.WizardButton.NextButton)), "add_files").click()
    wiz.next()
    page = wiz.mapping_page
    seen = {}
    for i, sp in enumerate(page._sheets):
        if sp is not None:
            page.sheet_list.setCurrentRow(i)
            seen[sp.name] = page.info.text()
    assert "学校：<b>柳林镇中学</b>" in seen["中学"]
    assert "学校：待定——学校“柳林镇后屯村小学”不在学校名单中" in seen["后屯村小学"]
    assert "指定学校" in seen["后屯村小学"]
    wiz.close()
