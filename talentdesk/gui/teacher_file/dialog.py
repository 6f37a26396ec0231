"""The teacher file window: 基本信息, one tab per history table, 变更记录. Ctrl+S saves, Esc closes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout

from talentdesk.domain import idnumber
from talentdesk.errors import EditConflict, ReadOnlyError, UserError, ValidationError
from talentdesk.gui import conflict_dialog, fit, unsaved
from talentdesk.gui.bus import Topic
from talentdesk.gui.security.roles import apply_read_only, may_edit, why_not
from talentdesk.gui.teacher_file.activities_tab import ActivitiesTab
from talentdesk.gui.teacher_file.basic_tab import BasicTab
from talentdesk.gui.teacher_file.competitions_tab import CompetitionsTab
from talentdesk.gui.teacher_file.degree_tab import DegreeTab
from talentdesk.gui.teacher_file.growth_tab import GrowthTab
from talentdesk.gui.teacher_file.history_tab import HistoryTab
from talentdesk.gui.teacher_file.leader_posts_tab import LeaderPostsTab
from talentdesk.gui.teacher_file.pairings_tab import PairingsTab
from talentdesk.gui.teacher_file.programmes_tab import ProgrammesTab
from talentdesk.gui.teacher_file.records_tab import RecordsTab
from talentdesk.gui.teacher_file.research_tab import ResearchTab
from talentdesk.gui.teacher_file.roles_tab import RolesTab
from talentdesk.gui.teacher_file.specs import TABS
from talentdesk.gui.teacher_file.training_tab import TrainingTab
from talentdesk.services.people import schools as school_svc
from talentdesk.services.people import teachers as svc
from talentdesk.services.people import titles as title_svc

NO_POST_SCHOOL_QUESTION = (
    "这位教师还没有编制所在学校：各校的教师统计、编制核算和花名册都不会算入这位教师。\n\n"
    "选“否”转到“编制学校”页添加；选“是”仍然保存。"
)


class TeacherFileDialog(QDialog):
    saved = Signal(int)

    def __init__(self, db, bus, teacher_id: int | None = None, parent=None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.db, self.bus, self.teacher_id = db, bus, teacher_id
        self.loaded: dict | None = None  # the file as loaded: version and values, so others' saves are merged
        self.school_names: dict[int, str] = {}
        self._force_close = False
        self.header = QLabel()
        self.header.setObjectName("file_header")
        self.header.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.tabs = QTabWidget()
        self.basic = BasicTab()
        self.tabs.addTab(self.basic, "基本信息")
        schools = school_svc.choices(db)
        self.school_names = dict(schools)
        self.record_tabs: dict[str, RecordsTab] = {}
        for spec in TABS:
            tab = RecordsTab(spec, schools)
            self.record_tabs[spec.key] = tab
            self.tabs.addTab(tab, spec.title)
            tab.changed.connect(self._update_state)
        self.schools = schools
        # issue 20 §3: a designation's reviews during its term (能上能下), saved from their own dialog
        self.review_button = self.record_tabs["designations"].add_action("任期考核…", self.open_reviews)
        self.review_button.setObjectName("designation_reviews_button")
        with db.sessions() as s:  # issue 20 §2: the bureau's list of title routes
            self.record_tabs["titles"].options = {"route": title_svc.route_codes(s)}
        self.leader_posts = LeaderPostsTab()  # issue 20 §1: 职务, saved from its own dialog
        self.leader_posts.on_saved = lambda: self.bus.notify("leaders")
        self.tabs.addTab(self.leader_posts, "职务")
        self.pairings = PairingsTab()  # issue 4: as mentor and as mentee
        self.tabs.addTab(self.pairings, "师徒结对")
        self.training = TrainingTab()  # issue 14: the courses behind the cycle's hours
        self.tabs.addTab(self.training, "培训")
        self.activities = ActivitiesTab()  # issue 21 §1: the register's, pairings' and studios' activities
        self.tabs.addTab(self.activities, "活动")
        self.competitions = CompetitionsTab()  # issue 21 §2: the teaching competitions entered, results
        self.tabs.addTab(self.competitions, "竞赛")
        self.programmes = ProgrammesTab()  # issues 20 §3, 21 §5: programme memberships
        self.tabs.addTab(self.programmes, "培养项目")
        self.research = ResearchTab()  # issue 21 §5: research projects (课题)
        self.tabs.addTab(self.research, "课题")
        self.roles = RolesTab()  # issue 21 §4: 兼职教研员, 蒲公英导师, 评委库 …
        self.tabs.addTab(self.roles, "教研任职")
        self.degrees = DegreeTab()  # issue 21 §5: 学历提升 with the bureau's support
        self.tabs.addTab(self.degrees, "学历提升")
        self.growth = GrowthTab()  # issue 21 §5: the goals of the personal growth plans
        self.tabs.addTab(self.growth, "成长清单")
        self.history = HistoryTab()
        self.tabs.addTab(self.history, "变更记录")
        self.basic.changed.connect(self._update_state)
        self.state = QLabel()
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        close_button = QPushButton("关闭")
        close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        fit.resize_within_screen(self, 980, 720)
        self.reload()
        reason = why_not(db)  # read-only file or a role that may not edit (查阅员): open to read and print
        if reason:
            self.basic.set_read_only(True)
            for tab in self.record_tabs.values():
                tab.set_read_only(True)
            apply_read_only(
                [self.save_button]
                + [b for t in self.record_tabs.values() for b in (t.add_button, t.edit_button, t.delete_button)],
                db,
            )
            self.state.setText(reason + "。")

    def open_reviews(self):
        """The reviews of the selected designation (a saved one: the file must have no unsaved change)."""
        from talentdesk.gui.designation_reviews import ReviewsDialog

        rec = self.record_tabs["designations"].selected_record()
        if rec is None:
            QMessageBox.information(self, "任期考核", "请先在列表中选择一个称号。")
            return None
        if not rec.get("id") or self.is_dirty():
            QMessageBox.information(self, "任期考核", "教师档案有未保存的修改：请先保存，再登记称号的任期考核。")
            return None
        dlg = ReviewsDialog(self.db, rec["id"], self)
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()
        if dlg.changed:
            self.reload()
            self.bus.notify(Topic.TEACHERS)
        return dlg

    # -- loading and state
    def reload(self) -> None:
        if self.teacher_id is None:
            data = {"basic": {}, **{k: [] for k in self.record_tabs}}
        else:
            data = svc.get(self.db, self.teacher_id)
        self.loaded = data if self.teacher_id is not None else None
        self.basic.load(data["basic"])
        for key, tab in self.record_tabs.items():
            tab.load(data[key])
        current = [p.get("school_id") for p in data.get("posts", []) if p.get("end") is None and p.get("school_id")]
        self.leader_posts.load(self.db, self.teacher_id, self.schools, current[-1] if current else None)
        self.pairings.load(self.db, self.teacher_id)
        self.training.load(self.db, self.teacher_id)
        self.activities.load(self.db, self.teacher_id)
        self.competitions.load(self.db, self.teacher_id)
        self.programmes.load(self.db, self.teacher_id)
        self.research.load(self.db, self.teacher_id)
        for lists in (self.roles, self.degrees, self.growth):
            lists.load(self.db, self.teacher_id)
        self.history.load(self.db, self.teacher_id)
        self._update_header(data["basic"])
        self._update_state()

    def _update_header(self, basic: dict) -> None:
        if self.teacher_id is None:
            self.header.setText("新增教师")
            self.setWindowTitle("新增教师 — 教育人才工作台")
        else:
            name = basic.get("name") or ""
            self.header.setText(f"{name}　{idnumber.mask(basic.get('id_number'))}")
            self.setWindowTitle(f"教师档案：{name} — 教育人才工作台")

    def is_dirty(self) -> bool:
        return self.basic.is_dirty() or any(t.is_dirty() for t in self.record_tabs.values())

    def _update_state(self) -> None:
        if not may_edit(self.db):
            return
        self.state.setText("有未保存的修改" if self.is_dirty() else "")
        self.state.setStyleSheet("color: #b9770e;" if self.is_dirty() else "")

    # -- saving
    def save(self) -> bool:
        return self._save(None)

    def _save(self, resolved: dict | None) -> bool:
        if not may_edit(self.db):
            return False
        if resolved is None and not self._post_school_confirmed():
            return False
        records = {k: t.records for k, t in self.record_tabs.items() if t.is_dirty()}
        try:
            new_id = svc.save(
                self.db,
                self.teacher_id,
                self.basic.values(),
                records,
                loaded=self.loaded,
                merge=True,
                resolved=resolved,
            )
        except EditConflict as e:  # another clerk saved this file meanwhile: choose per field
            return self._resolve(e, resolved)
        except ValidationError as e:
            self.basic.show_problems(e.problems)
            self.tabs.setCurrentWidget(self.basic)
            other = [m for k, m in e.problems.items() if k not in self.basic.form.fields]
            self.state.setText("请改正标红的项目后再保存" + ("：" + "；".join(other) if other else ""))
            self.state.setStyleSheet("color: #c0392b;")
            return False
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "不能保存", str(e))
            return False
        self.teacher_id = new_id
        self.reload()
        self.state.setText("已保存")
        self.state.setStyleSheet("color: #1e8449;")
        self.bus.notify(Topic.TEACHERS)
        self.saved.emit(new_id)
        return True

    def _post_school_confirmed(self) -> bool:
        """A new file, or one whose 编制学校 rows were just emptied, saved without a post school: ask first
        (the teacher would count in no school's statistics, staffing or roster)."""
        posts = self.record_tabs.get("posts")
        if posts is None or any(r.get("school_id") for r in posts.records):
            return True
        if self.teacher_id is not None and not posts.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            "没有编制学校",
            NO_POST_SCHOOL_QUESTION,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            return True
        self.tabs.setCurrentWidget(posts)
        self.state.setText("请在“编制学校”页添加编制所在学校后再保存")
        self.state.setStyleSheet("color: #b9770e;")
        return False

    def _display(self, field: str, value) -> str:
        if field.endswith("school_id") and value is not None:
            return self.school_names.get(value, str(value))
        return conflict_dialog.text_of(value)

    def _resolve(self, conflict: EditConflict, resolved: dict | None) -> bool:
        action, choices = conflict_dialog.ask(self, conflict, self._display)
        if action == conflict_dialog.SAVE:
            return self._save({**(resolved or {}), **choices})
        if action == conflict_dialog.RELOAD:
            self.reload()
            self.state.setText("已重新载入（您的修改已放弃）")
            self.state.setStyleSheet("")
            return False
        self.state.setText("未保存：其他用户已修改此档案")
        self.state.setStyleSheet("color: #c0392b;")
        return False

    # -- closing
    def _may_close(self) -> bool:
        if self._force_close or not self.is_dirty():
            return True
        name = self.basic.values().get("name") or ""
        answer = unsaved.ask(self, f"教师档案“{name}”" if name else "新增的教师档案")
        if answer == unsaved.SAVE:
            return self.save()  # a refused save (a red field, a conflict) keeps the file open
        return answer == unsaved.DISCARD

    def reject(self) -> None:
        if self._may_close():
            self._force_close = True
            super().reject()

    def closeEvent(self, event) -> None:
        if self._may_close():
            self._force_close = True
            event.accept()
        else:
            event.ignore()
