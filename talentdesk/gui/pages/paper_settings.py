"""设置 → 报表与公示: the issuer (填报单位), the 监督电话 and 联系人 printed on every 公示名单, and whether PDFs
carry the “内部资料” watermark (issue 18 §3)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import ERROR_STYLE
from talentdesk.services.platform import paper_settings as svc


class PaperSettingsTab(QWidget):
    title = "报表与公示"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.unit, self.phone, self.contact = QLineEdit(), QLineEdit(), QLineEdit()
        self.unit.setObjectName("paper_unit")
        self.phone.setObjectName("paper_phone")
        self.contact.setObjectName("paper_contact")
        self.unit.setPlaceholderText("例如 青禾县教育和体育局（打印在每张报表上，也是公示名单的发布单位）")
        self.phone.setPlaceholderText("例如 0571-12345678（印在公示名单上，受理异议）")
        self.contact.setPlaceholderText("例如 人事股 王老师")
        self.watermark = QCheckBox("PDF 报表加“内部资料”斜向水印（取消后生成和打印时默认不加）")
        self.watermark.setObjectName("paper_watermark")
        self.errors = {k: QLabel() for k in ("unit", "phone", "contact")}
        form = QFormLayout()
        for key, label, edit in (
            ("unit", "填报单位", self.unit),
            ("phone", "监督电话", self.phone),
            ("contact", "联系人", self.contact),
        ):
            self.errors[key].setStyleSheet(ERROR_STYLE)
            self.errors[key].hide()
            box = QVBoxLayout()
            box.addWidget(edit)
            box.addWidget(self.errors[key])
            form.addRow(label, box)
        form.addRow("", self.watermark)
        hint = QLabel(
            "公示名单（交流轮岗、师徒结对等）在文末印出发布单位、公示期和这里的监督电话、联系人；PDF 与 Excel 相同。"
        )
        hint.setWordWrap(True)
        self.state = QLabel()
        self.save_button = QPushButton("保存")
        self.save_button.clicked.connect(self.save)
        apply_read_only([self.save_button], db, "settings")
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addStretch(1)
        lay.addLayout(bottom)
        bus.follow(self, self.load, Topic.SETTINGS)
        self.load()

    def load(self) -> None:
        paper = svc.load(self.db)
        self.unit.setText(paper.unit)
        self.phone.setText(paper.phone)
        self.contact.setText(paper.contact)
        self.watermark.setChecked(paper.watermark)
        for err in self.errors.values():
            err.hide()

    def save(self) -> None:
        try:
            svc.save(
                self.db,
                unit=self.unit.text(),
                phone=self.phone.text(),
                contact=self.contact.text(),
                watermark=self.watermark.isChecked(),
            )
        except UserError as e:
            problems = getattr(e, "problems", {})
            for key, err in self.errors.items():
                err.setText(problems.get(key, ""))
                err.setVisible(key in problems)
            if not problems:
                QMessageBox.warning(self, "不能保存", str(e))
            self.state.setText("请改正标红的项目后再保存" if problems else "")
            return
        except ReadOnlyError as e:
            QMessageBox.warning(self, "不能保存", str(e))
            return
        self.load()
        self.state.setText("已保存")
        self.bus.notify(Topic.SETTINGS)
