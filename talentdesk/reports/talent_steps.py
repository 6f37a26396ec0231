"""`talent-recognition` 人才认定进度与引进人才经费 over a period (issue 20 §4): recognitions by kind (A–E apart) and
step — 申报, 初审通过/不通过, 认定/未认定, each counted by the date of its step, so “初步申报 x 人、认定 y 人” comes
out for any period; the imported talents' agreed and paid totals; the payment sheet of the period (领款人签字,
经办人, 审核人); the terms ending soon. Its period figures also go into `report annual` (annual_table)."""

from __future__ import annotations

from talentdesk.domain import talents as rules
from talentdesk.domain.money import capitals
from talentdesk.reports import ReportTable, spans
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM
from talentdesk.services.recruitment import recognition as svc

STEP_COLUMNS = (rules.APPLIED, rules.PASSED, rules.FAILED, rules.RECOGNISED, rules.REFUSED)
STEP_HEADERS = ("初步申报（人）", "初审通过（人）", "初审不通过（人）", "认定（人）", "未认定（人）")
SIGN_ROW_HEIGHT = 30.0  # points: a 领款人签字 box a hand-written signature fits in
SIGNATURES = ("经办人", "审核人", "单位负责人")
ANNUAL = "人才认定与引进人才经费"


def kind_labels(kinds: list[str]) -> list[str]:
    """The rows of the step table: each kind of the list, 高层次人才认定 once per category A–E."""
    out: list[str] = []
    for k in kinds:
        out += [f"{k}（{c}类）" for c in rules.CATEGORIES] if k == rules.GRADED_KIND else [k]
    return out


def step_counts(events, start: YM, end: YM) -> dict[tuple[str, str], set[int]]:
    """(kind label, step) → the teachers who reached that step in START … END."""
    out: dict[tuple[str, str], set[int]] = {}
    for label, step, _status, when, tid in events:
        if spans.inside(when, start, end):
            out.setdefault((label, step), set()).add(tid)
    return out


def steps_table(events, kinds: list[str], start: YM, end: YM, title: str) -> tuple[ReportTable, dict, dict]:
    counts = step_counts(events, start, end)
    labels = kind_labels(kinds)
    labels += sorted({e[0] for e in events if e[0] not in labels})  # a kind taken off the list keeps its records
    rows, drill = [], {}
    for r, label in enumerate(labels):
        row: list[object] = [label]
        for c, step in enumerate(STEP_COLUMNS, 1):
            who = counts.get((label, step), set())
            row.append(len(who))
            if who:
                drill[(0, r, c)] = sorted(who)
        rows.append(tuple(row))
    totals = {step: set().union(*(counts.get((lb, step), set()) for lb in labels)) for step in STEP_COLUMNS}
    rows.append(("合计", *(len(totals[st]) for st in STEP_COLUMNS)))
    table = ReportTable(
        title,
        ("人才类别", *STEP_HEADERS),
        rows,
        (26, 12, 12, 12, 12, 12),
        emphasis=frozenset({len(rows) - 1}),
        note="按各环节的日期统计：申报按申报日期，初审按初审日期，认定/未认定按认定日期；同一人同一环节计一人。",
    )
    summary = {h: len(totals[s]) for s, h in zip(STEP_COLUMNS, STEP_HEADERS)}
    return table, summary, drill


def terms_table(rows: list[dict], paid_in: dict[int, float], title: str) -> ReportTable:
    out = [
        (
            r["name"],
            r["id_masked"],
            r["school"],
            r["kind"],
            r["start"].iso() if r["start"] else "",
            r["end"].iso() if r["end"] else "",
            r["agreed"],
            r["paid"],
            round(r["agreed"] - r["paid"], 2),
            round(paid_in.get(r["id"], 0.0), 2),
        )
        for r in rows
    ]
    out.append(
        (
            "合计",
            "",
            "",
            "",
            "",
            "",
            round(sum(r[6] for r in out), 2),
            round(sum(r[7] for r in out), 2),
            round(sum(r[8] for r in out), 2),
            round(sum(r[9] for r in out), 2),
        )
    )
    return ReportTable(
        title,
        (
            "姓名",
            "身份证号",
            "单位",
            "协议类别",
            "协议开始",
            "协议结束",
            "约定合计（元）",
            "累计已发（元）",
            "未发（元）",
            "本期发放（元）",
        ),
        out,
        (10, 20, 18, 12, 10, 10, 12, 12, 12, 12),
        frozenset({1}),
        emphasis=frozenset({len(out) - 1}),
        note="约定合计：年薪和协议报酬按协议期月数折算，加科研启动经费和安家费；已发为全部发放记录之和。",
    )


def payment_sheet(pays: list[dict], title: str, full_id: bool) -> ReportTable:
    out: list[tuple] = [
        (
            i,
            p["name"],
            p["id_number"] if full_id else p["id_masked"],
            p["school"],
            p["kind"],
            p["date"].iso(),
            p["voucher"],
            round(p["amount"], 2),
            "",
        )
        for i, p in enumerate(pays, 1)
    ]
    total = round(sum(p["amount"] for p in pays), 2)
    out.append(("", "合计", "", f"人民币（大写）：{capitals(total)}", "", "", "", total, ""))
    return ReportTable(
        title,
        ("序号", "姓名", "身份证号", "单位", "款项", "发放日期", "文号/凭证号", "金额（元）", "领款人签字"),
        out,
        (5, 9, 19, 22, 11, 10, 19, 11, 14),
        frozenset({2}),
        note=f"共 {len(pays)} 笔，合计 {total:.2f} 元",
        emphasis=frozenset({len(out) - 1}),
        page_sums=(7,),
        row_height=SIGN_ROW_HEIGHT,
    )


def reminders_table(items: list[dict], within: int) -> ReportTable:
    return ReportTable(
        f"期满提醒（{within} 天内到期）",
        ("姓名", "单位", "项目", "期满", "剩余天数"),
        [(r["name"], r["school"], r["what"], r["end"].iso() if r["end"] else "", r["days"]) for r in items],
        (10, 18, 26, 10, 10),
        note=f"共 {len(items)} 项" if items else "没有即将期满的协议或认定",
    )


def compute(db, params) -> Report:
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        kinds = svc.kind_names(s)
    span = spans.whole(params) or spans.EVER
    label = spans.label(params)
    events = svc.step_events(db, ids)
    steps, figures, drill = steps_table(events, kinds, *span, spans.title("人才认定进度", params))

    allowed = svc.teachers_in(db, ids) if ids is not None else None
    rows = [
        r
        for r in svc.list_rows(db, params.today)
        if r["table"] == "agreement" and (allowed is None or r["teacher_id"] in allowed)
    ]
    pays = [
        p
        for p in svc.payment_rows(db)
        if spans.inside(p["date"], *span) and (allowed is None or p["teacher_id"] in allowed)
    ]
    paid_in: dict[int, float] = {}
    for p in pays:
        paid_in[p["agreement_id"]] = paid_in.get(p["agreement_id"], 0.0) + p["amount"]
    terms = terms_table(rows, paid_in, spans.title("引进人才协议经费（约定与发放）", params))
    sheet = payment_sheet(pays, spans.title("引进人才经费发放表", params), full_id=not params.mask)
    within = params.rules.talent_term_reminder_days
    soon = [r for r in svc.reminders(db, params.today) if allowed is None or r["teacher_id"] in allowed]
    total_paid = round(sum(p["amount"] for p in pays), 2)
    notes = [
        f"初步申报 {figures['初步申报（人）']} 人、初审通过 {figures['初审通过（人）']} 人、"
        f"认定 {figures['认定（人）']} 人（{label}）；引进人才经费发放 {len(pays)} 笔，合计 {total_paid:.2f} 元。",
        *filter(None, [spans.note(params, "各环节日期、发放日期")]),
        "教师按当前编制学校归入统计范围。",
    ]
    return Report(
        title="人才认定进度与引进人才经费",
        parts=[steps, terms, reminders_table(soon, within), sheet],  # the sheet last: the signatures go under it
        notes=notes,
        summary=dict(
            steps=figures,
            agreed=round(sum(r["agreed"] for r in rows), 2),
            paid=round(sum(r["paid"] for r in rows), 2),
            paid_in_period=total_paid,
            payments=len(pays),
            reminders=len(soon),
        ),
        teacher_ids=drill,
        period_label=label,
        signatures=SIGNATURES,
        stamp="（单位盖章）",
    )


# ---------------------------------------------------------------- in `report annual`


def annual_figures(events, pays: list[dict], start: YM, end: YM) -> dict[tuple[str, str], float]:
    counts = step_counts(events, start, end)
    out: dict[tuple[str, str], float] = {}
    for step, head in zip(STEP_COLUMNS, STEP_HEADERS):
        out[("人才认定", head)] = len(set().union(*(w for (lb, st), w in counts.items() if st == step)))
    got = [p for p in pays if spans.inside(p["date"], start, end)]
    out[("引进人才经费", "发放人数")] = len({p["teacher_id"] for p in got})
    out[("引进人才经费", "发放金额（元）")] = round(sum(p["amount"] for p in got), 2)
    return out


def annual_table(
    db, params, columns: list[tuple[str, YM, YM]], *, total: bool, previous: tuple[YM, YM] | None = None
) -> tuple[ReportTable, dict]:
    """The 人才认定与引进人才经费 table of `report annual` and its summary: one column per (label, start, end); with
    TOTAL a 合计 column (people who reached a step in two years count in each), else 增减 against the year before."""
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
    events = svc.step_events(db, ids)
    pays = svc.payment_rows(db)
    if ids is not None:
        allowed = svc.teachers_in(db, ids)
        pays = [p for p in pays if p["teacher_id"] in allowed]
    figs = [annual_figures(events, pays, a, b) for _label, a, b in columns]
    before = annual_figures(events, pays, *previous) if previous is not None else None
    rows: list[tuple] = []
    summary: dict[str, dict] = {}
    for key in figs[0]:
        cat, item = key
        values = [f[key] for f in figs]
        row: list = [cat, item, *values]
        if total:
            added = round(sum(values), 2)
            row.append(added)
            entry: dict = {"years": {c[0]: v for c, v in zip(columns, values)}, "total": added}
            if before is not None:
                row += [before[key], round(added - before[key], 2)]
                entry["previous"] = before[key]
        else:
            row.append(round(values[0] - values[1], 2))
            entry = {"this": values[0], "last": values[1]}
        rows.append(tuple(row))
        summary.setdefault(cat, {})[item] = entry
    labels = [c[0] for c in columns]
    tail = (("合计",) + (("上期合计", "增减") if before is not None else ())) if total else ("增减",)
    headers = ("类别", "项目", *labels, *tail)
    table = ReportTable(ANNUAL, headers, rows, (14, 22) + (10,) * (len(headers) - 2))
    return table, summary
