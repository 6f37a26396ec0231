"""Integrity and consistency check of a whole database (`talentdesk check`).

Returns plain data: a list of findings, each with a severity ("error" — the data is wrong or
contradicts itself and must be corrected; "warning" — allowed but needs the clerk's attention,
such as a 借调 that has lasted longer than policy allows), a stable code, the teacher and a
Chinese message.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from talentdesk.domain import idnumber
from talentdesk.domain.codes import ACTIVE_STATUS
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.policy import Policy
from talentdesk.services.platform import audit_integrity
from talentdesk.store import current
from talentdesk.store.database import sqlite_integrity
from talentdesk.store.models import Placement, PostRecord, School, Teacher
from talentdesk.store.uow import UnitOfWork

ERROR, WARNING = "error", "warning"
CACHE_FIELDS = {
    "cur_post_school_id": "编制学校",
    "cur_work_school_id": "工作学校",
    "cur_title": "职称",
    "cur_degree": "最高学历",
    "cur_stage": "任教学段",
    "cur_subject": "任教学科",
    "cur_backbone": "骨干类别",
}
COUNTED_PLACEMENT = ("在岗", "已审批", "期满返回", "提前结束")  # not 拟交流 (only planned)


@dataclass
class Finding:
    severity: str
    code: str
    message: str
    teacher_id: int | None = None
    teacher: str = ""  # 姓名（身份证号遮挡）


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    teachers: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # what was not checked, and why (Chinese)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for f in self.findings:
            out[f.code] += 1
        return dict(out)

    def to_dict(self) -> dict:
        return dict(
            teachers=self.teachers,
            errors=len(self.errors),
            warnings=len(self.warnings),
            counts=self.counts(),
            findings=[asdict(f) for f in self.findings],
            notes=list(self.notes),
        )


def _key(d: PartialDate | None, open_value: tuple) -> tuple:
    """Month-precision sort key (days are ignored: a move within one month is not an overlap)."""
    return (d.year, d.month or 0) if d else open_value


def _overlaps(periods: list[tuple]) -> list[tuple]:
    """periods: (start, end, payload); returns pairs of payloads that overlap."""
    ordered = sorted(periods, key=lambda p: _key(p[0], (0, 0)))
    out = []
    for a, b in zip(ordered, ordered[1:]):
        if _key(a[1], (9999, 99)) > _key(b[0], (0, 0)):
            out.append((a[2], b[2]))
    return out


def _months_between(start: PartialDate, today: dt.date) -> int:
    return (today.year - start.year) * 12 + today.month - (start.month or 1)


def run(db, today: dt.date | None = None, policy: Policy | None = None, backups_dir=None) -> CheckResult:
    """Check everything; read-only. BACKUPS_DIR: where this database's backups are (default: beside the file)."""
    t0 = time.perf_counter()
    today = today or dt.date.today()
    now = PartialDate(today.year, today.month)
    policy = policy or Policy()
    result = CheckResult()
    add = result.findings.append
    if db.path is not None:
        for msg in sqlite_integrity(db.path):
            add(Finding(ERROR, "db.integrity", f"数据库文件检查发现问题：{msg}"))
    else:  # a server database: its storage is the server's (PostgreSQL checks its own pages and keys)
        result.notes.append("服务器数据库：不做数据库文件完整性检查（由数据库服务器负责），只检查数据一致性")
    if backups_dir is None:
        if db.path is not None:
            backups_dir = db.path.parent / "backups"
        else:  # a server database: this PC's daily copies of it
            from talentdesk.services.platform.workspace import server_backups_dir

            backups_dir = server_backups_dir(db.url)
    for code, msg in audit_integrity.problems(db, backups_dir):
        add(Finding(ERROR, code, msg))
    with UnitOfWork(db) as uow:
        s = uow.session
        schools: dict[int, str] = {sid: name for sid, name in s.execute(select(School.id, School.name))}
        cols = [
            Teacher.id,
            Teacher.id_type,
            Teacher.id_number,
            Teacher.name,
            Teacher.gender,
            Teacher.birth_date,
            Teacher.status,
            *[getattr(Teacher, c) for c in CACHE_FIELDS],
        ]
        teachers = {r.id: r for r in s.execute(select(*cols))}
        result.teachers = len(teachers)
        label = {tid: f"{r.name}（{idnumber.mask(r.id_number)}）" for tid, r in teachers.items()}

        def finding(sev, code, tid, msg):
            add(Finding(sev, code, msg, tid, label.get(tid, "")))

        for tid, r in teachers.items():
            if r.id_type not in (None, "居民身份证"):
                continue
            try:
                info = idnumber.parse(r.id_number)
            except idnumber.IdNumberError as e:
                finding(ERROR, "id.invalid", tid, f"身份证号 {idnumber.mask(r.id_number)} 无效：{e}")
                continue
            if info.number != r.id_number:
                finding(WARNING, "id.format", tid, "身份证号未按18位标准形式保存（15位或小写x），应为18位大写形式")
            if r.birth_date and r.birth_date != info.birth:
                finding(
                    ERROR,
                    "id.birth",
                    tid,
                    f"出生日期 {r.birth_date:%Y-%m-%d} 与身份证号中的 {info.birth:%Y-%m-%d} 不一致",
                )
            if r.gender and r.gender != info.gender:
                finding(ERROR, "id.gender", tid, f"性别“{r.gender}”与身份证号（{info.gender}）不一致")

        posts = defaultdict(list)
        for _pid, tid, sid, start, end in s.execute(
            select(PostRecord.id, PostRecord.teacher_id, PostRecord.school_id, PostRecord.start, PostRecord.end)
        ):
            posts[tid].append((start, end, (sid, start, end)))
        for tid, periods in posts.items():
            for a, b in _overlaps(periods):
                finding(
                    ERROR,
                    "post.overlap",
                    tid,
                    f"编制记录时间重叠：{schools.get(a[0], '?')}（{_span(a[1], a[2])}）与 "
                    f"{schools.get(b[0], '?')}（{_span(b[1], b[2])}）",
                )
        for tid, r in teachers.items():
            if r.status == ACTIVE_STATUS and not any(
                e is None or _key(e, ()) >= _key(now, ()) for _, e, _ in posts.get(tid, [])
            ):
                finding(WARNING, "post.none", tid, "在岗教师没有当前的编制学校记录")

        placements = defaultdict(list)
        for row in s.execute(
            select(
                Placement.teacher_id,
                Placement.kind,
                Placement.to_school_id,
                Placement.start,
                Placement.planned_end,
                Placement.actual_end,
                Placement.status,
                Placement.outside_unit,
            )
        ):
            placements[row.teacher_id].append(row)

        def where(p) -> str:  # a county school, or the outside unit of a posting (援藏/援疆…)
            return schools.get(p.to_school_id, "?") if p.to_school_id is not None else (p.outside_unit or "县外单位")

        for tid, rows in placements.items():
            spans = [
                (
                    p.start,
                    p.actual_end or p.planned_end,
                    (p.kind, where(p), p.start, p.actual_end or p.planned_end),
                )
                for p in rows
                if p.status in COUNTED_PLACEMENT
            ]
            for a, b in _overlaps(spans):
                finding(
                    ERROR,
                    "placement.overlap",
                    tid,
                    f"交流记录时间重叠：{a[0]}到{a[1]}（{_span(a[2], a[3])}）与 {b[0]}到{b[1]}（{_span(b[2], b[3])}）",
                )

        for tid, r in teachers.items():
            if r.status != ACTIVE_STATUS:
                continue
            active = [
                p
                for p in placements.get(tid, [])
                if p.status in current.ACTIVE_PLACEMENT
                and p.actual_end is None
                and (p.start is None or _key(p.start, ()) <= _key(now, ()))
            ]
            if r.cur_work_school_id != r.cur_post_school_id and not active:
                finding(
                    ERROR,
                    "staffing.mismatch",
                    tid,
                    f"人编不一致：工作学校 {schools.get(r.cur_work_school_id, '（空）')} 与编制学校 "
                    f"{schools.get(r.cur_post_school_id, '（空）')} 不同，但没有在岗的交流、借调记录",
                )
            for p in active:
                if p.kind == "借调" and p.start is not None:
                    months = _months_between(p.start, today)
                    if months > policy.loan_max_years * 12:
                        finding(
                            WARNING,
                            "staffing.long_loan",
                            tid,
                            f"人编不一致：自 {p.start.dotted()} 借调到 {where(p)} 已"
                            f" {months // 12} 年 {months % 12} 个月，超过借调最长期限 {policy.loan_max_years:g} 年",
                        )
                elif p.planned_end is not None and _key(p.planned_end, ()) < _key(now, ()):
                    finding(
                        WARNING,
                        "placement.overdue",
                        tid,
                        f"{p.kind}到 {where(p)} 已于 {p.planned_end.dotted()} 期满，仍登记为在岗，请登记返回或延期",
                    )

        fresh = current.compute(s, list(teachers), today)
        for tid, values in fresh.items():
            stored = teachers[tid]
            diffs = [
                f"{CACHE_FIELDS[k]}“{_show(getattr(stored, k), k, schools)}”应为“{_show(v, k, schools)}”"
                for k, v in values.items()
                if getattr(stored, k) != v
            ]
            if diffs:
                finding(ERROR, "cache.stale", tid, "列表中显示的当前信息已过期：" + "，".join(diffs))
    order = {ERROR: 0, WARNING: 1}
    result.findings.sort(key=lambda f: (order.get(f.severity, 2), f.code, f.teacher_id or 0))
    result.seconds = round(time.perf_counter() - t0, 2)
    return result


def repair_cache(db, today: dt.date | None = None) -> int:
    """Recompute every teacher's cached current values; returns the number of teachers."""
    from talentdesk.services.accounts import access

    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        ids = uow.session.scalars(select(Teacher.id)).all()
        current.refresh(uow.session, ids, today)
        uow.commit()
    return len(ids)


def _span(start: PartialDate | None, end: PartialDate | None) -> str:
    return f"{start.dotted() if start else '?'}—{end.dotted() if end else '至今'}"


def _show(value, key: str, schools: dict) -> str:
    if value is None:
        return "空"
    if key.endswith("school_id"):
        return schools.get(value, str(value))
    return str(value)


CODE_LABELS = {
    "db.integrity": "数据库文件损坏",
    "db.schema": "数据库结构与程序不符",
    "audit.trigger": "审计日志保护被去除或改动",
    "audit.chain": "审计日志被改动或删除",
    "audit.backup": "审计日志与备份不符",
    "id.invalid": "身份证号无效",
    "id.format": "身份证号格式不规范",
    "id.birth": "出生日期与身份证号不符",
    "id.gender": "性别与身份证号不符",
    "post.overlap": "编制记录时间重叠",
    "post.none": "在岗教师无当前编制学校",
    "placement.overlap": "交流记录时间重叠",
    "staffing.mismatch": "人编不一致（无交流记录）",
    "staffing.long_loan": "借调超期（人编不一致）",
    "placement.overdue": "交流期满未返回",
    "cache.stale": "当前信息缓存过期",
}
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提醒"}


def describe(result: CheckResult, limit: int = 30) -> str:
    """The result as the clerk reads it (Chinese, grouped by kind, at most `limit` lines per kind)."""
    lines = [
        f"数据检查：共 {result.teachers} 名教师，用时 {result.seconds:g} 秒。",
        f"错误 {len(result.errors)} 项，提醒 {len(result.warnings)} 项。",
        *result.notes,
    ]
    if not result.findings:
        lines.append("未发现问题。")
    groups: dict[tuple, list[Finding]] = defaultdict(list)
    for f in result.findings:
        groups[(f.severity, f.code)].append(f)
    for (severity, code), items in groups.items():
        lines.append("")
        lines.append(f"【{SEVERITY_LABELS.get(severity, severity)}】{CODE_LABELS.get(code, code)}：{len(items)} 项")
        for f in items[:limit]:
            lines.append(f"  {f.teacher + '：' if f.teacher else ''}{f.message}")
        if len(items) > limit:
            lines.append(f"  ……另有 {len(items) - limit} 项（用 --json 导出全部结果）")
    if any(f.code == "cache.stale" for f in result.findings):
        lines.append("\n当前信息缓存过期可用 talentdesk check --fix-cache 重新计算。")
    return "\n".join(lines)
