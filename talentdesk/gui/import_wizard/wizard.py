"""The import wizard: choose files → check tables and columns → preview and correct → apply.
Building and applying the plan run on a worker thread with a cancellable progress dialog
(gui.tasks); the core is Qt-free and reports through a progress callback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from talentdesk.errors import UserError
from talentdesk.gui import fit
from talentdesk.gui.bus import Topic
from talentdesk.gui.import_wizard.files_page import FilesPage
from talentdesk.gui.import_wizard.mapping_page import MappingPage
from talentdesk.gui.import_wizard.preview_page import PreviewPage
from talentdesk.gui.import_wizard.result_page import ResultPage
from talentdesk.gui.tasks import Cancelled, run_with_progress
from talentdesk.importing.plan import build_plan
from talentdesk.services.platform import imports, settings


class WizardState:
    """What the pages share: the database, the plan being reviewed, the result of applying it."""

    def __init__(self, db, bus):
        self.db, self.bus = db, bus
        self.plan = None
        self.paths: list[str] = []
        self.result = None

    def build(self, parent, paths: list[str]) -> bool:
        db = self.db
        policy = settings.load_policy(db)
        try:
            self.plan = run_with_progress(
                parent, "正在读取和检查文件…", lambda progress: build_plan(db, paths, progress, policy=policy)
            )
        except Cancelled:
            return False
        except UserError as e:
            QMessageBox.warning(parent, "无法读取", e.message)
            return False
        self.paths = list(paths)
        self.result = None
        return True

    def apply(self, parent) -> None:
        db, plan = self.db, self.plan
        try:
            self.result = run_with_progress(
                parent, "正在导入…", lambda progress: imports.apply_plan(db, plan, progress=progress)
            )
        except Cancelled:
            self.result = None
            QMessageBox.information(parent, "已取消", "导入已取消，数据库没有任何改动。")
            return
        if self.bus is not None:
            self.bus.notify(Topic.ALL)


class ImportWizard(QWizard):
    FILES, MAPPING, PREVIEW, RESULT = range(4)

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.setWindowTitle("导入学校报送的表格")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.state = WizardState(db, bus)
        self.files_page = FilesPage()
        self.mapping_page = MappingPage(self.state)
        self.preview_page = PreviewPage(self.state)
        self.result_page = ResultPage(self.state)
        self.setPage(self.FILES, self.files_page)
        self.setPage(self.MAPPING, self.mapping_page)
        self.setPage(self.PREVIEW, self.preview_page)
        self.setPage(self.RESULT, self.result_page)
        self.files_page.validatePage = self._read_files
        fit.resize_within_screen(self, 1280, 800)  # 下一步/取消 stay on a 1366×768 laptop's screen

    def _read_files(self) -> bool:
        paths = self.files_page.paths()
        if self.state.plan is not None and paths == self.state.paths:
            return True  # back and forth without changing the files: keep the clerk's corrections
        return self.state.build(self, paths)

    @property
    def plan(self):
        return self.state.plan
