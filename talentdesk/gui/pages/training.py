"""培训 page: 培训项目, 学时统计 (hours per cycle, teachers behind by school), 名师工作室,
活动登记 (送教下乡, 联片教研 …), 教学竞赛 (优质课, 基本功 …), 课题研究 (课题), 培养项目 (人才工程, 培养对象),
学历提升, 人才梯队与后备库, 称号与考核 (三名工程, term reviews)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from talentdesk.gui.lazy_tabs import LazyTabs, lazy_page, maker

AREA = "talentdesk.gui.cultivation"
# (attribute, tab title, module in gui.cultivation, class): built, and its module imported, when the tab is first
# shown or the attribute first read
TABS = (
    ("courses", "培训项目", "courses_tab", "CoursesTab"),
    ("hours", "学时统计", "hours_tab", "HoursTab"),
    ("studios", "名师工作室", "studios_tab", "StudiosTab"),
    ("roles", "教研任职", "roles_tab", "RolesTab"),  # issue 21 §4: 兼职教研员, 蒲公英导师, 评委库 …
    ("activities", "活动登记", "activities_tab", "ActivitiesTab"),
    ("competitions", "教学竞赛", "competitions_tab", "CompetitionsTab"),
    ("research", "课题研究", "research_tab", "ResearchTab"),  # issue 21 §5: 课题
    ("programmes", "培养项目", "programmes_tab", "ProgrammesTab"),  # issues 20 §3, 21 §5
    ("degrees", "学历提升", "degree_tab", "DegreeStudyTab"),  # issue 21 §5: 学历提升
    ("talent", "人才梯队与后备库", "talent_tab", "TalentTab"),
    ("designations", "称号与考核", "designations_tab", "DesignationsTab"),  # issue 20 §3: 名师/名校长 …, term reviews
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
        for key, title, module, name in TABS:
            self.tabs.add_lazy(key, title, maker(f"{AREA}.{module}", name, db, bus))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
