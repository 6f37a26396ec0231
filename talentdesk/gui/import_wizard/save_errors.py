"""The 保存问题清单… action: one workbook per school file with problems (a file dialog for one
file, a folder for several)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from talentdesk.gui import file_dialogs
from talentdesk.gui.import_wizard import error_export


def save_error_workbooks(parent, plan, start_dir: str = "") -> list[Path]:
    files = [fp for fp in plan.files if fp.sheets and error_export.file_has_problems(fp)]
    if not files:
        QMessageBox.information(parent, "没有问题", "所有行都没有问题，不需要退回学校。")
        return []
    start_dir = start_dir or str(Path(files[0].path).parent)
    try:
        if len(files) == 1:
            fp = files[0]
            path = file_dialogs.save_path(
                parent,
                "errors",
                "保存问题清单（发回学校）",
                error_export.default_name(fp),
                "Excel 工作簿 (*.xlsx)",
                suffix=".xlsx",
            )
            if not path:
                return []
            written = [error_export.save_file(fp, path)]
        else:
            folder = file_dialogs.folder_path(parent, "errors", f"选择保存 {len(files)} 份问题清单的文件夹")
            if not folder:
                return []
            written = error_export.save_all(plan, folder)
    except OSError as e:
        QMessageBox.warning(parent, "保存失败", f"无法保存问题清单：{e.strerror or e}。文件是否正在 Excel 中打开？")
        return []
    names = "\n".join(p.name for p in written)
    QMessageBox.information(parent, "已保存", f"已保存 {len(written)} 份问题清单到“{written[0].parent}”：\n{names}")
    return written
