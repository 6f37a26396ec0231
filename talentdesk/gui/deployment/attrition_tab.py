"""流失预警: the watch list under the bureau's editable rules (each flag explained), losses per year by
category, the separations register, and the rules themselves."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QCheckBox, QComboBox, QInputDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from talentdesk.domain.attrition import SEPARATION_KINDS
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.deployment import dialogs
from talentdesk.gui.deployment.common import ListDetail, ask_save_path, confirm, refresh_when_shown, status, warn
from talentdesk.gui.deployment.group_dialog import GroupDialog
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.services.deployment import attrition as svc
from talentdesk.services.deployment import responses as rsvc
from talentdesk.services.deployment import school_groups as gsvc
from talentdesk.services.deployment.attrition import QUIT_KINDS

W = {n: i for i, n in enumerate(svc.WATCH_COLUMNS)}
S = {n: i for i, n in enumerate(svc.SEPARATION_COLUMNS)}
WATCH_HEADERS = [
    ("姓名", "name"),
    ("身份证号", "id_masked"),
    ("任教学校", "school"),
    ("城乡类型", "area"),
    ("年龄", "age"),
    ("学历", "degree"),
    ("职称", "title"),
    ("预警规则", "rules"),
]
SEP_HEADERS = [
    ("姓名", "name"),
    ("身份证号", "id_masked"),
    ("离岗方式", "kind"),
    ("日期", "date"),
    ("原学校", "school"),
    ("原因", "reason"),
    ("原因分类", "reason_code"),
    ("去向", "destination"),
    ("去向类别", "dest_kind"),
    ("去向地", "dest_place"),
]
RULE_HEADERS = ("规则", "启用", "适用学校", "条件")
G = {n: i for i, n in enumerate(gsvc.COLUMNS)}
GROUP_HEADERS = [("分组", "name"), ("学校数", "schools"), ("条件", "describe"), ("使用的规则", "rules")]
R = {n: i for i, n in enumerate(rsvc.COLUMNS)}
RESPONSE_HEADERS = [
    ("姓名", "name"),
    ("任教学校", "school"),
    ("谈话日期", "talked_on"),
    ("谈话人", "talked_by"),
    ("提供的条件", "offered"),
    ("结果", "outcome"),
    ("跟进日期", "follow_up"),
    ("状态", "state"),
]
STATE_COLOURS = {"逾期": "#f8c9c4", "跟进中": "#fff3c4"}  # overdue red, open yellow; closed cases plain


class AttritionTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        ro = dict(writes=True, db=db)
        self.watch = ListDetail(
            [h for h, _ in WATCH_HEADERS],
            [W[k] for _, k in WATCH_HEADERS],
            (70, 140, 160, 60, 40, 90, 80),
            filter_label="规则",
            filter_pos=W["rules"],
            detail=self.watch_html,
        )
        self.watch.view.setObjectName("watch_view")
        self.watch.add_button("登记情况", self.add_situation, tip="申请调动、两地分居等", **ro)
        self.watch.add_button("情况已解除", self.close_situations, **ro)
        self.watch.add_button("记录响应", self.add_response_for_watched, tip="谈话、提供的条件和结果", **ro)

        self.responses = ListDetail(
            [h for h, _ in RESPONSE_HEADERS],
            [R[k] for _, k in RESPONSE_HEADERS],
            (70, 160, 80, 120, 170, 60, 80),  # 谈话人 holds a post (人事股股长, 分管副局长): not cut
            filter_label="状态",
            filter_pos=R["state"],
            detail=self.response_html,
            mark=lambda r: STATE_COLOURS.get(r[R["state"]], ""),
        )
        self.responses.view.setObjectName("response_view")
        self.responses.add_button("新增", self.add_response, tip="为所选记录的教师再记录一次响应", **ro)
        self.responses.add_button("修改", self.edit_response, **ro)
        self.responses.add_button("删除", self.delete_response, **ro)
        self.responses.add_button(
            "条件列表", self.edit_offers, tip="可提供的条件（子女入学、周转房……），每行一项", **ro
        )
        self.responses.add_button("导出 Excel", self.export_responses)
        self.responses.view.doubleClicked.connect(lambda _i: self.edit_response())
        self.response_counts = QLabel()
        box = self.responses.layout()
        assert isinstance(box, QVBoxLayout)
        box.insertWidget(0, self.response_counts)

        self.dim_box = QComboBox()
        for key, label in svc.DIMENSIONS.items():
            self.dim_box.addItem(f"按{label}", key)
        self.dim_box.currentIndexChanged.connect(lambda _i: self.refresh_losses())
        self.quit_only = QCheckBox("只统计调出、辞职、解聘（不含退休、去世）")
        self.quit_only.toggled.connect(lambda _b: self.refresh_losses())
        self.losses = ListDetail(["类别"], [1], (120,), bold=lambda r: r[1] == "合计")
        self.losses.view.setObjectName("loss_view")
        self.losses.top.insertWidget(0, self.dim_box)
        self.losses.top.insertWidget(1, self.quit_only)

        self.seps = ListDetail(
            [h for h, _ in SEP_HEADERS],
            [S[k] for _, k in SEP_HEADERS],
            (70, 140, 60, 80, 110, 90, 110, 90, 130),
            filter_label="方式",
            filter_pos=S["kind"],
        )
        self.seps.view.setObjectName("separation_view")
        self.seps.add_button("登记离岗", self.add_separation, **ro)
        self.seps.add_button("原因去向分类", self.code_separation, tip="按原因和去向分类统计；原文保留", **ro)
        self.seps.add_button("删除记录", self.delete_separation, tip="误登记时删除，教师恢复在岗", **ro)

        self.rules = ListDetail(list(RULE_HEADERS), [1, 2, 3, 4], (160, 40, 130))
        self.rules.view.setObjectName("rule_view")
        self.rules.add_button("修改", self.edit_rule, **ro)
        self.rules.add_button("新增", lambda: self.edit_rule(new=True), **ro)
        self.rules.add_button("删除", self.delete_rule, **ro)
        self.rules.add_button("恢复默认规则", self.reset_rules, **ro)
        self.rules.view.doubleClicked.connect(lambda _i: self.edit_rule())
        note = QLabel("每条规则的条件须同时满足；空着的条件不看。预警名单只按这些规则标记，每一项都写明原因。")
        note.setWordWrap(True)
        self.rules.layout().insertWidget(0, note)

        self.groups = ListDetail(
            [h for h, _ in GROUP_HEADERS], [G[k] for _, k in GROUP_HEADERS], (130, 60, 260), detail=self.group_html
        )
        self.groups.view.setObjectName("group_view")
        self.groups.add_button("新增", lambda: self.edit_group(new=True), **ro)
        self.groups.add_button("修改", self.edit_group, **ro)
        self.groups.add_button("删除", self.delete_group, tip="有规则使用的分组不能删除", **ro)
        self.groups.view.doubleClicked.connect(lambda _i: self.edit_group())
        note = QLabel(
            "按城乡类型、办学类型、乡镇、区县或逐校指定定义学校分组（如城区直属学校），"
            "再在“预警规则”中为每条规则选择适用的分组。"
        )
        note.setWordWrap(True)
        groups_box = self.groups.layout()
        assert isinstance(groups_box, QVBoxLayout)
        groups_box.insertWidget(0, note)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.watch, "预警名单")
        self.tabs.addTab(self.responses, "响应记录")
        self.tabs.addTab(self.losses, "减少统计")
        self.tabs.addTab(self.seps, "离岗登记")
        self.tabs.addTab(self.rules, "预警规则")
        self.tabs.addTab(self.groups, "学校分组")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        refresh_when_shown(self, bus, ("placements", "teachers", "schools", "settings", "all"), self.refresh)

    # -- data
    def refresh(self) -> None:
        self.watch.set_rows(svc.watch_list(self.db))
        self.seps.set_rows(svc.separations(self.db))
        rows = rsvc.responses(self.db)
        self.responses.set_rows(rows)
        states = [r[R["state"]] for r in rows]
        self.response_counts.setText(
            f"共 {len(rows)} 条响应记录：跟进中 {states.count('跟进中')} 条，"
            f"<span style='color:#c0392b'>逾期 {states.count('逾期')} 条</span>（跟进日期已过仍未结，红色）；"
            "在“预警名单”选中教师后点“记录响应”新增"
        )
        self.rule_objs = svc.rules(self.db)
        self.rules.set_rows(
            [
                (i, r.name, "是" if r.enabled else "否", svc.rule_scope(r), r.describe())
                for i, r in enumerate(self.rule_objs)
            ]
        )
        self.groups.set_rows(gsvc.rows(self.db))
        self.refresh_losses()

    def refresh_losses(self) -> None:
        kinds = QUIT_KINDS if self.quit_only.isChecked() else SEPARATION_KINDS
        headers, rows = svc.loss_table(self.db, self.dim_box.currentData(), kinds)
        self.losses.model.beginResetModel()
        self.losses.model.headers = headers
        self.losses.model.columns = list(range(1, len(headers) + 1))
        self.losses.model.endResetModel()
        self.losses.set_rows([(i, *r) for i, r in enumerate(rows)])

    def watch_html(self, row) -> str:
        items = "".join(f"<li>{escape(x)}</li>" for x in row[W["why"]].split("\n"))
        sits = svc.situations(self.db, row[W["teacher_id"]])
        known = (
            "".join(
                f"<li>{escape(s['kind'])}{'（已解除）' if s['closed'] else ''}"
                f"{'：' + escape(s['note']) if s['note'] else ''}</li>"
                for s in sits
            )
            or "<li>无</li>"
        )
        return (
            f"<h3>{escape(row[W['name']])}</h3><p>{escape(row[W['school']])}（{escape(row[W['area']])}），"
            f"{row[W['age']]} 岁，{escape(row[W['degree']])}，{escape(row[W['title']])}</p>"
            f"<p><b>预警原因</b></p><ul>{items}</ul><p><b>登记的情况</b></p><ul>{known}</ul>"
        )

    def response_html(self, row) -> str:
        return (
            f"<h3>{escape(row[R['name']])}</h3><p>{escape(row[R['school']])}</p>"
            f"<p>{escape(row[R['talked_on']])} 由 {escape(row[R['talked_by']])} 谈话</p>"
            f"<p><b>提供的条件</b>：{escape(row[R['offered']] or '无')}</p>"
            f"<p><b>结果</b>：{escape(row[R['outcome']])}（{escape(row[R['state']])}）"
            + (f"，跟进日期 {escape(row[R['follow_up']])}" if row[R["follow_up"]] else "")
            + "</p>"
            + (f"<p><b>备注</b>：{escape(row[R['note']])}</p>" if row[R["note"]] else "")
        )

    def _changed(self, text: str) -> None:
        status(self, text)
        self.refresh()

    # -- situations and separations
    def add_situation(self) -> None:
        row = self.watch.current_row()
        if row is None:
            warn(self, "登记情况", "请先选择一名教师；不在名单中的教师可在教师档案中查到后在此登记")
            return
        if dialogs.SituationDialog(self.db, row[W["teacher_id"]], row[W["name"]], self).exec():
            self._changed(f"已登记 {row[W['name']]} 的情况")

    def close_situations(self) -> None:
        row = self.watch.current_row()
        if row is None:
            return
        open_ = [s for s in svc.situations(self.db, row[W["teacher_id"]]) if not s["closed"]]
        if not open_ or not confirm(
            self, "情况已解除", f"{row[W['name']]}：" + "、".join(s["kind"] for s in open_) + " 已解除？"
        ):
            return
        try:
            for s in open_:
                svc.close_situation(self.db, s["id"])
        except (UserError, ReadOnlyError) as e:
            warn(self, "情况已解除", str(e))
            return
        self._changed(f"{row[W['name']]} 的情况已解除")

    def add_separation(self) -> None:
        if dialogs.SeparationDialog(self.db, self).exec():
            status(self, "已登记离岗")
            self.bus.notify(Topic.TEACHERS)

    def code_separation(self) -> None:
        row = self.seps.current_row()
        if row is None:
            warn(self, "原因去向分类", "请先选择一条离岗记录")
            return
        values = {k: row[S[k]] for k in ("id", "name", "reason", "destination")}
        values.update(svc.separation_codes(self.db, row[S["id"]]))
        dlg = dialogs.SeparationCodesDialog(self.db, values, self)
        self._codes_dlg = dlg  # kept for the tests (the real dialog through exec)
        if dlg.exec():
            self._changed(f"已保存 {row[S['name']]} 的离岗原因和去向分类")

    def delete_separation(self) -> None:
        row = self.seps.current_row()
        if row is None:
            return
        if not confirm(self, "删除离岗记录", f"删除 {row[S['name']]} 的{row[S['kind']]}记录？该教师将恢复为在岗。"):
            return
        try:
            svc.delete_separation(self.db, row[S["id"]])
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除离岗记录", str(e))
            return
        status(self, f"已删除离岗记录，{row[S['name']]} 恢复在岗")
        self.bus.notify(Topic.TEACHERS)

    # -- responses
    def _response_dialog(self, teacher_id: int, name: str, record_id: int | None = None) -> None:
        dlg = dialogs.ResponseDialog(self.db, teacher_id, name, record_id, self)
        apply_read_only([dlg.buttons], self.db)
        self._response_dlg = dlg  # kept for the tests (the real dialog through exec)
        if dlg.exec():
            self._changed(f"已保存 {name} 的管理响应")

    def add_response_for_watched(self) -> None:
        row = self.watch.current_row()
        if row is None:
            warn(self, "记录响应", "请先在预警名单中选择一名教师")
            return
        self._response_dialog(row[W["teacher_id"]], row[W["name"]])

    def add_response(self) -> None:
        row = self.responses.current_row()
        if row is None:
            warn(self, "记录响应", "请先选择一条响应记录，或在“预警名单”选中教师后点“记录响应”")
            return
        self._response_dialog(row[R["teacher_id"]], row[R["name"]])

    def edit_response(self) -> None:
        row = self.responses.current_row()
        if row is not None:
            self._response_dialog(row[R["teacher_id"]], row[R["name"]], row[R["id"]])

    def delete_response(self) -> None:
        row = self.responses.current_row()
        if row is None or not confirm(
            self, "删除响应记录", f"删除 {row[R['name']]} {row[R['talked_on']]} 的响应记录？"
        ):
            return
        try:
            rsvc.delete_response(self.db, row[R["id"]], expected_version=row[R["version"]])
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除响应记录", str(e))
            return
        self._changed("已删除响应记录")

    def edit_offers(self) -> None:
        current = "\n".join(rsvc.offer_choices(self.db))
        text, ok = QInputDialog.getMultiLineText(self, "可提供的条件", "每行一项（已记录的响应不受影响）：", current)
        if not ok or text == current:
            return
        try:
            saved = rsvc.save_offer_choices(self.db, text.splitlines())
        except (UserError, ReadOnlyError) as e:
            warn(self, "可提供的条件", str(e))
            return
        status(self, "已保存可提供的条件：" + "、".join(saved))

    def export_responses(self) -> None:
        from talentdesk.reports import deployment_tables

        path = ask_save_path(self, "导出管理响应记录", "管理响应记录.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        try:
            tables = deployment_tables.export(self.db, "responses", path)
        except (UserError, ReadOnlyError, OSError) as e:
            warn(self, "导出管理响应记录", str(e))
            return
        status(self, f"已导出 {len(tables[0].rows)} 条响应记录：{path}")

    # -- rules
    def edit_rule(self, new: bool = False) -> None:
        row = self.rules.current_row()
        if not new and row is None:
            return
        rule = None if new else self.rule_objs[row[0]]
        dlg = dialogs.RuleDialog(self.db, rule, self)
        apply_read_only([dlg.buttons], self.db)
        self._rule_dlg = dlg  # kept for the tests (the real dialog through exec)
        if dlg.exec():
            self._changed("已保存预警规则")

    def delete_rule(self) -> None:
        row = self.rules.current_row()
        if row is not None and confirm(self, "删除预警规则", f"删除规则“{row[1]}”？"):
            svc.delete_rule(self.db, row[1])
            self._changed("已删除预警规则")

    # -- school groups
    def group_html(self, row) -> str:
        held = gsvc.group_schools(self.db, row.id)
        items = "".join(
            f"<li>{escape(name)}（{escape(area or '未填城乡')}，{escape(kind or '未填类型')}）</li>"
            for _sid, name, area, kind, _town in held
        )
        return (
            f"<h3>{escape(row.name)}</h3><p>{escape(row.describe)}</p>"
            f"<p><b>使用的规则</b>：{escape(row.rules or '无')}</p>"
            + (f"<p>{escape(row.note)}</p>" if row.note else "")
            + f"<p><b>学校（{len(held)} 所）</b></p><ul>{items or '<li>无</li>'}</ul>"
        )

    def edit_group(self, new: bool = False) -> None:
        row = self.groups.current_row()
        if not new and row is None:
            warn(self, "学校分组", "请先选择一个分组")
            return
        group = None if new else gsvc.get(self.db, row.id)
        dlg = GroupDialog(self.db, group, self)
        apply_read_only([dlg.buttons], self.db)
        self._group_dlg = dlg  # kept for the tests (the real dialog through exec)
        if dlg.exec():
            self._changed("已保存学校分组")

    def delete_group(self) -> None:
        row = self.groups.current_row()
        if row is None or not confirm(self, "删除学校分组", f"删除分组“{row.name}”？"):
            return
        try:
            gsvc.delete_group(self.db, row.id)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除学校分组", str(e))
            return
        self._changed("已删除学校分组")

    def reset_rules(self) -> None:
        if confirm(self, "恢复默认规则", "用默认规则替换现有的全部预警规则？"):
            svc.reset_rules(self.db)
            self._changed("已恢复默认预警规则")
