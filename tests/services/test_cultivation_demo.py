"""The demo county has cultivation data to explore (issue 4)."""

import datetime as dt
from collections import Counter

import pytest

from talentdesk.services.cultivation import mentoring, pairing_suggest, studios, training
from talentdesk.services.cultivation import tiers as talent


@pytest.fixture(scope="module")
def county(demo_templates, tmp_path_factory):
    from talentdesk.store.database import open_database

    db = open_database(demo_templates.copy(tmp_path_factory.mktemp("demo") / "county.db", today=dt.date(2026, 11, 20)))
    yield db
    db.dispose()


def test_demo_has_pairings_studios_training_and_reserve(county):
    db = county
    status = Counter(r[10] for r in mentoring.list_pairings(db))
    assert status["进行中"] >= 80 and status["期满"] >= 20
    assert sum(r[13] for r in mentoring.list_pairings(db)) > 100  # activities
    assert len(studios.list_rows(db)) >= 4 and all(r[9] >= 3 for r in studios.list_rows(db))
    today = dt.date(2026, 11, 20)
    last = Counter(r[10] for r in training.hours_rows(db, 2021, today))
    now = Counter(r[10] for r in training.hours_rows(db, 2026, today))
    assert last["已达标"] > last["进度落后"] > 0  # the last cycle: most met 360 hours, some did not
    assert now["按进度"] > 0 and now["进度落后"] > 0
    assert {r[4] for r in talent.reserve_rows(db)} == {"后备干部", "后备名师"}
    res = pairing_suggest.propose(db, pairing_suggest.Scope(), today=today)
    assert res.rows and all(r[10] for r in res.rows)


def test_demo_has_three_years_of_activities_of_every_default_kind(county):
    from talentdesk.domain import activities as rules
    from talentdesk.services.cultivation import activities

    db = county
    rows = activities.list_rows(db)
    kinds = Counter(r[3] for r in rows)
    assert set(kinds) == {k for k, _g in rules.DEFAULT_KINDS}
    assert kinds["送教下乡"] >= 10 and kinds["联片教研"] >= 20
    assert {r[1][:4] for r in rows} >= {"2024", "2025", "2026"}
    assert all(r[1] <= "2026-11-20" for r in rows)  # nothing after the demo's today
    assert sum(r[8] for r in rows) > 500  # participants listed
    with db.sessions() as s:
        sources = Counter(f.source for f in activities.facts(s))
    assert sources["活动登记"] == len(rows) and sources["师徒结对"] > 100 and sources["名师工作室"] > 0


def test_demo_has_three_years_of_competitions_with_city_follow_ups_and_honours(county):
    from sqlalchemy import func, select

    from talentdesk.services.cultivation import competitions
    from talentdesk.store.models import Honour
    from talentdesk.store.models_competitions import Competition, CompetitionEntrant

    db = county
    rows = competitions.list_rows(db)
    assert {r.start[:4] for r in rows} >= {"2024", "2025", "2026"}
    assert all(max(r.start, r.end) <= "2026-11-20" for r in rows)  # nothing after the demo's today
    kinds = Counter((r.kind, r.level) for r in rows)
    assert kinds[("优质课", "县级")] >= 8 and kinds[("基本功", "县级")] >= 2 and kinds[("优质课", "市级")] >= 3
    assert sum(r.entrants for r in rows) > 150 and sum(r.selected for r in rows) > 10
    with db.sessions() as s:
        # each county contest with a follow-up selects for a city contest whose entrants are the selected ones
        for cid, nid in s.execute(select(Competition.id, Competition.next_id).where(Competition.next_id.is_not(None))):
            picked = set(
                s.scalars(
                    select(CompetitionEntrant.teacher_id).where(
                        CompetitionEntrant.competition_id == cid, CompetitionEntrant.selected
                    )
                )
            )
            city = set(s.scalars(select(CompetitionEntrant.teacher_id).where(CompetitionEntrant.competition_id == nid)))
            assert picked and picked == city
        # every award is one honour of the teacher, linked
        awards = s.scalar(
            select(func.count())
            .select_from(CompetitionEntrant)
            .where(CompetitionEntrant.result.in_(("一等奖", "二等奖", "三等奖", "优秀奖")))
        )
        linked = s.scalar(
            select(func.count())
            .select_from(CompetitionEntrant)
            .join(Honour, Honour.id == CompetitionEntrant.honour_id)
            .where(Honour.teacher_id == CompetitionEntrant.teacher_id)
        )
        assert awards == linked > 100


def test_demo_has_five_years_of_research_projects_that_keep_the_rules(county):
    """Issue 21 §5: about thirty 课题, mostly 县级 and 市级, a few 省级 (重点 among them) and one 国家级, steps mixed,
    each with one host in its group and dates the rules allow, nothing after the demo's today."""
    from talentdesk.domain import research as rules
    from talentdesk.services.cultivation import research

    db = county
    rows = research.list_rows(db)
    assert 25 <= len(rows) <= 40
    levels = Counter(r.level for r in rows)
    assert levels["国家级"] == 1 and 2 <= levels["省级"] <= 5 and levels["县级"] + levels["市级"] >= 20
    assert any(r.level == "省级" and r.kind == "重点课题" for r in rows)
    assert {r.approved[:4] for r in rows} >= {"2022", "2023", "2024", "2025", "2026"}
    steps = Counter(r.status.partition("（")[0] for r in rows)
    assert steps["结题"] + steps["获奖"] >= 8 and steps["立项"] + steps["中期"] >= 5 and steps["获奖"] >= 2
    assert all(max(r.approved, r.concluded) <= "2026-11-20" for r in rows)
    for r in rows:
        p = research.get(db, r.id)
        assert not rules.check(p["status"], p["award"], p["approved"], p["planned_end"], p["concluded"]), r
        assert rules.check_roles([m["role"] for m in p["members"]]) is None and len(p["members"]) >= 3
