"""学校分组 (issue 22 §3): watch rules apply to a school group the bureau chooses — by attributes or picked by
hand — with the rural schools of the settings as the default; changes audited; the data of 0014 kept."""

import datetime as dt
import sqlite3

import pytest
from alembic import command
from sqlalchemy import select

from talentdesk.cli import main
from talentdesk.domain import attrition
from talentdesk.errors import UserError, ValidationError
from talentdesk.services.deployment import attrition as watch
from talentdesk.services.deployment import school_groups as svc
from talentdesk.store import current, migrate
from talentdesk.store.database import open_database
from talentdesk.store.models import AuditLog
from talentdesk.store.uow import UnitOfWork
from tests import watch_builder
from tests.watch_builder import TODAY, build


def _young_urban_master(db, ids) -> int:
    """城硕二: 28, master's degree, at the urban 城关一中 — the kind of loss a city sees in its 直属 schools."""
    with UnitOfWork(db) as uow:
        s = uow.session
        from talentdesk.store.models import School

        t = watch_builder._teacher(
            s, 90, "城硕二", s.get(School, ids["town"]), birth=dt.date(1997, 4, 1), degree="硕士研究生"
        )
        s.flush()
        current.refresh(s, [t.id], TODAY)
        uow.commit()
        return t.id


def _flagged(db, rule: str) -> set[str]:
    return {r[1] for r in watch.watch_list(db, TODAY) if rule in r[8].split("、")}


def test_a_group_holds_schools_by_attributes_and_by_hand():
    g = attrition.SchoolGroup("城区初中", areas=("城区",), kinds=("初中", "高中"), school_ids=frozenset({9}))
    assert g.holds(1, "城区", "初中", "城关镇", None)
    assert not g.holds(2, "城区", "小学", "城关镇", None)
    assert not g.holds(3, "乡村", "初中", "甲镇", None)
    assert g.holds(9, "乡村", "小学", None, None)  # picked by hand
    assert g.describe() == "城乡类型为城区且办学类型为初中或高中的学校，另加指定的 1 所学校"
    picked = attrition.SchoolGroup("指定", school_ids=frozenset({5}))
    assert not picked.holds(1, "城区", "初中", None, None) and picked.holds(5, None, None, None, None)
    assert attrition.SchoolGroup("空").describe() == "（未设条件，也未指定学校）"


def test_default_rules_keep_looking_at_rural_schools_and_a_group_moves_them(db):
    ids = build(db)
    urban = _young_urban_master(db, ids)
    rule = "高学历青年乡村教师"
    assert _flagged(db, rule) == {"甲硕"}  # the default: rural schools only
    assert [watch.rule_scope(r) for r in watch.rules(db) if r.name == rule] == [attrition.RURAL_GROUP]

    gid = svc.save_group(db, None, dict(name="城区直属学校", areas="城区", note="市直"))
    assert svc.rows(db) == [(gid, "城区直属学校", "城乡类型为城区的学校", 1, "", "市直")]
    values = {f: getattr(next(r for r in watch.rules(db) if r.name == rule), f) for f in watch.RULE_FIELDS}
    watch.save_rule_by_name(db, rule, {**values, "scope": "城区直属学校"})
    assert _flagged(db, rule) == {"城硕二"}
    why = next(r[9] for r in watch.watch_list(db, TODAY) if r[0] == urban)
    assert "任教于“城区直属学校”的城关一中" in why
    assert svc.rows(db)[0][4] == rule  # the group lists the rule using it

    # hand-picked: the village school joins the group, both teachers are flagged
    svc.save_group(db, gid, dict(name="城区直属学校", areas="城区", school_ids=[ids["village"]]))
    assert _flagged(db, rule) == {"甲硕", "城硕二"}
    # all schools, then back to the rural default
    watch.save_rule_by_name(db, rule, {**values, "scope": svc.ALL_SCHOOLS})
    assert _flagged(db, rule) == {"甲硕", "城硕二"}
    watch.save_rule_by_name(db, rule, {**values, "scope": attrition.RURAL_GROUP})
    assert _flagged(db, rule) == {"甲硕"}


def test_groups_say_what_is_wrong_and_a_used_group_is_not_deleted(db):
    ids = build(db)
    with pytest.raises(ValidationError) as e:
        svc.save_group(db, None, dict(name="", areas="城区、郊区", kinds="大学"))
    assert e.value.problems["name"] == "请填写分组名称"
    assert "“郊区”不是有效的城乡类型" in e.value.problems["areas"]
    assert "“大学”不是有效的办学类型" in e.value.problems["kinds"]
    with pytest.raises(ValidationError) as e:
        svc.save_group(db, None, dict(name="空分组"))
    assert "请至少设一个条件" in e.value.problems["areas"]
    gid = svc.save_group(db, None, dict(name="乡村小学", areas=["农村"], kinds=["完小"]))  # aliases canonical
    assert svc.get(db, gid).areas == ("乡村",) and svc.get(db, gid).kinds == ("小学",)
    assert [x[1] for x in svc.group_schools(db, gid)] == ["甲村小学"]
    with pytest.raises(ValidationError) as e:
        svc.save_group(db, None, dict(name="乡村小学", areas="乡村"))
    assert e.value.problems["name"] == "已有名为“乡村小学”的分组"
    with pytest.raises(ValidationError) as e:
        watch.save_rule(db, None, dict(name="新规则", min_degree="硕士研究生", scope="不存在的分组"))
    assert e.value.problems["scope"] == "没有名为“不存在的分组”的学校分组"
    watch.save_rule(db, None, dict(name="新规则", min_degree="硕士研究生", scope="乡村小学"))
    with pytest.raises(UserError, match="预警规则“新规则”使用分组“乡村小学”，请先为这些规则改选分组"):
        svc.delete_group(db, gid)
    watch.delete_rule(db, "新规则")
    svc.delete_group(db, gid)
    assert svc.groups(db) == []
    with db.sessions() as s:
        logged = s.execute(
            select(AuditLog.action, AuditLog.table_name).where(AuditLog.table_name.like("school_group%"))
        )
        actions = sorted(set(logged.all()))
    assert ("insert", "school_group") in actions and ("delete", "school_group") in actions
    del ids


def test_rules_stored_at_0014_keep_their_rural_scope_after_the_upgrade(tmp_path):
    path = tmp_path / "v14.db"
    db = open_database(path, migrate=False)
    command.upgrade(migrate._config(db), "0014")
    db.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO watch_rule (id, position, name, enabled, min_degree, age_below, rural_only, version) "
        "VALUES (1, 0, '高学历青年乡村教师', 1, '硕士研究生', 35, 1, 1)"
    )
    con.execute(
        "INSERT INTO watch_rule (id, position, name, enabled, situation, rural_only, version) "
        "VALUES (2, 1, '两地分居', 1, '两地分居', 0, 1)"
    )
    con.commit()
    con.close()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        got = {r.name: (watch.rule_scope(r), r.group_id) for r in watch.rules(db)}
        assert got == {"高学历青年乡村教师": (attrition.RURAL_GROUP, None), "两地分居": (svc.ALL_SCHOOLS, None)}
    finally:
        db.dispose()


def test_the_command_line_edits_groups_and_a_rules_group(tmp_path, capsys):
    path = tmp_path / "t.db"
    db = open_database(path)
    build(db)
    db.dispose()
    run = ["--db", str(path), "watch"]
    assert main([*run, "groups"]) == 0
    assert "尚未建立学校分组" in capsys.readouterr().out
    assert main([*run, "group", "城区直属学校", "--areas", "城区", "--schools", "甲村小学"]) == 0
    assert "已建立学校分组“城区直属学校”，共 2 所学校" in capsys.readouterr().out
    assert main([*run, "group", "城区直属学校", "--schools", "乙小学"]) == 2
    assert "没有这些学校：乙小学" in capsys.readouterr().out
    assert main([*run, "rule-group", "高学历青年乡村教师", "城区直属学校"]) == 0
    assert main([*run, "rules"]) == 0
    assert "高学历青年乡村教师｜适用：城区直属学校｜" in capsys.readouterr().out
    assert main([*run, "group-delete", "城区直属学校"]) != 0
    assert "请先为这些规则改选分组" in capsys.readouterr().err
    assert main([*run, "groups", "--schools"]) == 0
    out = capsys.readouterr().out
    assert "城区直属学校：城乡类型为城区的学校，另加指定的 1 所学校；共 2 所学校；规则：高学历青年乡村教师" in out
    assert "  甲村小学（乡村，小学，未填乡镇）" in out
