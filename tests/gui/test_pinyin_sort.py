"""Names a clerk sorts (any list, by clicking the header) come in pinyin order."""

import pytest
from PySide6.QtCore import QPoint, Qt

from talentdesk.gui.main_window import MainWindow
from talentdesk.gui.models.rows_model import RowsModel

pytestmark = pytest.mark.gui


def test_teacher_list_sorts_names_by_pinyin_on_header_click(qtbot, filled_db, answers):
    w = MainWindow(filled_db)
    qtbot.addWidget(w)
    w.show()
    page = w.teachers
    header = page.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 5, 5))
    names = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    if page.view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder:
        names.reverse()
    assert names == ["吉𠮷", "李䶮", "王芳", "张堃"]  # jí, lǐ, wáng, zhāng (code points: 吉 张 李 王)
    w.close()


def test_rows_model_mixed_column_numbers_then_text_by_pinyin():
    model = RowsModel(["姓名", "学时"], [0, 1])
    model.set_rows([("周", 3), ("陈", "未登记"), ("安", 12.5), ("白", None)])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r)[0] for r in range(4)] == ["安", "白", "陈", "周"]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r)[0] for r in range(4)] == ["周", "安", "陈", "白"]
