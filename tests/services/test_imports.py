"""Applying a plan is one transaction recorded as a batch; undo restores the exact state before."""

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select, text

from talentdesk.domain import idnumber
from talentdesk.importing.plan import Cancelled, build_plan
from talentdesk.services.platform.imports import apply_plan, list_batches, undo_batch
from talentdesk.store import current
from talentdesk.store.models import School

DATA_TABLES = (
    "school",
    "school_year_stat",
    "teacher",
    "post_record",
    "placement",
    "education",
    "certificate",
    "title_record",
    "teaching",
    "designation",
    "pairing",
    "mentor_programme",
)


def _dump(db):
    with db.engine.connect() as c:
        return {t: sorted(tuple(r) for r in c.execute(text(f"SELECT * FROM {t}"))) for t in DATA_TABLES}


def _file(tmp_path, name, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "学校", "职称", "学历", "任教学科", "骨干教师"])
    for r in rows:
        ws.append(r)
    wb.save(tmp_path / name)
    return tmp_path / name


@pytest.fixture
def ids():
    return [idnumber.make("371521", dt.date(1980 + i, 1 + i, 1 + i), 100 + i) for i in range(4)]


@pytest.fixture
def schools(db):
    with db.sessions() as s:
        s.add_all([School(name="甲小学", kind="小学"), School(name="乙中学", kind="初中")])
        s.commit()


def test_apply_then_update_then_undo_restores_exactly(db, tmp_path, ids, schools):
    before = _dump(db)
    first = build_plan(
        db,
        [
            _file(
                tmp_path,
                "a.xlsx",
                [
                    ["张一", ids[0], "甲小学", "一级教师", "本科", "数学", ""],
                    ["张二", ids[1], "甲小学", "二级教师", "大专", "语文", ""],
                ],
            )
        ],
    )
    b1 = apply_plan(db, first).batch_id
    after_first = _dump(db)
    plan = build_plan(
        db,
        [
            _file(
                tmp_path,
                "b.xlsx",
                [
                    ["张一", ids[0], "甲小学", "高级教师", "本科", "数学", "县级骨干教师"],
                    ["张二", ids[1], "甲小学", "二级教师", "大专", "语文", ""],
                    ["张三", ids[2], "乙中学", "", "硕士", "英语", ""],
                ],
            )
        ],
    )
    statuses = [r.status for r in plan.rows()]
    assert statuses == ["update", "unchanged", "insert"]
    assert ("title", "一级教师", "高级教师") in plan.rows()[0].changes
    b2 = apply_plan(db, plan).batch_id
    with db.engine.connect() as c:
        assert c.execute(
            text("SELECT cur_title, cur_backbone FROM teacher WHERE id_number=:n"), {"n": ids[0]}
        ).one() == ("高级教师", "县级骨干教师")
    undo_batch(db, b2)
    assert _dump(db) == after_first
    undo_batch(db, b1)
    assert _dump(db) == before
    assert [b["undone"] for b in list_batches(db)] == [True, True]


def test_cache_matches_a_full_recompute_after_import(db, tmp_path, ids, schools):
    plan = build_plan(
        db, [_file(tmp_path, "a.xlsx", [["张一", ids[0], "甲小学", "小学高级", "本科", "数学", "市级学科带头人"]])]
    )
    apply_plan(db, plan)
    cached = _dump(db)["teacher"]
    with db.sessions() as s:
        current.refresh_all(s)
        s.commit()
    assert _dump(db)["teacher"] == cached


def test_cancel_or_failure_leaves_nothing(db, tmp_path, ids, schools):
    plan = build_plan(db, [_file(tmp_path, "a.xlsx", [["张一", ids[0], "甲小学", "", "", "", ""]])])
    before = _dump(db)

    def cancel(done, total, text):
        raise Cancelled()

    with pytest.raises(Cancelled):
        apply_plan(db, plan, progress=cancel)
    assert _dump(db) == before and list_batches(db) == []


def test_teacher_at_another_school_is_held_until_the_clerk_decides(db, tmp_path, ids, schools):
    apply_plan(db, build_plan(db, [_file(tmp_path, "a.xlsx", [["张一", ids[0], "甲小学", "", "", "", ""]])]))
    plan = build_plan(db, [_file(tmp_path, "b.xlsx", [["张一", ids[0], "乙中学", "", "", "", ""]])])
    (row,) = plan.rows()
    assert row.status == "held" and row.issues[0].code == "teacher.other_school"
    assert "甲小学" in row.issues[0].message and "乙中学" in row.issues[0].message
    plan.accept(row, "transfer")
    assert row.status == "update"
    apply_plan(db, plan)
    with db.engine.connect() as c:
        assert (
            c.execute(text("SELECT s.name FROM teacher t JOIN school s ON s.id=t.cur_post_school_id")).scalar()
            == "乙中学"
        )


def test_the_demo_county_is_not_offered_as_an_import_to_undo(demo_db):
    from talentdesk.services.platform.imports import list_batches

    assert list_batches(demo_db) == []


def test_each_imported_teacher_shows_its_batch_file_and_row_in_its_history(db, tmp_path, ids, schools):
    from talentdesk.services.people import history
    from talentdesk.services.platform import audit_trail

    f = _file(
        tmp_path,
        "甲小学名册.xlsx",
        [
            ["张一", ids[0], "甲小学", "", "", "", ""],
            ["某某", "12345", "甲小学", "", "", "", ""],  # rejected: row 3 not written
            ["张三", ids[2], "甲小学", "一级教师", "本科", "数学", ""],
        ],
    )
    batch = apply_plan(db, build_plan(db, [f])).batch_id
    with db.engine.connect() as c:
        tid = c.execute(text("SELECT id FROM teacher WHERE id_number=:n"), {"n": ids[2]}).scalar()
    (line,) = [r for r in history.teacher_history(db, tid) if r[2] == "导入新增"]
    assert f"第 {batch} 批" in line[6] and "甲小学名册.xlsx" in line[6] and "第 4 行" in line[6]
    rows, _ = audit_trail.entries(db, audit_trail.AuditFilter(teacher_id=tid))
    assert any(r[2] == "导入新增" and r[5] == "张三" and "第 4 行" in r[8] for r in rows)


def test_undo_refuses_when_an_imported_record_was_changed_afterwards(db, tmp_path, ids, schools):
    from talentdesk.errors import UserError
    from talentdesk.store.models import Education

    batch = apply_plan(
        db, build_plan(db, [_file(tmp_path, "a.xlsx", [["张一", ids[0], "甲小学", "", "本科", "", ""]])])
    )
    with db.sessions() as s:
        s.scalars(select(Education)).one().major = "数学教育"
        s.commit()
    with pytest.raises(UserError, match="又被修改过"):
        undo_batch(db, batch.batch_id)


def test_undoing_an_update_moves_the_version_on(db, tmp_path, ids, schools):
    def phone_and_version():
        with db.engine.connect() as c:
            return tuple(c.execute(text("SELECT phone, version FROM teacher")).one())

    def roster(phone):
        wb = openpyxl.Workbook()
        wb.active.append(["姓名", "身份证号", "学校", "联系电话"])
        wb.active.append(["张一", ids[0], "甲小学", phone])
        wb.save(tmp_path / f"{phone}.xlsx")
        return tmp_path / f"{phone}.xlsx"

    apply_plan(db, build_plan(db, [roster("13800000001")]))
    assert phone_and_version() == ("13800000001", 1)
    b2 = apply_plan(db, build_plan(db, [roster("13900000002")])).batch_id
    assert phone_and_version() == ("13900000002", 2)
    undo_batch(db, b2)
    phone, version = phone_and_version()
    assert phone == "13800000001" and version > 2  # a clerk who opened the teacher before the undo must reload


def test_a_roster_of_teachers_already_in_the_database_is_compared_with_a_prefetched_table(
    db, tmp_path, ids, schools, monkeypatch
):
    import threading

    from talentdesk.importing import context
    from talentdesk.importing import plan as plan_module

    monkeypatch.setattr(plan_module, "_PREFETCH_BYTES", 0)  # as for a big roster of a big county
    monkeypatch.setattr(context, "_SCAN", 1)
    scans = []
    snaps = context.Context._snaps
    monkeypatch.setattr(
        context.Context,
        "_snaps",
        lambda self, where: scans.append((where, threading.current_thread().name)) or snaps(self, where),
    )
    rows = [
        ["张一", ids[0], "甲小学", "一级教师", "", "", ""],
        ["张二", ids[1], "甲小学", "二级教师", "", "", ""],
        ["张三", ids[2], "乙中学", "", "", "", ""],
    ]
    apply_plan(db, build_plan(db, [_file(tmp_path, "a.xlsx", rows)]))
    rows[1][3] = "一级教师"
    scans.clear()
    plan = build_plan(db, [_file(tmp_path, "b.xlsx", rows)])
    assert [r.status for r in plan.rows()] == ["unchanged", "update", "unchanged"]
    assert plan.rows()[1].changes == [("title", "二级教师", "一级教师")]
    assert scans == [(None, "import-prefetch")]  # the table was read once, while the file was read
