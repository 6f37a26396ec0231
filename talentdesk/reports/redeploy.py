"""`redeploy` 调配参考名单 (issue 22 §2, the lists a redeployment plan starts from):

一、学科余缺（按乡镇）— per township, stage and subject the teachers the curriculum needs against those there (as
    the 学科缺口统计: 班级数 × 周课时 ÷ 教师周标准课时, after the year's retirements), with the surplus of the
    schools that have too many and the shortage of those that have too few: a township with both can move
    teachers between its own schools;
二、各学校学科余缺 — the schools behind it;
三、持高学段教师资格的教师 — serving teachers certified for a higher stage than they teach (可向上调配).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain.redeploy import CERT_STAGE
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.params import total_label
from talentdesk.services.people.subject_gaps import school_lines
from talentdesk.store.models import Certificate, School, Teacher

SHOWN = 0.5  # under half a teacher either way is rounding (as the 学科缺口统计)
NO_TOWNSHIP = "（未填乡镇）"
TOWNSHIP_HEADERS = ("乡镇", "学段", "学科", "按课时应需", "现有", "富余（人）", "缺口（人）")
SCHOOL_HEADERS = ("学校", "乡镇", "学段", "学科", "按课时应需", "现有", "余缺（+富余/−缺口）")
CERT_HEADERS = ("姓名", "学校", "乡镇", "任教学段", "任教学科", "教师资格", "资格学科")


def higher_certificates(s, school_ids: set[int] | None) -> list[tuple]:
    """Serving teachers whose certificate is for a higher stage than the stage they teach (rows of CERT_HEADERS)."""
    best: dict[int, tuple[int, str, str]] = {}
    for tid, kind, subject in s.execute(select(Certificate.teacher_id, Certificate.kind, Certificate.subject)):
        label = codes.CERT_KIND.canonical(kind)
        stage = CERT_STAGE.get(label or "")
        if stage is None:
            continue
        rank = codes.STAGE.rank(stage)
        if tid not in best or rank > best[tid][0]:
            best[tid] = (rank, label or "", subject or "")
    rows = []
    for tid, name, school, town, sid, stage, subject in s.execute(
        select(
            Teacher.id,
            Teacher.name,
            School.name,
            School.township,
            School.id,
            Teacher.cur_stage,
            Teacher.cur_subject,
        )
        .join(School, School.id == Teacher.cur_post_school_id)
        .where(Teacher.status == codes.ACTIVE_STATUS)
        .order_by(School.township, School.name, Teacher.name)
    ):
        if school_ids is not None and sid not in school_ids:
            continue
        cert = best.get(tid)
        if cert is None or not stage or codes.STAGE.rank(stage) < 0:
            continue
        if cert[0] > codes.STAGE.rank(stage):
            rows.append((name, school, town or NO_TOWNSHIP, stage, subject or "", cert[1], cert[2]))
    return rows


def compute(db, params) -> Report:
    year = params.year_or(params.today.year)
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        total = total_label(s, params.scope)
        towns = dict(s.execute(select(School.id, School.township)).all())
        certs = higher_certificates(s, ids)
    lines = school_lines(db, year, params.rules, ids)
    need: dict[tuple, float] = defaultdict(float)
    have: dict[tuple, int] = defaultdict(int)
    surplus: dict[tuple, float] = defaultdict(float)
    short: dict[tuple, float] = defaultdict(float)
    for sid, _school, stage, subject, n, h, diff in lines:
        key = (towns.get(sid) or NO_TOWNSHIP, stage, subject)
        need[key] += n
        have[key] += h
        if abs(diff) >= SHOWN:
            (surplus if diff > 0 else short)[key] += abs(diff)
    keys = sorted(
        (k for k in need if surplus[k] >= SHOWN or short[k] >= SHOWN),
        key=lambda k: (k[0], codes.STAGE.rank(k[1]), k[2]),
    )
    town_rows = [(*k, round(need[k], 2), round(have[k], 2), round(surplus[k], 2), round(short[k], 2)) for k in keys]
    both = sum(1 for k in keys if surplus[k] >= SHOWN and short[k] >= SHOWN)
    town_rows.append((total, "", "", "", "", round(sum(surplus.values()), 2), round(sum(short.values()), 2)))
    school_rows = [
        (school, towns.get(sid) or NO_TOWNSHIP, stage, subject, n, h, diff)
        for sid, school, stage, subject, n, h, diff in sorted(
            lines, key=lambda x: (towns.get(x[0]) or NO_TOWNSHIP, x[1], codes.STAGE.rank(x[2]), x[6])
        )
        if abs(diff) >= SHOWN
    ]
    notes = [
        f"{year}年：按课时应需 = 班级数 × 该学科周课时 ÷ 教师周标准课时（“设置”中的参数），现有为在编（含特岗）教师"
        f"按任教学科计、减去本年到龄退休的；学校的余缺不足 {SHOWN:g} 人的不计。同一乡镇同一学科既有富余又有缺口的"
        f"（本表 {both} 项）可在乡镇内调配。",
        "持高学段教师资格：教师资格种类（取最高学段）高于现任教学段的在岗教师，可向上一学段调配；"
        "中职与高中同一层级，不列。",
    ]
    return Report(
        title="调配参考名单",
        notes=notes,
        period_label=f"{year}年",
        parts=[
            ReportTable(
                f"一、学科余缺（按乡镇，{total}）",
                TOWNSHIP_HEADERS,
                town_rows,
                (14, 8, 10, 12, 10, 10, 10),
                emphasis=frozenset({len(town_rows) - 1}),
            ),
            ReportTable(
                "二、各学校学科余缺",
                SCHOOL_HEADERS,
                school_rows or [("（无）", "", "", "", "", "", "")],
                (24, 12, 8, 10, 12, 8, 16),
            ),
            ReportTable(
                "三、持高学段教师资格的教师",
                CERT_HEADERS,
                certs or [("（无）", "", "", "", "", "", "")],
                (10, 24, 12, 8, 10, 12, 10),
            ),
        ],
        summary={
            "year": year,
            "surplus": town_rows[-1][5],
            "shortage": town_rows[-1][6],
            "townships_with_both": both,
            "higher_certificates": len(certs),
        },
    )
