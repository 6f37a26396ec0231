import datetime as dt

import pytest

from talentdesk.domain import idnumber
from talentdesk.errors import ValidationError
from talentdesk.services.people import history, schools, teachers


def _school(db, name="城关第一小学"):
    return schools.save(db, None, {"name": name, "township": "城关镇", "area": "城区", "kind": "小学"})


def _id(year=1985, seq=123):
    return idnumber.make("371525", dt.date(year, 3, 12), seq)


def test_new_teacher_fills_birth_and_sex_from_id_and_shows_in_list(db):
    sid = _school(db)
    tid = teachers.save(
        db,
        None,
        {"name": "张堃", "id_number": _id()},
        {"posts": [{"school_id": sid, "start": "2008.09"}], "titles": [{"title": "中学一级", "obtained": "2015-06"}]},
    )
    rows = teachers.list_rows(db)
    assert len(rows) == 1
    row = dict(zip(teachers.COLUMNS, rows[0]))
    assert row["id"] == tid and row["name"] == "张堃"
    assert row["id_masked"] == "371525********" + _id()[-4:]
    assert row["gender"] == "男" and row["birth"] == "1985-03-12"
    assert row["post_school"] == "城关第一小学" and row["township"] == "城关镇"
    assert row["title"] == "一级教师"  # old title name mapped, cached cur_title refreshed
    assert row["id_number"] == _id()


def test_wrong_check_character_is_reported_on_the_id_field(db):
    bad = _id()[:-1] + ("0" if _id()[-1] != "0" else "1")
    with pytest.raises(ValidationError) as e:
        teachers.save(db, None, {"name": "王芳", "id_number": bad})
    assert "校验位" in e.value.problems["id_number"]


def test_birth_and_sex_must_agree_with_id_and_name_is_required(db):
    with pytest.raises(ValidationError) as e:
        teachers.save(db, None, {"name": " ", "id_number": _id(), "birth_date": "1985-03-13", "gender": "女"})
    assert set(e.value.problems) == {"name", "birth_date", "gender"}


def test_duplicate_id_number_is_refused(db):
    teachers.save(db, None, {"name": "甲", "id_number": _id()})
    with pytest.raises(ValidationError) as e:
        teachers.save(db, None, {"name": "乙", "id_number": _id().lower()})
    assert "已有教师" in e.value.problems["id_number"]


def test_edit_is_audited_and_readable_in_history(db):
    tid = teachers.save(db, None, {"name": "刘洋", "id_number": _id(), "phone": "13800000000"})
    basic = teachers.get(db, tid)["basic"]
    teachers.save(db, tid, {**basic, "phone": "13900000000"})
    rows = history.teacher_history(db, tid)
    change = [r for r in rows if r[4] == "联系电话"]
    assert change and change[0][5:] == ("13800000000", "13900000000")
    assert change[0][2] == "修改" and change[0][3] == "基本信息"


def test_records_are_added_updated_and_removed_by_list(db):
    sid = _school(db)
    tid = teachers.save(
        db,
        None,
        {"name": "陈静", "id_number": _id(1990, 124)},
        {"educations": [{"degree": "本科", "highest": "是"}], "posts": [{"school_id": sid}]},
    )
    data = teachers.get(db, tid)
    assert data["educations"][0]["degree"] == "大学本科" and data["educations"][0]["highest"] is True
    edu = dict(data["educations"][0], degree="硕士研究生")
    teachers.save(db, tid, data["basic"], {"educations": [edu], "posts": []})
    data = teachers.get(db, tid)
    assert [e["degree"] for e in data["educations"]] == ["硕士研究生"]
    assert data["posts"] == []
    assert dict(zip(teachers.COLUMNS, teachers.list_rows(db)[0]))["degree"] == "硕士研究生"


def test_record_problems_name_the_field():
    with pytest.raises(ValidationError) as e:
        teachers.clean_record("designations", {"kind": "骨干教师", "level": "", "start": "2020-13"})
    assert e.value.problems["level"] == "此项必须填写"
    assert "月份" in e.value.problems["start"]


def test_delete_and_undo_restore_everything(db):
    sid = _school(db)
    tid = teachers.save(
        db,
        None,
        {"name": "赵敏", "id_number": _id(1988, 222)},
        {"posts": [{"school_id": sid}], "appraisals": [{"year": "2024", "result": "优秀"}]},
    )
    snap = teachers.delete(db, [tid])
    assert teachers.count(db) == 0
    teachers.restore(db, snap)
    data = teachers.get(db, tid)
    assert data["basic"]["name"] == "赵敏" and data["appraisals"][0]["result"] == "优秀"
    assert teachers.list_rows(db)[0][5] == "城关第一小学"


def test_two_appraisals_for_one_year_are_refused(db):
    with pytest.raises(ValidationError) as e:
        teachers.save(
            db,
            None,
            {"name": "孙丽", "id_number": _id(1987, 333)},
            {"appraisals": [{"year": "2024", "result": "优秀"}, {"year": 2024, "result": "合格"}]},
        )
    assert "2024" in e.value.problems["appraisals"]


def test_deleting_a_teacher_audits_the_pairings_removed_with_it(db):
    from sqlalchemy import select

    from talentdesk.store.models import AuditLog, Pairing
    from talentdesk.store.uow import UnitOfWork

    sid = _school(db)
    mentor = teachers.save(db, None, {"name": "李堃", "id_number": _id(1975, 11)}, {"posts": [{"school_id": sid}]})
    mentee = teachers.save(db, None, {"name": "王䶮", "id_number": _id(1999, 12)}, {"posts": [{"school_id": sid}]})
    with UnitOfWork(db) as uow:
        uow.session.add(Pairing(mentor_id=mentor, mentee_id=mentee, subject="语文"))
        uow.commit()
    snap = teachers.delete(db, [mentee])
    with UnitOfWork(db) as uow:
        logged = uow.session.scalars(select(AuditLog.table_name).where(AuditLog.action == "delete")).all()
        assert "pairing" in logged and "teacher" in logged
        assert uow.session.scalars(select(Pairing)).all() == []
    teachers.restore(db, snap)
    with UnitOfWork(db) as uow:
        assert len(uow.session.scalars(select(Pairing)).all()) == 1


def test_every_table_has_a_chinese_name_in_the_audit_trail():
    from talentdesk.services.platform.audit_trail import table_label
    from talentdesk.store.all_models import Base

    unnamed = [t for t in Base.metadata.tables if table_label(t) == t]
    assert unnamed == []
