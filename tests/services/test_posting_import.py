"""援派报名与选派 imported from the blank template (issue 22 §2): a new call made from the row's columns, steps updated
for a teacher already listed, a selected teacher sent, every problem named by row and column, and undo."""

import datetime as dt

import openpyxl
import pytest

from talentdesk.importing import templates
from talentdesk.importing.undo import undo
from talentdesk.services.deployment import posting_import, postings
from talentdesk.store.models import Placement, Teacher
from talentdesk.store.uow import UnitOfWork
from tests.deployment_builder import build

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def county(db):
    return db, build(db)


def _fill(path, rows):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            ws.cell(templates.FIRST_DATA_ROW + i, j + 1, v)
    wb.save(path)
    return path


CALL = ("2026年援疆教师选派", "援疆", "喀什地区疏附县第二中学", "新疆维吾尔自治区", "学校", "2026-08-25", "2027-07")


def test_the_template_is_read_back_with_problems_by_row_and_column(county, tmp_path):
    db, ids = county
    with db.sessions() as s:
        number = s.get(Teacher, ids["城2"]).id_number
    path = templates.write("postings", tmp_path / "援派.xlsx")
    _fill(
        path,
        [
            (
                *CALL,
                "城1",
                None,
                "城关小学",
                "2026-03-10",
                "自愿",
                "2026-03-20",
                "学校推荐",
                "2026-04-15",
                "合格",
                "选派",
                "2026-05-10",
                None,
            ),
            (CALL[0], *[None] * 6, None, number, None, "2026-03-11", None, "2026-03-25"),
            (CALL[0], *[None] * 6, "无此人", None, None, "2026-03-12"),
            (CALL[0], *[None] * 6, "城3", None, None, "2026-03-12", None, None, None, None, None, "选派", "2026-05-10"),
            ("2027年援边教师选派", "援边", None, "云南省", None, None, None, "城4", None, None, "2026-03-12"),
        ],
    )
    plan = posting_import.plan(db, [path])
    texts = [p.text() for p in plan.problems]
    assert any("第 6 行" in t and "档案中没有名为“无此人”的教师" in t for t in texts), texts
    assert any("第 7 行" in t and "选派前应经过推荐" in t for t in texts), texts
    assert any("第 8 行" in t and "派往单位" in t and "请填写派往的县外单位" in t for t in texts), texts
    assert len(plan.rows) == 2 and plan.calls_new == {"2026年援疆教师选派"}
    assert "新建选派 1 次" in plan.summary() and "3 行有错误" in plan.summary()
    result = posting_import.apply(db, plan, today=TODAY)
    assert (result.added, result.updated, result.calls, result.selected) == (2, 0, 1, 1)
    (call,) = postings.list_calls(db)
    assert (call.unit, call.region, call.applied, call.selected) == ("喀什地区疏附县第二中学", "新疆维吾尔自治区", 2, 1)
    with db.sessions() as s:
        p = s.query(Placement).filter(Placement.teacher_id == ids["城1"]).one()
        assert (p.to_school_id, p.outside_unit, p.kind) == (None, "喀什地区疏附县第二中学", "援疆")
    with UnitOfWork(db) as uow:  # the whole batch undone: call, candidates and the posting
        undo(uow.session, result.batch_id)
        uow.commit()
    assert postings.list_calls(db) == []
    with db.sessions() as s:
        assert s.query(Placement).filter(Placement.teacher_id == ids["城1"]).count() == 0
        assert s.get(Teacher, ids["城1"]).cur_work_school_id == ids["town"]
    posting_import.apply(db, posting_import.plan(db, [path]), today=TODAY)
    # a second sheet later: 城2 is assessed and not selected (steps updated, no new row)
    again = _fill(
        templates.write("postings", tmp_path / "第二次.xlsx"),
        [
            (
                CALL[0],
                *[None] * 6,
                "城2",
                None,
                None,
                "2026-03-11",
                None,
                "2026-03-25",
                None,
                "2026-04-20",
                "不合格",
                "未选派",
                "2026-05-10",
            )
        ],
    )
    second = posting_import.apply(db, posting_import.plan(db, [again]), today=TODAY)
    assert (second.added, second.updated) == (0, 1)
    stages = {r.name: r.stage for r in postings.list_candidates(db)}
    assert stages == {"城1": "选派", "城2": "未选派"}
