"""乡村从教: cumulative years in rural schools (breaks added, calendar months), the 国家/省/县 honour lists
(retirees included, longest first; a teacher is on every list reached whose certificate is not held yet) and the
certificates already given."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from talentdesk.domain.attrition import LEVELS
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.deployment import dialogs
from talentdesk.gui.deployment.common import ListDetail, ask_save_path, confirm, refresh_when_shown, status, warn
from talentdesk.services.deployment import rural as svc
from talentdesk.services.platform.settings import load_policy

ALL_RURAL = "全部有乡村任教经历的教师"
HEADERS = ("姓名", "身份证号", "性别", "状态", "编制学校", "乡村从教年限", "可列入", "已获证书")


class RuralTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.entries: dict[int, svc.Entry] = {}
        self.level_box = QComboBox()
        self.level_box.setObjectName("rural_level")
        self.level_box.currentIndexChanged.connect(lambda _i: self.show_rows())
        self.list = ListDetail(
            list(HEADERS), list(range(1, 9)), (70, 140, 40, 50, 160, 90, 60), detail=self.detail_html
        )
        self.list.view.setObjectName("rural_view")
        self.list.top.insertWidget(0, QLabel("名单："))
        self.list.top.insertWidget(1, self.level_box)
        self.list.add_button("登记已发证书", self.record, writes=True, db=db)
        self.list.add_button("撤销证书登记", self.unrecord, writes=True, db=db)
        self.list.add_button("导出 Excel", self.export)
        self.note = QLabel()
        self.note.setObjectName("rural_note")
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.list, 1)
        refresh_when_shown(self, bus, ("placements", "teachers", "schools", "settings", "all"), self.refresh)

    def refresh(self) -> None:
        policy = load_policy(self.db)
        entries = svc.compute(self.db, policy=policy)
        self.entries = {e.teacher_id: e for e in entries}
        current = self.level_box.currentData()
        self.level_box.blockSignals(True)
        self.level_box.clear()
        for lv in LEVELS:
            n = sum(1 for e in entries if lv in e.lists)
            self.level_box.addItem(f"{lv}级（满 {policy.rural_honour_years.get(lv, '?')} 年，{n} 人）", lv)
        self.level_box.addItem(ALL_RURAL, None)
        i = self.level_box.findData(current) if current else 0
        self.level_box.setCurrentIndex(max(i, 0))
        self.level_box.blockSignals(False)
        rural = "、".join(a for a, on in policy.rural_areas.items() if on) or "（无）"
        self.note.setText(
            f"乡村学校按城乡类型“{rural}”计（在“设置”中修改）；年限按编制学校与交流记录中实际任教的学校累计，"
            "中间离开的时间不计、前后相加，按自然月计算（满 N 年含 N 年整）。达到的每一级都列入，"
            "已获该级证书的不再列入该级；已获的证书一并列出，由教育局选择。"
        )
        self.show_rows()

    def show_rows(self) -> None:
        level = self.level_box.currentData()
        rows = [
            (
                e.teacher_id,
                e.name,
                e.id_masked,
                e.gender,
                e.status,
                e.school,
                e.years,
                "、".join(e.lists),
                "、".join(e.given),
            )
            for e in self.entries.values()
            if level is None or level in e.lists
        ]
        self.list.set_rows(rows)

    def detail_html(self, row) -> str:
        e = self.entries[row[0]]
        segs = "".join(f"<li>{a:%Y.%m}—{b:%Y.%m}　{escape(name)}</li>" for a, b, name in e.segments)
        given = "、".join(e.given) or "无"
        return (
            f"<h3>{escape(e.name)}</h3><p>乡村从教累计 <b>{e.years_text}</b>；已获证书：{escape(given)}</p>"
            f"<p>乡村任教经历：</p><ul>{segs}</ul>"
        )

    def record(self) -> None:
        rows = self.list.selected_rows()
        level = self.level_box.currentData()
        if not rows or level is None:
            warn(self, "登记已发证书", "请先在某一级名单中选择教师（可多选）")
            return
        dlg = dialogs.CertificateDialog(self.db, [r[0] for r in rows], level, self)
        if dlg.exec():
            status(self, f"已登记 {dlg.added} 人的{level}级证书")
            self.refresh()

    def unrecord(self) -> None:
        row = self.list.current_row()
        if row is None or not self.entries[row[0]].given:
            return
        level = self.entries[row[0]].given[0].split("（")[0]
        if confirm(self, "撤销证书登记", f"撤销 {row[1]} 的{level}级证书登记？"):
            try:
                svc.remove(self.db, row[0], level)
            except (UserError, ReadOnlyError) as e:
                warn(self, "撤销证书登记", str(e))
                return
            self.refresh()

    def export(self) -> None:
        from talentdesk.reports import deployment_tables

        path = ask_save_path(self, "导出乡村从教名单", "乡村从教荣誉人选名单.xlsx", "Excel 文件 (*.xlsx)")
        if path:
            try:
                deployment_tables.export(self.db, "rural-honour", path)
            except UserError as e:
                warn(self, "导出", str(e))
                return
            status(self, f"已导出乡村从教名单：{path}")
