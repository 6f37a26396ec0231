"""五、重点指标 of the 人才数据月报 (issue 22 §3): each indicator's value for the month, its 关注 and 预警 lines
(policy parameters the bureau sets) and the mark 正常/关注/预警; then 六、预警明细, the teachers behind every
indicator not 正常 (names and schools, no ID numbers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from talentdesk.domain import attrition, monitoring
from talentdesk.reports import ReportTable
from talentdesk.reports import events as E
from talentdesk.store.models import School, Teacher

HEADERS = ("重点指标", "本月值", "关注线（超过）", "预警线（超过）", "状态")
DETAIL_HEADERS = ("重点指标", "姓名", "学校", "说明")


@dataclass
class Figures:
    """What the indicators are computed from (parts of the monthly form fill it)."""

    stock: int = 0
    key_losses: list[int] = field(default_factory=list)  # teacher ids
    rural_losses: list[int] = field(default_factory=list)
    rural_stock: int = 0  # serving at the start of the month in rural schools (and the month's rural leavers)
    flagged: list[tuple] = field(default_factory=list)  # watch_list rows
    overdue: list[tuple] = field(default_factory=list)  # responses rows, overdue at the month end


def prev_month(month: tuple[int, int]) -> tuple[int, int]:
    y, m = month
    return (y - 1, 12) if m == 1 else (y, m - 1)


def rural_figures(s, ev: E.Events, month: tuple[int, int], policy) -> tuple[list[int], int]:
    """(rural leavers of the month, not retirement or death; teachers serving in rural schools at the start of the
    month). Rural: the 城乡类型 the settings count as rural; a teacher's school is the post school on file (the last
    one for a leaver)."""
    rural = {a for a, on in policy.rural_areas.items() if on}
    rural_schools = set(s.scalars(select(School.id).where(School.area.in_(rural)))) if rural else set()
    post = dict(s.execute(select(Teacher.id, Teacher.cur_post_school_id)).all())
    start = prev_month(month)
    stock = [tid for tid in ev.teachers if E.in_stock(ev, tid, start) and post.get(tid) in rural_schools]
    left = sorted(
        {
            tid
            for tid, kind, when, *_rest in ev.leavers
            if when == month and kind not in attrition.NOT_LOSSES and post.get(tid) in rural_schools
        }
    )
    return left, len(stock)


def values(f: Figures) -> dict[str, float]:
    return {
        "kpi_key_losses": len(f.key_losses),
        "kpi_rural_loss_rate": len(f.rural_losses) / f.rural_stock if f.rural_stock else 0.0,
        "kpi_watch_share": len(f.flagged) / f.stock if f.stock else 0.0,
        "kpi_overdue_responses": len(f.overdue),
    }


def marks(f: Figures, policy) -> dict[str, str]:
    got = values(f)
    return {i.key: monitoring.mark(got[i.key], *monitoring.thresholds(policy, i.key)) for i in monitoring.INDICATORS}


def table(f: Figures, policy) -> ReportTable:
    got, marked = values(f), marks(f, policy)
    rows = []
    for i in monitoring.INDICATORS:
        attention, warning = monitoring.thresholds(policy, i.key)
        value = monitoring.shown(got[i.key], i.unit)
        if i.key == "kpi_rural_loss_rate":
            value += f"（{len(f.rural_losses)}/{f.rural_stock}）"
        rows.append(
            (
                i.label,
                value,
                monitoring.shown(attention, i.unit),
                monitoring.shown(warning, i.unit),
                marked[i.key],
            )
        )
    flagged = sum(1 for r in rows if r[4] != monitoring.NORMAL)
    return ReportTable(
        "五、重点指标监测预警",
        HEADERS,
        rows,
        (34, 16, 14, 14, 8),
        emphasis=frozenset(n for n, r in enumerate(rows) if r[4] == monitoring.WARNING),
        note=(f"{flagged} 项指标需关注或预警。" if flagged else "各项重点指标均正常。")
        + "关注线、预警线由教育局在“设置 → 政策参数”中设定（月报重点指标），本月值超过关注线为“关注”，"
        "超过预警线为“预警”；乡村学校按设置中计为乡村从教的城乡类型；预警、关注指标的人员见“六、预警明细”。",
    )


def detail(s, f: Figures, policy) -> ReportTable:
    """六、预警明细: the teachers behind each indicator marked 关注 or 预警."""
    marked = marks(f, policy)
    ids = set(f.key_losses) | set(f.rural_losses)
    facts = (
        {
            tid: (name, school or "", status)
            for tid, name, school, status in s.execute(
                select(Teacher.id, Teacher.name, School.name, Teacher.status)
                .outerjoin(School, School.id == Teacher.cur_post_school_id)
                .where(Teacher.id.in_(ids))
            )
        }
        if ids
        else {}
    )
    label = {i.key: i.label.split("（")[0] for i in monitoring.INDICATORS}
    rows: list[tuple] = []
    for key, tids in (("kpi_key_losses", f.key_losses), ("kpi_rural_loss_rate", f.rural_losses)):
        if marked[key] != monitoring.NORMAL:
            rows += [(label[key], *facts.get(t, ("", "", ""))) for t in tids]
    if marked["kpi_watch_share"] != monitoring.NORMAL:
        # the whole watch list can run to hundreds of names: its counts by rule are in 四, the names on the page
        rows.append((label["kpi_watch_share"], f"共 {len(f.flagged)} 人", "", "名单见“交流轮岗 → 流失预警 → 预警名单”"))
    if marked["kpi_overdue_responses"] != monitoring.NORMAL:
        rows += [(label["kpi_overdue_responses"], r[2], r[4], f"跟进日期 {r[9]}，谈话人 {r[6]}") for r in f.overdue]
    return ReportTable(
        "六、预警明细（关注、预警指标的人员）",
        DETAIL_HEADERS,
        rows or [("（无）", "", "", "各项重点指标均正常")],
        (20, 10, 24, 46),
        note="关键人才流失、乡村教师流失列离岗人员（说明为离岗方式）；流失倾向教师人数多，按规则的人数见“四”，"
        "名单在流失预警页查看或导出；"
        "逾期响应列月末仍未跟进的教师。",
    )


def by_county(figures: dict[str, Figures], policy, label: str) -> ReportTable:
    """各区县重点指标 (city): each indicator's value and mark per county."""
    counties = sorted(figures)
    marked = {c: marks(figures[c], policy) for c in counties}
    got = {c: values(figures[c]) for c in counties}
    rows = []
    for i in monitoring.INDICATORS:
        attention, warning = monitoring.thresholds(policy, i.key)
        lines = f"{monitoring.shown(attention, i.unit)} / {monitoring.shown(warning, i.unit)}"
        cells = [f"{monitoring.shown(got[c][i.key], i.unit)}（{marked[c][i.key]}）" for c in counties]
        rows.append((i.label.split("（")[0], lines, *cells))
    warned = [c for c in counties if monitoring.WARNING in marked[c].values()]
    return ReportTable(
        f"{label}各区县重点指标",
        ("重点指标", "关注线 / 预警线", *counties),
        rows,
        (22, 14, *[14] * len(counties)),
        note=(f"有预警指标的区县：{'、'.join(warned)}。" if warned else "各区县均无预警指标。")
        + "按导入的各区县完整数据计算，与统计范围为该区县的人才数据月报第五部分相同；关注线、预警线为本库设置。",
    )
