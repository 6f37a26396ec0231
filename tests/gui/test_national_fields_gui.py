"""The teacher file's 基本信息 shows and edits the national 教职工基础信息采集表 fields (issue 18 §4)."""

import pytest

from talentdesk.domain import staff_record
from talentdesk.gui.bus import DataBus
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.gui.widgets import set_widget_text
from talentdesk.services.people import teachers

pytestmark = pytest.mark.gui


def test_edit_the_national_fields_in_the_teacher_file(qtbot, filled_db, answers):
    bus = DataBus()
    tid = teachers.list_rows(filled_db)[0][0]
    dlg = TeacherFileDialog(filled_db, bus, tid)
    qtbot.addWidget(dlg)
    fields = dlg.basic.form.fields
    assert all(f.attr in fields for f in staff_record.FIELDS)
    for attr, value in (
        ("marital", "已婚"),
        ("mandarin", "二级甲等"),
        ("tegang", "是"),
        ("staff_no", "QH2026堃"),
        ("teaching_start", "2009-09"),
        ("post_grade", "专技十级"),
        ("birthplace", "山东省聊城市"),
    ):
        set_widget_text(fields[attr], value)
    assert dlg.save() is True and answers.warned == []
    basic = teachers.get(filled_db, tid)["basic"]
    assert (basic["marital"], basic["mandarin"], basic["tegang"], basic["staff_no"], basic["post_grade"]) == (
        "已婚",
        "二级甲等",
        "是",
        "QH2026堃",
        "专技十级",
    )
    assert basic["teaching_start"].iso() == "2009-09"
    # a month that does not exist is said under the field and nothing is saved
    fields["teaching_start"].setText("2009-13")
    assert dlg.save() is False
    assert teachers.get(filled_db, tid)["basic"]["teaching_start"].iso() == "2009-09"
    dlg._force_close = True
    dlg.close()
    bus.deleteLater()
