"""培训 page: 培训项目, 学时统计 (hours per cycle, teachers behind by school), 名师工作室,
活动登记 (送教下乡, 联片教研 …), 教学竞赛 (优质课, 基本功 …), 课题研究 (课题), 培养项目 (人才工程, 培养对象),
学历提升, 人才梯队与后备库, 称号与考核 (三名工程, term reviews)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QVBoxLayout, QWidget

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
from talentdesk.gui.lazy_tabs import LazyTabs, lazy_page

# (attribute, tab title, class): built when the tab is first shown or the attribute first read
TABS = (
    ("courses", "培训项目", CoursesTab),
    ("hours", "学时统计", HoursTab),
    ("studios", "名师工作室", StudiosTab),
    ("roles", "教研任职", RolesTab),  # issue 21 §4: 兼职教研员, 蒲公英导师, 评委库 …
    ("activities", "活动登记", ActivitiesTab),
    ("competitions", "教学竞赛", CompetitionsTab),
    ("research", "课题研究", ResearchTab),  # issue 21 §5: 课题
    ("programmes", "培养项目", ProgrammesTab),  # issues 20 §3, 21 §5
    ("degrees", "学历提升", DegreeStudyTab),  # issue 21 §5: 学历提升
    ("talent", "人才梯队与后备库", TalentTab),
    ("designations", "称号与考核", DesignationsTab),  # issue 20 §3: 名师/名校长/名班主任, term reviews
)


class TrainingPage(QWidget):
    """Eleven record lists; each is built, and reads the database, only when its tab is first opened."""

    title = "培训"

    courses = lazy_page("courses")
    hours = lazy_page("hours")
    studios = lazy_page("studios")
    roles = lazy_page("roles")
    activities = lazy_page("activities")
    competitions = lazy_page("competitions")
    research = lazy_page("research")
    programmes = lazy_page("programmes")
    degrees = lazy_page("degrees")
    talent = lazy_page("talent")
    designations = lazy_page("designations")

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.tabs = LazyTabs()
        for key, title, cls in TABS:
            self.tabs.add_lazy(key, title, partial(cls, db, bus))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
