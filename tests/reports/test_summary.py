"""工作总结数据稿: `report summary --from 2021 --to 2025 OUT.docx` writes the period's figures as sentences under
引才、育才、留才、用才, then the tables; every number in it is the annual statistics' for the same period."""

import json
import re

import docx
import pytest

from talentdesk.cli import main


@pytest.fixture(scope="module")
def demo_db(demo_templates, tmp_path_factory):
    """The demo county (seed 2026), a copy of the session's template shared by this module's read-only tests."""
    return demo_templates.copy(tmp_path_factory.mktemp("summary") / "demo.db")


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"(\d+) (?:名|人次|人|学时)", text)]


def test_summary_docx_says_the_annual_figures(demo_db, tmp_path):
    out, annual = tmp_path / "稿.docx", tmp_path / "a.json"
    assert main(["--db", str(demo_db), "report", "summary", "--from", "2021", "--to", "2025", str(out)]) == 0
    assert main(["--db", str(demo_db), "report", "annual", "--from", "2021", "--to", "2025", str(annual)]) == 0
    data = json.loads(annual.read_text("utf-8"))
    total = {(r[0], r[1]): r[-1] for r in data["rows"]}
    stock = {(r[0], r[1]): r[-1] for r in data["parts"][0]["rows"]}
    document = docx.Document(str(out))
    text = [p.text for p in document.paragraphs]
    for heading in ("一、引才", "二、育才", "三、留才", "四、用才"):
        assert heading in text
    body = "\n".join(text)
    recruits = next(t for t in text if "共补充教师" in t)
    assert numbers(recruits)[0] == total[("补充教师", "合计")]
    assert f"公开招聘 {total[('补充教师', '公开招聘')]} 名" in recruits
    assert f"特岗计划 {total[('补充教师', '特岗计划')]} 名" in recruits
    training = next(t for t in text if t.startswith("组织教师培训"))
    assert numbers(training)[:2] == [total[("培训", "合计人次")], int(total[("培训", "合计学时")])]
    assert f"职称晋升 {total[('职称晋升', '合计')]} 人" in body
    assert f"表彰教师 {total[('荣誉表彰', '合计')]} 人次" in body
    assert f"期末在岗教师 {stock[('队伍总量', '年末在岗教师')]} 名" in body
    assert f"交流轮岗、支教等 {total[('交流轮岗', '合计人次')]} 人次" in body
    assert f"期间减少教师 {total[('人员减少', '合计')]} 名" in body
    honours = {(r[0], r[1]): r[-1] for r in data["parts"][1]["rows"]}
    red = sum(v for (lv, name), v in honours.items() if name == "红烛教师")
    assert red and f"红烛教师 {red} 人次" in body  # by name of the bureau's list, every level
    acts = next(p for p in data["parts"] if p["title"].startswith("教师活动"))
    held = {(r[0], r[1]): r[-1] for r in acts["rows"]}[("教师活动", "合计")]
    assert f"教师活动 {held} 次" in body  # issue 21 §1
    pairs = next(p for p in data["parts"] if p["title"].startswith("学校结对"))
    n_pairs = {(r[0], r[1]): r[-1] for r in pairs["rows"]}[("学校结对", "结对数（期间内有效）")]
    assert n_pairs and f"学校结对 {n_pairs} 个" in body  # issue 21 §3
    contests = next(p for p in data["parts"] if p["title"].startswith("教学竞赛"))
    entered = {r[1]: r[-1] for r in contests["rows"]}
    assert f"教学竞赛参赛 {entered['参赛人次']} 人次" in body and f"一等奖 {entered['一等奖']} 人" in body  # §2
    # then the tables, with a grid, the first one the period table; the stock, the honours by name and the
    # activities (issue 21 §1), the talent recognition steps and payments (issue 20 §4), the school pairings
    # (issue 21 §3), the competitions (issue 21 §2), the school changes by reason (issue 22 §2), the
    # programmes (issues 20 §3, 21 §5), degree study and growth plans (issue 21 §5), the research roles, studios
    # and outputs (issue 21 §4), the research projects (issue 21 §5) and the postings outside the county
    # (issue 22 §2) after it
    assert len(document.tables) == 13
    talents = next(p for p in data["parts"] if p["title"] == "人才认定与引进人才经费")
    applied = {r[1]: r[-1] for r in talents["rows"]}["初步申报（人）"]
    assert applied and f"人才认定初步申报 {applied} 人" in body
    assert [c.text for c in document.tables[7].rows[0].cells][:2] == ["类别", "项目"]
    assert [c.text for c in document.tables[11].rows[0].cells][:2] == ["类别", "项目"]  # 课题研究
    assert [c.text for c in document.tables[12].rows[0].cells][:2] == ["类别", "项目"]  # 援派
    projects = next(p for p in data["parts"] if p["title"].startswith("课题研究"))
    new = {r[1]: r[-1] for r in projects["rows"]}
    assert new["新立项合计"] and f"新立项课题 {new['新立项合计']} 项" in body  # issue 21 §5
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == data["columns"]
    assert len(first.rows) == len(data["rows"]) + 1


def test_summary_defaults_to_five_years_and_json_has_the_sentences(demo_db, tmp_path):
    out = tmp_path / "s.json"
    assert main(["--db", str(demo_db), "report", "summary", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert [s["heading"] for s in data["sections"]] == ["一、引才", "二、育才", "三、留才", "四、用才"]
    assert len(data["columns"]) == 2 + 5 + 1


def test_any_report_saves_as_word(demo_db, tmp_path):
    out = tmp_path / "结构.docx"
    assert main(["--db", str(demo_db), "report", "structure", str(out)]) == 0
    document = docx.Document(str(out))
    # one Word table per part of the report: four, and 政治面貌 since the 党员 count came in
    assert document.paragraphs[0].text == "教师队伍结构统计表" and len(document.tables) == 5
