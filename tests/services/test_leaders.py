"""Issue 20 §1: school leaders' posts as a dated history — the list of post names, the rules on saving, the audit
trail, and each list and figure on a small county with known posts (tests/leaders_builder.py)."""

import json

import pytest
from sqlalchemy import select

from talentdesk.domain import leaders as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.policy import Policy
from talentdesk.errors import EditConflict, ValidationError
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period
from talentdesk.services.people import history, leaders
from talentdesk.store.models import AuditLog
from tests.leaders_builder import ON, build


@pytest.fixture
def county(db):
    return db, build(db)


def part(report, start):
    return next(p for p in report.parts if p.title.startswith(start))


def test_the_list_starts_with_the_national_posts_and_takes_local_ones(db):
    names = {n["name"]: n["category"] for n in leaders.names(db)}
    assert names["党组织书记"] == "书记" and names["校长"] == "校长" and names["教务主任"] == "中层"
    assert names["年级主任"] == "年级主任" and names["教研组长"] == "教研组长"
    nid = leaders.add_name(db, " 安全办 主任 ", "中层")
    assert [n["name"] for n in leaders.names(db)][-1] == "安全办主任"
    with pytest.raises(ValidationError, match="已有"):
        leaders.add_name(db, "安全办主任", "中层")
    with pytest.raises(ValidationError, match="类别"):
        leaders.add_name(db, "后勤主任", "主任")
    leaders.set_category(db, nid, "其他")
    assert {n["name"]: n["category"] for n in leaders.names(db)}["安全办主任"] == "其他"
    leaders.remove_name(db, nid)
    assert "安全办主任" not in {n["name"] for n in leaders.names(db)}
    with db.sessions() as s:
        audit = s.scalars(select(AuditLog).where(AuditLog.table_name == "leader_post_name")).all()
    assert {a.action for a in audit} >= {"insert", "update", "delete"}


def test_a_name_in_use_stays_on_the_list(county):
    db, _ = county
    principal = next(n for n in leaders.names(db) if n["name"] == "校长")
    assert principal["used"] == 5
    with pytest.raises(ValidationError, match="5 条职务记录"):
        leaders.remove_name(db, principal["id"])


def test_saving_checks_each_field(county):
    db, b = county
    tid, sid = b["t"]["孙老师"], b["schools"]["乡中心小学"]
    cases = [
        ({"post": "村长", "start": "2020-09"}, "post", "不在职务名录"),
        ({"post": "教研组长"}, "start", "必须填写"),
        ({"post": "教研组长", "start": "2020-09", "end": "2019-08"}, "end", "早于"),
        ({"post": "教研组长", "start": "2020-09", "method": "选举"}, "method", "任职方式"),
        ({"post": "教研组长", "start": "2020-13"}, "start", "月份"),
        ({"post": "副校长", "start": "2020-09", "recommended": "2020-10", "publicised": "2020-07"}, "recommended", ""),
        ({"post": "教研组长", "start": "2020-09", "end_reason": "交流"}, "end", "离任时间"),
    ]
    for values, field, words in cases:
        with pytest.raises(ValidationError) as e:
            leaders.save_post(db, tid, None, {"school_id": sid, **values})
        assert words in e.value.problems[field], (values, e.value.problems)
    leaders.add_name(db, "村小负责人", "其他")
    rid = leaders.save_post(
        db,
        tid,
        None,
        {
            "school_id": sid,
            "post": "村小负责人",
            "start": "2020",
            "recommended": "2020-05",
            "evaluation": "优秀",
            "inspected": "2020-06",
            "publicised": "2020-07",
            "document": "县教党〔2020〕12号",
        },
    )
    row = next(p for p in leaders.teacher_posts(db, tid) if p["id"] == rid)
    assert row["start"] == PartialDate(2020) and row["document"] == "县教党〔2020〕12号" and row["category"] == "其他"


def test_one_principal_and_one_secretary_per_school_at_a_time(county):
    db, b = county
    a, zhao, zhang = b["schools"]["城关第一小学"], b["t"]["赵老师"], b["t"]["张校长"]
    with pytest.raises(ValidationError) as e:
        leaders.save_post(db, zhao, None, {"school_id": a, "post": "校长", "method": "任命", "start": "2025-03"})
    assert "张校长" in e.value.problems["start"] and "离任时间" in e.value.problems["start"]
    with pytest.raises(ValidationError, match="重叠"):
        leaders.save_post(db, zhang, None, {"school_id": a, "post": "校长", "start": "2020-09"})
    # 书记兼校长: one person holds both; a deputy beside the principal is fine
    leaders.save_post(db, zhao, None, {"school_id": a, "post": "副校长", "start": "2025-03"})
    # the principal leaves in August, the new one comes in August: a handover, not an overlap
    current = next(p for p in leaders.teacher_posts(db, zhang) if p["end"] is None)
    leaders.save_post(
        db,
        zhang,
        current["id"],
        {**current, "end": "2025-08", "end_reason": "交流"},
        expected_version=current["version"],
    )
    leaders.save_post(db, zhao, None, {"school_id": a, "post": "校长", "method": "任命", "start": "2025-08"})


def test_every_change_is_audited_in_the_teachers_history(county):
    db, b = county
    tid = b["t"]["赵老师"]
    rec = next(p for p in leaders.teacher_posts(db, tid) if p["post"] == "副校长")
    leaders.save_post(db, tid, rec["id"], {**rec, "evaluation": "称职"}, expected_version=rec["version"])
    leaders.delete_post(db, rec["id"])
    rows = history.teacher_history(db, tid)
    mine = [r for r in rows if r[3] == "职务"]
    assert any(r[2] == "修改" and r[4] == "民主测评结果" and r[6] == "称职" for r in mine)
    assert any(r[2] == "删除" and "副校长" in r[5] for r in mine)
    assert any(r[2] == "新增" and "教务主任" in r[6] for r in mine)


def test_a_stale_edit_is_a_conflict_not_an_overwrite(county):
    db, b = county
    tid = b["t"]["钱校长"]
    rec = next(p for p in leaders.teacher_posts(db, tid) if p["post"] == "校长")
    leaders.save_post(db, tid, rec["id"], {**rec, "document": "甲"}, expected_version=rec["version"], base=rec)
    with pytest.raises(EditConflict):
        leaders.save_post(db, tid, rec["id"], {**rec, "document": "乙"}, expected_version=rec["version"], base=rec)


def test_current_post_and_tenure(county):
    db, b = county
    assert leaders.current_post(db, b["t"]["张校长"], ON) == "校长"
    assert leaders.current_post(db, b["t"]["赵老师"], ON) == "副校长"
    assert leaders.current_post(db, b["t"]["孙老师"], ON.replace(year=2025, month=9)) == ""
    spells = [
        rules.Spell(1, 1, 1, "校长", PartialDate(2016, 9), PartialDate(2017, 8), "试用期"),
        rules.Spell(2, 1, 1, "校长", PartialDate(2017, 9), None, "任命"),
        rules.Spell(3, 1, 2, "校长", PartialDate(2010, 9), PartialDate(2016, 8), "任命"),
    ]
    assert rules.tenure_start(spells, spells[1]) == PartialDate(2016, 9)
    assert not rules.is_promotion(spells, spells[1]) and not rules.is_promotion(spells, spells[0])
    assert rules.is_promotion(spells, spells[2])


def test_the_leaders_report_lists_team_missing_term_and_promotions(county):
    db, _ = county
    report = catalogue.compute(db, "leaders", Params(today=ON, period=Period((2018, 1), (2025, 12))))
    team = part(report, "学校领导班子")
    got = {(r[0], r[2], r[4]) for r in team.rows}
    assert got == {
        ("城关第一小学", "党组织书记", "李书记"),
        ("城关第一小学", "校长", "张校长"),
        ("城关第一小学", "副校长", "孙老师"),
        ("城关中学", "校长", "王校长"),
        ("城关中学", "副校长", "赵老师"),
        ("乡中心小学", "校长", "钱校长"),
    }
    zhang = next(r for r in team.rows if r[4] == "张校长")
    assert zhang[6] == 55 and zhang[7] == "高级教师" and zhang[8] == "2017-09" and zhang[9] == "7年9个月"
    missing = part(report, "缺少校长或书记")
    assert sorted((r[0], r[3]) for r in missing.rows) == [("乡中心小学", "书记"), ("城关中学", "书记")]
    term = part(report, "校长在同一所学校任职满6年")
    assert [(r[2], r[7], r[8]) for r in term.rows] == [("张校长", "2016-09", "8年9个月")]
    counts = dict(part(report, "提拔任用（").rows)
    assert counts == {"书记": 1, "校长": 1, "副书记": 0, "副校长": 2, "校长助理": 0, "中层": 1, "合计": 5}
    names = sorted((r[0], r[2]) for r in part(report, "提拔任用名单").rows)
    assert names == [
        ("李书记", "党组织书记"),
        ("赵老师", "副校长"),
        ("赵老师", "教务主任"),
        ("钱校长", "副校长"),
        ("钱校长", "校长"),
    ]
    assert report.summary["missing"] == {"校长": 0, "书记": 2} and report.summary["term_due"] == 1
    json.dumps(report.summary, ensure_ascii=False)


def test_the_term_is_a_policy_parameter(county):
    db, _ = county
    report = catalogue.compute(db, "leaders", Params(today=ON, policy=Policy(principal_term_years=2)))
    term = part(report, "校长在同一所学校任职满2年")
    assert [r[2] for r in term.rows] == ["张校长", "王校长", "钱校长"]
    assert "教师〔2014〕4号" in report.notes[-1]


def test_the_scope_limits_the_lists_to_its_schools(county):
    db, _ = county
    from talentdesk.reports.params import Scope

    report = catalogue.compute(db, "leaders", Params(today=ON, scope=Scope("school", "城关中学")))
    assert {r[0] for r in part(report, "学校领导班子").rows} == {"城关中学"}
    assert [r[0] for r in part(report, "缺少校长或书记").rows] == ["城关中学"]


def test_the_annual_statistics_count_promotions_by_post_over_any_period(county):
    db, _ = county
    report = catalogue.compute(db, "annual", Params(period=Period((2018, 1), (2025, 12))))
    rows = {(r[0], r[1]): r[2:] for r in report.main.rows}
    headers = report.main.headers
    col = {h: i - 2 for i, h in enumerate(headers)}
    assert rows[("提拔任用", "副校长")][col["2019"]] == 1 and rows[("提拔任用", "副校长")][col["2023"]] == 1
    assert rows[("提拔任用", "副校长")][col["合计"]] == 2
    assert rows[("提拔任用", "合计")][col["合计"]] == 5
    assert rows[("提拔任用", "中层")][col["2018"]] == 1 and rows[("提拔任用", "校长")][col["2022"]] == 1
    one_year = catalogue.compute(db, "annual", Params(year=2022))
    rows = {(r[0], r[1]): r[2:] for r in one_year.main.rows}
    assert rows[("提拔任用", "校长")][:2] == (1, 0)  # 2022 and 2021: 王校长 moving school is no promotion


def test_the_command_line_writes_the_lists(county, tmp_path, capsys):
    db, _ = county
    from talentdesk.cli import main

    url = db.engine.url
    path = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)
    out = tmp_path / "leaders.json"
    assert main(["--db", path, "report", "leaders", str(out), "--from", "2018", "--to", "2025"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert "缺少校长或书记的学校" in text and "提拔任用名单" in text
    xlsx = tmp_path / "leaders.xlsx"
    assert main(["--db", path, "report", "leaders", str(xlsx)]) == 0 and xlsx.stat().st_size > 0


def test_the_registration_form_prints_the_current_post_and_the_posts_held(county):
    db, b = county
    from talentdesk.reports.registration import as_table, load_forms

    with db.sessions() as s:
        forms = load_forms(s, [b["t"]["李书记"], b["t"]["张校长"]])
    li, zhang = forms
    assert li.basic["admin_post"] == "党组织书记" and zhang.basic["admin_post"] == "校长"
    assert ("2016-09—2017-08", "城关第一小学", "校长") in [tuple(w) for w in zhang.work]
    rows = as_table(forms).rows
    assert any(r[2] == "采集表信息" and "行政职务：校长" in r[4] for r in rows)


def test_training_statistics_split_leaders_middle_and_teachers(county):
    db, b = county
    from talentdesk.domain.dates import PartialDate
    from talentdesk.store.models_cultivation import TrainingCourse, TrainingRecord
    from talentdesk.store.uow import UnitOfWork

    with UnitOfWork(db) as uow:
        course = TrainingCourse(name="校长任职资格培训", level="省级", start=PartialDate(2022, 7))
        uow.session.add(course)
        uow.session.flush()
        for name, hours in (("张校长", 60), ("赵老师", 40), ("孙老师", 20)):
            uow.session.add(TrainingRecord(course_id=course.id, teacher_id=b["t"][name], hours=hours))
        uow.commit()
    # at the end of 2022: 张校长 校长, 赵老师 教务主任 (中层), 孙老师 no post yet
    report = catalogue.compute(db, "training", Params(period=Period((2022, 1), (2022, 12))))
    split = {r[0]: r[1:] for r in part(report, "学校领导与教师参训情况").rows}
    assert split == {
        "校级领导": (1, 1, 60.0, 60.0),
        "中层": (1, 1, 40.0, 40.0),
        "其他教师": (1, 1, 20.0, 20.0),
        "合计": (3, 3, 120.0, 40.0),
    }


def test_the_work_summary_names_the_promotions_by_post(county):
    db, _ = county
    report = catalogue.compute(db, "summary", Params(period=Period((2018, 1), (2025, 12))))
    text = "".join(report.summary["sections"]["四、用才"])
    assert "提拔任用学校领导和中层 5 人次（书记 1 名、校长 1 名、副校长 2 名、中层 1 名）" in text
