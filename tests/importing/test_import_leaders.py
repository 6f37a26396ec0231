"""Issue 20 §1/§5: a school spreadsheet with 职务, 任职时间 and 任职方式 goes through the same importer: per-cell checks
(a post not on the list, a second 校长 of a school, an unknown 任职方式), the post records written with the teachers
(new and existing), and undone with the batch."""

import openpyxl

from talentdesk.importing.plan import build_plan
from talentdesk.services.people import leaders
from talentdesk.services.platform import imports
from tests.cultivation_builder import make_id
from tests.leaders_builder import build

HEADERS = ["学校", "姓名", "身份证号", "职务", "任职时间", "任职方式"]


def _sheet(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "教师"
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_posts_are_checked_cell_by_cell_written_and_undone(tmp_path, db):
    b = build(db)
    path = _sheet(
        tmp_path / "城关中学教师.xlsx",
        [
            ["城关中学", "周书记", make_id(1972, 301), "党组织书记", "2024-09", "任命"],
            ["城关中学", "赵老师", make_id(1980, 103), "副校长", "2023-09", "任命"],  # on file already
            ["城关第一小学", "吴老师", make_id(1976, 302), "校长", "2024-09", "任命"],  # 张校长 holds it
            ["乡中心小学", "郑老师", make_id(1977, 303), "村长", "2024-09", None],
            ["乡中心小学", "冯老师", make_id(1979, 304), "教研组长", "2024-09", "选举"],
            ["乡中心小学", "孙老师", make_id(1985, 105), "教研组长", "2020-09", "聘任"],
            ["乡中心小学", "陈老师", make_id(1988, 305), None, "2020-09", None],
        ],
    )
    plan = build_plan(db, [path])
    rows = {r.values.get("name"): r for r in plan.rows()}
    issues = {n: {(i.field, i.code): i.message for i in r.issues} for n, r in rows.items()}
    assert rows["周书记"].status == "insert" and not issues["周书记"]
    assert "张校长" in issues["吴老师"][("post_start", "leader.single")]
    assert "不在职务名录中" in issues["郑老师"][("admin_post", "leader.post_unknown")]
    assert "任职方式" in issues["冯老师"][("post_method", "code.unknown")]
    assert "请同时填写职务" in issues["陈老师"][("admin_post", "leader.post_missing")]
    assert ("leader_post", "", "教研组长（2020-09起，聘任）") in rows["孙老师"].changes
    assert not any(c[0] == "leader_post" for c in rows["赵老师"].changes or [])
    for name in ("吴老师", "郑老师", "冯老师", "陈老师"):
        assert rows[name].status == "held", name

    result = imports.apply_plan(db, plan)
    from talentdesk.services.people import teachers

    zhou = next(r[0] for r in teachers.list_rows(db) if r[1] == "周书记")
    posts = leaders.teacher_posts(db, zhou)
    assert [(p["post"], p["school"], p["start"].iso(), p["method"]) for p in posts] == [
        ("党组织书记", "城关中学", "2024-09", "任命")
    ]
    sun = [(p["post"], p["method"]) for p in leaders.teacher_posts(db, b["t"]["孙老师"])]
    assert ("教研组长", "聘任") in sun
    assert len(leaders.teacher_posts(db, b["t"]["赵老师"])) == 2

    imports.undo_batch(db, result.batch_id)
    assert [p["post"] for p in leaders.teacher_posts(db, b["t"]["孙老师"])] == ["副校长"]
