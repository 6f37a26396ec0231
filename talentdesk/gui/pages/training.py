"""培训 page: 培训项目, 学时统计 (hours per cycle, teachers behind by school), 名师工作室,
活动登记 (送教下乡, 联片教研 …), 教学竞赛 (优质课, 基本功 …), 课题研究 (课题), 培养项目 (人才工程, 培养对象),
学历提升, 人才梯队与后备库, 称号与考核 (三名工程, term reviews)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from talentdesk.gui.cultivation.activities_tab import ActivitiesTab
from talentdesk.gui.cultivation.competitions_tab import CompetitionsTab
from talentdesk.gui.cultivation.courses_tab import CoursesTab
from talentdesk.gui.cultivation.degree_tab import DegreeStudyTab
from talentdesk.gui.cultivation.designations_tab import DesignationsTab
from talentdesk.gui.cultivation.hours_tab import HoursTab
from talentdesk.gui.cultivation.programmes_tab import ProgrammesTab
from talentdesk.gui.cultivation.research_tab import ResearchTab
from talentdesk.gui.cultivation.roles_tab import RolesTab
from talentdesk.gui.cultivation.studios_tab import StudiosTab
from talentdesk.gui.cultivation.talent_tab import TalentTab


class TrainingPage(QWidget):
    title = "培训"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.courses = CoursesTab(db, bus)
        self.hours = HoursTab(db, bus)
        self.studios = StudiosTab(db, bus)
        self.roles = RolesTab(db, bus)  # issue 21 §4: 兼职教研员, 蒲公英导师, 评委库 …
        self.activities = ActivitiesTab(db, bus)
        self.competitions = CompetitionsTab(db, bus)
        self.programmes = ProgrammesTab(db, bus)  # issues 20 §3, 21 §5
        self.degrees = DegreeStudyTab(db, bus)  # issue 21 §5: 学历提升
        self.research = ResearchTab(db, bus)  # issue 21 §5: 课题
        self.talent = TalentTab(db, bus)
        self.designations = DesignationsTab(db, bus)  # issue 20 §3: 名师/名校长/名班主任, term reviews
        self.tabs = QTabWidget()
        for w, t in (
            (self.courses, "培训项目"),
            (self.hours, "学时统计"),
            (self.studios, "名师工作室"),
            (self.roles, "教研任职"),
            (self.activities, "活动登记"),
            (self.competitions, "教学竞赛"),
            (self.research, "课题研究"),
            (self.programmes, "培养项目"),
            (self.degrees, "学历提升"),
            (self.talent, "人才梯队与后备库"),
            (self.designations, "称号与考核"),
        ):
            self.tabs.addTab(w, t)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
