"""设置 page: the policy parameters (staffing ratios, 优质均衡 indicators, rotation, training…)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import codes
from talentdesk.domain.policy import CHOICES, FLAGS, LABELS, Policy
from talentdesk.errors import ReadOnlyError, ValidationError
from talentdesk.gui.bus import Topic
from talentdesk.gui.widgets import ERROR_STYLE, set_combo_text
from talentdesk.services.platform import settings as svc


def _num(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _value(w) -> str:
    if isinstance(w, QCheckBox):
        return "1" if w.isChecked() else "0"
    return w.currentText() if isinstance(w, QComboBox) else w.text().strip()


class SettingsPage(QWidget):
    title = "设置"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.edits: dict[str, object] = {}  # key → QLineEdit / QComboBox, or {sub: widget}
        self.errors: dict[str, QLabel] = {}
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(14)
        defaults = Policy().to_dict()
        for row, (key, label) in enumerate(LABELS.items()):
            grid.addWidget(QLabel(label + "："), row * 2, 0)
            default = defaults[key]
            line = QHBoxLayout()
            if isinstance(default, dict):
                subs = {}
                for n, sub in enumerate(default):
                    if n:
                        line.addSpacing(18)
                    if key in FLAGS:  # yes/no per item: a tick, not a 1/0 number
                        w = QCheckBox(sub)
                    else:
                        line.addWidget(QLabel(sub + "："))
                        w = QComboBox() if key == "required_degree" else QLineEdit()
                    if isinstance(w, QComboBox):
                        w.addItems(codes.DEGREE.labels)
                    elif isinstance(w, QLineEdit):
                        w.setMaximumWidth(90)
                    w.setObjectName(f"policy_{key}_{sub}")
                    line.addWidget(w)
                    subs[sub] = w
                self.edits[key] = subs
            else:
                if key in CHOICES:
                    w = QComboBox()
                    w.addItems(CHOICES[key])
                else:
                    w = QLineEdit()
                    w.setMaximumWidth(90)
                w.setObjectName(f"policy_{key}")
                line.addWidget(w)
                self.edits[key] = w
            line.addStretch(1)
            grid.addLayout(line, row * 2, 1)
            err = QLabel()
            err.setStyleSheet(ERROR_STYLE)
            err.hide()
            grid.addWidget(err, row * 2 + 1, 1)
            self.errors[key] = err
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(LABELS) * 2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        head = QLabel("政策参数")
        head.setStyleSheet("font-size: 16pt; font-weight: bold;")
        hint = QLabel("这些参数用于编制核算、优质均衡指标、交流轮岗和培训统计。比例按小数填写（如 10% 填 0.1）。")
        hint.setWordWrap(True)
        self.state = QLabel()
        save, reset = QPushButton("保存"), QPushButton("恢复默认")
        save.clicked.connect(self.save)
        reset.clicked.connect(self.reset)
        save.setEnabled(not db.read_only)
        reset.setEnabled(not db.read_only)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(reset)
        bottom.addWidget(save)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(hint)
        lay.addWidget(scroll, 1)
        lay.addLayout(bottom)
        bus.follow(self, self.load, Topic.SETTINGS)
        self.load()

    def load(self) -> None:
        self.show_policy(svc.load_policy(self.db))

    def show_policy(self, policy: Policy) -> None:
        data = policy.to_dict()
        for key, w in self.edits.items():
            if isinstance(w, dict):
                for sub, e in w.items():
                    v = data[key].get(sub)
                    if isinstance(e, QCheckBox):
                        e.setChecked(bool(v))
                    elif isinstance(e, QComboBox):
                        set_combo_text(e, v)
                    else:
                        e.setText(_num(v))
            elif isinstance(w, QComboBox):
                set_combo_text(w, data[key])
            else:
                w.setText(_num(data[key]))
        for err in self.errors.values():
            err.hide()

    def values(self) -> dict:
        out = {}
        for key, w in self.edits.items():
            if isinstance(w, dict):
                out[key] = {sub: _value(e) for sub, e in w.items()}
            else:
                out[key] = w.currentText() if isinstance(w, QComboBox) else w.text().strip()
        return out

    def save(self) -> None:
        try:
            policy = svc.save_policy(self.db, self.values())
        except ValidationError as e:
            for key, err in self.errors.items():
                msgs = [
                    f"{k.split('.', 1)[1]}：{m}" if "." in k else m
                    for k, m in e.problems.items()
                    if k == key or k.startswith(key + ".")
                ]
                err.setText("；".join(msgs))
                err.setVisible(bool(msgs))
            self.state.setText("请改正标红的项目后再保存")
            return
        except ReadOnlyError as e:
            QMessageBox.warning(self, "不能保存", str(e))
            return
        self.show_policy(policy)
        self.state.setText("已保存")
        self.bus.notify(Topic.SETTINGS)

    def reset(self) -> None:
        answer = QMessageBox.question(
            self,
            "恢复默认",
            "把全部政策参数恢复为默认值吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.show_policy(svc.reset_policy(self.db))
        self.state.setText("已恢复默认值")
        self.bus.notify(Topic.SETTINGS)
