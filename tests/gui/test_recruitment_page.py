import datetime as dt
import re
import shutil
import subprocess

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QTableWidgetItem

from talentdesk.gui.bus import DataBus
from talentdesk.gui.main_window import PAGES, MainWindow
from talentdesk.gui.pages.recruitment import RecruitmentPage
from talentdesk.gui.recruitment import common
from talentdesk.gui.recruitment.services_tab import TiersDialog
from talentdesk.services.people import teachers
from talentdesk.services.recruitment import batches as recruitment
from talentdesk.services.recruitment import obligations
from talentdesk.services.recruitment import plan as recruitment_plan
from tests.gui.preview_check import preview_pages
from tests.recruitment_builder import YEAR, County

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return County(db)


@pytest.fixture
def page(qtbot, county, answers, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    bus = DataBus()
    p = RecruitmentPage(county.db, bus)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    yield p
    p.close()


def show(page, label):
    """Bring a tab to the front as the clerk would (hidden tabs refresh when shown)."""
    tab = page.tab(label)
    page.tabs.setCurrentWidget(tab)
    return tab


@pytest.fixture
def fill(monkeypatch):
    """Record dialogs are filled by the next function in the list, then saved (no modal loop)."""
    fillers = []

    def exec_(dlg):
        fillers.pop(0)(dlg)
        return 1 if dlg.save() else 0

    monkeypatch.setattr(common.RecordDialog, "exec", exec_)
    return fillers


def test_navigation_has_the_page_after_rotation(qtbot, db, answers):
    assert PAGES.index("招聘引才") == PAGES.index("交流轮岗") + 1
    w = MainWindow(db)
    qtbot.addWidget(w)
    page = w.page("招聘引才")
    assert isinstance(page, RecruitmentPage)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "招聘计划",
        "招聘批次与录用",
        "服务期",
        "本地生源",
        "人才认定与待遇",
        "人才服务",
    ]
    w.close()


def test_propose_edit_save_and_print_the_plan(page, county, monkeypatch, tmp_path):
    tab = show(page, "招聘计划")
    tab.year.setValue(YEAR)
    assert "还没有招聘计划" in tab.summary.text()
    tab.findChild(type(tab.save_button), "propose").click()
    assert tab.table.rowCount() == 3
    assert tab.summary.text().startswith("计划招聘 3 人（测算缺额 3 人）")
    assert all(tab.table.item(r, 4).toolTip().startswith("测算值 ") for r in range(3))  # the fraction behind it
    assert tab.short_model.rowCount() >= 1  # 学科缺口 view
    assert tab.retire_model.rowCount() == 1 and tab.retire_model.rows[0][0] == "城小0"
    tab.table.setItem(0, 5, QTableWidgetItem("0"))
    tab.table.setItem(1, 7, QTableWidgetItem("优先招聘男教师"))
    assert "未保存" in tab.summary.text()
    tab.status.setCurrentText("已报批")
    assert tab.save()
    plan = recruitment_plan.get_plan(county.db, tab.plan["id"])
    assert plan["status"] == "已报批"
    assert sum(x["planned"] for x in plan["lines"]) == 2
    assert "未保存" not in tab.summary.text()
    out = tmp_path / "招聘计划.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    assert tab.export() == str(out)
    if shutil.which("pdftotext"):
        txt = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
        assert "2026年度中小学教师招聘计划" in txt and "城关小学" in txt and "盖章" in txt
        assert "优先招聘男教师" in txt
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
        assert all(" yes " in line for line in fonts.splitlines()[2:])  # every font embedded
    xlsx = tmp_path / "plan.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(xlsx), "")))
    assert tab.export() == str(xlsx) and xlsx.stat().st_size > 0
    # 打印计划表: the same pages in the print preview (issue 14 §1), painted after gc.collect()
    seen = preview_pages(tab.print_plan)
    assert seen["pages"] == len(re.findall(rb"/Type\s*/Page(?!s)", out.read_bytes())) >= 1  # as many as the PDF
    assert seen["inked"] and "招聘计划" in seen["title"]


def test_batch_candidate_admitted_as_teacher(page, county, fill, answers):
    tab = show(page, "招聘批次与录用")

    def batch(dlg):
        f = dlg.form.fields
        f["year"].setText(str(YEAR))
        f["channel"].setCurrentText("特岗计划")
        f["name"].setText("2026年特岗教师招聘")
        f["positions"].setText("3")
        f["report_date"].setText("2026-09-01")

    fill.append(batch)
    bid = tab.edit_batch(new=True)
    assert bid is not None and tab.batch_id() == bid
    number = county.make_id(dt.date(2003, 4, 5), "女")

    def candidate(dlg):
        f = dlg.form.fields
        f["name"].setText("吉𠮷")
        f["id_number"].setText(number)
        f["stage"].setCurrentText("小学")
        f["subject"].setCurrentText("音乐")
        common.set_id_combo(f["school_id"], county.village)

    fill.append(candidate)
    assert tab.edit_candidate(new=True) is not None
    assert tab.cand_model.rowCount() == 1
    tab.cand_view.selectRow(0)
    before = teachers.count(county.db)
    tid = tab.admit()
    assert tid is not None and teachers.count(county.db) == before + 1
    assert any("吉𠮷" in q for q in answers.asked)
    assert tab.cand_model.row_at(0)[12] == "已建档"
    assert teachers.get(county.db, tid)["basic"]["employment_form"] == "特岗"
    # the obligations tab heard the bus and shows the new 特岗 term
    ob_tab = page.tab("服务期")
    assert not any(r[1] == "吉𠮷" for r in ob_tab.model.rows)  # hidden: redone when shown
    show(page, "服务期")
    assert any(r[1] == "吉𠮷" and r[4] == "特岗计划" for r in ob_tab.model.rows)

    # a bad ID number stays in the dialog with the message under the field
    def bad(dlg):
        dlg.form.fields["name"].setText("王五")
        dlg.form.fields["id_number"].setText(number[:-1] + ("0" if number[-1] != "0" else "1"))

    fill.append(bad)
    assert tab.edit_candidate(new=True) is None


def test_convert_a_tejiang_teacher(page, county, monkeypatch):
    county.teacher("特岗甲", county.village, "小学", "数学", dt.date(1999, 3, 3), "男", form="特岗", start="2022-09")
    tab = show(page, "服务期")
    assert tab.fill_missing() == 1
    assert tab.model.rowCount() == 1
    tab.filter.setCurrentText("期满待转编")
    assert tab.model.rowCount() == 1  # 2022-09 + 3 years ended 2025-08
    tab.view.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("2025-09", True)))
    assert tab.convert()
    assert tab.model.rowCount() == 0
    tab.filter.setCurrentText("已转编")
    assert tab.model.rowCount() == 1
    tid = county.teacher_ids["特岗甲"]
    assert teachers.get(county.db, tid)["basic"]["employment_form"] == "在编"


def test_student_pool_contacts_and_shortage_filter(page, county, fill):
    tab = show(page, "本地生源")

    def student(dlg):
        f = dlg.form.fields
        f["name"].setText("赵堃")
        f["university"].setText("曲阜师范大学")
        f["major"].setText("汉语言文学")
        f["graduation"].setText(f"{dt.date.today().year}-06")

    fill.append(student)
    sid = tab.edit(new=True)
    assert sid is not None and tab.model.rowCount() == 1
    assert tab.model.rows[0][6] == "语文"  # subject from the major
    tab.view.selectRow(0)

    def contact(dlg):
        dlg.form.fields["kind"].setCurrentText("走访")
        dlg.form.fields["summary"].setText("到家中介绍特岗招聘")

    fill.append(contact)
    assert tab.add_contact() is not None
    tab.view.selectRow(0)
    assert tab.contact_model.rowCount() == 1 and tab.contact_model.rows[0][2] == "走访"
    assert "1 次" in tab.contact_title.text()


def test_subsidy_tiers_and_month_list(page, county):
    tab = show(page, "人才服务")
    dlg = TiersDialog(county.db, tab)
    dlg.fill_defaults()
    assert dlg.save()
    dlg.deleteLater()
    tab.sub_year.setValue(2026)
    tab.sub_month.setValue(3)
    tab.refresh_subsidy()
    assert tab.sub_model.rowCount() == 5  # the village school's teachers, 二档 by default
    assert "合计 2,500.00 元" in tab.sub_total.text()


def test_talent_recognition_with_benefits(page, county, fill):
    tab = show(page, "人才认定与待遇")

    def rec(dlg):
        f = dlg.form.fields
        f["teacher_id"].search.setText("城中0")
        assert f["teacher_id"].value() == county.teacher_ids["城中0"]
        f["category"].setCurrentText("A")
        f["status"].setCurrentText("认定")
        f["reviewed"].setText("2026-05")
        f["date"].setText("2026-06")
        f["doc_number"].setText("人才字〔2026〕1号")
        f["term_years"].setText("5")

    fill.append(rec)
    assert tab.edit(table="recognition") is not None
    row = tab.model.rows[0]
    assert row.name == "城中0" and row.category == "A" and row.status == "认定"
    assert "子女入学" in row.benefits and row.monthly == "5,000"


def test_obligation_list_exports_as_xlsx(page, county, monkeypatch, tmp_path):
    county.teacher(
        "公费乙", county.middle, "初中", "英语", dt.date(2000, 3, 3), "女", source="公费师范生", start="2022-09"
    )
    obligations.fill_missing(county.db)
    tab = show(page, "服务期")
    tab.refresh()
    out = tmp_path / "服务期.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    assert tab.export() == str(out)
    from openpyxl import load_workbook

    ws = load_workbook(out).worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "公费乙" in values and "2028-08" in values


def test_admit_refused_is_shown_not_raised(page, county, answers):
    bid = recruitment.save_batch(county.db, None, {"year": YEAR, "channel": "公开招聘", "name": "公开招聘"})
    recruitment.save_candidate(county.db, bid, None, {"name": "无学校"})
    tab = show(page, "招聘批次与录用")
    tab.refresh()
    tab.cand_view.selectRow(0)
    assert tab.admit() is None
    assert any("身份证号" in w or "拟聘学校" in w for w in answers.warned)


def test_switching_plans_asks_before_dropping_unsaved_edits(page, county, answers):
    tab = show(page, "招聘计划")
    tab.year.setValue(YEAR)
    tab.propose()
    first = tab.plan["id"]
    tab.table.setItem(0, 5, QTableWidgetItem("9"))
    answers.question = QMessageBox.StandardButton.No
    tab.propose()  # refused: the edit stays
    assert tab.plan["id"] == first and tab.table.item(0, 5).text() == "9"
    assert any("未保存的修改" in q for q in answers.asked)
    answers.question = QMessageBox.StandardButton.Yes
    tab.propose()
    assert tab.plan["id"] != first and not tab.dirty


def test_the_plan_analysis_follows_from_a_worker_when_the_tab_shows(page, county):
    """Issue 16 §4: the 招聘计划 tab shows at once; 学科缺口 and 到龄退休 (every teacher read) follow."""
    tab = show(page, "招聘计划")
    assert tab.loader.loading and "正在计算" in tab.inner.tabText(1)
    tab.loader.wait()
    assert "正在计算" not in tab.inner.tabText(1) and tab.inner.tabText(2).startswith("到龄退休（")
    shown = tab.retire_model.rowCount()
    tab.refresh_analysis()  # the same figures as a read at once
    assert tab.retire_model.rowCount() == shown and not tab.loader.loading


def test_talent_steps_filters_payments_reminders_and_kinds(page, county, fill, monkeypatch):
    from talentdesk.gui.recruitment import talents_tab
    from talentdesk.services.recruitment import recognition

    tab = show(page, "人才认定与待遇")
    recognition.save_recognition(
        county.db,
        None,
        {
            "teacher_id": county.teacher_ids["城中1"],
            "kind": "领军人才梯队",
            "project": "初中数学",
            "applied": "2026-04",
        },
    )

    def step(dlg):  # the clerk enters an application straight as 认定 without the 初审: refused in the dialog
        f = dlg.form.fields
        f["teacher_id"].search.setText("城中0")
        f["category"].setCurrentText("D")
        f["status"].setCurrentText("认定")
        f["applied"].setText("2026-04-01")
        f["date"].setText("2026-06-20")
        f["doc_number"].setText("人才字〔2026〕5号")
        assert not dlg.save()
        assert "未经初审通过" in dlg.form.error_text("status")
        f["reviewed"].setText("2026-05-10")

    fill.append(step)
    assert tab.edit(table="recognition") is not None
    today = dt.date.today()

    def agreement(dlg):
        f = dlg.form.fields
        f["teacher_id"].search.setText("城中2")
        f["kind"].setCurrentText("全职引进")
        f["start"].setText((today - dt.timedelta(days=700)).isoformat())
        f["end"].setText((today + dt.timedelta(days=30)).isoformat())
        f["annual_pay"].setText("120000")
        f["settling_grant"].setText("100000")
        f["staffing"].setCurrentText("人才编制专户")
        f["case_note"].setText("一事一议：县政府常务会议研究")

    fill.append(agreement)
    assert tab.edit(table="agreement") is not None
    tab.refresh()
    assert tab.model.rowCount() == 3
    tab.status_filter.setCurrentText("申报")
    assert [r.name for r in (tab.model.rows[i] for i in tab.model.visible)] == ["城中1"]
    tab.status_filter.setCurrentText("全部状态")
    tab.kind_filter.setCurrentText("引才协议")
    assert tab.model.rowCount() == 1
    tab.view.selectRow(0)

    def pay(dlg):
        dlg.form.fields["date"].setText(today.isoformat())
        dlg.form.fields["kind"].setCurrentText("安家费")
        dlg.form.fields["amount"].setText("50000")
        dlg.form.fields["voucher"].setText("人才字〔2026〕7号")

    def run_payments(dlg):
        fill.append(pay)
        assert dlg.add() is not None
        assert dlg.model.rowCount() == 1 and "安家费：约定 100,000 元，已发 50,000 元" in dlg.balance.text()
        return 0

    monkeypatch.setattr(talents_tab.PaymentsDialog, "exec", run_payments)
    assert tab.payments().changed
    tab.refresh()
    row = tab.model.rows[tab.model.visible[0]]
    assert row.paid.startswith("50,000 /")
    assert tab.reminder_button.text() == "期满提醒（1）"
    monkeypatch.setattr(talents_tab.RemindersDialog, "exec", lambda dlg: 0)
    assert tab.show_reminders().model.rowCount() == 1

    from talentdesk.gui import names_dialog

    asked: list[tuple] = []
    monkeypatch.setattr(
        names_dialog.QInputDialog, "getText", lambda *a, **k: asked.append(a[1:3]) or ("县拔尖人才", True)
    )
    monkeypatch.setattr(names_dialog.NamesDialog, "exec", lambda dlg: dlg.add() or 0)
    assert tab.edit_kinds().changed
    assert asked == [("添加人才类别", "类别名称：")]
    tab.refresh()
    assert "县拔尖人才" in [tab.kind_filter.itemText(i) for i in range(tab.kind_filter.count())]


def test_talent_template_and_import_through_the_buttons(page, county, answers, monkeypatch, tmp_path):
    """下载模板… writes the blank 人才认定表; 导入… reads it on a worker, names each bad row (file, sheet, row, column)
    in Chinese, imports the good rows on the clerk's word as one batch the 数据导入 page undoes."""
    import openpyxl
    from PySide6.QtWidgets import QPushButton

    from talentdesk.importing import templates
    from talentdesk.services.platform import imports
    from talentdesk.services.recruitment import recognition

    tab = show(page, "人才认定与待遇")
    out = tmp_path / "人才认定.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    tab.findChild(QPushButton, "talent_template").click()
    wb = openpyxl.load_workbook(out)
    sheet = templates.SPECS["talent_recognition"].sheet
    ws = wb[sheet]
    row = templates.FIRST_DATA_ROW
    for r, (name, date) in enumerate((("城中0", "2026-04-02"), ("无此人", "2026-04-02"), ("城中1", "2026-13-01"))):
        for col, value in ((1, name), (4, "市有突出贡献专家"), (7, "申报"), (8, date)):
            ws.cell(row + r, col, value)
    wb.save(out)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(out)], "")))
    answers.question = QMessageBox.StandardButton.No  # the check only: nothing written
    tab.findChild(QPushButton, "talent_import").click()
    shown = answers.asked[-1]
    assert "可导入人才认定 1 条" in shown and "2 处错误" in shown, shown
    assert "人才认定.xlsx" in shown and sheet in shown and f"第 {row + 1} 行" in shown and "无此人" in shown, shown
    assert f"第 {row + 2} 行" in shown and "H（申报日期）" in shown, shown
    assert recognition.list_rows(county.db) == []
    answers.question = QMessageBox.StandardButton.Yes
    tab.findChild(QPushButton, "talent_import").click()
    rows = recognition.list_rows(county.db)
    assert [(r["name"], r["kind"], r["status"]) for r in rows] == [("城中0", "市有突出贡献专家", "申报")]
    tab.refresh()
    assert tab.model.rowCount() == 1
    batch = next(b for b in imports.list_batches(county.db) if b["kind"] == "talents")
    imports.undo_batch(county.db, batch["id"])
    assert recognition.list_rows(county.db) == []
