"""`talent-stats` 人才认定与服务统计 over a period: talents recognised by category (A–E) and the special allowances
(国务院/省政府特殊津贴) by recognition date; 子女入学 cases solved and 购房补贴 people and amount by the date they
were settled (办结); rural-service certificates given (乡村从教荣誉, by the year on the certificate).
One column per year of the period and 合计, or the --year, or every record (累计)."""

from __future__ import annotations

from sqlalchemy import select

from talentdesk.domain import recruitment as rules
from talentdesk.domain import talents
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import ReportTable, spans
from talentdesk.reports.catalogue import Report
from talentdesk.store.models import Teacher
from talentdesk.store.models_deployment import RuralHonour
from talentdesk.store.models_recruitment import ServiceRequest, TalentRecognition

RECOGNITION, ALLOWANCES = rules.TALENT_KINDS[0], rules.TALENT_KINDS[1:]
RECOGNISED = talents.RECOGNISED
CHILD, HOUSING, DONE = "人才子女入学", "购房补贴", "已办结"
RURAL_LEVELS = ("国家", "省", "县")
AMOUNT = ("人才服务", "购房补贴金额（元）")


def _rows_spec() -> list[tuple[str, str]]:
    return [
        *(("高层次人才认定", f"{c}类") for c in rules.TALENT_CATEGORIES),
        ("高层次人才认定", "未分类"),
        ("高层次人才认定", "合计"),
        *(("特殊津贴", k) for k in ALLOWANCES),
        ("人才服务", "子女入学已办结（件）"),
        ("人才服务", "购房补贴已办结（人）"),
        AMOUNT,
        *(("乡村从教荣誉证书", f"{lv}级") for lv in RURAL_LEVELS),
        ("乡村从教荣誉证书", "合计"),
    ]


def events(s, school_ids: set[int] | None) -> list[tuple[tuple[str, str], object, int, float]]:
    """[((category, item), date, teacher, amount)] of the teachers whose post school is in scope."""
    post = dict(s.execute(select(Teacher.id, Teacher.cur_post_school_id)).all())

    def ours(tid):
        return school_ids is None or post.get(tid) in school_ids

    out = []
    for tid, kind, cat, date in s.execute(
        select(
            TalentRecognition.teacher_id, TalentRecognition.kind, TalentRecognition.category, TalentRecognition.date
        ).where(TalentRecognition.status == RECOGNISED)  # applications not (yet) recognised: talent-recognition
    ):
        if not ours(tid):
            continue
        if kind == RECOGNITION:
            item = f"{cat}类" if cat in rules.TALENT_CATEGORIES else "未分类"
            out += [(("高层次人才认定", item), date, tid, 1), (("高层次人才认定", "合计"), date, tid, 1)]
        elif kind in ALLOWANCES:
            out.append((("特殊津贴", kind), date, tid, 1))
    for tid, kind, applied, handled, amount in s.execute(
        select(
            ServiceRequest.teacher_id,
            ServiceRequest.kind,
            ServiceRequest.applied,
            ServiceRequest.handled,
            ServiceRequest.amount,
        ).where(ServiceRequest.status == DONE)
    ):
        if not ours(tid):
            continue
        when = handled or applied
        if kind == CHILD:
            out.append((("人才服务", "子女入学已办结（件）"), when, tid, 1))
        elif kind == HOUSING:
            out += [(("人才服务", "购房补贴已办结（人）"), when, tid, 1), (AMOUNT, when, tid, amount or 0)]
    for tid, level, year in s.execute(select(RuralHonour.teacher_id, RuralHonour.level, RuralHonour.year)):
        if not ours(tid) or level not in RURAL_LEVELS:
            continue
        when = PartialDate(year) if year else None
        out += [(("乡村从教荣誉证书", f"{level}级"), when, tid, 1), (("乡村从教荣誉证书", "合计"), when, tid, 1)]
    return out


PEOPLE = {("人才服务", "购房补贴已办结（人）")}  # counted as people (one teacher paid twice counts once)


def compute(db, params) -> Report:
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        evs = events(s, ids)
    cols = spans.columns(params)
    spec = _rows_spec()
    rows, drill, summary = [], {}, {}
    for r, key in enumerate(spec):
        values = []
        for c, (_, start, end) in enumerate(cols, 2):
            got = [e for e in evs if e[0] == key and spans.inside(e[1], start, end)]
            who = sorted({e[2] for e in got})
            if key == AMOUNT:
                values.append(round(sum(e[3] for e in got), 2))
            else:
                values.append(len(who) if key in PEOPLE else len(got))
            if who:
                drill[(0, r, c)] = who
        rows.append((*key, *values))
        summary.setdefault(key[0], {})[key[1]] = dict(zip((c[0] for c in cols), values))
    undated = sorted({e[0][1] for e in evs if e[1] is None})
    notes = [
        "高层次人才认定和特殊津贴按认定时间，子女入学和购房补贴按办结时间（未填按申请时间，只计状态为“已办结”的），"
        "乡村从教荣誉证书按发证年度统计；教师按编制学校归入统计范围。子女入学为件数，购房补贴为人数和金额。",
        *([f"没有日期、未计入任何年度的记录：{'、'.join(undated)}。"] if undated else []),
    ]
    table = ReportTable(
        "人才认定与服务统计",
        ("类别", "项目", *(c[0] for c in cols)),
        rows,
        (16, 22, *([10] * len(cols))),
        emphasis=frozenset(i for i, k in enumerate(spec) if k[1] == "合计"),
    )
    return Report(
        title="人才认定与服务统计",
        parts=[table],
        notes=notes,
        teacher_ids=drill,
        summary=summary,
        period_label=spans.label(params),
    )
