"""交流记录: every placement and transfer; add, change, end, delete (with undo), 调动, and where a
teacher worked on any date."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QInputDialog, QVBoxLayout, QWidget

from talentdesk.domain.dates import DateError, parse_loose
from talentdesk.domain.deployment import period_start
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.deployment import dialogs
from talentdesk.gui.deployment.common import ListDetail, confirm, inform, refresh_when_shown, status, warn
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.services.deployment import placements as svc

C = {n: i for i, n in enumerate(svc.COLUMNS)}
HEADERS = [
    ("姓名", "name"),
    ("身份证号", "id_masked"),
    ("原学校", "from_school"),
    ("交流学校", "to_school"),
    ("方式", "kind"),
    ("开始", "start"),
    ("计划结束", "planned_end"),
    ("实际结束", "actual_end"),
    ("状态", "status"),
    ("批次", "batch"),
]
WIDTHS = (70, 140, 150, 150, 70, 80, 80, 80, 70, 140)


def overdue(row) -> bool:
    """Still 在岗 past its planned end: the clerk should record the return or the extension."""
    end = row.planned_end
    return (
        row.status in ("在岗", "已审批")
        and not row.actual_end
        and bool(end)
        and end < dt.date.today().isoformat()[: len(end)]
    )


def ask_date(parent, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, text=dt.date.today().isoformat())
    return text if ok else None


class PlacementsTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self._undo: dict | None = None
        self.list = ListDetail(
            [h for h, _ in HEADERS],
            [C[k] for _, k in HEADERS],
            WIDTHS,
            filter_label="方式",
            filter_pos=C["kind"],
            detail=self.detail_html,
            mark=overdue,
        )
        self.list.view.setObjectName("placement_view")
        ro = dict(writes=True, db=db)
        self.list.add_button("新增交流", self.add, **ro)
        self.list.add_button("办理调动", self.transfer, tip="编制转入另一所学校", **ro)
        self.list.add_button("修改", self.edit, **ro)
        self.list.add_button("登记结束", self.end, **ro)
        self.list.add_button("删除", self.delete, **ro)
        self.undo_button = self.list.add_button("撤销删除", self.undo_delete)
        self.undo_button.hide()
        self.list.add_button("某日工作学校", self.where_on)
        self.list.view.doubleClicked.connect(lambda _i: self.edit())
        lay = QVBoxLayout(self)
        lay.addWidget(self.list)
        refresh_when_shown(self, bus, ("placements", "teachers", "schools", "all"), self.refresh)

    def refresh(self) -> None:
        self.list.set_rows(svc.list_rows(self.db))

    def detail_html(self, row) -> str:
        tid = row.teacher_id
        others = svc.list_rows(self.db, teacher_id=tid)
        where = svc.working_school_on(self.db, tid, dt.date.today())
        lines = [
            f"<h3>{escape(row.name)}　<small>{escape(row.id_masked)}</small></h3>",
            f"<p>今天的工作学校：<b>{escape(where[1]) if where else '（无记录）'}</b></p>",
            f"<p><b>{escape(row.kind)}</b>：{escape(row.from_school or '—')} → "
            f"{escape(row.to_school)}<br>{row.start} 至 "
            f"{row.actual_end or row.planned_end or '…'}"
            f"（{escape(row.status)}）<br>人事关系转移：{row.moves_relation}"
            + (f"<br>批次：{escape(row.batch)}" if row.batch else "")
            + (f"<br>备注：{escape(row.note)}" if row.note else "")
            + "</p>",
        ]
        if overdue(row):
            lines.append("<p style='color:#c0392b'>计划结束日期已过，尚未登记返回或延期。</p>")
        if len(others) > 1:
            lines.append("<p><b>该教师的全部交流与调动</b></p><ul>")
            for r in others:
                lines.append(f"<li>{r.start} {escape(r.kind)} → {escape(r.to_school)}（{escape(r.status)}）</li>")
            lines.append("</ul>")
        return "".join(lines)

    def _done(self, text: str) -> None:
        status(self, text)
        self.bus.notify(Topic.TEACHERS)

    def add(self) -> None:
        dlg = dialogs.PlacementDialog(self.db, None, self)
        if dlg.exec():
            self._done("已新增交流记录")
            self.list.select_key(dlg.saved_id)

    def transfer(self) -> None:
        dlg = dialogs.TransferDialog(self.db, self)
        if dlg.exec():
            self._done("已办理调动：编制学校已变更")

    def edit(self) -> None:
        pid = self.list.current_key()
        if pid is None:
            return
        dlg = dialogs.PlacementDialog(self.db, pid, self)
        apply_read_only([dlg.buttons], self.db)
        if dlg.exec():
            self._done("已保存交流记录")

    def end(self) -> None:
        pid = self.list.current_key()
        if pid is None:
            return
        dlg = dialogs.EndDialog(self.db, pid, self)
        if dlg.exec():
            self._done("已登记交流结束")

    def delete(self) -> None:
        row = self.list.current_row()
        if row is None:
            return
        if not confirm(self, "删除交流记录", f"确定删除 {row.name} 的这条{row.kind}记录吗？\n删除后可撤销。"):
            return
        try:
            self._undo = svc.delete(self.db, row.id)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除交流记录", str(e))
            return
        self.undo_button.show()
        QTimer.singleShot(120_000, self.undo_button.hide)
        self._done(f"已删除 {row.name} 的{row.kind}记录，可点“撤销删除”恢复")

    def undo_delete(self) -> None:
        if not self._undo:
            return
        snap, self._undo = self._undo, None
        svc.restore(self.db, snap)
        self.undo_button.hide()
        self._done("已恢复交流记录")

    def where_on(self) -> None:
        row = self.list.current_row()
        if row is None:
            warn(self, "某日工作学校", "请先选择一名教师的交流记录")
            return
        text = ask_date(self, "某日工作学校", f"{row.name}：查询哪一天的工作学校？（如 2020-03-01）")
        if not text:
            return
        try:
            day = period_start(parse_loose(text))
        except DateError as e:
            warn(self, "某日工作学校", str(e))
            return
        where = svc.working_school_on(self.db, row.teacher_id, day)
        inform(self, "某日工作学校", f"{row.name} 在 {day:%Y-%m-%d} 的工作学校：{where[1] if where else '没有记录'}")
