"""Issue 21 §4: research roles — the editable list of roles, the rules on saving an appointment, bulk appointment,
overlapping terms refused, current and ended roles, the audit trail and a teacher's roles; studios of the new kinds
with a parent (level rule, no cycles) and outputs with quantities from the editable list of output kinds."""

import pytest
from sqlalchemy import select

from talentdesk.domain import research_roles as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import ValidationError
from talentdesk.services.cultivation import research_roles, studios
from talentdesk.store.models import AuditLog
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    return db, build(db)


def _values(**more):
    return {
        "role": "兼职教研员",
        "subject": "数学",
        "level": "县级",
        "start": "2024-09-01",
        "end": "2027-08-31",
        "appointer": "青禾县教育局",
        "doc_no": "青教发〔2024〕12号",
        **more,
    }


def test_the_list_of_roles_has_the_defaults_and_takes_local_ones(db):
    names = [k["name"] for k in research_roles.kinds(db)]
    assert names == list(rules.DEFAULT_ROLES)  # the migration's copy agrees with the domain's
    kid = research_roles.add_kind(db, " 青蓝导师 ")
    assert research_roles.kinds(db)[-1]["name"] == "青蓝导师"
    with pytest.raises(ValidationError, match="已有"):
        research_roles.add_kind(db, "青蓝导师")
    research_roles.remove_kind(db, kid)
    assert "青蓝导师" not in [k["name"] for k in research_roles.kinds(db)]
    units = [(k["name"], k["unit"]) for k in research_roles.output_kinds(db)]
    assert units == list(rules.DEFAULT_OUTPUT_KINDS)
    oid = research_roles.add_output_kind(db, "读书分享", "次")
    assert research_roles.output_kinds(db)[-1]["unit"] == "次"
    research_roles.remove_output_kind(db, oid)


def test_a_role_in_use_stays_on_the_list(county):
    db, c = county
    research_roles.save(db, None, _values(teacher_id=c["t"]["张堃"]))
    kind = next(k for k in research_roles.kinds(db) if k["name"] == "兼职教研员")
    assert kind["used"] == 1
    with pytest.raises(ValidationError, match="1 条任职记录"):
        research_roles.remove_kind(db, kind["id"])


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"end": "2024-01-01"}, "end", "早于开始"),
        ({"start": ""}, "start", "请填写任期开始"),
        ({"role": "特级教研员"}, "role", "不在教研角色表中"),
        ({"level": "乡级"}, "level", "级别应为"),
        ({"subject": "炼金术"}, "subject", "不在"),
        ({"teacher_id": None}, "teacher_id", "请选择教师"),
    ],
)
def test_rules_on_saving(county, change, field, message):
    db, c = county
    with pytest.raises(ValidationError) as e:
        research_roles.save(db, None, {**_values(teacher_id=c["t"]["张堃"]), **change})
    assert message in e.value.problems[field]


def test_bulk_appointment_overlap_and_audit(county):
    db, c = county
    t = c["t"]
    ids = research_roles.appoint(db, [t["张堃"], t["李䶮"], t["王建国"]], _values())
    assert len(ids) == 3
    # the same role and level in an overlapping term: refused for everyone, nothing saved
    with pytest.raises(ValidationError, match="张堃已任县级兼职教研员"):
        research_roles.appoint(db, [t["吉𠮷"], t["张堃"]], _values(start="2026-09-01", end=""))
    assert len(research_roles.list_rows(db)) == 3
    # a next term after the first is fine, as is another level
    research_roles.appoint(db, [t["张堃"]], _values(start="2027-09-01", end=""))
    research_roles.appoint(db, [t["张堃"]], _values(level="市级", role="评委库", end="2025-08-31"))
    rows = research_roles.list_rows(db, role="兼职教研员")
    assert len(rows) == 4
    ended = research_roles.list_rows(db, role="评委库")
    assert [(r.name, r.state) for r in ended] == [("张堃", research_roles.ENDED)]
    assert research_roles.list_rows(db, role="评委库", current=True) == []
    # the term overlaps the period
    assert len(research_roles.list_rows(db, first=PartialDate(2023), last=PartialDate(2023))) == 0
    assert len(research_roles.list_rows(db, first=PartialDate(2025, 1), last=PartialDate(2025, 3))) == 4
    assert len(research_roles.list_rows(db, school_id=c["schools"]["青禾镇中学"])) == 3
    # edit one: version checked, audited
    one = research_roles.get(db, ids[0])
    research_roles.save(db, ids[0], {**one, "doc_no": "青教发〔2024〕13号"}, version=one["version"], base=one)
    assert research_roles.get(db, ids[0])["doc_no"] == "青教发〔2024〕13号"
    assert [r[0] for r in research_roles.teacher_roles(db, t["张堃"])].count("兼职教研员") == 2
    assert research_roles.delete(db, [ids[1]]) == 1
    with db.sessions() as s:
        tables = set(s.scalars(select(AuditLog.table_name)))
    assert "research_role" in tables
    with db.sessions() as s:
        assert len(research_roles.facts(s)) == 4


def _studio(db, c, name, level, kind="名师工作室", **more):
    return studios.save(
        db,
        None,
        {"name": name, "kind": kind, "level": level, "host_id": c["t"]["李䶮"], "start": "2024-09", **more},
    )


def test_studio_parent_level_and_no_cycles(county):
    db, c = county
    top = _studio(db, c, "李䶮初中数学名师工作室", "县级")
    child = _studio(db, c, "城关中学数学教研工作坊", "校级", kind="教研工作坊", parent_id=top)
    assert studios.get(db, child)["parent_name"] == "李䶮初中数学名师工作室"
    with pytest.raises(ValidationError) as e:
        _studio(db, c, "市级数学工作站", "市级", kind="工作站", parent_id=top)
    assert "不能低于" in e.value.problems["parent_id"]
    st = studios.get(db, top)
    with pytest.raises(ValidationError) as e:
        studios.save(db, top, {**st, "parent_id": child, "level": "校级"})
    assert "不能成环" in e.value.problems["parent_id"]
    with pytest.raises(ValidationError):
        studios.save(db, top, {**st, "parent_id": top})
    assert [i for i, _l in studios.parent_choices(db, "校级", exclude=top)] == []
    row = next(r for r in studios.list_rows(db) if r[0] == child)
    assert row[-1] == "李䶮初中数学名师工作室"
    studios.delete(db, top)
    assert studios.get(db, child)["parent_id"] is None


def test_studio_outputs_with_quantities(county):
    db, c = county
    sid = _studio(db, c, "李䶮初中数学名师工作室", "县级")
    outputs = [
        {"date": "2025-03-12", "kind": "研训课", "quantity": "3"},
        {"date": "2025-04-02", "kind": "微讲座", "quantity": 2, "note": "线上"},
    ]
    studios.save(db, sid, studios.get(db, sid), outputs=outputs)
    got = studios.get(db, sid)["outputs"]
    assert [(o["kind"], o["quantity"], o["unit"]) for o in got] == [("研训课", 3.0, "节"), ("微讲座", 2.0, "堂")]
    with pytest.raises(ValidationError) as e:
        studios.save(db, sid, studios.get(db, sid), outputs=[{"date": "2025-03", "kind": "研训课", "quantity": "-1"}])
    assert "不能小于 0" in e.value.problems["output1"]
    with pytest.raises(ValidationError) as e:
        studios.save(db, sid, studios.get(db, sid), outputs=[{"date": "", "kind": "跳舞", "quantity": "1"}])
    assert "不在类别表中" in e.value.problems["output1"]
    with db.sessions() as s:
        facts = research_roles.output_facts(s)
    assert sorted((f.kind, f.quantity) for f in facts) == [("微讲座", 2.0), ("研训课", 3.0)]
    kind = next(k for k in research_roles.output_kinds(db) if k["name"] == "研训课")
    with pytest.raises(ValidationError, match="1 条成果记录"):
        research_roles.remove_output_kind(db, kind["id"])
