"""The merge dialog (issue 10 §1): a clerk saves a teacher file or a school another clerk saved meanwhile."""

import datetime as dt
import os

import pytest

from talentdesk.domain import idnumber
from talentdesk.gui.bus import DataBus
from talentdesk.gui.conflict_dialog import ConflictDialog
from talentdesk.gui.school_form import SchoolForm
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.services.people import schools, teachers
from talentdesk.store.database import open_database

pytestmark = pytest.mark.gui


@pytest.fixture
def bus(qtbot):
    b = DataBus()
    yield b
    b.deleteLater()


@pytest.fixture
def other_clerk(db):
    li = open_database(db.path, user="李四")
    yield li
    li.dispose()


@pytest.fixture
def teacher(db):
    return teachers.save(
        db,
        None,
        {
            "name": "王芳",
            "id_number": idnumber.make("371525", dt.date(1985, 3, 12), 123),
            "phone": "13800000000",
            "native_place": "山东泰安",
        },
        {"educations": [{"degree": "大学本科", "major": "数学"}]},
    )


@pytest.fixture
def shown(monkeypatch):
    """ConflictDialog.exec replaced: each test's `act(dialog)` plays the clerk; dialogs are kept to inspect."""
    seen = []

    def install(act):
        def fake_exec(self):
            seen.append(self)
            if os.environ.get("TALENTDESK_SHOT"):
                self.grab().save(os.environ["TALENTDESK_SHOT"])
            act(self)
            return self.result()

        monkeypatch.setattr(ConflictDialog, "exec", fake_exec)
        return seen

    return install


def _rows(dlg):
    t = dlg.table
    return {
        t.item(r, 0).text(): [t.item(r, c).text() if t.item(r, c) else "" for c in range(1, 6)]
        for r in range(t.rowCount())
    }


def test_both_clerks_change_the_phone_the_clerk_takes_theirs_and_keeps_own_note(
    qtbot, db, bus, other_clerk, teacher, shown, answers
):
    dlg = TeacherFileDialog(db, bus, teacher)
    qtbot.addWidget(dlg)
    loaded = teachers.get(other_clerk, teacher)  # 李四 saves first
    teachers.save(
        other_clerk, teacher, {**loaded["basic"], "phone": "13900000000", "native_place": "山东肥城"}, loaded=loaded
    )
    dlg.basic.form.fields["phone"].setText("13700000000")
    dlg.basic.form.fields["note"].setPlainText("调入")

    def act(c):
        rows = _rows(c)
        assert rows["联系电话"][:4] == ["13800000000", "13700000000", "13900000000", rows["联系电话"][3]]
        assert rows["联系电话"][3].startswith("李四")
        assert rows["籍贯"][4] == "已采用对方的修改" and rows["备注"][4] == "采用您的修改"
        assert c.choices() == {("teacher", teacher, "phone"): "mine"}  # default: keep mine
        c.choose("teacher", teacher, "phone", "theirs")
        c.save_button.click()

    seen = shown(act)
    assert dlg.save() is True
    assert len(seen) == 1 and answers.warned == []
    now = teachers.get(db, teacher)["basic"]
    assert (now["phone"], now["native_place"], now["note"]) == ("13900000000", "山东肥城", "调入")
    assert dlg.basic.form.fields["phone"].text() == "13900000000"  # the form shows what is stored now
    dlg._force_close = True
    dlg.close()


def test_discarding_my_changes_reloads_what_the_other_clerk_saved(qtbot, db, bus, other_clerk, teacher, shown, answers):
    dlg = TeacherFileDialog(db, bus, teacher)
    qtbot.addWidget(dlg)
    tab = dlg.record_tabs["educations"]
    loaded = teachers.get(other_clerk, teacher)
    teachers.save(
        other_clerk,
        teacher,
        loaded["basic"],
        {"educations": [dict(loaded["educations"][0], major="物理")]},
        loaded=loaded,
    )
    tab.records[0] = dict(tab.records[0], major="化学")
    seen = shown(lambda c: c.reload_button.click())
    assert dlg.save() is False
    assert seen[0].conflict.table_label == "学历"
    assert tab.records[0]["major"] == "物理" and not dlg.is_dirty()
    assert teachers.get(db, teacher)["educations"][0]["major"] == "物理"
    dlg._force_close = True
    dlg.close()


def test_school_form_merges_a_different_field_without_asking(qtbot, db, bus, other_clerk, shown, answers):
    sid = schools.save(db, None, {"name": "实验中学", "address": "人民路1号"})
    form = SchoolForm(db, bus, sid)
    qtbot.addWidget(form)
    loaded = schools.get(other_clerk, sid)
    schools.save(other_clerk, sid, {**loaded, "address": "人民路2号"}, version=loaded["version"], base=loaded)
    form.form.fields["note"].setText("新校区")
    seen = shown(lambda c: c.save_button.click())
    assert form.save() is True and seen == []
    now = schools.get(db, sid)
    assert (now["address"], now["note"]) == ("人民路2号", "新校区")
