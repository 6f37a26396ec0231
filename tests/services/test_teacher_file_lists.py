"""Issue 21 §4–§5 in the teacher file: a teacher's research roles (term, appointing body, document number, in
office or not) and degree studies (dates and the bureau's support), latest first, as the file's tabs list them."""

import pytest

from talentdesk.services.cultivation import degree_study, research_roles
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    return db, build(db)


def test_a_teachers_roles_with_term_appointer_and_state(county):
    db, c = county
    t = c["t"]
    role = {"role": "兼职教研员", "subject": "数学", "level": "县级", "appointer": "青禾县教育局"}
    research_roles.appoint(
        db, [t["张堃"]], {**role, "start": "2021-09-01", "end": "2024-08-31", "doc_no": "青教发〔2021〕3号"}
    )
    research_roles.appoint(
        db, [t["张堃"], t["李䶮"]], {**role, "start": "2024-09-01", "end": "", "doc_no": "青教发〔2024〕12号"}
    )
    research_roles.appoint(
        db,
        [t["张堃"]],
        {"role": "评委库", "level": "市级", "start": "2025-03-01", "end": "2099-12-31", "appointer": "市教科院"},
    )
    mine = research_roles.teacher_roles(db, t["张堃"])
    assert mine == [
        ("评委库", "", "市级", "2025-03-01", "2099-12-31", "市教科院", "", research_roles.CURRENT),
        ("兼职教研员", "数学", "县级", "2024-09-01", "", "青禾县教育局", "青教发〔2024〕12号", research_roles.CURRENT),
        (
            "兼职教研员",
            "数学",
            "县级",
            "2021-09-01",
            "2024-08-31",
            "青禾县教育局",
            "青教发〔2021〕3号",
            research_roles.ENDED,
        ),
    ]
    assert mine[1].doc_no == "青教发〔2024〕12号" and mine[2].state == "期满"
    assert [r.role for r in research_roles.teacher_roles(db, t["李䶮"])] == ["兼职教研员"]
    assert research_roles.teacher_roles(db, t["吉𠮷"]) == []


def test_a_teachers_studies_with_dates_and_support(county):
    db, c = county
    t = c["t"]
    base = {"teacher_id": t["吉𠮷"], "mode": "在职", "institution": "山东师范大学"}
    degree_study.save(
        db,
        None,
        {
            **base,
            "degree": "大学本科",
            "major": "汉语言文学",
            "start": "2019-09",
            "expected_end": "2021-07",
            "status": "已毕业",
            "graduated": "2021-07",
        },
    )
    degree_study.save(
        db,
        None,
        {
            **base,
            "degree": "硕士研究生",
            "major": "学科教学（语文）",
            "start": "2024-09",
            "expected_end": "2027-06",
            "leave_months": "6",
            "tuition_support": "12000",
        },
    )
    rows = degree_study.teacher_studies(db, t["吉𠮷"])
    assert rows == [
        ("硕士研究生", "山东师范大学", "学科教学（语文）", "在职", "2024-09", "2027-06", 6, 12000, "在读", ""),
        ("大学本科", "山东师范大学", "汉语言文学", "在职", "2019-09", "2021-07", None, None, "已毕业", "2021-07"),
    ]
    assert rows[0].tuition_support == 12000 and rows[1].graduated == "2021-07"
    assert degree_study.teacher_studies(db, t["张堃"]) == []
