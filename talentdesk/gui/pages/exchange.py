"""数据交换 page (issue 10 §3): a county exports its data or the month's 人才数据月报 to one .tdpkg file for the
city (USB stick, no network); the city imports packages after seeing each one's manifest and checks; the list
of packages this database received. The city sends its policy parameters to counties the same way.
密钥 (issue 15 §4): this database's public key file to hand to the other side (fingerprint in groups, read out on
the phone), registering the other side's public key after confirming its fingerprint, the registered keys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.bus import Topic
from talentdesk.gui.security.roles import may, why_not
from talentdesk.gui.tasks import Cancelled, run_with_progress
from talentdesk.services.exchange import keys
from talentdesk.services.exchange import moves as exchange_moves
from talentdesk.services.exchange import packages as exchange

KEY_HEADERS = ("单位", "名称", "指纹", "登记时间")
KEY_FILTER = "公钥文件 (*.tdkey)"
PACKAGE_HEADERS = ("导入时间", "类型", "区县", "统计月份", "导出人", "导出时间", "导入人", "内容", "文件")
FILTER = "数据交换包 (*.tdpkg)"


class ExchangePage(QWidget):
    title = "数据交换"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.chosen: list[Path] = []
        head = QLabel("数据交换")
        head.setStyleSheet("font-size: 16pt; font-weight: bold;")
        intro = QLabel(
            "没有网络时，区县把本县数据或月报导出为一个数据包（.tdpkg），用 U 盘交给市局导入；市局也可以把"
            "政策参数发给区县。数据包由区县的密钥签名、加密给市局：只有登记过的区县发来的数据包才能导入，"
            "U 盘丢失也读不出内容。同一个数据包导入两次不会改变数据。"
        )
        intro.setWordWrap(True)

        out_box = QGroupBox("导出数据包")
        self.kind = QComboBox()
        self.kind.setObjectName("exchange_kind")
        for key, label in exchange.KINDS.items():
            self.kind.addItem(label, key)
        today = dt.date.today()
        self.period = QLineEdit(f"{today.year:04d}-{today.month:02d}")
        self.period.setObjectName("exchange_period")
        self.period.setPlaceholderText("YYYY-MM")
        self.period.setMaximumWidth(120)
        self.county = QLineEdit(exchange.remembered(db).get("county", ""))
        self.county.setObjectName("exchange_county")
        self.county.setPlaceholderText("例如 青禾县（市局发政策参数时填市名）")
        self.export_button = QPushButton("导出数据包…")
        self.export_button.setObjectName("exchange_export")
        self.export_button.clicked.connect(self.export)
        self.kind.currentIndexChanged.connect(lambda _i: self._update_export())
        form = QFormLayout()
        form.addRow("内容", self.kind)
        form.addRow("统计月份", self.period)
        form.addRow("本单位区县", self.county)
        orow = QHBoxLayout(out_box)
        orow.addLayout(form, 1)
        orow.addWidget(self.export_button)
        key_box = self._key_box()

        in_box = QGroupBox("导入数据包")
        self.choose_button = QPushButton("选择数据包…")
        self.choose_button.setObjectName("exchange_choose")
        self.choose_button.clicked.connect(self.choose)
        self.import_button = QPushButton("导入")
        self.import_button.setObjectName("exchange_import")
        self.import_button.setStyleSheet("font-weight: bold; padding: 4px 18px;")
        self.import_button.clicked.connect(self.import_chosen)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("exchange_preview")
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText("选择数据包后，这里显示数据包的清单和校验结果")
        irow = QHBoxLayout()
        irow.addWidget(self.choose_button)
        irow.addStretch(1)
        irow.addWidget(self.import_button)
        ilay = QVBoxLayout(in_box)
        ilay.addLayout(irow)
        ilay.addWidget(self.preview, 1)

        list_box = QGroupBox("已导入的数据包")
        self.packages = QTableWidget(0, len(PACKAGE_HEADERS))
        self.packages.setObjectName("exchange_packages")
        self.packages.setHorizontalHeaderLabels(PACKAGE_HEADERS)
        self.packages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.packages.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.packages.verticalHeader().hide()
        hh = self.packages.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(len(PACKAGE_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.moves_button = QPushButton("跨区县调动…")
        self.moves_button.setObjectName("exchange_moves_button")
        self.moves_button.clicked.connect(self.show_moves)
        llay = QVBoxLayout(list_box)
        lrow = QHBoxLayout()
        lrow.addStretch(1)
        lrow.addWidget(self.moves_button)
        llay.addLayout(lrow)
        llay.addWidget(self.packages)
        self._moves_dialog = None

        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(intro)
        top = QHBoxLayout()
        top.addWidget(out_box, 1)
        top.addWidget(key_box, 1)
        lay.addLayout(top)
        lay.addWidget(in_box, 1)
        lay.addWidget(list_box, 1)
        if bus is not None:
            bus.follow(self, self.refresh, Topic.IMPORTS, Topic.SETTINGS)
        self.refresh()

    # -- keys
    def _key_box(self) -> QGroupBox:
        box = QGroupBox("密钥")
        self.own_label = QLabel()
        self.own_label.setObjectName("exchange_own_key")
        self.own_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.role = QComboBox()
        self.role.setObjectName("exchange_role")
        for key, label in keys.ROLES.items():
            self.role.addItem(f"本单位是{label}", key)
        self.key_export_button = QPushButton("导出本机公钥…")
        self.key_export_button.setObjectName("exchange_key_export")
        self.key_export_button.clicked.connect(self.export_key)
        self.key_import_button = QPushButton("登记对方公钥…")
        self.key_import_button.setObjectName("exchange_key_import")
        self.key_import_button.clicked.connect(self.import_key)
        self.keys = QTableWidget(0, len(KEY_HEADERS))
        self.keys.setObjectName("exchange_keys")
        self.keys.setHorizontalHeaderLabels(KEY_HEADERS)
        self.keys.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.keys.verticalHeader().hide()
        self.keys.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.keys.horizontalHeader().setStretchLastSection(True)
        self.keys.setMaximumHeight(130)
        row = QHBoxLayout()
        row.addWidget(self.role)
        row.addWidget(self.key_export_button)
        row.addWidget(self.key_import_button)
        row.addStretch(1)
        lay = QVBoxLayout(box)
        lay.addWidget(self.own_label)
        lay.addLayout(row)
        lay.addWidget(self.keys)
        return box

    def refresh_keys(self) -> None:
        own = keys.own_public(self.db)
        if own is None:
            self.own_label.setText("本机密钥：尚未生成（导出本机公钥时生成）")
        else:
            away = "" if keys.own_key(self.db) else "（私钥不在这台电脑的这个账户上）"
            self.own_label.setText(f"本机密钥：{keys.ROLES[own.role]} {own.name}  指纹 {own.grouped}{away}")
            self.role.setCurrentIndex(self.role.findData(own.role))
        self.role.setEnabled(own is None)
        rows = keys.registered(self.db)
        self.keys.setRowCount(len(rows))
        for r, k in enumerate(rows):
            for c, v in enumerate((k["role_label"], k["name"], k["grouped"], k["registered_at"].replace("T", " "))):
                self.keys.setItem(r, c, QTableWidgetItem(v))
        allowed, reason = may(self.db, "settings"), why_not(self.db, "settings")
        self.key_import_button.setEnabled(allowed)
        self.key_import_button.setToolTip(reason or "登记对方单位交来的公钥文件（.tdkey），须与对方电话核对指纹")
        self.key_export_button.setEnabled(allowed or own is not None)
        self.key_export_button.setToolTip(
            reason if not (allowed or own is not None) else "把本库公钥保存为文件，交给对方登记"
        )

    def export_key(self) -> None:
        own = keys.own_public(self.db)
        name = own.name if own else self.county.text().strip()
        if not name:
            QMessageBox.warning(self, "无法导出", "请先在“本单位区县”中填写本单位名称（区县名，市局填市名）")
            return
        path = file_dialogs.save_path(self, "key", "保存本库公钥", f"{name}-公钥{keys.SUFFIX}", KEY_FILTER)
        if not path:
            return
        new = False
        if own is not None and keys.own_key(self.db) is None:
            answer = QMessageBox.question(
                self,
                "生成新密钥",
                f"本库密钥（指纹 {own.grouped}）的私钥不在这台电脑的这个账户上，不能用它签名或解密。\n\n"
                f"生成新密钥并导出新公钥？旧密钥随即作废，对方须重新登记新公钥（电话核对新指纹）。",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            new = True
        try:
            key = keys.export_public(self.db, path, role=None if own else self.role.currentData(), name=name, new=new)
        except (UserError, ReadOnlyError, OSError) as e:
            QMessageBox.warning(self, "无法导出", getattr(e, "message", None) or str(e))
            return
        self.refresh_keys()
        QMessageBox.information(
            self,
            "已导出本库公钥",
            f"已导出{keys.ROLES[key.role]}“{key.name}”的公钥：\n{path}\n\n"
            f"指纹：{key.grouped}\n\n请把文件交给对方登记，并在电话中向对方"
            f"念出这个指纹核对。公钥文件不含秘密。",
        )

    def import_key(self) -> None:
        path = file_dialogs.open_path(self, "key", "选择对方的公钥文件", KEY_FILTER)
        if not path:
            return
        try:
            key = keys.read_public(path)
        except UserError as e:
            QMessageBox.warning(self, "无法登记", e.message)
            return
        known = keys.county_key(self.db, key.name) if key.role == "county" else keys.city_key(self.db)
        replace = (
            f"\n\n注意：已登记过“{known.name}”的公钥（指纹 {known.grouped}），登记后旧公钥作废。"
            if known and known.fingerprint != key.fingerprint
            else ""
        )
        answer = QMessageBox.question(
            self,
            "核对指纹",
            f"{keys.ROLES[key.role]}：{key.name}\n\n指纹：{key.grouped}\n\n"
            f"请与对方电话核对：对方在其电脑上念出的指纹与上面完全一致，才登记这个公钥。{replace}\n\n"
            f"指纹一致，登记？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            keys.register(self.db, key, fingerprint=key.fingerprint)
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "无法登记", getattr(e, "message", None) or str(e))
            return
        self.refresh_keys()

    # -- export
    def export(self) -> None:
        kind, period, county = self.kind.currentData(), self.period.text().strip(), self.county.text().strip()
        try:
            period = exchange.period_text(period)
        except UserError as e:
            QMessageBox.warning(self, "无法导出", e.message)
            return
        if not county:
            QMessageBox.warning(self, "无法导出", "请填写本单位的区县名称")
            return
        path = file_dialogs.save_path(
            self, "package", "保存数据包", f"{county}-{exchange.KINDS[kind]}-{period}.tdpkg", FILTER
        )
        if not path:
            return
        # in-function: the report catalogue loads every report module; only a package export needs it
        from talentdesk.reports import monthly_package

        try:
            m = run_with_progress(
                self,
                "正在导出数据包",
                lambda progress: exchange.export(
                    self.db,
                    kind,
                    period,
                    path,
                    county=county,
                    progress=progress,
                    monthly_figures=monthly_package.figures,
                ),
            )
        except Cancelled:
            return
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "无法导出", getattr(e, "message", str(e)))
            return
        rows = sum((m.get("counts") or {}).values())
        QMessageBox.information(
            self,
            "已导出",
            f"已导出数据交换包（{exchange.KINDS[kind]}，{county} {period}，{rows} 行）：\n"
            f"{m['path']}\n\n校验值：{m['manifest_sha256']}",
        )

    # -- import
    def choose(self) -> None:
        files = file_dialogs.open_paths(self, "package", "选择数据包", FILTER)
        if files:
            self.show_packages([Path(f) for f in files])

    def show_packages(self, files: list[Path]) -> None:
        """Show each package's manifest and checks (and, for policy parameters, what would change)."""
        from talentdesk.services.exchange import codes as exchange_codes

        self.chosen, lines, ok = list(files), [], True
        for f in files:
            pkg = exchange.inspect(f, self.db)
            ok = ok and pkg.ok
            lines += exchange.describe(pkg)
            if pkg.ok and pkg.manifest["kind"] == "codes":
                try:
                    changes = exchange_codes.preview(self.db, pkg)
                except UserError as e:
                    changes, ok = [], False
                    lines.append(e.message)
                lines.append("将修改的政策参数：" + ("无（与本库相同）" if not changes else ""))
                lines += [f"  {c.label}：{c.old} → {c.new}" for c in changes]
            lines.append("")
        self.preview.setPlainText("\n".join(lines))
        self._update_buttons(all_ok=ok)

    def import_chosen(self) -> None:
        if not self.chosen:
            return
        files = list(self.chosen)
        try:
            results = run_with_progress(
                self, "正在导入数据包", lambda progress: exchange.import_files(self.db, files, progress=progress)
            )
        except Cancelled:
            return
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "无法导入", getattr(e, "message", str(e)))
            return
        text = "\n".join(line for r in results for line in r.lines())
        self.preview.setPlainText("导入结果：\n" + text)
        self.chosen = []
        self._update_buttons()
        if any(r.status == "imported" for r in results) and self.bus is not None:
            self.bus.notify(Topic.ALL)
        else:
            self.refresh()
        if any(r.status == "refused" for r in results):
            QMessageBox.warning(self, "部分数据包未导入", text)

    # -- list
    def show_moves(self) -> None:
        from talentdesk.gui.pages.exchange_moves import MovesDialog

        self._moves_dialog = MovesDialog(self.db, self)  # kept referenced while it is open
        self._moves_dialog.exec()
        self.refresh()

    def refresh(self) -> None:
        self.refresh_keys()
        rows = exchange.packages(self.db)
        waiting = len(exchange_moves.pending(self.db))
        self.moves_button.setText(f"跨区县调动（{waiting} 项待确认）…" if waiting else "跨区县调动…")
        self.packages.setRowCount(len(rows))
        for r, p in enumerate(rows):
            counts = p["summary"].get("counts") or {}
            content = (
                f"教师 {counts['teacher']} 人，学校 {counts.get('school', 0)} 所"
                if "teacher" in counts
                else f"{sum(counts.values())} 项"
                if counts
                else ""
            )
            if p["summary"].get("clashes"):
                content += f"；跨区县调动待确认 {len(p['summary']['clashes'])} 人"
            values = (
                f"{p['imported_at']:%Y-%m-%d %H:%M}",
                p["kind_label"],
                p["county"],
                p["period"],
                p["exporter"],
                f"{p['created']:%Y-%m-%d %H:%M}",
                p["imported_by"],
                content,
                p["file_name"] or "",
            )
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c == 7 and p["summary"].get("clashes"):
                    item.setToolTip("\n".join(p["summary"]["clashes"][:30]))
                self.packages.setItem(r, c, item)
        self._update_buttons()

    def _update_buttons(self, all_ok: bool | None = None) -> None:
        if all_ok is not None:
            self._all_ok = all_ok
        allowed, reason = may(self.db, "import"), why_not(self.db, "import")
        self.import_button.setEnabled(bool(self.chosen) and getattr(self, "_all_ok", False) and allowed)
        self.import_button.setToolTip(reason or ("" if getattr(self, "_all_ok", False) else "有数据包未通过校验"))
        self.choose_button.setEnabled(True)
        self._update_export()

    def _update_export(self) -> None:
        """Greyed, with the reason as tooltip, when this user may not export the chosen kind (data needs the
        right to full ID numbers) or this city database cannot (several counties' data)."""
        reason = exchange.export_problem(self.db, self.kind.currentData())
        self.export_button.setEnabled(not reason)
        self.export_button.setToolTip(reason or "把所选内容导出为一个数据交换包（.tdpkg）")
