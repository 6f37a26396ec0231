"""The import result numbers the batch as the 导入记录 list does (the demo's own batch is not listed)."""

import pytest

from talentdesk.gui.bus import DataBus
from talentdesk.gui.import_wizard.result_page import ResultPage
from talentdesk.gui.pages.imports import ImportsPage
from talentdesk.services.platform import imports
from talentdesk.store.models import ImportBatch
from talentdesk.store.uow import UnitOfWork

pytestmark = pytest.mark.gui


class _State:
    def __init__(self, db, batch_id):
        from talentdesk.importing.plan import ImportPlan

        self.db, self.plan = db, ImportPlan([], None)
        self.result = type("R", (), {"batch_id": batch_id})()


def test_result_page_and_batch_list_give_the_same_number(qtbot, db):
    with UnitOfWork(db) as uow:
        uow.session.add(ImportBatch(kind="demo", files="[]", summary="{}", user="演示"))
        uow.session.flush()
        mine = ImportBatch(kind="teachers", files='["a.xlsx"]', summary='{"insert": 3}', user="clerk")
        uow.session.add(mine)
        uow.session.flush()
        batch_id = mine.id
        uow.commit()
    assert batch_id == 2 and imports.batch_number(db, batch_id) == 1
    page = ResultPage(_State(db, batch_id))
    qtbot.addWidget(page)
    page.initializePage()
    assert "已作为第 1 批导入" in page.summary.text()  # was 第 2 批, with one batch in the list
    listing = ImportsPage(db, DataBus())
    qtbot.addWidget(listing)
    assert listing.batches.rowCount() == 1 and listing.batches.item(0, 0).text() == "第 1 批"
