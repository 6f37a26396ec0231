"""Issue 21 §2: teaching competitions — the list of kinds, the rules on saving, entrants with their school then,
selection and results, the award as one honour of the teacher (made, updated, linked, deleted), the audit trail and
a teacher's competitions."""

import pytest
from sqlalchemy import func, select

from talentdesk.domain import competitions as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import UserError, ValidationError
from talentdesk.services.cultivation import competitions
from talentdesk.store.models import AuditLog, Honour
from talentdesk.store.models_competitions import CompetitionEntrant
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    return db, build(db)


def _values(**more):
    return {
        "name": "2025年全县初中数学优质课评比",
        "kind": "优质课",
        "level": "县级",
        "subject": "数学",
        "stage": "初中",
        "organiser": "青禾县教育局",
        "start": "2025-10-14",
        "end": "2025-10-16",
        **more,
    }


def _honours(db, teacher_id):
    with db.sessions() as s:
        return [
            (h.name, h.level, h.date.iso() if h.date else None, h.issuer)
            for h in s.scalars(select(Honour).where(Honour.teacher_id == teacher_id).order_by(Honour.id))
        ]


def test_the_list_of_kinds_has_the_defaults_and_takes_local_ones(db):
    names = [k["name"] for k in competitions.kinds(db)]
    assert names == list(rules.DEFAULT_KINDS)  # the migration's copy agrees with the domain's
    assert {"优质课", "基本功", "班主任能力", "说课", "微课", "课件", "论文"} <= set(names)
    kid = competitions.add_kind(db, " 实验操作 ")
    assert competitions.kinds(db)[-1]["name"] == "实验操作"
    with pytest.raises(ValidationError, match="已有"):
        competitions.add_kind(db, "实验操作")
    competitions.remove_kind(db, kid)
    assert "实验操作" not in [k["name"] for k in competitions.kinds(db)]


def test_a_kind_in_use_stays_on_the_list(county):
    db, c = county
    competitions.save(db, None, _values(), [{"teacher_id": c["t"]["张堃"]}])
    kind = next(k for k in competitions.kinds(db) if k["name"] == "优质课")
    assert kind["used"] == 1
    with pytest.raises(ValidationError, match="1 项竞赛"):
        competitions.remove_kind(db, kind["id"])


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"end": "2025-10-01"}, "end", "结束日期 2025-10-01 早于开始日期 2025-10-14"),
        ({"start": ""}, "start", "请填写竞赛日期"),
        ({"name": " "}, "name", "竞赛名称不能为空"),
        ({"kind": "朗诵"}, "kind", "竞赛类别“朗诵”不在类别表中"),
        ({"level": "乡级"}, "level", "级别应为国家级、省级、市级、县级、校级之一"),
        ({"subject": "天文"}, "subject", "学科“天文”不在学科代码表中"),
    ],
)
def test_rules_on_saving_name_the_field(county, change, field, message):
    db, _c = county
    with pytest.raises(ValidationError) as e:
        competitions.save(db, None, _values(**change))
    assert message in e.value.problems[field]


def test_entrants_are_known_teachers_listed_once_with_a_known_result(county):
    db, c = county
    t = c["t"]
    with pytest.raises(ValidationError) as e:
        competitions.save(
            db,
            None,
            _values(),
            [
                {"teacher_id": t["张堃"], "name": "张堃"},
                {"teacher_id": t["张堃"], "name": "张堃"},
                {"teacher_id": t["吉𠮷"], "name": "吉𠮷", "result": "头等奖"},
            ],
        )
    assert e.value.problems["entrant2"] == "第2名参赛教师（张堃）与第1名重复"
    assert "结果“头等奖”应为特等奖、一等奖、二等奖、三等奖、优秀奖、未获奖之一" in e.value.problems["entrant3"]


def test_the_next_level_is_a_higher_competition(county):
    db, _c = county
    city = competitions.save(
        db, None, _values(name="2025年市初中数学优质课", level="市级", start="2025-12-01", end=None)
    )
    county_id = competitions.save(db, None, _values(next_id=city))
    assert competitions.get(db, county_id)["next_id"] == city
    with pytest.raises(ValidationError, match="选送的上一级竞赛应高于本级"):
        competitions.save(db, None, _values(level="省级", next_id=city))
    assert [i for i, _label in competitions.next_choices(db, "县级")] == [city]
    competitions.delete(db, [city])
    assert competitions.get(db, county_id)["next_id"] is None


def test_an_award_is_one_honour_of_the_teacher_following_the_result(county):
    db, c = county
    t = c["t"]
    cid = competitions.save(
        db,
        None,
        _values(),
        [
            {"teacher_id": t["张堃"], "result": "一等奖", "selected": True},
            {"teacher_id": t["吉𠮷"], "result": "未获奖"},
            {"teacher_id": t["赵小青"], "result": "优秀"},
        ],
    )
    name = "2025年全县初中数学优质课评比一等奖"
    assert _honours(db, t["张堃"]) == [(name, "县级", "2025-10-16", "青禾县教育局")]
    assert _honours(db, t["吉𠮷"]) == []
    assert _honours(db, t["赵小青"]) == [("2025年全县初中数学优质课评比优秀奖", "县级", "2025-10-16", "青禾县教育局")]
    # the school at the time is the school the teacher works at
    got = competitions.get(db, cid)
    assert [(e["name"], e["school"], e["selected"], e["result"]) for e in got["entrants"]] == [
        ("张堃", "青禾镇中学", True, "一等奖"),
        ("吉𠮷", "青禾镇中学", False, "未获奖"),
        ("赵小青", "柳河乡中学", False, "优秀奖"),
    ]
    # saved again unchanged: still one honour each
    competitions.save(db, cid, _values(), got["entrants"], version=got["version"], base=got)
    assert len(_honours(db, t["张堃"])) == 1
    # the result changes: the honour follows; no award any more: the honour goes
    got = competitions.get(db, cid)
    rows = [dict(e) for e in got["entrants"]]
    rows[0]["result"] = "二等奖"
    rows[2]["result"] = "未获奖"
    competitions.save(db, cid, _values(level="市级", name="市赛"), rows, version=got["version"], base=got)
    assert _honours(db, t["张堃"]) == [("市赛二等奖", "市级", "2025-10-16", "青禾县教育局")]
    assert _honours(db, t["赵小青"]) == []
    # an entrant taken off the list loses the honour; deleting the competition deletes the rest
    got = competitions.get(db, cid)
    competitions.save(db, cid, _values(), got["entrants"][1:], version=got["version"], base=got)
    assert _honours(db, t["张堃"]) == []
    competitions.save(db, cid, _values(), [{"teacher_id": t["张堃"], "result": "三等奖"}])
    assert len(_honours(db, t["张堃"])) == 1
    competitions.delete(db, [cid])
    assert _honours(db, t["张堃"]) == []


def test_an_honour_already_recorded_is_linked_not_duplicated(county):
    db, c = county
    t = c["t"]
    with UnitOfWork(db) as uow:
        uow.session.add(
            Honour(
                teacher_id=t["李䶮"],
                name="2025年全县初中数学优质课评比一等奖",
                level="县级",
                date=PartialDate(2025, 10, 16),
            )
        )
        uow.commit()
    competitions.save(db, None, _values(), [{"teacher_id": t["李䶮"], "result": "一等奖"}])
    honours = _honours(db, t["李䶮"])
    assert honours == [("2025年全县初中数学优质课评比一等奖", "县级", "2025-10-16", "青禾县教育局")]
    with db.sessions() as s:
        assert s.scalar(select(CompetitionEntrant.honour_id)) == s.scalar(select(Honour.id))


def test_changes_are_audited_and_the_teacher_file_lists_the_competitions(county):
    db, c = county
    t = c["t"]
    cid = competitions.save(db, None, _values(), [{"teacher_id": t["张堃"], "result": "一等奖", "selected": True}])
    with db.sessions() as s:
        tables = set(s.scalars(select(AuditLog.table_name)))
    assert {"competition", "competition_entrant", "honour"} <= tables
    assert competitions.teacher_competitions(db, t["张堃"]) == [
        competitions.TeacherCompetition(
            "2025-10-14", "优质课", "2025年全县初中数学优质课评比", "县级", "数学", "青禾镇中学", "一等奖", "是"
        )
    ]
    rows = competitions.list_rows(db, first=PartialDate(2025), last=PartialDate(2025))
    assert [(r.id, r.entrants, r.selected, r.awards, r.first_prizes) for r in rows] == [(cid, 1, 1, 1, 1)]
    assert competitions.list_rows(db, school_id=c["schools"]["城关中学"]) == []
    assert competitions.list_rows(db, kind="基本功") == []


def test_the_selected_teachers_are_entered_in_the_next_level_once(county):
    db, c = county
    t = c["t"]
    city = competitions.save(
        db, None, _values(name="2025年市初中数学优质课", level="市级", start="2025-12-01", end=None)
    )
    alone = competitions.save(db, None, _values(name="校内赛", level="校级"))
    with pytest.raises(UserError, match="没有设定选送的上一级竞赛"):
        competitions.send_selected(db, alone)
    cid = competitions.save(
        db,
        None,
        _values(next_id=city),
        [
            {"teacher_id": t["张堃"], "result": "一等奖", "selected": True},
            {"teacher_id": t["吉𠮷"], "result": "二等奖"},
            {"teacher_id": t["赵小青"], "result": "一等奖", "selected": True},
        ],
    )
    competitions.save(
        db,
        city,
        _values(name="2025年市初中数学优质课", level="市级", start="2025-12-01", end=None),
        [{"teacher_id": t["赵小青"], "result": None}],
    )
    assert competitions.send_selected(db, cid) == (1, 1)  # 赵小青 was already on the city list
    got = competitions.get(db, city)["entrants"]
    assert [(e["name"], e["school"], e["selected"], e["result"]) for e in got] == [
        ("赵小青", "柳河乡中学", False, None),
        ("张堃", "青禾镇中学", False, None),
    ]
    assert competitions.send_selected(db, cid) == (0, 2)  # sending again adds nobody
    with db.sessions() as s:
        assert (
            s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.table_name == "competition_entrant"))
            >= 4
        )
    none_picked = competitions.save(db, None, _values(name="无人选送", next_id=city), [{"teacher_id": t["吉𠮷"]}])
    with pytest.raises(UserError, match="没有勾选“选送”的参赛教师"):
        competitions.send_selected(db, none_picked)
