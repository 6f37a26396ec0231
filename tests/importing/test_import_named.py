"""Issue 20 §3/§5: a school sheet with a 名校长/名班主任 column (or 市级名校长 in the 骨干类别 column, which used to be
“无法识别”) imports through the same importer: one designation each, with the 认定时间 given; the teacher's 骨干 value
stays the teaching ladder's; importing the sheet again adds nothing; the batch is undone with its designations."""

import openpyxl

from talentdesk.importing import templates
from talentdesk.importing.plan import build_plan
from talentdesk.services.people import designations as svc
from talentdesk.services.platform import imports
from talentdesk.store.models import Teacher
from tests.cultivation_builder import make_id
from tests.leaders_builder import build

HEADERS = ["学校", "姓名", "身份证号", "骨干类别", "名校长/名班主任", "称号认定时间"]


def _sheet(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "教师"
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _held(db, tid: int) -> list[tuple[str, str, str]]:
    return sorted((r.kind, r.level, r.start) for r in svc.list_rows(db) if r.teacher_id == tid)


def test_a_sheet_of_principals_and_class_teachers_imports(tmp_path, db):
    b = build(db)
    path = _sheet(
        tmp_path / "城关中学教师.xlsx",
        [
            ["城关中学", "王校长", make_id(1975, 102), "市级名校长", None, "2024-09"],  # the old failing row
            ["城关中学", "赵老师", make_id(1980, 103), "县级骨干教师", "县级名班主任", "2025-09"],
            ["城关中学", "周老师", make_id(1983, 401), None, "省级名师、市级名班主任", "2023-09"],  # new teacher
            ["城关中学", "吴老师", make_id(1984, 402), None, "优秀名校长", None],
        ],
    )
    plan = build_plan(db, [path])
    rows = {r.values.get("name"): r for r in plan.rows()}
    issues = {n: {(i.field, i.code): i.message for i in r.issues} for n, r in rows.items()}
    assert not issues["王校长"] and ("named", "", "市级名校长") in rows["王校长"].changes
    assert not issues["赵老师"] and ("named", "", "县级名班主任") in rows["赵老师"].changes
    assert ("backbone", None, "县级骨干教师") in rows["赵老师"].changes
    assert rows["周老师"].status == "insert" and not issues["周老师"]
    assert "无法识别称号“优秀名校长”" in issues["吴老师"][("named", "code.unknown")]

    result = imports.apply_plan(db, plan)
    wang, zhao = b["t"]["王校长"], b["t"]["赵老师"]
    assert _held(db, wang) == [("名校长", "市级", "2024-09")]  # written in 骨干类别, dated by 称号认定时间
    assert _held(db, zhao) == sorted([("名班主任", "县级", "2025-09"), ("骨干教师", "县级", "")])
    zhou = next(r.teacher_id for r in svc.list_rows(db) if r.name == "周老师")
    assert _held(db, zhou) == sorted([("名班主任", "市级", "2023-09"), ("名师", "省级", "2023-09")])
    with db.sessions() as s:
        assert s.get(Teacher, wang).cur_backbone is None  # 名校长 is no 骨干
        assert s.get(Teacher, zhao).cur_backbone == "县级骨干教师"
        assert s.get(Teacher, zhou).cur_backbone == "省级名师"  # the ladder's title, not the 名班主任
    from talentdesk.store import current

    with db.sessions() as s:  # the cached value is what the histories give (talentdesk check finds nothing)
        assert current.compute(s, [wang, zhao, zhou])[zhou]["cur_backbone"] == "省级名师"

    again = build_plan(db, [path])
    rows = {r.values.get("name"): r for r in again.rows()}
    assert not [c for c in rows["王校长"].changes or [] if c[0] == "named"]
    assert not [c for c in rows["赵老师"].changes or [] if c[0] in ("named", "backbone")]

    imports.undo_batch(db, result.batch_id)
    assert _held(db, wang) == [] and _held(db, zhao) == []


def test_the_blank_template_has_the_columns_and_reads_back(tmp_path):
    header = templates.headers("teachers")
    assert "名校长/名班主任" in header and "称号认定时间" in header
    from talentdesk.importing import columns

    kinds = {m.field for m in columns.map_headers("teachers", header)}
    assert {"named", "named_start", "backbone"} <= kinds
