"""The 师徒结对情况统计 report counts the same on both back ends (issue 10 §4: counted by the database)."""

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params
from talentdesk.services.cultivation import mentoring
from tests.cultivation_builder import build


def test_mentoring_statistics_per_programme_newest_first_unassigned_last(db):
    t = build(db)["t"]
    old = mentoring.save_programme(db, None, {"name": "2023年青蓝工程", "year": "2023"})
    new = mentoring.save_programme(db, None, {"name": "2026年青蓝工程", "year": "2026"})
    first, _ = mentoring.save_pairing(db, None, {"programme_id": new, "mentor_id": t["李䶮"], "mentee_id": t["吉𠮷"]})
    mentoring.save_activities(
        db, first, [{"kind": "公开课", "date": "2026-10-12"}, {"kind": "听课评课", "date": "2026-11"}]
    )
    mentoring.save_pairing(db, None, {"programme_id": new, "mentor_id": t["张堃"], "mentee_id": t["赵小青"]})
    done, _ = mentoring.save_pairing(
        db, None, {"programme_id": old, "mentor_id": t["王建国"], "mentee_id": t["钱晓"], "start": "2023-09"}
    )
    mentoring.save_pairing(db, done, {**mentoring.get_pairing(db, done), "status": "期满", "mentee_eval": "优秀"})
    ended, _ = mentoring.save_pairing(
        db, None, {"programme_id": old, "mentor_id": t["李䶮"], "mentee_id": t["孙悦"], "start": "2023-09"}
    )
    mentoring.save_pairing(
        db,
        ended,
        {**mentoring.get_pairing(db, ended), "status": "提前终止", "end_reason": "调离本县", "mentee_eval": "不合格"},
    )
    loose, _ = mentoring.save_pairing(db, None, {"mentor_id": t["张堃"], "mentee_id": t["孙悦"]})
    mentoring.save_activities(db, loose, [{"kind": "公开课", "date": "2026-10-20"}])

    report = catalogue.compute(db, "mentoring", Params())
    assert report.scope_label == "全县（全部学校）"
    assert [tuple(r) for r in report.main.rows] == [
        ("2026年青蓝工程", 2, 2, 0, 0, 0, 0, 2),
        ("2023年青蓝工程", 2, 0, 1, 1, 1, 1, 0),
        ("（未归入项目）", 1, 1, 0, 0, 0, 0, 1),
        ("合计", 5, 3, 1, 1, 1, 1, 3),
    ]
    assert all(type(v) is int for r in report.main.rows for v in r[1:])


def test_mentoring_statistics_of_an_empty_database(db):
    assert [tuple(r) for r in catalogue.compute(db, "mentoring", Params()).main.rows] == [("合计", 0, 0, 0, 0, 0, 0, 0)]
