"""人才梯队与后备库 tab: counts per tier (教坛新秀 → 特级教师, 正高级) and level, who moved up this year,
and the reserve pool (后备干部 / 后备名师) with entry, recommending school, status and exit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain.cultivation import RESERVE_POOLS, RESERVE_STATUS
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.common import ListTab, TeacherPicker, confirm, form_values, warn
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.tasks import Loader
from talentdesk.gui.widgets import FormGrid, code_combo, school_combo, school_id_of, set_combo_text
from talentdesk.reports import talent_tiers
from talentdesk.reports.params import Params
from talentdesk.services.cultivation import tiers as talent
from talentdesk.services.people import schools
from talentdesk.services.platform import settings

R = {n: i for i, n in enumerate(talent.RESERVE_COLUMNS)}
MOVED_HEADERS = ("姓名", "学校", "原称号", "新称号", "认定时间")


class ReserveDialog(QDialog):
    def __init__(self, db, entry_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.entry_id = db, entry_id
        self.setWindowTitle("后备人才")
        f = self.form = FormGrid(2)
        self.teacher = TeacherPicker(db)
        f.add("teacher_id", "教师", self.teacher, span=2, required=True)
        f.add("pool", "类别", code_combo(RESERVE_POOLS), required=True)
        f.add("status", "状态", code_combo(RESERVE_STATUS, blank=False))
        f.add("entered", "入库时间", QLineEdit())
        f.add("school_id", "推荐学校", school_combo(schools.choices(db)))
        f.add("exited", "出库时间", QLineEdit())
        f.add("exit_reason", "出库原因", QLineEdit())
        f.add("note", "备注", QLineEdit(), span=2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Save)], db)
        lay = QVBoxLayout(self)
        lay.addWidget(f)
        lay.addWidget(buttons)
        self.resize(720, 360)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if entry_id:
            self._load(talent.get_reserve(db, entry_id))

    def _load(self, e: dict) -> None:
        self.loaded, f = e, self.form
        self.teacher.set_teacher(e["teacher_id"])
        for k in ("pool", "status"):
            set_combo_text(f.fields[k], e[k])
        for k in ("entered", "exited"):
            f.fields[k].setText(e[k].iso() if e[k] else "")
        f.fields["exit_reason"].setText(e["exit_reason"] or "")
        f.fields["note"].setText(e["note"] or "")
        box = f.fields["school_id"]
        box.setCurrentIndex(max(box.findData(e["school_id"]), 0))

    def save(self) -> None:
        v = form_values(self.form)
        v["teacher_id"] = self.teacher.teacher_id()
        v["school_id"], problem = school_id_of(self.form.fields["school_id"])
        if problem:
            self.form.set_error("school_id", problem)
            return
        try:
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: talent.save_reserve(self.db, self.entry_id, v, **check),
                lambda: self._load(talent.get_reserve(self.db, self.entry_id)),
            )
            if saved is NOT_SAVED:
                return
            self.entry_id = saved
        except ValidationError as e:
            self.form.set_errors(e.problems)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


class ReserveList(ListTab):
    def __init__(self, db, bus, parent=None):
        shown = (
            "name",
            "id_masked",
            "school",
            "pool",
            "entered",
            "recommender",
            "status",
            "exited",
            "exit_reason",
            "backbone",
            "title",
        )
        super().__init__(
            talent.RESERVE_HEADERS, [R[k] for k in shown], (70, 150, 150, 70, 70, 150, 60, 70, 120, 110), parent
        )
        self.db, self.bus = db, bus
        self.pool = QComboBox()
        self.pool.addItems(["全部", *RESERVE_POOLS])
        self.pool.currentIndexChanged.connect(lambda _i: self.refresh())
        self.top.insertWidget(0, QLabel("后备人才库："))
        self.top.insertWidget(1, self.pool)
        self.add_button("入库", self.add, writes=True, db=db)
        self.add_button("编辑/出库", self.edit)
        self.add_button("删除", self.delete, writes=True, db=db)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.refresh()

    def refresh(self) -> None:
        pool = self.pool.currentText()
        self.set_rows(talent.reserve_rows(self.db, None if pool == "全部" else pool))

    def _run(self, dlg) -> None:
        self.run_dialog(dlg, Topic.RESERVE, "entry_id", "已保存后备人才记录", after=self.refresh)

    def add(self) -> None:
        self._run(ReserveDialog(self.db, None, self))

    def edit(self) -> None:
        eid = self.current_key()
        if eid is not None:
            self._run(ReserveDialog(self.db, eid, self))

    def delete(self) -> None:
        eid = self.current_key()
        if eid is None or not confirm(self, "删除", "确定删除这条后备人才记录吗？（出库请用“编辑/出库”改状态）"):
            return
        try:
            talent.delete_reserve(self.db, eid)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除", str(e))
            return
        self.refresh()


class TalentTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db = db
        self.tiers = RowsModel(list(talent_tiers.TIER_HEADERS), list(range(len(talent_tiers.TIER_HEADERS))), self)
        self.moved = RowsModel(list(MOVED_HEADERS), [1, 2, 3, 4, 5], self)
        self.tier_view, self.moved_view = QTableView(), QTableView()
        for v, m in ((self.tier_view, self.tiers), (self.moved_view, self.moved)):
            v.setModel(m)
            v.verticalHeader().setVisible(False)
            v.horizontalHeader().setStretchLastSection(True)
            v.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.moved_label = QLabel()
        self.share_label = QLabel()  # 名优教师 as a share of the serving teachers (the report's figure)
        self.share_label.setWordWrap(True)
        self.reserve = ReserveList(db, bus)
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addWidget(QLabel("人才梯队（在岗教师，按现有最高称号计一次；正高级教师另计）："))
        ul.addWidget(self.tier_view, 2)
        ul.addWidget(self.share_label)
        ul.addWidget(self.moved_label)
        ul.addWidget(self.moved_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.reserve)
        split.setSizes([380, 380])
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        bus.follow(self, self.refresh, Topic.TEACHERS, Topic.RESERVE)
        self.loader = Loader(self)
        self.refresh()

    def refresh(self) -> None:
        """The ladder counts every serving teacher's titles (seconds on a city): read on a worker (issue 16 §4)."""
        self.share_label.setText("正在统计人才梯队…")
        self.loader.load(self._read, self._show)
        self.reserve.refresh()

    def _read(self):  # on the worker: no widgets
        policy = settings.load_policy(self.db)
        report = talent_tiers.compute(self.db, Params(policy=policy))  # the report “tiers”, the same figures
        return policy, report, talent.tiers(self.db, counts=False)

    def _show(self, read) -> None:
        policy, report, data = read
        self.tiers.set_rows(report.main.rows)
        got = report.summary
        self.share_label.setText(
            f"名优教师 {got['famous']} 人，占在岗教师 {got['teachers']} 人的 "
            f"{talent_tiers.share(got['famous'], got['teachers']) or '—'}（{policy.famous_min_level}及以上的骨干教师、"
            "学科带头人、名师、特级教师和正高级教师，每人计一次；"
            "各学校的占比和名单见“统计报表 → 人才梯队与名优教师统计”）"
        )
        self.tier_view.setColumnWidth(0, 160)
        self.moved.set_rows(data["moved_up"])
        self.moved_label.setText(f"{data['year']} 年晋升称号的教师（{len(data['moved_up'])} 人）：")
