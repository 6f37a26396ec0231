"""人编一致: serving teachers whose working school and post school do not agree in order, with the
changes that would make each case consistent; the ones that can be done here are buttons."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.deployment.common import ListDetail, confirm, refresh_when_shown, status, warn
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.services.deployment import consistency as svc

C = {n: i for i, n in enumerate(svc.COLUMNS)}
HEADERS = [
    ("姓名", "name"),
    ("身份证号", "id_masked"),
    ("编制学校", "post_school"),
    ("工作学校", "work_school"),
    ("问题", "problem"),
    ("可采取的处理", "changes"),
]


class ConsistencyTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.list = ListDetail(
            [h for h, _ in HEADERS], [C[k] for _, k in HEADERS], (70, 140, 150, 150, 330), detail=self.detail_html
        )
        self.list.view.setObjectName("consistency_view")
        self.list.add_button("刷新", self.refresh)
        self.actions = QWidget()
        self.actions_lay = QVBoxLayout(self.actions)
        self.actions_lay.setContentsMargins(0, 0, 0, 0)
        self.list.splitter.widget(1).setParent(None)
        side = QWidget()
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(0, 0, 0, 0)
        side_lay.addWidget(self.list.detail, 1)
        side_lay.addWidget(QLabel("处理："))
        side_lay.addWidget(self.actions)
        self.list.splitter.addWidget(side)
        self.list.splitter.setStretchFactor(1, 1)
        self.list.selected.connect(self.show_actions)
        self.summary = QLabel()
        self.summary.setObjectName("consistency_summary")
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.list, 1)
        refresh_when_shown(self, bus, ("placements", "teachers", "schools", "settings", "all"), self.refresh)

    def refresh(self) -> None:
        rows = svc.find(self.db)
        self.list.set_rows(rows)
        people = len({r.teacher_id for r in rows})
        self.summary.setText(
            f"人编不一致 {people} 人、{len(rows)} 项。选中一行，在右侧执行建议的处理；借调期限等在“设置”中修改。"
            if rows
            else "全县在岗教师人编一致，没有需要处理的情况。"
        )

    def detail_html(self, row) -> str:
        issue = row.issue
        items = "".join(f"<li>{escape(c.label)}</li>" for c in issue.changes)
        return (
            f"<h3>{escape(row.name)}</h3><p>编制学校：{escape(row.post_school or '（无）')}<br>"
            f"工作学校：{escape(row.work_school or '（无）')}</p>"
            f"<p style='color:#c0392b'>{escape(row.problem)}</p><p>使其一致的办法：</p><ol>{items}</ol>"
        )

    def show_actions(self, row) -> None:
        while self.actions_lay.count():
            w = self.actions_lay.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        if row is None:
            return
        for change in row.issue.changes:
            if change.action is None:
                continue
            b = QPushButton(change.label)
            apply_read_only([b], self.db)
            b.clicked.connect(lambda _c=False, ch=change, r=row: self.apply(r, ch))
            self.actions_lay.addWidget(b)

    def apply(self, row, change) -> None:
        if not confirm(self, "人编一致", f"{row.name}：{change.label}？"):
            return
        try:
            done = svc.apply(self.db, row.teacher_id, change)
        except (UserError, ReadOnlyError) as e:
            warn(self, "人编一致", str(e))
            return
        status(self, f"{row.name}：{done}")
        self.bus.notify(Topic.TEACHERS)
