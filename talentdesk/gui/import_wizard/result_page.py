"""Step 4: what the import did, and the error workbooks for the schools."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWizardPage

from talentdesk.gui.import_wizard.save_errors import save_error_workbooks
from talentdesk.importing import plan as P


class ResultPage(QWizardPage):
    def __init__(self, wizard_state, parent=None):
        super().__init__(parent)
        self.state = wizard_state
        self.setTitle("导入完成")
        self.setFinalPage(True)
        self.summary = QLabel()
        self.summary.setObjectName("result_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 12pt;")
        self.save_button = QPushButton("保存问题清单…")
        self.save_button.setObjectName("result_save_errors")
        self.save_button.clicked.connect(lambda: save_error_workbooks(self, self.state.plan))
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addLayout(row)
        lay.addStretch(1)

    def initializePage(self) -> None:
        res = self.state.result
        c = self.state.plan.counts()
        left = c[P.REJECTED] + c[P.HELD]
        lines = []
        if res is not None and res.batch_id is not None:
            from talentdesk.services.platform.imports import batch_number

            number = batch_number(self.state.db, res.batch_id)
            lines.append(
                f"已作为第 {number} 批导入：新增 {c[P.INSERT]} 行，修改 {c[P.UPDATE]} 行，"
                f"未变 {c[P.UNCHANGED]} 行，跳过 {c[P.SKIPPED]} 行。"
            )
            lines.append("如发现导入有误，可在“数据导入”页的导入记录中选中这一批，点“撤销此批次”。")
        else:
            lines.append("只保存了列的对应关系，没有写入数据。")
        if left:
            lines.append(
                f"<b style='color:#b42318'>有 {left} 行没有导入</b>（退回 {c[P.REJECTED]} 行，待定 {c[P.HELD]} 行）："
                "请点“保存问题清单…”，把问题清单发回学校修改后重新报送。"
            )
        self.summary.setText("<br><br>".join(lines))
        self.save_button.setEnabled(any(r.issues for r in self.state.plan.rows()))
