"""Rows go to the right school (issue 14 §2, issue 23 §3) and ID numbers with separators (issue 23 §2).

Every workbook is built here; each test states the outcome of every row."""

import datetime as dt
import json

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk import cli
from talentdesk.domain import idnumber
from talentdesk.importing.plan import build_plan
from talentdesk.services.platform.imports import apply_plan
from talentdesk.store.models import School, Teacher

# the county's schools: two townships with schools of the same short names, and the county's town schools
SCHOOLS = [
    ("青禾县实验小学", "城关街道", "城区", "小学", "青禾县"),
    ("青禾县第一中学", "城关街道", "城区", "高中", "青禾县"),
    ("柳林镇中学", "柳林镇", "镇区", "初中", None),
    ("柳林镇中心小学", "柳林镇", "镇区", "小学", None),
    ("柳林镇大屯村小学", "柳林镇", "乡村", "小学", None),
    ("辛集镇中学", "辛集镇", "镇区", "初中", None),
    ("辛集镇中心小学", "辛集镇", "镇区", "小学", None),
    ("辛集镇后屯村小学", "辛集镇", "乡村", "小学", None),
    ("马庄镇中学", "马庄镇", "镇区", "初中", None),
    ("马庄镇中心小学", "马庄镇", "镇区", "小学", None),
    ("马庄镇西河村小学", "马庄镇", "乡村", "小学", None),
    ("马庄镇东河村小学", "马庄镇", "乡村", "小学", None),
]
HEADER = ["序号", "姓名", "性别", "身份证号", "任教学科"]


def ids(n: int, area: str = "371522") -> list[str]:
    return [idnumber.make(area, dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28), 100 + 2 * i) for i in range(n)]


@pytest.fixture
def county(db):
    with db.sessions() as s:
        s.add_all([School(name=n, township=t, area=a, kind=k, county=c) for n, t, a, k, c in SCHOOLS])
        s.commit()
    return db


def _sheet(wb, name, title_lines, rows, header=HEADER):
    ws = wb.create_sheet(name)
    for t in title_lines:
        ws.append([t])
    ws.append(header)
    for r in rows:
        ws.append(r)
    return ws


def _book(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for args in sheets:
        _sheet(wb, *args)
    wb.save(path)
    return path


def _post_schools(db) -> dict[str, str]:
    with db.sessions() as s:
        names = dict(s.execute(select(School.id, School.name)).all())
        return {t.id_number: names.get(t.cur_post_school_id) for t in s.scalars(select(Teacher))}


def _outcome(plan):
    return {
        r.where: (r.status, r.refs.get("school").name if r.refs.get("school") else None, [i.code for i in r.issues])
        for r in plan.rows()
    }


def _township_file(tmp_path, missing_school=True):
    """Like the sample 柳林镇各校教师信息汇总.xlsx: one sheet per school, each titled with the full name."""
    people = ids(7)
    sheets = [
        (
            "中学",
            ["柳林镇中学教师信息统计表", "填报单位（盖章）：柳林镇中学"],
            [[1, "甲一", None, people[0], "语文"], [2, "甲二", None, people[1], "数学"]],
        ),
        (
            "中心小学",
            ["柳林镇中心小学教师信息统计表", "填报单位（盖章）：柳林镇中心小学"],
            [[1, "乙一", None, people[2], "语文"]],
        ),
        (
            "后屯村小学",
            ["柳林镇后屯村小学教师信息统计表", "填报单位（盖章）：柳林镇后屯村小学"],
            [
                [1, "丙一", None, people[3], "语文"],
                [2, "丙二", None, people[4], "数学"],
                [3, "丙三", None, people[5], "英语"],
            ],
        ),
        ("大屯村小学", [], [[1, "丁一", None, people[6], "语文"]]),  # no title: the file's township
    ]
    return _book(tmp_path / "柳林镇各校教师信息汇总.xlsx", sheets), people


def test_school_of_another_township_is_never_taken_for_a_sheet_titled_with_its_township(county, tmp_path):
    """The sample's 后屯村小学 went to 辛集镇后屯村小学: now held, saying exactly which school is missing."""
    f, people = _township_file(tmp_path)
    plan = build_plan(county, [f])
    got = _outcome(plan)
    assert got == {
        "中学!4": ("insert", "柳林镇中学", []),
        "中学!5": ("insert", "柳林镇中学", []),
        "中心小学!4": ("insert", "柳林镇中心小学", []),
        "后屯村小学!4": ("held", None, ["school.unknown"]),
        "后屯村小学!5": ("held", None, ["school.unknown"]),
        "后屯村小学!6": ("held", None, ["school.unknown"]),
        # a sheet that names no township: the township of the rest of the file (柳林镇), not a guess elsewhere
        "大屯村小学!2": ("insert", "柳林镇大屯村小学", []),
    }
    held = next(r for r in plan.rows() if r.status == "held")
    assert held.issues[0].message.startswith("学校“柳林镇后屯村小学”不在学校名单中")
    (q,) = plan.school_questions()
    assert (q["sheet"].name, q["asked"], len(q["rows"])) == ("后屯村小学", "柳林镇后屯村小学", 3)

    # the clerk creates the school in the wizard: written with the import, the rows go there
    ref = plan.add_school({"name": "柳林镇后屯村小学", "township": "柳林镇", "area": "乡村", "kind": "小学"})
    plan.choose_school(q["sheet"], q["asked"], ref)
    assert [r.status for r in plan.rows()] == ["insert"] * 7
    apply_plan(county, plan)
    posts = _post_schools(county)
    assert [posts[p] for p in people[3:6]] == ["柳林镇后屯村小学"] * 3
    with county.sessions() as s:
        created = s.scalars(select(School).where(School.name == "柳林镇后屯村小学")).one()
        assert (created.township, created.area, created.kind) == ("柳林镇", "乡村", "小学")

    # the choice is remembered for that sheet: a second file of the same layout needs no question
    f2 = _book(
        tmp_path / "第二次.xlsx",
        [("后屯村小学", ["填报单位：柳林镇后屯村小学"], [[1, "丙四", None, ids(1, "371523")[0], "语文"]])],
    )
    assert [(r.status, r.refs["school"].name) for r in build_plan(county, [f2]).rows()] == [
        ("insert", "柳林镇后屯村小学")
    ]


def test_choice_of_an_existing_school_is_remembered_for_the_sheet(county, tmp_path):
    f, people = _township_file(tmp_path)
    plan = build_plan(county, [f])
    (q,) = plan.school_questions()
    plan.choose_school(q["sheet"], q["asked"], plan.context.schools["柳林镇中心小学"])
    apply_plan(county, plan)
    assert [_post_schools(county)[p] for p in people[3:6]] == ["柳林镇中心小学"] * 3
    again = build_plan(county, [f])
    assert {r.where: r.status for r in again.rows() if r.sheet.name == "后屯村小学"} == {
        "后屯村小学!4": "unchanged",
        "后屯村小学!5": "unchanged",
        "后屯村小学!6": "unchanged",
    }


def test_the_same_township_wins_over_a_same_named_school_elsewhere(county, tmp_path):
    with county.sessions() as s:
        s.add(School(name="柳林镇后屯村小学", township="柳林镇", area="乡村", kind="小学"))
        s.commit()
    people = ids(3)
    f = _book(
        tmp_path / "名单.xlsx",
        [
            ("中学", ["柳林镇中学教师名单"], [[1, "甲", None, people[0], "语文"]]),
            # sheet name only, no title: 辛集镇 and 柳林镇 both have a 后屯村小学; the file is about 柳林镇
            ("后屯村小学", [], [[1, "乙", None, people[1], "语文"], [2, "丙", None, people[2], "数学"]]),
        ],
    )
    got = _outcome(build_plan(county, [f]))
    assert got == {
        "中学!3": ("insert", "柳林镇中学", []),
        "后屯村小学!2": ("insert", "柳林镇后屯村小学", []),
        "后屯村小学!3": ("insert", "柳林镇后屯村小学", []),
    }


def test_a_short_name_several_townships_have_is_held_until_the_clerk_chooses(county, tmp_path):
    people = ids(3)
    f = _book(
        tmp_path / "教师名单.xlsx",
        [
            ("Sheet1", [], [[1, "甲", None, people[0], "语文"]], HEADER[:4] + ["单位"]),
        ],
    )
    wb = openpyxl.load_workbook(f)
    ws = wb["Sheet1"]
    ws.delete_rows(2)
    ws.append([1, "甲", None, people[0], "中学"])
    ws.append([2, "乙", None, people[1], "西河村小学"])  # only 马庄镇 has one: unique in the county
    ws.append([3, "丙", None, people[2], "实验小学"])  # the county's own
    wb.save(f)
    plan = build_plan(county, [f])
    got = _outcome(plan)
    assert got["Sheet1!2"] == ("held", None, ["school.ambiguous"])
    assert "柳林镇中学、辛集镇中学、马庄镇中学" in plan.rows()[0].issues[0].message
    assert got["Sheet1!3"] == ("insert", "马庄镇西河村小学", ["school.approx"])
    assert got["Sheet1!4"] == ("insert", "青禾县实验小学", [])
    (q,) = plan.school_questions()
    assert q["asked"] == "中学" and sorted(c.name for c in q["candidates"]) == [
        "柳林镇中学",
        "辛集镇中学",
        "马庄镇中学",
    ]
    plan.choose_school(q["sheet"], "中学", plan.context.schools["辛集镇中学"])
    assert _outcome(plan)["Sheet1!2"] == ("insert", "辛集镇中学", [])


def test_township_summary_sheet_names_schools_the_short_way(county, tmp_path):
    """Issue 23 §3: 马庄镇's list: 单位 中学 / 中心小学 / 西河村小学 / 实验小学 / 第一中学 / 南河村小学."""
    people = ids(7)
    header = ["序号", "姓名", "身份证号", "单位", "任教学科"]
    f = _book(
        tmp_path / "在岗教师名单.xlsx",
        [
            (
                "在岗教师",
                ["马庄镇2026年秋季学期在岗教师名单"],
                [
                    [1, "甲", people[0], "中学", "语文"],
                    [2, "乙", people[1], "中心小学", "数学"],
                    [3, "丙", people[2], "西河村小学", "语文"],
                    [4, "丁", people[3], "实验小学", "英语"],
                    [5, "戊", people[4], "第一中学", "物理"],
                    [6, "己", people[5], "南河村小学", "语文"],
                    [
                        7,
                        "庚",
                        people[6],
                        "后屯村小学",
                        "语文",
                    ],  # 辛集镇 has one, 马庄镇 has not: never across townships
                ],
                header,
            ),
        ],
    )
    plan = build_plan(county, [f])
    assert _outcome(plan) == {
        "在岗教师!3": ("insert", "马庄镇中学", []),
        "在岗教师!4": ("insert", "马庄镇中心小学", []),
        "在岗教师!5": ("insert", "马庄镇西河村小学", []),
        "在岗教师!6": ("insert", "青禾县实验小学", []),
        "在岗教师!7": ("insert", "青禾县第一中学", []),
        "在岗教师!8": ("held", None, ["school.unknown"]),
        "在岗教师!9": ("held", None, ["school.unknown"]),
    }
    assert plan.rows()[5].issues[0].message.startswith("学校“马庄镇南河村小学”不在学校名单中")
    assert plan.rows()[6].issues[0].message.startswith("学校“马庄镇后屯村小学”不在学校名单中")


def test_township_from_the_file_name_and_a_township_column(county, tmp_path):
    people = ids(3)
    f = _book(
        tmp_path / "辛集镇教师名单.xlsx",
        [
            (
                "名单",
                [],
                [
                    [1, "甲", people[0], "中学", None],
                    [2, "乙", people[1], "中心小学", "马庄镇"],
                    [3, "丙", people[2], "后屯村小学", None],
                ],
                ["序号", "姓名", "身份证号", "单位", "乡镇"],
            ),
        ],
    )
    assert _outcome(build_plan(county, [f])) == {
        "名单!2": ("insert", "辛集镇中学", []),
        "名单!3": ("insert", "马庄镇中心小学", []),
        "名单!4": ("insert", "辛集镇后屯村小学", []),
    }


def test_id_numbers_with_spaces_and_dashes_are_cleaned_and_said(county, tmp_path):
    """Issue 23 §2: `371521 19850312 1234`, `371521-19850312-1234`, full-width spaces: a note, not an error."""
    n = ids(5, "371521")
    typed = [f"{x[:6]} {x[6:14]} {x[14:]}" for x in n[:1]] + [
        f"{n[1][:6]}-{n[1][6:14]}-{n[1][14:]}",
        f"{n[2][:6]}\u3000{n[2][6:14]}\u3000{n[2][14:]}",
        f"{n[3][:6]}－{n[3][6:14]}—{n[3][14:]}",
        n[4],
    ]
    bad = f"{n[0][:6]}-{n[0][6:13]}-{n[0][14:]}"  # a digit missing: still wrong after cleaning
    f = _book(
        tmp_path / "柳林镇中学.xlsx",
        [
            (
                "中学",
                ["填报单位：柳林镇中学"],
                [[i + 1, "赵钱孙李周"[i] + "老师", None, t, "语文"] for i, t in enumerate(typed)]
                + [[6, "吴老师", None, bad, "语文"]],
            ),
        ],
    )
    plan = build_plan(county, [f])
    got = {r.where: (r.status, r.key, [(i.severity, i.code) for i in r.issues]) for r in plan.rows()}
    note = [("warning", "id.separators")]
    assert got == {
        "中学!3": ("insert", n[0], note),
        "中学!4": ("insert", n[1], note),
        "中学!5": ("insert", n[2], note),
        "中学!6": ("insert", n[3], note),
        "中学!7": ("insert", n[4], []),
        "中学!8": ("rejected", None, [("error", "id.length")]),
    }
    assert plan.rows()[1].issues[0].message == f"身份证号中的空格或横线已去掉：{n[1]}"
    apply_plan(county, plan)
    assert set(_post_schools(county)) == set(n)


def test_cli_holds_ambiguous_rows_and_takes_the_school_by_option(county, tmp_path, capsys):
    f, people = _township_file(tmp_path)
    if county.path is None:
        pytest.skip("the command line is tested on a database file")
    path = str(county.path)
    county.dispose()
    assert cli.main(["--db", path, "import", str(f)]) == 0
    err = capsys.readouterr().err
    assert "（工作表“后屯村小学”）：3 行待定，未导入——学校“柳林镇后屯村小学”不在学校名单中" in err
    assert '--school "柳林镇后屯村小学=学校名称"' in err
    report = tmp_path / "report.json"
    assert cli.main(["--db", path, "import", "--dry-run", "--report", str(report), str(f)]) == 0
    (q,) = json.loads(report.read_text(encoding="utf-8"))["school_questions"]
    assert (q["sheet"], q["asked"], q["code"], q["rows"]) == ("后屯村小学", "柳林镇后屯村小学", "school.unknown", 3)
    assert cli.main(["--db", path, "import", "--school", "后屯村小学=不存在的学校", str(f)]) == 2
    assert "学校“不存在的学校”不在学校名单中" in capsys.readouterr().err
    assert cli.main(["--db", path, "import", "--school", "柳林镇后屯村小学=柳林镇中心小学", str(f)]) == 0
    out = capsys.readouterr()
    assert "新增 3" in out.out and "待定" in out.out and "后屯村小学" not in out.err


def test_name_forms_resolve_exactly_and_never_across_townships():
    from talentdesk.importing.context import SchoolRef
    from talentdesk.importing.school_match import SchoolIndex

    refs = [SchoolRef(i, n, k, None, t, c) for i, (n, t, _a, k, c) in enumerate(SCHOOLS, 1)]
    index = SchoolIndex(refs, {})

    def got(text, town=None):
        m = index.match(text, town)
        return (m.ref.name if m.ref else None), m.asked, bool(m.note), sorted(c.name for c in m.candidates)

    assert got("柳林镇中学") == ("柳林镇中学", "柳林镇中学", False, [])
    assert got("中学", "柳林镇") == ("柳林镇中学", "柳林镇中学", False, [])
    assert got("柳林中学") == ("柳林镇中学", "柳林中学", True, [])  # the township without 镇
    assert got("青禾县柳林镇中学") == ("柳林镇中学", "青禾县柳林镇中学", True, [])
    assert got("第一中学", "马庄镇") == ("青禾县第一中学", "第一中学", False, [])
    assert got("青禾县第一中学", "马庄镇") == ("青禾县第一中学", "青禾县第一中学", False, [])
    assert got("青禾县第九中学") == (None, "青禾县第九中学", False, [])
    assert got("柳林镇后屯村小学") == (None, "柳林镇后屯村小学", False, [])  # not 辛集镇后屯村小学
    assert got("后屯村小学", "柳林镇") == (None, "柳林镇后屯村小学", False, [])
    assert got("后屯村小学") == ("辛集镇后屯村小学", "后屯村小学", True, [])  # unique in the county: said
    assert got("中心小学") == (None, "中心小学", False, ["柳林镇中心小学", "辛集镇中心小学", "马庄镇中心小学"])
    assert got("中学", "店子镇") == (None, "店子镇中学", False, [])  # a township the list does not have
    assert index.township_in("马庄镇2026年秋季学期在岗教师名单") == "马庄镇"
    assert index.township_in("店子镇教师名单") == "店子镇"  # not in the list: still the file's township
    assert index.township_in("青禾县实验小学教师信息") is None
