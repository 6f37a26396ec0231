"""The merge dialog in the other areas (issue 10 §1): a recruitment record dialog, a placement dialog and the
school form's yearly figures, saved after another clerk saved the same record."""

import os

import pytest
from PySide6.QtWidgets import QLineEdit

from talentdesk.domain import recruitment as rules
from talentdesk.gui.bus import DataBus
from talentdesk.gui.conflict_dialog import ConflictDialog
from talentdesk.gui.recruitment.common import RecordDialog, combo
from talentdesk.gui.school_form import SchoolForm
from talentdesk.services.people import schools
from talentdesk.services.recruitment import batches as recruitment
from talentdesk.store.database import open_database

pytestmark = pytest.mark.gui


@pytest.fixture
def other_clerk(db):
    li = open_database(db.path, user="李四")
    yield li
    li.dispose()


@pytest.fixture
def shown(monkeypatch):
    """ConflictDialog.exec replaced: `act(dialog)` plays the clerk; the dialogs shown are returned."""
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


def _batch(db, bid):
    return next(b for b in recruitment.list_batches(db) if b["id"] == bid)


def _batch_dialog(db, bid):
    fields = [
        ("year", "年度", QLineEdit()),
        ("channel", "招聘渠道", combo(rules.CHANNELS)),
        ("name", "批次名称", QLineEdit()),
        ("positions", "岗位数", QLineEdit()),
        ("announced", "公告时间", QLineEdit()),
        ("report_date", "报到时间", QLineEdit()),
        ("note", "备注", QLineEdit()),
    ]
    return RecordDialog(
        "招聘批次",
        fields,
        lambda v, **check: recruitment.save_batch(db, bid, v, **check),
        _batch(db, bid),
        required=("year", "channel", "name"),
        db=db,
        reload=lambda: _batch(db, bid),
    )


@pytest.fixture
def batch(db):
    return recruitment.save_batch(
        db, None, {"year": "2025", "channel": "公开招聘", "name": "2025年公开招聘教师", "positions": "40"}
    )


def test_recruit_batch_same_field_shows_both_values_and_the_clerk_takes_theirs(qtbot, db, other_clerk, batch, shown):
    dlg = _batch_dialog(db, batch)
    qtbot.addWidget(dlg)
    theirs = _batch(other_clerk, batch)  # 李四 saves first
    recruitment.save_batch(other_clerk, batch, {**theirs, "positions": 45}, version=theirs["version"], base=theirs)
    dlg.form.fields["positions"].setText("50")
    dlg.form.fields["note"].setText("含特岗")

    def act(c):
        t = c.table
        rows = {
            t.item(r, 0).text(): [t.item(r, k).text() if t.item(r, k) else "" for k in range(1, 6)]
            for r in range(t.rowCount())
        }
        assert rows["岗位数"][:3] == ["40", "50", "45"] and rows["岗位数"][3].startswith("李四")
        assert rows["备注"][4] == "采用您的修改"
        c.choose("recruit_batch", batch, "positions", "theirs")
        c.save_button.click()

    seen = shown(act)
    assert dlg.save() is True and len(seen) == 1
    now = _batch(db, batch)
    assert (now["positions"], now["note"]) == (45, "含特岗")


def test_recruit_batch_different_field_is_merged_without_asking(qtbot, db, other_clerk, batch, shown):
    dlg = _batch_dialog(db, batch)
    qtbot.addWidget(dlg)
    theirs = _batch(other_clerk, batch)
    recruitment.save_batch(other_clerk, batch, {**theirs, "positions": 45}, version=theirs["version"], base=theirs)
    dlg.form.fields["note"].setText("含特岗")
    seen = shown(lambda c: c.save_button.click())
    assert dlg.save() is True and seen == []
    now = _batch(db, batch)
    assert (now["positions"], now["note"]) == (45, "含特岗")


def test_recruit_batch_reload_shows_what_the_other_clerk_saved(qtbot, db, other_clerk, batch, shown):
    dlg = _batch_dialog(db, batch)
    qtbot.addWidget(dlg)
    theirs = _batch(other_clerk, batch)
    recruitment.save_batch(other_clerk, batch, {**theirs, "positions": 45}, version=theirs["version"], base=theirs)
    dlg.form.fields["positions"].setText("50")
    shown(lambda c: c.reload_button.click())
    assert dlg.save() is False
    assert dlg.form.fields["positions"].text() == "45" and "重新载入" in dlg.message.text()
    assert _batch(db, batch)["positions"] == 45
    assert dlg.save() is True  # saved again over the version now shown: nothing to ask
    dlg.close()


def test_school_form_yearly_figure_changed_on_both_sides_is_asked(qtbot, db, other_clerk, shown):
    bus = DataBus()
    sid = schools.save(
        db,
        None,
        {"name": "实验小学"},
        [{"school_year": 2025, "stage": "小学", "students": 600, "classes": 12, "quota": 40}],
    )
    form = SchoolForm(db, bus, sid)
    qtbot.addWidget(form)
    theirs = schools.get(other_clerk, sid)
    schools.save(
        other_clerk,
        sid,
        {f: theirs[f] for f in schools.FIELDS},
        [dict(theirs["stats"][0], students=612)],
        version=theirs["version"],
        base=theirs,
    )
    form.table.item(0, 2).setText("590")

    def act(c):
        assert c.conflict.records[0].table == "school_year_stat"
        c.save_button.click()  # default: keep mine

    seen = shown(act)
    assert form.save() is True and len(seen) == 1
    assert schools.get(db, sid)["stats"][0]["students"] == 590
    form.close()
    bus.deleteLater()
