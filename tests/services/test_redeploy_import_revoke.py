"""调配方案 (issue 22 §2): the moves imported from the template into a draft plan (the rules of a hand-made move,
problems by file, sheet, row and column, nothing imported on an error, the import one edit to 撤销), and an
approved plan revoked (撤销已批准方案): administrators only, a 文号 and a reason, the posts moved back as new dated
history, refused naming the teachers who moved again or left, and the revoked plan's moves no longer counted."""

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.domain.dates import PartialDate as P
from talentdesk.errors import UserError, ValidationError
from talentdesk.importing import templates
from talentdesk.services.accounts import access
from talentdesk.services.deployment import redeploy, redeploy_import
from talentdesk.services.people.posts import move_post
from talentdesk.store import current
from talentdesk.store.models import AuditLog, PostRecord, Teacher
from talentdesk.store.models_deployment import RedeployPlan
from talentdesk.store.uow import UnitOfWork
from tests.redeploy_builder import YEAR, build

DOC = "东教人〔2026〕8号"


@pytest.fixture
def county(db):
    return build(db)


def _fill(path, rows):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            ws.cell(templates.FIRST_DATA_ROW + i, j + 1, v)
    wb.save(path)
    return path


def _template(db, path):
    return templates.write("redeploy", path, school_names=[n for _i, n in redeploy.school_choices(db)])


def test_a_workbook_with_errors_names_each_and_imports_nothing(db, county, tmp_path):
    with db.sessions() as s:
        number = s.get(Teacher, county["东二"]).id_number
    path = _fill(
        _template(db, tmp_path / "调配.xlsx"),
        [
            ("东一", None, "东山小学", "东山中学", "初中", "语文", "学校撤并", "本人同意"),
            ("城甲", None, "东山小学", "西河小学", None, None, None, None),  # not at 东山小学
            (None, number, "东山小学", "东山小学", None, None, None, None),  # the same school
            ("东一", None, "东山小学", "西河小学", None, None, None, None),  # twice
            ("东三", None, "东山小学", "北岭小学", None, None, None, None),  # no such school
            ("西甲", None, "西河小学", "城关小学", None, "体操", None, None),  # no such subject
        ],
    )
    p = redeploy_import.plan(db, [path], school_year=YEAR)
    texts = [x.text() for x in p.errors]
    sheet = "调配.xlsx，工作表“调配名单（每人一行）”"
    assert f"{sheet}第 5 行，C（原学校）列：城甲现在的编制学校是城关小学，不是“东山小学”" in texts
    assert f"{sheet}第 6 行，D（调入学校）列：调入学校不能是东二现在的编制学校" in texts
    assert any(t.startswith(f"{sheet}第 7 行，A（姓名）列：东一在调配.xlsx") and "只能调配一次" in t for t in texts)
    assert f"{sheet}第 8 行，D（调入学校）列：程序中没有学校“北岭小学”，请写学校全称" in texts
    assert f"{sheet}第 9 行，F（任教学科）列：“体操”不是学科" in texts
    assert not p.ready and "整表不导入" in p.summary()
    with pytest.raises(UserError, match="整表没有导入"):
        redeploy_import.apply(db, p)
    assert redeploy.list_plans(db) == []  # nothing half-imported: not even the plan


def test_a_clean_workbook_makes_the_plan_with_warnings_and_undoes_as_one_edit(db, county, tmp_path):
    path = _fill(
        _template(db, tmp_path / "调配.xlsx"),
        [
            ("东一", None, "东山小学", "东山中学", "初中", "语文", "学校撤并", "本人同意"),
            ("东三", None, "东山小学", "西河小学", None, "英语", None, None),  # no 英语 certificate: a warning
            ("东二", None, "东山小学", "东山中学", "初中", None, None, None),  # no 初中 certificate: a warning
        ],
    )
    p = redeploy_import.plan(db, [path], school_year=YEAR)
    assert p.ready and p.plan_id is None, [x.text() for x in p.problems]
    warnings = [x.text() for x in p.problems]
    assert any("第 5 行，F（任教学科）列：东三现任教数学，没有英语教师资格" in w for w in warnings)
    assert any("第 6 行，E（任教学段）列：东二没有登记教师资格，由小学向上调配任教初中" in w for w in warnings)
    assert "可导入2026学年教师调配方案（新建）的调配 3 人，其中 2 人有学科或学段资格提醒" in p.summary()
    result = redeploy_import.apply(db, p)
    assert result.created and result.added == 3 and result.batch_id
    rows = {r.name: r for r in redeploy.moves(db, result.plan_id)}
    assert set(rows) == {"东一", "东三", "东二"}
    assert rows["东一"].reason == "学校撤并；备注：本人同意" and rows["东一"].source == "手工"
    assert (rows["东三"].stage, rows["东三"].subject) == ("小学", "英语")
    # the same workbook again into the existing draft: every teacher is in the plan already
    again = redeploy_import.plan(db, [path], school_year=YEAR)
    assert again.plan_id == result.plan_id and len(again.errors) == 3
    assert "东一已在2026学年教师调配方案中" in again.errors[0].message
    assert redeploy.undo(db, result.plan_id) == "已撤销：导入"
    assert redeploy.moves(db, result.plan_id) == []


def test_the_minimum_of_a_subject_is_checked_with_the_plans_other_moves(db, county, tmp_path):
    plan_id = redeploy.create_plan(db, YEAR)
    path = _fill(
        _template(db, tmp_path / "调配.xlsx"),
        [
            ("东三", None, "东山小学", "西河小学", None, None, None, None),
            ("城戊", None, "城关小学", "西河小学", None, None, None, None),  # 城关小学's last 数学 teacher
        ],
    )
    p = redeploy_import.plan(db, [path], plan_id=plan_id)
    assert [x.text() for x in p.errors] == [
        "调配.xlsx，工作表“调配名单（每人一行）”第 5 行：不能调走城关小学小学数学教师城戊：该校数学现有 1 人，"
        "方案中已调出 0 人，开齐开足至少应保留 1 人"
    ]
    assert redeploy.moves(db, plan_id) == []  # the trial was rolled back
    redeploy.propose(db, plan_id)
    redeploy.approve(db, plan_id, DOC, dt.date(2026, 8, 25))
    with pytest.raises(UserError, match="已审批"):
        redeploy_import.plan(db, [path], plan_id=plan_id)


def _approved(db) -> int:
    plan_id = redeploy.create_plan(db, YEAR)
    redeploy.propose(db, plan_id)
    assert redeploy.approve(db, plan_id, DOC, dt.date(2026, 8, 25)) == 4
    return plan_id


def test_revoking_needs_an_administrator_a_doc_and_a_reason(db, county):
    plan_id = _approved(db)
    access.sign_in(db, access.Identity("小李", access.CLERK))
    with pytest.raises(access.PermissionDenied, match="只有管理员可以撤销"):
        redeploy.revoke(db, plan_id, "东教人〔2026〕12号", "学校恢复招生", dt.date(2026, 10, 8))
    access.sign_in(db, access.Identity("王主任", access.ADMIN))
    with pytest.raises(ValidationError) as e:
        redeploy.revoke(db, plan_id, "", " ", dt.date(2026, 10, 8))
    assert set(e.value.problems) == {"revoke_doc", "revoke_reason"}
    draft = redeploy.create_plan(db, YEAR + 1)
    with pytest.raises(UserError, match="只有已审批的方案可以撤销"):
        redeploy.revoke(db, draft, "东教人〔2026〕12号", "学校恢复招生", dt.date(2026, 10, 8))


def test_revoking_is_refused_naming_who_moved_again_or_left(db, county):
    plan_id = _approved(db)
    with UnitOfWork(db) as uow:
        s = uow.session
        t = s.get(Teacher, county["城甲"])
        move_post(s, t, county["school:城关小学"], P(2026, 9, 20), note="调动", batch=None)
        s.get(Teacher, county["东三"]).status = "辞职"
        current.refresh(s, [county["城甲"]], dt.date(2026, 10, 1))
        uow.commit()
    with pytest.raises(UserError) as e:
        redeploy.revoke(db, plan_id, "东教人〔2026〕12号", "学校恢复招生", dt.date(2026, 10, 8))
    text = str(e.value)
    assert "2 名教师调配后又调动或已离岗" in text
    assert "城甲（此后又调动，现编制学校为城关小学）" in text and "东三（人员状态已为“辞职”）" in text
    assert redeploy.get_plan(db, plan_id)["status"] == "已审批"
    with db.sessions() as s:
        assert s.get(Teacher, county["东一"]).cur_post_school_id == county["school:东山中学"]  # nobody moved back


def test_revoking_moves_the_posts_back_as_new_history_and_the_figures_drop_it(db, county):
    plan_id = _approved(db)
    with db.sessions() as s:
        assert redeploy.moves_by_reason(s, P(2026, 1), P(2026, 12))["调配"] == 4
    access.sign_in(db, access.Identity("王主任", access.ADMIN))
    n = redeploy.revoke(db, plan_id, "东教人〔2026〕12号", "东山小学恢复招生", dt.date(2026, 10, 8))
    assert n == 4
    plan = redeploy.get_plan(db, plan_id)
    assert plan["status"] == "已撤销" and plan["revoked_by"] == "王主任" and plan["revoked_at"]
    assert plan["revoke_doc"] == "东教人〔2026〕12号" and plan["revoke_reason"] == "东山小学恢复招生"
    assert plan["doc_number"] == DOC  # the approval is kept
    text = redeploy.status_text(plan)
    assert text.startswith("已撤销（原审批文号 东教人〔2026〕8号；撤销文号 东教人〔2026〕12号，2026年10月8日生效")
    assert "王主任于" in text and "理由：东山小学恢复招生" in text
    assert {r.status for r in redeploy.moves(db, plan_id)} == {"已撤销"}
    with db.sessions() as s:
        t = s.get(Teacher, county["东一"])
        assert t.cur_post_school_id == county["school:东山小学"]
        assert (t.cur_stage, t.cur_subject) == ("小学", "语文")  # taught 初中 at 东山中学: 小学 again
        posts = sorted(
            (r.start.iso(), r.end.iso() if r.end else None, r.school_id, r.note)
            for r in s.scalars(select(PostRecord).where(PostRecord.teacher_id == t.id))
        )
        assert posts == [
            ("2012-09", "2026-08-24", county["school:东山小学"], None),
            ("2026-08-25", "2026-10-07", county["school:东山中学"], f"调配（{DOC}）"),
            ("2026-10-08", None, county["school:东山小学"], "撤销调配（东教人〔2026〕12号）"),
        ]
        audited = s.scalars(
            select(AuditLog).where(AuditLog.table_name == "redeploy_plan", AuditLog.record_id == plan_id)
        ).all()
        assert any(a.action == "update" and "已撤销" in (a.new or "") for a in audited)
        # a revoked plan counts no moves: neither the plan's nor the moves back
        moved = redeploy.moves_by_reason(s, P(2026, 1), P(2026, 12))
        assert moved["调配"] == 0 and moved["其他调动"] == 0 and sum(moved.values()) == 0
        assert s.scalar(select(RedeployPlan.revoked_on).where(RedeployPlan.id == plan_id)) == P(2026, 10, 8)
    with pytest.raises(UserError, match="已撤销"):
        redeploy.undo(db, plan_id)
    with pytest.raises(UserError, match="只有已审批的方案可以撤销"):
        redeploy.revoke(db, plan_id, "东教人〔2026〕13号", "再撤销", dt.date(2026, 10, 9))
