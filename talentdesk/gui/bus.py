"""One application-wide "data changed" signal, with typed topics and one way for a page or tab to follow it.

    bus.notify(Topic.TEACHERS)                                   # after a save: what changed
    bus.follow(self, self.refresh, Topic.TEACHERS, Topic.SCHOOLS)  # refresh on these (and on Topic.ALL)
    bus.follow(self, self.refresh, Topic.RECRUITMENT, lazy=True, stale=True)  # hidden: refresh when next shown

A topic that is not a Topic is refused (ValueError), so a misspelt topic fails at once instead of leaving a page
silently out of date. The signal carries the topic's value (a str; Topic is a StrEnum, so it compares equal).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget


class Topic(StrEnum):
    """What changed."""

    ALL = "all"  # after an import, an undo, F5, a restore: everything
    TEACHERS = "teachers"
    SCHOOLS = "schools"
    SETTINGS = "settings"  # policy parameters, paper settings, the 填报单位
    IMPORTS = "imports"  # import batches (done or undone)
    PAIRINGS = "pairings"
    STUDIOS = "studios"
    TRAINING = "training"
    RESERVE = "reserve"  # the talent reserve pool (后备人才库)
    PLACEMENTS = "placements"
    RECRUITMENT = "recruitment"
    LEADERS = "leaders"  # post records (职务) and school leadership
    ACTIVITIES = "activities"  # the activity register (送教下乡, 联片教研 …) and its list of kinds
    SCHOOL_PAIRINGS = "school_pairings"  # school-to-school pairings (城乡一体化, 教共体 …) and their list of kinds
    COMPETITIONS = "competitions"  # teaching competitions, entrants and results (awards: honours)
    PROGRAMMES = "programmes"  # talent and cultivation programmes (万人计划, 培养对象 …) and their members
    DEGREE_STUDY = "degree_study"  # 学历提升 (专升本, 攻读硕士/博士); a graduation changes the education history
    ROLES = "roles"  # research roles (兼职教研员, 蒲公英导师 …) and their list of names (issue 21 §4)
    RESEARCH = "research"  # research projects (课题) and their groups


class Follower(QObject):
    """Calls REFRESH when one of its topics changes. Not LAZY: at once. LAZY: at once if the widget is on screen,
    else when it is next shown (hidden tabs do no work). STALE: also when first shown. A child of the widget:
    it is disconnected when the widget goes."""

    def __init__(self, widget: QWidget, topics, refresh: Callable[[], object], *, lazy: bool, stale: bool):
        super().__init__(widget)
        self.widget, self.refresh, self.lazy, self.stale = widget, refresh, lazy, stale
        self.topics = frozenset({Topic.ALL, *(Topic(t) for t in topics)})
        if lazy or stale:
            widget.installEventFilter(self)

    def changed(self, what: str) -> None:
        if what not in self.topics:
            return
        if not self.lazy or self.widget.isVisible():
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return False


class DataBus(QObject):
    changed = Signal(str)  # the value of the Topic that changed

    def notify(self, what: Topic | str = Topic.ALL) -> None:
        self.changed.emit(Topic(what).value)

    def follow(
        self, widget: QWidget, refresh: Callable[[], object], *topics: Topic | str, lazy: bool = False, stale=False
    ) -> Follower:
        """Call REFRESH when one of TOPICS (or Topic.ALL) changes; see Follower for LAZY and STALE."""
        follower = Follower(widget, topics, refresh, lazy=lazy, stale=stale)
        self.changed.connect(follower.changed)
        return follower
