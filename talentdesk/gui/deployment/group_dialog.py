"""The school group dialog (学校分组, issue 22 §3): a name, the attributes the group's schools share (城乡类型,
办学类型 ticked; 乡镇, 区县 typed, joined by 、) and schools picked by hand; the schools it holds are counted live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import codes
from talentdesk.domain.attrition import SchoolGroup
from talentdesk.gui.deployment.dialogs import FormDialog
from talentdesk.services.deployment import school_groups as svc
from talentdesk.services.people import schools


def _ticks(labels) -> tuple[QWidget, list[QCheckBox]]:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    ticks = []
    for label in labels:
        t = QCheckBox(label)
        ticks.append(t)
        row.addWidget(t)
    row.addStretch(1)
    return box, ticks


class GroupDialog(FormDialog):
    """Create (GROUP None) or change a school group."""

    def __init__(self, db, group: SchoolGroup | None, parent=None):
        super().__init__("学校分组" if group else "新增学校分组", parent, columns=1)
        self.db, self.group = db, group
        f = self.form
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 城区直属学校、乡村学校")
        f.add("name", "分组名称", self.name, required=True)
        areas, self.area_ticks = _ticks(codes.AREA.labels)
        f.add("areas", "城乡类型", areas)
        kinds, self.kind_ticks = _ticks(codes.SCHOOL_KIND.labels)
        f.add("kinds", "办学类型", kinds)
        self.townships = QLineEdit()
        self.townships.setPlaceholderText("用顿号分隔，空着即不限；已有：" + "、".join(schools.townships(db)[:8]))
        f.add("townships", "乡镇（街道）", self.townships)
        self.counties = QLineEdit()
        self.counties.setPlaceholderText("市级数据库按区县分组时填写，用顿号分隔")
        f.add("counties", "区县", self.counties)
        self.picked = QListWidget()
        self.picked.setMaximumHeight(220)
        for sid, name in schools.choices(db):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, sid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.picked.addItem(item)
        f.add("school_ids", "另行指定学校", self.picked)
        self.note = QLineEdit()
        f.add("note", "说明", self.note)
        self.count = QLabel()
        f.add("count", "分组内学校", self.count)
        hint = QLabel("各条件须同时满足（同一条件内任选其一）；勾选的学校无论条件如何都在分组内。")
        hint.setWordWrap(True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, hint)
        if group is not None:
            self.name.setText(group.name)
            for t in self.area_ticks:
                t.setChecked(t.text() in group.areas)
            for t in self.kind_ticks:
                t.setChecked(t.text() in group.kinds)
            self.townships.setText("、".join(group.townships))
            self.counties.setText("、".join(group.counties))
            self.note.setText(group.note or "")
            for i in range(self.picked.count()):
                item = self.picked.item(i)
                if item.data(Qt.ItemDataRole.UserRole) in group.school_ids:
                    item.setCheckState(Qt.CheckState.Checked)
        for t in (*self.area_ticks, *self.kind_ticks):
            t.toggled.connect(lambda _b: self.update_count())
        self.townships.textChanged.connect(lambda _t: self.update_count())
        self.counties.textChanged.connect(lambda _t: self.update_count())
        self.picked.itemChanged.connect(lambda _i: self.update_count())
        self.resize(760, 520)
        self.update_count()

    def values(self) -> dict:
        return dict(
            name=self.name.text(),
            areas=[t.text() for t in self.area_ticks if t.isChecked()],
            kinds=[t.text() for t in self.kind_ticks if t.isChecked()],
            townships=self.townships.text(),
            counties=self.counties.text(),
            school_ids=[
                self.picked.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.picked.count())
                if self.picked.item(i).checkState() == Qt.CheckState.Checked
            ],
            note=self.note.text(),
        )

    def update_count(self) -> None:
        v = self.values()
        split = [x.strip() for x in v["townships"].replace("，", "、").split("、") if x.strip()]
        counties = [x.strip() for x in v["counties"].replace("，", "、").split("、") if x.strip()]
        g = SchoolGroup(
            "",
            tuple(v["areas"]),
            tuple(v["kinds"]),
            tuple(split),
            tuple(counties),
            school_ids=frozenset(v["school_ids"]),
        )
        self.count.setText(f"{sum(1 for sid in svc.members_of(self.db, g))} 所（{g.describe()}）")

    def save(self) -> bool:
        self.saved_id = svc.save_group(self.db, self.group.id if self.group else None, self.values())
        return True
