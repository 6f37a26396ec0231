"""Adapter from the core's ImportPlan rows to plain display data for the preview table.

One PlanView covers the rows of one kind of list (all files and sheets of that kind), with one
column per field that any of those sheets maps. Edits go back through the plan (which re-checks)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from talentdesk.domain.dates import PartialDate
from talentdesk.gui.import_wizard.preview_model import RowView
from talentdesk.importing import cards
from talentdesk.importing import columns as cols
from talentdesk.importing import plan as P

CATEGORY = {
    P.INSERT: "new",
    P.UPDATE: "changed",
    P.UNCHANGED: "unchanged",
    P.REJECTED: "error",
    P.HELD: "held",
    P.SKIPPED: "skipped",
}


def show(value) -> str:
    """A value as the clerk reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if abs(value) >= 1e11:  # a long number such as an ID typed as a number: show it as Excel does
            return f"{value:.5E}"
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, (tuple, list)):
        return "".join(show(v) for v in value if v is not None)
    if isinstance(value, dict):
        return str(value.get("name") or "")
    name = getattr(value, "name", None)  # a SchoolRef
    if isinstance(name, str) and not isinstance(value, str):
        return name
    return str(value)


class PlanView:
    def __init__(self, plan: P.ImportPlan, kind: str):
        self.plan = plan
        self.kind = kind
        self.sheets = [s for s in plan.sheets() if s.kind == kind]
        self.rows: list[P.PlanRow] = [r for s in self.sheets for r in s.rows]
        fields: list[str] = []
        for s in self.sheets:
            for c in s.columns:
                if c.field and c.field != cols.IGNORED and c.field not in fields:
                    fields.append(c.field)
        self.fields = fields
        self.many_files = len({s.path for s in self.sheets}) > 1
        self.headers = [cols.FIELD_LABELS.get(f, f) for f in fields]

    def __len__(self) -> int:
        return len(self.rows)

    def where(self, r: P.PlanRow) -> str:
        if self.many_files:
            return f"{Path(r.sheet.path).stem} · {r.where}"
        return r.where

    def row(self, i: int) -> RowView:
        r = self.rows[i]
        col_of = {f: k for k, f in enumerate(self.fields)}
        fc = r.sheet.field_columns
        values, raw = [], []
        for f in self.fields:
            if f not in fc and f not in r.edited:
                values.append("")
                raw.append("")
                continue
            src = show(r.raw(f))
            raw.append(src)
            typed = r.values.get(f)
            values.append(
                show(typed)
                if typed is not None and not any(x.field == f and x.severity == "error" for x in r.issues)
                else src
            )
        issues: dict[int, list[tuple[str, str]]] = {}
        row_issues = []
        card = r.sheet.cards is not None
        for x in r.issues:
            k = col_of.get(x.field) if x.field in fc or x.field in r.edited else None
            if card:  # told by the card's own label and cell: 身份证号（B14）：…
                text = cards.issue_text(r, x)
                if k is None:
                    row_issues.append((x.severity, text))
                else:
                    issues.setdefault(k, []).append((x.severity, text))
            elif k is None:
                label = cols.FIELD_LABELS.get(x.field, "") if x.field else ""
                row_issues.append((x.severity, f"{label}：{x.message}" if label else x.message))
            else:
                issues.setdefault(k, []).append((x.severity, x.message))
        old = {}
        for f, before, after in r.changes:
            k = col_of.get(f)
            if k is not None:
                old[k] = show(before)
                values[k] = show(after)
            row_issues.append(
                ("info", f"{cols.FIELD_LABELS.get(f, f)}：{show(before) or '（空）'} → {show(after) or '（空）'}")
            )
        status = "已排除" if r.excluded else P.STATUS_LABELS.get(r.status, r.status)
        return RowView(
            where=self.where(r),
            status=status,
            category=CATEGORY.get(r.status, "new"),
            values=values,
            raw=raw,
            issues=issues,
            row_issues=row_issues,
            old=old,
            excluded=r.excluded,
            decision_needed=any(x.code == "teacher.other_school" for x in r.issues),
        )

    # -- edits (each returns the indices whose display may have changed)
    def set_value(self, i: int, col: int, text: str):
        self.plan.set_value(self.rows[i], self.fields[col], text if text.strip() else None)
        return range(len(self.rows))

    def set_excluded(self, i: int, excluded: bool):
        self.plan.exclude(self.rows[i], excluded)
        return range(len(self.rows))

    def set_excluded_many(self, indices, excluded: bool):
        for i in indices:
            self.rows[i].excluded = excluded
        self.plan.recheck()
        return range(len(self.rows))

    def decide(self, indices, decision: str):
        for i in indices:
            self.rows[i].decision = decision
        self.plan.recheck()
        return range(len(self.rows))


def cards_summary(plan: P.ImportPlan) -> str:
    """ "按登记表读取：登记表.xlsx 3 张（登记表 2 张、补充 1 张）…" for the files read as cards ('' if none)."""
    parts = []
    for f in plan.files:
        sheets = [s for s in f.sheets if s.cards is not None]
        if not sheets:
            continue
        n = sum(len(s.cards or ()) for s in sheets)
        per = "、".join(f"{s.name} {len(s.cards or ())} 张" for s in sheets)
        parts.append(f"{Path(f.path).name} {n} 张" + (f"（{per}）" if len(sheets) > 1 else ""))
    return ("按登记表读取（一张登记表一位教师）：" + "；".join(parts)) if parts else ""


def kinds_in(plan: P.ImportPlan) -> list[str]:
    present = {s.kind for s in plan.sheets() if s.rows}
    return [k for k in cols.KINDS if k in present]
