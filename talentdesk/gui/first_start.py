"""First start that leads somewhere (issue 14 §7): on an empty database the clerk chooses 打开演示县 (the
default), 新建本县数据库 (county name, 填报单位, then the school list imported or entered, and login accounts
offered, skippable) or 打开已有数据库. 文件 → 新建数据库… uses the same set-up form for a new file, 文件 →
打开演示县 opens the demo county's own file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from talentdesk import config
from talentdesk.errors import UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.tasks import Cancelled, run_with_progress
from talentdesk.gui.widgets import ERROR_STYLE
from talentdesk.services.accounts import access
from talentdesk.services.people import teachers as teacher_svc
from talentdesk.services.platform import county_setup

DEMO, NEW, OPEN = "demo", "new", "open"
DEMO_FILE = "演示县.db"
SCHOOLS_IMPORT, SCHOOLS_ENTER, SCHOOLS_LATER = "import", "enter", "later"
LATER_HINT = (
    "数据库中还没有学校和教师：用“文件 → 新建数据库…”建立本县的数据库，“文件 → 打开演示县”先熟悉功能，"
    "或在“数据导入”页导入学校报来的名单。"
)


def demo_path() -> Path:
    """The demo county lives in a file of its own, never mixed with the county's real data."""
    return config.paths().data / DEMO_FILE


class FirstStartDialog(QDialog):
    """Three ways to start; CHOICE is DEMO, NEW or OPEN once chosen, None after 以后再说."""

    CHOICES = (
        (
            DEMO,
            "打开演示县",
            "一个虚构的“青禾县”（几十所学校、约 3,000 名教师），用来熟悉各项功能；"
            "保存在单独的文件中，不会混入正式数据。",
        ),
        (NEW, "新建本县数据库", "填写县（市、区）名称和填报单位，再导入或录入学校名单，开始正式使用。"),
        (OPEN, "打开已有数据库…", "打开局里已有的数据库文件（服务器数据库在“设置 → 数据库”中连接）。"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("欢迎使用教育人才工作台")
        self.choice: str | None = None
        lay = QVBoxLayout(self)
        head = QLabel("数据库中还没有学校和教师。请选择怎样开始：")
        head.setStyleSheet("font-size: 13pt; font-weight: bold;")
        lay.addWidget(head)
        self.buttons: dict[str, QPushButton] = {}
        for key, title, note in self.CHOICES:
            b = QPushButton(title)
            b.setObjectName(key)
            b.setMinimumHeight(38)
            b.setStyleSheet("font-size: 12pt; font-weight: bold; text-align: left; padding: 4px 14px;")
            b.clicked.connect(lambda _=False, k=key: self._choose(k))
            text = QLabel(note)
            text.setWordWrap(True)
            text.setStyleSheet("color: #555; margin: 0 0 8px 16px;")
            lay.addWidget(b)
            lay.addWidget(text)
            self.buttons[key] = b
        later = QPushButton("以后再说")
        later.setObjectName("later")
        later.setAutoDefault(False)
        later.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(later)
        lay.addLayout(row)
        self.buttons[DEMO].setDefault(True)  # Enter: the demo county, as the README promises on first start
        self.buttons[DEMO].setFocus()
        self.setMinimumWidth(520)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()


class NewCountyDialog(QDialog):
    """The county's own database: name, 填报单位, where the schools come from, login accounts.
    ASK_FILE: where to save a new file (文件 → 新建); else the empty database open now is set up."""

    def __init__(self, parent=None, *, ask_file: bool = False, accounts_offered: bool = True):
        super().__init__(parent)
        self.setWindowTitle("新建本县数据库")
        form = QFormLayout()
        self.county = QLineEdit()
        self.county.setObjectName("county")
        self.county.setPlaceholderText("如 青禾县")
        self.unit = QLineEdit()
        self.unit.setObjectName("unit")
        self.unit.setPlaceholderText("如 青禾县教育和体育局（打印在每张报表上）")
        self._unit_typed = self._file_typed = False
        self.county.textChanged.connect(self._suggest)
        self.unit.textEdited.connect(lambda _t: setattr(self, "_unit_typed", True))
        form.addRow("县（市、区）名称：", self.county)
        form.addRow("填报单位：", self.unit)
        self.file: QLineEdit | None = None
        if ask_file:
            self.file = QLineEdit()
            self.file.setObjectName("file")
            self.file.textEdited.connect(lambda _t: setattr(self, "_file_typed", True))
            browse = QPushButton("选择…")
            browse.setAutoDefault(False)
            browse.clicked.connect(self._browse)
            row = QHBoxLayout()
            row.addWidget(self.file, 1)
            row.addWidget(browse)
            form.addRow("保存为：", row)
        box = QGroupBox("学校名单")
        blay = QVBoxLayout(box)
        self.school_group = QButtonGroup(self)
        for key, text in (
            (SCHOOLS_IMPORT, "导入学校名单（Excel 表格；“数据导入”页可下载空白模板）"),
            (SCHOOLS_ENTER, "逐个录入学校"),
            (SCHOOLS_LATER, "以后再说"),
        ):
            r = QRadioButton(text)
            r.setObjectName(f"schools_{key}")
            r.setProperty("key", key)
            self.school_group.addButton(r)
            blay.addWidget(r)
        self.school_group.buttons()[0].setChecked(True)
        self.accounts = QCheckBox("设置登录账户（推荐；只有您一人使用这台电脑时可以不设，以后在“设置 → 用户”中添加）")
        self.accounts.setObjectName("accounts")
        self.accounts.setChecked(True)
        self.accounts.setVisible(accounts_offered)
        self._accounts_offered = accounts_offered
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.next_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.next_button.setText("下一步")
        self.next_button.setObjectName("next")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(box)
        lay.addWidget(self.accounts)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(560)

    def _suggest(self, text: str) -> None:
        if not self._unit_typed:
            self.unit.setText(county_setup.suggested_unit(text))
        if self.file is not None and not self._file_typed:
            self.file.setText(str(config.paths().data / f"{text.strip()}.db") if text.strip() else "")

    def _browse(self) -> None:
        if self.file is None:
            return
        current = Path(self.file.text() or config.paths().data / "本县.db")
        name = file_dialogs.save_path(
            self,
            "database",
            "新建数据库",
            current.name,
            "TalentDesk 数据库 (*.db)",
            suffix=".db",
            default=current.parent,
        )
        if name:
            self.file.setText(name)
            self._file_typed = True

    def values(self) -> dict:
        return {
            "county": self.county.text().strip(),
            "unit": self.unit.text().strip(),
            "file": self.file.text().strip() if self.file is not None else None,
            "schools": checked.property("key") if (checked := self.school_group.checkedButton()) else None,
            "accounts": self._accounts_offered and self.accounts.isChecked(),
        }

    def submit(self) -> None:
        v = self.values()
        problem = (
            "请填写县（市、区）名称"
            if not v["county"]
            else "请填写填报单位（打印在每张报表上）"
            if not v["unit"]
            else "请选择新数据库保存在哪里"
            if self.file is not None and not v["file"]
            else f"文件“{v['file']}”已经存在：请换一个名称，或用“文件 → 打开数据库…”打开它"
            if v["file"] and Path(v["file"]).expanduser().exists()
            else ""
        )
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()


def ask(window) -> str | None:
    """The clerk's choice in the first-start dialog (None: 以后再说)."""
    dlg = FirstStartDialog(window)
    window._first_start = dlg  # referenced while it runs
    dlg.exec()
    return dlg.choice


def offer(window, choose: Callable[[object], str | None] | None = None) -> str | None:
    """On an empty, writable database: the guided choice (CHOOSE(window), default ask: the dialog), then what
    was chosen is done. Returns the choice (None: 以后再说, or nothing offered)."""
    if window.db.read_only or not county_setup.is_empty(window.db):
        return None
    choice = (choose or ask)(window)
    if choice == DEMO:
        open_demo(window)
    elif choice == NEW:
        new_county(window, here=True)
    elif choice == OPEN:
        window.choose_database()
    if county_setup.is_empty(window.db):
        window.statusBar().showMessage(LATER_HINT)  # stays until another message: the empty table says why
    return choice


def open_demo(window) -> dict | None:
    """Open (first: create) the demo county in its own file, opened again on the next start."""
    path = demo_path()
    current = Path(window.db.path).resolve() if window.db.path else None
    if current != path.resolve() and not window.switch_database(path):
        return None
    db = window.db
    summary = None
    if teacher_svc.count(db) == 0:
        from talentdesk.services import demo

        try:
            summary = run_with_progress(
                window, "正在创建演示县…", lambda progress: demo.generate(db, size="county", progress=progress)
            )
        except Cancelled:
            window.statusBar().showMessage("已取消创建演示县。", 10_000)
            return None
        except UserError as e:
            QMessageBox.warning(window, "创建演示县", e.message)
            return None
        window.refresh_all()
    _remember(path)
    window.statusBar().showMessage("这是虚构的演示县“青禾县”。正式使用请选“文件 → 新建数据库…”。", 30_000)
    return summary


def new_county(window, *, here: bool = False) -> bool:
    """Set up the county's own database: HERE the empty one open now, else a new file (文件 → 新建数据库…)."""
    from talentdesk.gui.security.login import CreateAdminDialog

    if here and not county_setup.is_empty(window.db):
        here = False  # a database in use is never renamed by the set-up form: a new file instead
    dlg = NewCountyDialog(window, ask_file=not here, accounts_offered=not (here and access.has_accounts(window.db)))
    window._first_start = dlg
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return False
    v = dlg.values()
    if not here and not window.switch_database(Path(v["file"]).expanduser()):
        return False  # told why; a shared folder required its administrator before opening
    db = window.db
    try:
        county_setup.set_up(db, v["county"], v["unit"])
    except UserError as e:
        QMessageBox.warning(window, "新建本县数据库", e.message)
        return False
    if db.path:
        _remember(db.path)
    if v["accounts"] and not access.has_accounts(db):  # one step, skippable (暂不设置)
        admin = CreateAdminDialog(db, window, optional=True)
        window._first_start = admin
        admin.exec()
    window.refresh_all()
    window.statusBar().showMessage(f"已建立“{v['county']}”的数据库，填报单位：{v['unit']}。", 20_000)
    from talentdesk.gui.main_window import PAGES

    if v["schools"] == SCHOOLS_IMPORT:
        window.show_page(PAGES.index("数据导入"))
        window.page("数据导入").start_import()
    elif v["schools"] == SCHOOLS_ENTER:
        window.show_page(PAGES.index("学校"))
        window.page("学校").open_school(None)
    return True


def _remember(path) -> None:
    """Open PATH on the next start, and list it under 文件 → 最近使用的数据库."""
    from talentdesk.services.platform import workspace

    workspace.remember_choice(Path(path))
    config.add_recent_database(path)
