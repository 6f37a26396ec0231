"""Open every page and every dialog of the program on a small screen and report what does not fit (issue 14 §3).

Run by tests/gui/test_screen_fit.py in a process of its own, because the offscreen screen's size is fixed when
the QApplication starts:

    .venv/bin/python -m tests.gui.screen_fit_probe WIDTH HEIGHT OUT.json [--shots FOLDER]

The screen is WIDTH×HEIGHT with nothing reserved, so it stands for the available area of a bigger screen
(1366×728 is a 1366×768 laptop with a 40-pixel taskbar). Every dialog class of talentdesk.gui is built by a
factory below with realistic arguments from the demo county, shown over the main window, and its buttons
checked: inside the dialog, the dialog inside the screen, no button squeezed below its smallest size.
The JSON written: {"checked": [names], "problems": [texts], "classes": [covered dialog classes]}.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
if not SAMPLES.is_dir():
    SAMPLES = Path("/work/shared/samples")


def _platform(width: int, height: int) -> None:
    cfg = Path(tempfile.mkdtemp()) / "screen.json"
    cfg.write_text(
        json.dumps(
            {
                "synchronousWindowSystemEvents": True,
                "windowFrameMargins": False,
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={cfg}"


def dialog_classes() -> set[type]:
    """Every QDialog (QWizard, QMessageBox…) subclass defined in talentdesk.gui."""
    import importlib
    import inspect
    import pkgutil

    from PySide6.QtWidgets import QDialog

    import talentdesk.gui as gui

    found = set()
    for info in pkgutil.walk_packages(gui.__path__, "talentdesk.gui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__ == module.__name__:
                found.add(cls)
    return found


class Probe:
    def __init__(self, app, window, db, shots: Path | None):
        self.app, self.window, self.db, self.shots = app, window, db, shots
        self.checked: list[str] = []
        self.problems: list[str] = []
        self.classes: set[str] = set()

    def check(self, widget, name: str) -> None:
        from PySide6.QtCore import QPoint, QRect
        from PySide6.QtWidgets import QAbstractButton, QScrollArea, QTabBar

        from talentdesk.gui.fit import available_area

        self.app.processEvents()
        self.checked.append(name)
        area = available_area(widget)
        outer = widget.frameGeometry()
        if not area.contains(outer):
            self.problems.append(
                f"{name}: 窗口 {outer.width()}×{outer.height()}+{outer.x()}+{outer.y()} "
                f"超出屏幕可用区域 {area.width()}×{area.height()}"
            )
        need = widget.minimumSizeHint()
        if need.width() > widget.width() or need.height() > widget.height():
            self.problems.append(
                f"{name}: 内容至少要 {need.width()}×{need.height()}，窗口只有 "
                f"{widget.width()}×{widget.height()}（内容被挤压，应可滚动）"
            )
        for b in widget.findChildren(QAbstractButton):
            if not b.isVisibleTo(widget) or isinstance(b.parent(), QTabBar) or b.window() is not widget:
                continue
            if any(isinstance(p, QScrollArea) for p in _ancestors(b, widget)):
                continue  # reachable by scrolling
            where = QRect(b.mapTo(widget, QPoint(0, 0)), b.size())
            label = b.text() or b.objectName() or type(b).__name__
            if not widget.rect().contains(where):
                self.problems.append(
                    f"{name}: 按钮“{label}”在窗口外（{where.x()},{where.y()} "
                    f"{where.width()}×{where.height()}，窗口 {widget.width()}×{widget.height()}）"
                )
            elif b.height() < b.minimumSizeHint().height() or b.width() < min(b.minimumSizeHint().width(), 40):
                self.problems.append(f"{name}: 按钮“{label}”被挤压（{b.width()}×{b.height()}）")
        if self.shots is not None:
            widget.grab().save(str(self.shots / f"{len(self.checked):03d}-{_safe(name)}.png"))

    def dialog(self, name: str, make) -> None:
        try:
            dlg = make()
        except Exception as e:  # a factory that no longer matches the code is a failure too
            self.problems.append(f"{name}: 无法打开（{type(e).__name__}: {e}）")
            return
        self.classes.add(f"{type(dlg).__module__}.{type(dlg).__qualname__}")
        dlg.show()
        self.check(dlg, name)
        if hasattr(dlg, "_force_close"):
            dlg._force_close = True
        dlg.hide()
        dlg.deleteLater()
        self.app.processEvents()


def _ancestors(w, top):
    p = w.parentWidget()
    while p is not None and p is not top:
        yield p
        p = p.parentWidget()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)[:60]


def _database(path: Path):
    from talentdesk.services import demo
    from talentdesk.store.database import open_database

    db = open_database(path)
    demo.generate(db, size="county")
    return db


def _conflict(db, tid: int):
    """A real merge question: the file as one clerk loaded it, then another clerk's save of the same fields."""
    from talentdesk.errors import EditConflict
    from talentdesk.services.people import teachers

    loaded = teachers.get(db, tid)
    teachers.save(db, tid, {**loaded["basic"], "phone": "13900000001", "native_place": "山东泰安"})
    try:
        teachers.save(db, tid, {**loaded["basic"], "phone": "13900000002", "native_place": "山东济南"}, loaded=loaded)
    except EditConflict as e:
        return e
    raise AssertionError("no conflict raised")


def _biggest_competition(db, competitions) -> int:
    """The demo competition with the most entrants (the longest list the dialog shows)."""
    return max(competitions.list_rows(db), key=lambda r: r.entrants).id


def factories(window, db) -> list[tuple[str, object]]:
    """(name, make) for every dialog of talentdesk.gui, with arguments from the demo county."""
    from talentdesk.gui import (
        conflict_dialog,
        copy_database_dialog,
        designation_reviews,
        first_start,
        names_dialog,
        school_form,
    )
    from talentdesk.gui.cultivation import (
        activities_tab,
        bulk_attendees,
        competitions_tab,
        courses_tab,
        degree_tab,
        growth_dialog,
        pairing_dialog,
        pairings_tab,
        programmes_tab,
        research_tab,
        roles_tab,
        studios_tab,
        talent_tab,
    )
    from talentdesk.gui.deployment import (
        dialogs,
        group_dialog,
        postings_tab,
        quota_dialogs,
        rotation_tab,
        school_pairings_tab,
    )
    from talentdesk.gui.import_wizard import ImportWizard
    from talentdesk.gui.pages import database_box, leaders_tab, titles_tab
    from talentdesk.gui.recruitment import services_tab, talents_tab
    from talentdesk.gui.reports import honour_names_dialog, teacher_list
    from talentdesk.gui.security import login, users_tab
    from talentdesk.gui.teacher_file import dialog as teacher_dialog
    from talentdesk.gui.teacher_file import leader_posts_tab, record_dialog, training_tab
    from talentdesk.gui.teacher_file.specs import TABS
    from talentdesk.services.cultivation import (
        activities,
        competitions,
        degree_study,
        mentoring,
        research,
        research_roles,
        studios,
        training,
    )
    from talentdesk.services.cultivation import programmes as talent_programmes
    from talentdesk.services.cultivation import tiers as talent
    from talentdesk.services.deployment import attrition, placements, postings, quota_ledger, rotation, school_pairings
    from talentdesk.services.people import designations, schools, teachers
    from talentdesk.services.recruitment import recognition

    w, bus = window, window.bus
    tids = [r[0] for r in teachers.list_rows(db)]
    sids = [s for s, _ in schools.choices(db)]
    place = placements.list_rows(db)
    programmes = mentoring.list_programmes(db)
    pairings = mentoring.list_pairings(db)
    reserve = talent.reserve_rows(db)
    rules = attrition.rules(db)
    out = [
        ("教师档案（新建）", lambda: teacher_dialog.TeacherFileDialog(db, bus, None, w)),
        ("教师档案", lambda: teacher_dialog.TeacherFileDialog(db, bus, tids[0], w)),
        ("学校档案", lambda: school_form.SchoolForm(db, bus, sids[0], w)),
        ("学校档案（新建）", lambda: school_form.SchoolForm(db, bus, None, w)),
        ("合并修改", lambda: conflict_dialog.ConflictDialog(_conflict(db, tids[1]), w)),
        ("复制数据库", lambda: copy_database_dialog.CopyDatabaseDialog(db, w)),
        ("服务器数据库", lambda: database_box.ServerDialog(w, problem="无法连接服务器：连接超时")),
        ("登录", lambda: login.LoginDialog(db, w, user="admin")),
        ("创建管理员", lambda: login.CreateAdminDialog(db, w)),
        ("创建管理员（可暂不设置）", lambda: login.CreateAdminDialog(db, w, optional=True)),
        ("欢迎使用（首次启动）", lambda: first_start.FirstStartDialog(w)),
        ("新建本县数据库", lambda: first_start.NewCountyDialog(w, ask_file=True)),
        ("用户（新建）", lambda: users_tab.UserDialog(db, None, w)),
        ("荣誉名称对照", lambda: honour_names_dialog.HonourNamesDialog(db, w)),
        ("名单", lambda: teacher_list.TeacherListDialog(db, "在岗教师", tids[:200], None, w)),
        ("导入向导", lambda: ImportWizard(db, bus, w)),
        ("课程（新建）", lambda: courses_tab.CourseDialog(db, None, w)),
        ("课程", lambda: courses_tab.CourseDialog(db, training.list_courses(db)[0][0], w)),
        ("批量添加参训教师", lambda: bulk_attendees.BulkAttendeesDialog(db, set(tids[:3]), w)),
        ("培训学时明细", lambda: training_tab.TeacherHoursDialog(db, tids[0], "张三", None, w)),
        ("名师工作室（新建）", lambda: studios_tab.StudioDialog(db, None, w)),
        ("名师工作室", lambda: studios_tab.StudioDialog(db, studios.list_rows(db)[0][0], w)),
        ("活动登记（新建）", lambda: activities_tab.ActivityDialog(db, None, w)),
        ("活动登记", lambda: activities_tab.ActivityDialog(db, activities.list_rows(db)[0][0], w)),
        ("活动类别", lambda: activities_tab.kinds_dialog(db, w)),
        ("教学竞赛（新建）", lambda: competitions_tab.CompetitionDialog(db, None, w)),
        ("教学竞赛", lambda: competitions_tab.CompetitionDialog(db, _biggest_competition(db, competitions), w)),
        ("竞赛类别", lambda: competitions_tab.kinds_dialog(db, w)),
        ("教研任职（批量聘任）", lambda: roles_tab.RoleDialog(db, None, w)),
        ("教研任职", lambda: roles_tab.RoleDialog(db, research_roles.list_rows(db)[0].id, w)),
        (
            "教研角色",
            lambda: names_dialog.NamesDialog(
                db,
                "教研角色",
                "角色：",
                lambda: research_roles.kinds(db),
                research_roles.add_kind,
                research_roles.remove_kind,
                parent=w,
            ),
        ),
        (
            "二级工作室（成果数量）",
            lambda: studios_tab.StudioDialog(db, next(r[0] for r in studios.list_rows(db) if r[-1]), w),
        ),
        ("培养项目（新建）", lambda: programmes_tab.ProgrammeDialog(db, None, w)),
        (
            "培养项目",
            lambda: programmes_tab.ProgrammeDialog(db, max(talent_programmes.list_rows(db), key=lambda r: r[9])[0], w),
        ),
        (
            "个性化成长清单",
            lambda: growth_dialog.GrowthDialog(
                db, max(talent_programmes.list_rows(db), key=lambda r: r[9])[0], "", None, w
            ),
        ),
        ("成长目标", lambda: growth_dialog.GoalDialog(db, "为 张三 新增目标", None, w)),
        ("学历提升（新建）", lambda: degree_tab.DegreeStudyDialog(db, None, w)),
        ("学历提升", lambda: degree_tab.DegreeStudyDialog(db, degree_study.list_rows(db)[0][0], w)),
        ("课题（新建）", lambda: research_tab.ResearchDialog(db, None, w)),
        ("课题", lambda: research_tab.ResearchDialog(db, max(research.list_rows(db), key=lambda r: r.members).id, w)),
        ("结对项目", lambda: pairings_tab.ProgrammeDialog(db, programmes[0]["id"] if programmes else None, w)),
        ("师徒结对", lambda: pairing_dialog.PairingDialog(db, pairings[0][0] if pairings else None, None, w)),
        ("后备人才", lambda: talent_tab.ReserveDialog(db, reserve[0][0] if reserve else None, w)),
        ("交流安排（新建）", lambda: dialogs.PlacementDialog(db, None, w)),
        ("调动", lambda: dialogs.TransferDialog(db, w)),
        ("减员登记", lambda: dialogs.SeparationDialog(db, w)),
        ("去向情况", lambda: dialogs.SituationDialog(db, tids[2], "张三", w)),
        ("预警规则", lambda: dialogs.RuleDialog(db, rules[0] if rules else None, w)),
        ("管理响应（新建）", lambda: dialogs.ResponseDialog(db, tids[2], "张三", None, w)),
        ("编制决定（新建）", lambda: quota_dialogs.QuotaDialog(db, None, w)),
        ("作废编制决定", lambda: quota_dialogs.VoidDialog(db, quota_ledger.decisions(db)[0], w)),
        ("全县事业编制", lambda: quota_dialogs.CountyDialog(db, None, w)),
        ("学校分组（新建）", lambda: group_dialog.GroupDialog(db, None, w)),
        ("学校结对（新建）", lambda: school_pairings_tab.SchoolPairingDialog(db, None, w)),
        ("学校结对", lambda: school_pairings_tab.SchoolPairingDialog(db, school_pairings.list_rows(db)[0].id, w)),
        ("结对类型", lambda: school_pairings_tab.kinds_dialog(db, w)),
        (
            "离岗原因去向分类",
            lambda: dialogs.SeparationCodesDialog(db, dict(id=1, name="张三", reason="夫妻团聚", destination=None), w),
        ),
        ("荣誉证书", lambda: dialogs.CertificateDialog(db, tids[:5], "县级", w)),
        (
            "优质学校",
            lambda: dialogs.SchoolChecklist([(s, n, "城关镇") for s, n in schools.choices(db)], set(sids[:3]), w),
        ),
        ("服务分级", lambda: services_tab.TiersDialog(db, w)),
        ("职务（新建）", lambda: leader_posts_tab.LeaderPostDialog(db, tids[0], None, schools.choices(db), sids[0], w)),
        ("职务名录", lambda: leaders_tab.LeaderNamesDialog(db, w)),
        ("岗位设置", lambda: titles_tab.PostStructuresDialog(db, w)),
        ("岗位设置（新建）", lambda: titles_tab.StructureDialog(db, schools.choices(db), None, w)),
        ("职称评审方式名录", lambda: titles_tab.RouteNamesDialog(db, w)),
        ("人才类别", lambda: talents_tab.kinds_dialog(db, w)),
        ("期满提醒", lambda: talents_tab.RemindersDialog(recognition.reminders(db), 90, w)),
        (
            "经费发放",
            lambda: talents_tab.PaymentsDialog(
                db,
                next(r["id"] for r in recognition.list_rows(db) if r["table"] == "agreement"),
                "张三（全职引进协议）",
                w,
            ),
        ),
        ("人才认定（申报 → 初审 → 认定）", lambda: _talent_record(window, "recognition")),
        ("引才协议（约定条件）", lambda: _talent_record(window, "agreement")),
        ("选派（新建）", lambda: postings_tab.CallDialog(db, None, w)),
        ("选派", lambda: postings_tab.CallDialog(db, postings.call_choices(db)[0][0], w)),
        ("援派报名（新建）", lambda: postings_tab.CandidateDialog(db, None, None, w)),
        ("援派报名", lambda: postings_tab.CandidateDialog(db, postings.list_candidates(db)[0].id, None, w)),
    ]
    named = designations.list_rows(db, kind="名校长")
    if named:
        out += [
            ("称号任期考核", lambda: designation_reviews.ReviewsDialog(db, named[0].id, w)),
            (
                "称号考核（新建）",
                lambda: designation_reviews.ReviewDialog(db, designations.get(db, named[0].id), None, w),
            ),
        ]
    if place:
        out += [
            ("交流安排", lambda: dialogs.PlacementDialog(db, place[0][0], w)),
            ("结束交流", lambda: dialogs.EndDialog(db, place[0][0], w)),
        ]
    for spec in TABS:
        out.append(
            (
                f"教师档案记录：{spec.title}",
                lambda spec=spec: record_dialog.RecordDialog(spec, None, schools.choices(db), w),
            )
        )
    years = rotation.list_years(db)
    out.append(("修改交流方案", lambda: rotation_tab.ProposalDialog(db, _proposal_row(db, years), w)))
    out += _redeploy_dialogs(db, w)
    out.append(("招聘批次", lambda: _recruitment_record(window)))
    out.append(("打印预览（报表）", lambda: _print_preview(db, w, "structure")))
    if pairings:
        out.append(("打印预览（协议书）", lambda: _form_preview(db, w, pairings[0][0])))
    return out


def _redeploy_dialogs(db, parent):
    """调配方案 (issue 22 §2): add, change and approve, on the demo's draft plan (proposed when it has no moves);
    revoke the demo's approved plan."""
    from talentdesk.gui.deployment import redeploy_tab
    from talentdesk.services.deployment import redeploy

    def draft():
        plans = [p for p in redeploy.list_plans(db) if p["status"] == redeploy.DRAFT]
        pid = plans[0]["id"] if plans else redeploy.create_plan(db, dt.date.today().year + 1)
        if not redeploy.moves(db, pid):
            redeploy.propose(db, pid)
        return pid

    def approved():
        plans = [p for p in redeploy.list_plans(db) if p["status"] == redeploy.APPROVED]
        return plans[0]["id"] if plans else draft()

    def edit():
        pid = draft()
        return redeploy_tab.MoveDialog(db, pid, redeploy.moves(db, pid)[0], parent)

    return [
        ("加入调配", lambda: redeploy_tab.MoveDialog(db, draft(), None, parent)),
        ("修改调配", edit),
        ("审批调配方案", lambda: redeploy_tab.ApproveDialog(db, redeploy.get_plan(db, draft()), 3, parent)),
        ("撤销调配方案", lambda: redeploy_tab.RevokeDialog(db, redeploy.get_plan(db, approved()), 3, parent)),
    ]


def _print_preview(db, parent, name: str):
    from talentdesk.gui.reports import printing
    from talentdesk.reports import catalogue

    return printing.preview(catalogue.compute(db, name), parent)


def _form_preview(db, parent, pairing_id: int):
    from talentdesk.gui.reports import printing
    from talentdesk.reports.forms import pairing_agreement

    return printing.preview_drawing(pairing_agreement.drawing(db, [pairing_id]), parent)


def _proposal_row(db, years):
    from talentdesk.services.deployment import rotation

    """A proposal of the demo's rotation year (one is proposed when the demo has none)."""
    yid = years[-1]["id"] if years else rotation.create_year(db, dt.date.today().year)
    rows = rotation.proposals(db, yid)
    if not rows:
        rotation.propose(db, yid)
        rows = rotation.proposals(db, yid)
    return rows[0]


def _recruitment_record(window):
    """The recruitment tabs' small form, as 招聘批次 → 新建 builds it (its exec is answered at once)."""
    from PySide6.QtWidgets import QDialog

    tab = window.page("招聘引才").tab("招聘批次与录用")  # built now if the probe has not opened it
    made = []
    original = QDialog.exec

    def capture(self):
        made.append(self)
        return 0

    QDialog.exec = capture
    try:
        tab.edit_batch(new=True)
    finally:
        QDialog.exec = original
    return made[0]


def _talent_record(window, table: str):
    """The 人才认定与待遇 tab's record dialog, as 新增人才认定 / 新增引才协议 builds it (its exec answered at once)."""
    from PySide6.QtWidgets import QDialog

    tab = window.page("招聘引才").tab("人才认定与待遇")  # built now if the probe has not opened it
    made = []
    original = QDialog.exec

    def capture(self):
        made.append(self)
        return 0

    QDialog.exec = capture
    try:
        tab.edit(table=table)
    finally:
        QDialog.exec = original
    return made[0]


def pages(probe: Probe) -> None:
    """Every page of the main window, and every tab inside it."""
    from PySide6.QtWidgets import QTabWidget

    from talentdesk.gui.main_window import PAGES

    win = probe.window
    for i, title in enumerate(PAGES):
        win.show_page(i)
        probe.check(win, f"主窗口：{title}")
        for tabs in win.stack.widget(i).findChildren(QTabWidget):
            if not tabs.isVisibleTo(win):
                continue
            for t in range(tabs.count()):
                tabs.setCurrentIndex(t)
                probe.check(win, f"主窗口：{title} → {tabs.tabText(t)}")
            tabs.setCurrentIndex(0)


def wizard_steps(probe: Probe) -> None:
    """The import wizard's four steps with a real school file."""
    from PySide6.QtWidgets import QMessageBox

    from talentdesk.gui.import_wizard import ImportWizard

    QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    wiz = ImportWizard(probe.db, probe.window.bus, probe.window)
    wiz.files_page.add_paths([str(SAMPLES / "青禾县第二中学教职工花名册.xlsx")])
    wiz.show()
    probe.check(wiz, "导入向导：选择文件")
    for step in ("核对表格和列", "预览和更正"):
        wiz.next()
        probe.check(wiz, f"导入向导：{step}")
    wiz.hide()
    wiz.deleteLater()
    # the school chooser, on a township file whose sheets name schools the demo county does not have
    from talentdesk.gui.import_wizard.school_chooser import SchoolChooser
    from talentdesk.gui.pages.exchange_moves import MovesDialog
    from talentdesk.importing.plan import build_plan

    plan = build_plan(probe.db, [SAMPLES / "柳林镇各校教师信息汇总.xlsx"])
    questions = plan.school_questions()
    if not questions:
        probe.problems.append("导入向导：指定学校：柳林镇的样表没有待定学校，无法打开选择框")
    else:
        probe.dialog("导入向导：指定学校", lambda: SchoolChooser(questions[0], plan, probe.window))
    probe.dialog("跨区县调动", lambda: MovesDialog(probe.db, probe.window))


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    width, height, out = int(argv[0]), int(argv[1]), Path(argv[2])
    shots = Path(argv[argv.index("--shots") + 1]) if "--shots" in argv else None
    _platform(width, height)
    home = Path(tempfile.mkdtemp())
    os.environ["TALENTDESK_HOME"] = str(home)
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)

    from talentdesk.gui.app import make_app
    from talentdesk.gui.main_window import MainWindow

    app = make_app([sys.argv[0]])
    db = _database(home / "demo.db")
    window = MainWindow(db)
    window.show()
    probe = Probe(app, window, db, shots)
    probe.check(window, "主窗口")
    pages(probe)
    for name, make in factories(window, db):
        probe.dialog(name, make)
    wizard_steps(probe)
    out.write_text(
        json.dumps(
            {
                "checked": probe.checked,
                "problems": probe.problems,
                "classes": sorted(probe.classes),
                "all_classes": sorted(f"{c.__module__}.{c.__qualname__}" for c in dialog_classes()),
                "when": dt.datetime.now().isoformat(),
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    window._force_close = True
    window.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
