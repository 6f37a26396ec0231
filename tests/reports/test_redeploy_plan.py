"""教师调配方案 report (issue 22 §2) on the small county of tests/redeploy_builder.py: the plan's moves, its effect
on the gaps, the school changes by reason over a period; PDF, Excel and JSON; `report annual --from/--to`."""

import datetime as dt
import json
import subprocess

import pytest

from talentdesk.cli import main
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.services.deployment import redeploy
from tests.redeploy_builder import YEAR, build


@pytest.fixture
def approved(db):
    ids = build(db)
    plan_id = redeploy.create_plan(db, YEAR)
    redeploy.propose(db, plan_id)
    redeploy.approve(db, plan_id, "东教人〔2026〕8号", dt.date(2026, 8, 25))
    return ids


def _part(rep, title):
    return next(p for p in rep.parts if p.title.startswith(title))


def test_the_plan_its_effect_and_moves_by_reason(db, approved, tmp_path):
    rep = catalogue.compute(db, "redeploy-plan", Params(year=YEAR, today=dt.date(2026, 12, 1)))
    moves = {r[0]: r for r in _part(rep, "一、调配方案").rows}
    assert set(moves) == {"东一", "城甲", "城乙", "东三"}
    assert moves["东一"][1:6] == ("东山小学", "东山中学", "初中", "语文", "已调配")
    effect = {(r[0], r[2], r[3]): r[5:] for r in _part(rep, "二、方案对各学校学科余缺的影响").rows}
    assert effect[("西河小学", "小学", "语文")] == (2, 4, -2.0, 0.0)
    assert effect[("东山中学", "初中", "语文")] == (0, 1, -1.25, -0.25)
    reasons = dict(_part(rep, "三、教师调动").rows)
    assert reasons["调配"] == 4 and reasons["合计（全县合计）"] == 4
    assert rep.summary["doc_number"] == "东教人〔2026〕8号" and rep.summary["gaps_closed"] == 2
    # scope: one school shows only the moves from or to it
    west = catalogue.compute(db, "redeploy-plan", Params(year=YEAR, scope=Scope("school", "西河小学")))
    assert {r[0] for r in _part(west, "一、调配方案").rows} == {"城甲", "城乙", "东三"}
    assert dict(_part(west, "三、教师调动").rows)["调配"] == 3

    pdf = catalogue.render(rep, tmp_path / "调配方案.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "东教人〔2026〕8号" in text and "西河小学" in text
    path = str(db.path)
    for ext in ("xlsx", "json"):
        out = tmp_path / f"p.{ext}"
        assert main(["--db", path, "report", "redeploy-plan", str(out), "--year", str(YEAR)]) == 0
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert data["summary"]["moves"] == 4 and data["summary"]["moves_by_reason"]["调配"] == 4


def test_annual_counts_the_moves_by_reason(db, approved, tmp_path):
    period = catalogue.compute(db, "annual", Params(period=Period((2025, 1), (2026, 12))))
    rows = {r[1]: r[2:] for r in _part(period, "教师调动").rows}
    assert rows["调配"] == (0, 4, 4) and rows["合计"] == (0, 4, 4)  # 2025, 2026, 合计
    one = catalogue.compute(db, "annual", Params(year=2026))
    assert {r[1]: r[2:] for r in _part(one, "教师调动").rows}["调配"] == (4, 0)  # 2026, 2025
    out = tmp_path / "annual.json"
    assert main(["--db", str(db.path), "report", "annual", "--from", "2026", "--to", "2026", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["figures"]["教师调动"]["调配"]["total"] == 4


def test_a_revoked_plan_counts_no_moves_and_says_so(db, approved, tmp_path):
    """撤销已批准方案: the bureau's figures treat the plan as void — neither its moves nor the moves back count in
    教师调动（按原因）, in the report and in `report annual`; the plan is listed as 已撤销 with its 文号 and reason."""
    plan_id = redeploy.plan_of_year(db, YEAR)
    redeploy.revoke(db, plan_id, "东教人〔2026〕12号", "东山小学恢复招生", dt.date(2026, 10, 8))
    rep = catalogue.compute(db, "redeploy-plan", Params(year=YEAR, today=dt.date(2026, 12, 1)))
    assert {r[5] for r in _part(rep, "一、调配方案").rows} == {"已撤销"}
    reasons = dict(_part(rep, "三、教师调动").rows)
    assert reasons["调配"] == 0 and reasons["其他调动"] == 0 and reasons["合计（全县合计）"] == 0
    assert "撤销文号 东教人〔2026〕12号" in rep.notes[0] and "东山小学恢复招生" in rep.notes[0]
    assert "已撤销的调配方案的调动及撤销后的调回都不计" in rep.notes[2]
    assert rep.summary["status"] == "已撤销"
    period = catalogue.compute(db, "annual", Params(period=Period((2025, 1), (2026, 12))))
    rows = {r[1]: r[2:] for r in _part(period, "教师调动").rows}
    assert rows["调配"] == (0, 0, 0) and rows["合计"] == (0, 0, 0)
