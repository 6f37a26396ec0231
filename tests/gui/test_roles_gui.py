"""Pages of the later areas for a 查阅员 (issue 8 §4): every button that changes data is off (with the
reason as tooltip), printing and exporting stay on; for a 录入员 the same buttons are on.
One page per area: 师徒结对 (cultivation) and 交流轮岗 (deployment), plus the 培训 page's lists."""

import pytest
from PySide6.QtWidgets import QPushButton

from talentdesk.gui.bus import DataBus
from talentdesk.gui.pages.deployment import DeploymentPage
from talentdesk.gui.pages.mentoring import MentoringPage
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.gui.security import roles
from talentdesk.services.accounts import access
from talentdesk.services.accounts.access import CLERK, VIEWER, Identity
from talentdesk.services.cultivation import mentoring
from tests import cultivation_builder, deployment_builder

pytestmark = pytest.mark.gui


@pytest.fixture
def bus(qtbot):
    b = DataBus()
    yield b
    b.deleteLater()


def buttons(widget) -> dict[str, QPushButton]:
    return {b.text(): b for b in widget.findChildren(QPushButton)}


def enabled(widget, names) -> dict[str, bool]:
    found = buttons(widget)
    missing = [n for n in names if n not in found]
    assert not missing, f"buttons not found: {missing}"
    return {n: found[n].isEnabled() for n in names}


MENTORING_WRITES = ("新建项目…", "新增结对", "删除")
MENTORING_READS = ("编辑", "打印协议书…", "打印公示名单…", "导出 PDF", "导出 Excel…")
TRAINING_WRITES = ("新增培训", "新增工作室", "入库")
TRAINING_READS = ("打印登记表…", "登记表 PDF…", "打印成员名单…", "成员名单 PDF…")


@pytest.mark.parametrize("role", [VIEWER, CLERK])
def test_cultivation_pages_by_role(qtbot, db, bus, role):
    c = cultivation_builder.build(db)
    pid = mentoring.save_programme(db, None, {"name": "青蓝工程", "year": "2026"})
    mentoring.save_pairing(
        db, None, {"programme_id": pid, "mentor_id": c["t"]["李䶮"], "mentee_id": c["t"]["吉𠮷"], "start": "2026-09"}
    )
    access.sign_in(db, Identity("小王", role))
    page = MentoringPage(db, bus)
    qtbot.addWidget(page)
    may = role == CLERK
    assert enabled(page.pairings, MENTORING_WRITES) == dict.fromkeys(MENTORING_WRITES, may)
    assert all(enabled(page.pairings, MENTORING_READS).values())  # viewing, printing and exporting stay
    assert page.suggest.accept_button.isEnabled() is may
    if not may:
        assert "查阅员只能查看和打印" in buttons(page.pairings)["新增结对"].toolTip()
    dlg = page.pairings.open_dialog(page.pairings.model.key_at(0))  # 编辑 opens the pairing to read
    assert dlg.save_button.isEnabled() is may
    if not may:
        assert "查阅员只能查看和打印" in dlg.message.text() and dlg.save() is False
    dlg.deleteLater()
    training = TrainingPage(db, bus)
    qtbot.addWidget(training)
    assert enabled(training, TRAINING_WRITES) == dict.fromkeys(TRAINING_WRITES, may)
    assert all(enabled(training, TRAINING_READS).values())
    page.close()
    training.close()


@pytest.mark.parametrize("role", [VIEWER, CLERK])
def test_deployment_page_by_role(qtbot, db, bus, role):
    deployment_builder.build(db)
    access.sign_in(db, Identity("小李", role))
    page = DeploymentPage(db, bus)
    qtbot.addWidget(page)
    may = role == CLERK
    tabs = {
        page.placements: (("新增交流", "办理调动", "修改", "登记结束", "删除"), ("某日工作学校",)),
        page.rotation: (
            ("新建年度", "优质学校…", "登记不参加", "加入方案", "生成方案", "审批所选", "全部审批", "撤销审批"),
            ("打印审批表…", "打印公示名单…", "导出"),
        ),
        page.rural: (("登记已发证书", "撤销证书登记"), ("导出 Excel",)),
        page.attrition: (("登记情况", "登记离岗", "删除记录", "新增", "恢复默认规则"), ()),
        page.staffing: ((), ("导出 Excel",)),
    }
    for tab, (writes, reads) in tabs.items():
        assert enabled(tab, writes) == dict.fromkeys(writes, may), type(tab).__name__
        assert all(enabled(tab, reads).values()), type(tab).__name__
    page.close()


def test_read_only_file_reason(db, qtbot):
    """The helper itself: a read-only file wins over the role, and the allowed case leaves buttons alone."""
    b = QPushButton("保存")
    qtbot.addWidget(b)
    assert roles.apply_read_only([b, None], db) is True and b.isEnabled()  # bootstrap 管理员 on a writable file
    access.sign_in(db, Identity("访客", VIEWER))
    b.setToolTip("保存修改")
    assert roles.apply_read_only([b], db) is False and not b.isEnabled()
    assert b.toolTip() == "保存修改\n查阅员只能查看和打印，不能录入和修改"
    db.read_only = True
    try:
        assert roles.why_not(db) == "数据库以只读方式打开，不能修改"
    finally:
        db.read_only = False
