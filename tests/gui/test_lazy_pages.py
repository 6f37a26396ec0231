"""The 交流轮岗, 师徒结对 and 招聘引才 pages show at once (issue 16 §4): only the tab the clerk sees is built and
reads the database; the others follow, with their data, when their tab is chosen or code asks for them by name."""

import pytest

from talentdesk.gui.bus import DataBus, Topic
from talentdesk.gui.pages.deployment import EXCHANGE_TABS, OTHER_TABS, TABS, DeploymentPage
from talentdesk.gui.pages.mentoring import MentoringPage
from talentdesk.gui.pages.recruitment import TABS as RECRUITMENT_TABS
from talentdesk.gui.pages.recruitment import RecruitmentPage
from talentdesk.services.cultivation import mentoring
from talentdesk.services.deployment import placements
from tests.cultivation_builder import build as build_cultivation
from tests.deployment_builder import build as build_deployment
from tests.recruitment_builder import County

pytestmark = pytest.mark.gui


def built(tabs, keys):
    return [k for k in keys if tabs.is_built(k)]


def listed(list_detail):
    m = list_detail.model
    return [m.row_at(i) for i in range(m.rowCount())]


def test_deployment_builds_the_tab_shown_and_the_others_when_opened_with_fresh_data(qtbot, db):
    ids = build_deployment(db)
    bus = DataBus()
    page = DeploymentPage(db, bus)
    qtbot.addWidget(page)
    page.show()
    outer = ["exchange", *(k for k, _t, _m, _c in OTHER_TABS)]
    inner = [k for k, _t, _m, _c in EXCHANGE_TABS]
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == list(TABS)
    assert built(page.tabs, outer) == ["exchange"] and built(page.exchange, inner) == ["rotation"]
    assert page.rotation.isVisible()
    # a placement saved while its list was never built: the list, built when its tab is clicked, has it
    placements.save(
        db,
        None,
        dict(teacher_id=ids["城2"], to_school_id=ids["v1"], kind="支教", start="2024-09", planned_end="2025-07"),
    )
    bus.notify(Topic.PLACEMENTS)
    assert built(page.exchange, inner) == ["rotation"]
    page.exchange.setCurrentIndex(inner.index("placements"))  # the clerk clicks 交流记录
    assert built(page.exchange, inner) == ["rotation", "placements"] and page.placements.isVisible()
    assert [r[2] for r in listed(page.placements.list)] == ["城2"]
    # asked for by name while hidden: built once, shown with its data when its tab is chosen (by the list itself)
    rural = page.rural
    assert page.rural is rural and built(page.tabs, outer) == ["exchange", "rural"] and not rural.isVisible()
    page.tabs.setCurrentWidget(rural)
    assert page.tabs.currentIndex() == outer.index("rural") and page.tabs.indexOf(rural) == outer.index("rural")
    assert rural.isVisible() and "乡村学校按城乡类型" in rural.note.text()
    rural.level_box.setCurrentIndex(rural.level_box.count() - 1)  # everyone with rural service
    assert {r[1] for r in listed(rural.list)} >= {"甲0", "甲1", "甲2"}
    page.show_tab("调配方案")
    assert page.redeploy.isVisible() and built(page.tabs, outer) == ["exchange", "redeploy", "rural"]
    assert not any(page.tabs.is_built(k) for k in ("staffing", "quota", "consistency", "attrition"))
    page.close()
    bus.deleteLater()


def test_mentoring_builds_the_suggestions_only_when_opened(qtbot, db):
    build_cultivation(db)
    pid = mentoring.save_programme(db, None, {"name": "2026年青蓝工程", "year": "2026"})
    page = MentoringPage(db, DataBus())
    qtbot.addWidget(page)
    page.show()
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["结对名单", "推荐结对"]
    assert built(page.tabs, ["pairings", "suggest"]) == ["pairings"]
    assert page.pairings.isVisible() and page.pairings.programme.currentData() == pid
    mentoring.save_programme(db, None, {"name": "2027年青蓝工程", "year": "2027"})  # before 推荐结对 is built
    page.tabs.setCurrentIndex(1)  # the clerk clicks 推荐结对
    tab = page.suggest
    assert page.tabs.is_built("suggest") and tab.isVisible()
    assert {"全县", "城关镇", "青禾镇", "柳河乡"} <= {tab.township.itemText(i) for i in range(tab.township.count())}
    assert {"2026年青蓝工程", "2027年青蓝工程"} <= {tab.programme.itemText(i) for i in range(tab.programme.count())}
    page.close()


def test_recruitment_builds_a_tab_when_opened_or_asked_for(qtbot, db):
    County(db)
    page = RecruitmentPage(db, DataBus())
    qtbot.addWidget(page)
    page.show()
    labels = [label for label, _m, _c in RECRUITMENT_TABS]
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == labels
    assert built(page.tabs, labels) == ["招聘计划"]
    page.tab("招聘计划").loader.wait()  # its analysis follows from a worker
    page.tabs.setCurrentIndex(labels.index("本地生源"))  # the clerk clicks 本地生源
    assert built(page.tabs, labels) == ["招聘计划", "本地生源"] and page.tab("本地生源").isVisible()
    services = page.tab("人才服务")  # asked for by name: built hidden, shown with its tab
    assert page.tab("人才服务") is services and not services.isVisible()
    page.tabs.setCurrentWidget(services)
    assert services.isVisible() and built(page.tabs, labels) == ["招聘计划", "本地生源", "人才服务"]
    page.close()
