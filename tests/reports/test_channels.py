"""Every recruitment channel and kind of event counted in its own row of the annual statistics (issue 17 §2),
on a small built county with one case of each."""

import datetime as dt

import pytest

from talentdesk.domain import codes
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.policy import Policy
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params
from talentdesk.store.models import PostRecord
from talentdesk.store.models_cultivation import TrainingCourse, TrainingRecord
from talentdesk.store.models_recruitment import TalentAgreement

TODAY = dt.date(2026, 3, 15)


def figures(db, year=2025, policy=None):
    r = catalogue.compute(db, "annual", Params(year=year, today=TODAY, policy=policy))
    return {(row[0], row[1]): row[2] for row in r.main.rows}


@pytest.fixture
def channels(county):
    c = county
    for name, source in [
        ("公招", "公开招聘"),
        ("双选", "双向选择"),
        ("定向", "定向招聘"),
        ("特岗", "特岗转入"),
        ("免费师范", "地方免费师范生"),
        ("优师", "优师计划"),
        ("引进", "人才引进"),
        ("选调", "选调"),
        ("军转", "退役军人安置"),
        ("调入", "调入"),
    ]:
        c.add(name, "城关小学", post_start="2025-09", source=source, title=None)

    def agreement(kind):
        def extra(s, tid):
            s.add(TalentAgreement(teacher_id=tid, kind=kind, start=PartialDate(2025, 9), end=PartialDate(2027, 8)))

        return extra

    # re-engaged retirees: first post decades ago, agreement from 2025-09
    c.add("银龄", "河口小学", post_start="1985-09", source="银龄讲学", form="银龄讲学", extra=agreement("银龄讲学"))
    c.add("柔性", "河口小学", post_start="1990-09", source="柔性引进", form="柔性引进", extra=agreement("柔性引进"))

    def moved(s, tid):  # 2010 at 城关小学 → 2025-03 河口小学 → 2025-09 a new record at the same school
        s.query(PostRecord).filter_by(teacher_id=tid).update({"end": PartialDate(2025, 2)})
        s.add(
            PostRecord(
                teacher_id=tid, school_id=c.school["河口小学"], start=PartialDate(2025, 3), end=PartialDate(2025, 8)
            )
        )
        s.add(PostRecord(teacher_id=tid, school_id=c.school["河口小学"], start=PartialDate(2025, 9)))

    c.add("调动者", "城关小学", extra=moved)

    def courses(s, tid):
        for level in ("区培", "国培"):
            course = TrainingCourse(name=f"{level}班", level=level, start=PartialDate(2025, 7), hours=20)
            s.add(course)
            s.flush()
            s.add(TrainingRecord(teacher_id=tid, course_id=course.id, hours=20))

    c.add("参训者", "城关中学", extra=courses)
    return c


def test_each_channel_in_its_own_row(db, channels):
    f = figures(db)
    for row in (
        "公开招聘",
        "校园招聘",
        "定向招聘",
        "特岗计划",
        "公费师范生",
        "优师计划",
        "人才引进",
        "选调",
        "退役军人安置",
        "银龄讲学",
        "柔性引进",
    ):
        assert f[("补充教师", row)] == 1, row
    assert f[("补充教师", "其他（调入等）")] == 1
    assert f[("补充教师", "合计")] == 12
    assert figures(db, 2024)[("补充教师", "银龄讲学")] == 0  # not in the year of the first post (1985)


def test_every_post_move_is_a_transfer_once(db, channels):
    f = figures(db)
    assert f[("调配", "校际调动（编制学校变更）")] == 1  # a new record at the same school is no move
    assert ("交流轮岗", "调动") not in f


def test_district_training_follows_the_bureau_setting(db, channels):
    f = figures(db)
    assert f[("培训", "县培人次")] == 1 and f[("培训", "国培人次")] == 1
    f = figures(db, policy=Policy(district_level="省级"))  # a 自治区: 区培 is provincial
    assert f[("培训", "省培人次")] == 1 and f[("培训", "县培人次")] == 0


def test_song_jiao_is_not_zhi_jiao():
    """送教下乡 is a short trip, not the long-term placement 支教: no longer read as 支教."""
    assert codes.PLACEMENT_KIND.canonical("送教") is None
    assert codes.PLACEMENT_KIND.canonical("支教交流") == "支教"
    assert codes.SOURCE.canonical("省属公费") == "公费师范生" and codes.SOURCE.canonical("双向选择") == "校园招聘"


def test_a_retiree_engaged_again_is_a_new_entrant_and_out_of_service_in_the_gap(db, county):
    def returned(s, tid):  # 1985-09 … 2021-07, retired; back for 银龄讲学 from 2025-09
        s.query(PostRecord).filter_by(teacher_id=tid).update({"end": PartialDate(2021, 7)})
        s.add(PostRecord(teacher_id=tid, school_id=county.school["河口小学"], start=PartialDate(2025, 9)))

    county.add("返聘", "河口小学", post_start="1985-09", extra=returned, form="银龄讲学")

    def again(s, tid):  # a second post record at the same school: no 校际调动, no entry
        s.query(PostRecord).filter_by(teacher_id=tid).update({"end": PartialDate(2025, 8)})
        s.add(PostRecord(teacher_id=tid, school_id=county.school["河口小学"], start=PartialDate(2025, 9)))

    county.add("续聘", "河口小学", post_start="2015-09", extra=again)
    month = catalogue.compute(db, "monthly", Params(month=(2025, 9), today=TODAY))
    f = {(r[0], r[1]): r[2:] for r in month.main.rows}
    assert f[("增加", "新进教师")][:2] == (1, 0)  # 返聘 enters in September 2025
    assert f[("月末总量", "在岗教师")][:2] == (2, 1)  # August: only 续聘 (返聘 was away since 2021)
    assert f[("变动", "校际调动（编制学校变更）")][0] == 0
    stock_2023 = figures(db, 2023)[("队伍总量", "年末在岗教师")]
    assert stock_2023 == 1  # 返聘 was not in service in the gap
