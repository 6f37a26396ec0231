"""Which tables a county's data package carries, and how their rows are written as JSON and read back.

The county's schools (with their approved post structures and their 编制台账 decisions) and teachers with every record
that belongs to a teacher (histories, separations, obligations, talent, ethics, reserve pool, training, mentoring,
recruitment, posts, designation reviews, responses to watched teachers, activities and their participants,
competitions and their entrants, research roles, programmes with their milestones, members and growth goals, degree
study, research projects with their groups, candidates of postings outside the county with their calls), so each
report computed in the city for the county's scope gives the county's own figures; its studios with members,
records and outputs (a 二级工作室 keeps its parent), whose activities count with the activities; its school pairings
with their schools; its 调配方案 with their moves and edits. Left out: the county's planning work (rotation years and
proposals, hiring plans, watch rules), its 编制周转池 totals and 事业编制 (quota_county), accounts, settings, audit and
import batches.
Row ids are the county's own; the city gives them new ids and keeps the links (foreign keys) between them.
"""

from __future__ import annotations

import base64
import datetime as dt
from functools import cache

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, LargeBinary, String, Text

from talentdesk.domain.dates import PartialDate
from talentdesk.store.all_models import Base
from talentdesk.store.types import PartialDateType

_NAMES = {
    "school",
    "school_year_stat",
    "post_structure",  # issue 20 §2: the schools' approved posts (岗位设置), for the city's post usage figures
    "subsidy_tier",
    "teacher",
    "post_record",
    "placement",
    "education",
    "certificate",
    "title_record",
    "teaching",
    "designation",
    "designation_review",  # issue 20 §3: reviews during the term (a 撤销 ends its designation)
    "honour",
    "appraisal",
    "ethics_record",
    "separation",
    "rural_honour",
    "teacher_situation",
    "service_obligation",
    "talent_recognition",
    "talent_agreement",
    "talent_payment",  # issue 20 §4: payments against an imported talent's terms, counted by report annual
    "service_request",
    "reserve_entry",
    "mentor_programme",
    "pairing",
    "pairing_activity",
    "training_course",
    "training_record",
    "recruit_batch",
    "local_student",
    "student_contact",
    "candidate",
    "leader_post",  # issue 20 §1: the teachers' posts (校长, 副校长 …), counted by the statistics
    "retention_response",  # issue 22 §3: responses to watched teachers, counted by the 人才数据月报
    "quota_decision",  # issue 22 §1: the 编制台账 (the county's pool and 事业编制 stay with the county)
    "activity",  # issue 21 §1: activities with teachers (送教下乡 …), counted by 教师活动统计 and report annual
    "activity_participant",
    "studio",  # issue 21 §1: studio activities count with the register's (a name another county has: prefixed)
    "studio_member",
    "studio_record",
    "school_pairing",  # issue 21 §3: school pairings (a name another county has: prefixed), counted in report annual
    "school_pairing_school",
    "competition",  # issue 21 §2: teaching competitions and entrants, counted by 教学竞赛统计 and report annual
    "competition_entrant",
    "research_role",  # issue 21 §4: roles besides the post (兼职教研员 …), counted by 教研任职统计 and report annual
    "studio_output",  # issue 21 §4: studio outputs (研训课 x 节 …); a studio's parent travels with the studio
    "talent_programme",  # issues 20 §3, 21 §5: programmes and their members, counted by 培养项目统计 and annual
    "programme_milestone",
    "programme_member",
    "growth_goal",  # issue 21 §5: programme members' growth plans and teachers' degree study, counted by
    "degree_study",  # 培养项目统计, 学历提升统计 and report annual
    "research_project",  # issue 21 §5: research projects and their groups, counted by 课题研究统计 and annual
    "research_member",
    "posting_call",  # issue 22 §2: calls for 援藏、援疆 … (a title another county has: prefixed) and their
    "posting_candidate",  # candidates, counted by 援派选派统计 and report annual
    "redeploy_plan",  # issue 22 §2: the county's 调配方案 (the city keeps the county's name on each), their moves
    "redeploy_move",  # and edits; read-only in the city (only the county edits, approves or revokes its plan)
    "redeploy_edit",
}
# parents first (the order rows are inserted in); only tables this program has
DATA_TABLES = [t for t in Base.metadata.sorted_tables if t.name in _NAMES]
SKIPPED_COLUMNS = {"version"}  # a received row starts at version 1 in the city


class RowError(ValueError):
    pass


@cache
def columns(table) -> list:
    return [c for c in table.columns if c.name not in SKIPPED_COLUMNS]


@cache
def _known(table) -> dict:
    return {c.name: c for c in columns(table)}


def encode(table, row) -> dict:
    out = {}
    for c in columns(table):
        v = row[c.name]
        if v is None:
            out[c.name] = None
        elif isinstance(v, PartialDate):
            out[c.name] = v.iso()
        elif isinstance(v, (dt.date, dt.datetime)):
            out[c.name] = v.isoformat()
        elif isinstance(v, (bytes, bytearray, memoryview)):
            out[c.name] = base64.b64encode(bytes(v)).decode("ascii")
        else:
            out[c.name] = v
    return out


def decode(table, obj) -> dict:
    """A payload object → column values for an insert; RowError (Chinese) when a value does not fit."""
    if not isinstance(obj, dict):
        raise RowError("不是一行数据")
    known = _known(table)
    unknown = sorted(set(obj) - set(known) - SKIPPED_COLUMNS)
    if unknown:
        raise RowError(f"有本程序不认识的列 {'、'.join(unknown)}（数据包来自较新的版本？请先升级程序）")
    out = {}
    for name, col in known.items():
        v = obj.get(name)
        try:
            out[name] = None if v is None else _value(col.type, v)
        except (TypeError, ValueError) as e:
            raise RowError(f"{name} 列：值“{str(v)[:40]}”不对（{e}）") from None
    return out


def _value(t, v):
    if isinstance(t, PartialDateType):
        if not isinstance(v, str):
            raise TypeError("应为日期文本")
        return PartialDate.from_iso(v)
    if isinstance(t, DateTime):
        return dt.datetime.fromisoformat(v)
    if isinstance(t, Date):
        return dt.date.fromisoformat(v)
    if isinstance(t, Boolean):
        if not isinstance(v, bool):
            raise TypeError("应为是/否")
        return v
    if isinstance(t, Integer):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError("应为整数")
        return v
    if isinstance(t, Float):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError("应为数字")
        return float(v)
    if isinstance(t, LargeBinary):
        return base64.b64decode(v, validate=True)
    if isinstance(t, (String, Text)):
        if not isinstance(v, str):
            raise TypeError("应为文本")
        if getattr(t, "length", None) and len(v) > t.length:
            raise ValueError(f"超过 {t.length} 个字")
        return v
    return v
