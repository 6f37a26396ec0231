"""Read a filled 编制台账 template (templates.QUOTA) or a bureau's own list of quota decisions: find the header
row, map its columns by name (学校, 学年, 类型, 编制数, 学段, 调出学校/调入学校, 文号, 日期, 原因, 岗位类别, 专项用途)
and return each filled row with where it came from. The rules are checked by services.deployment.quota_ledger.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from talentdesk.importing.read import RawSheet, read_file

FIELDS: dict[str, tuple[str, ...]] = {
    "school_id": ("学校", "学校名称", "单位", "单位名称", "调出学校", "学校调出", "调出单位"),
    "school_year": ("学年", "年度", "学年度"),
    "kind": ("类型", "决定类型", "变动类型", "编制变动类型", "事项"),
    "count": ("编制数", "编制数量", "数量", "核定编制数", "变动编制数", "人数"),
    "stage": ("学段",),
    "to_school_id": ("调入学校", "调入单位"),
    "doc_no": ("文号", "发文字号", "文件号", "批准文号"),
    "decided_on": ("日期", "发文日期", "决定日期", "批准日期"),
    "reason": ("原因", "事由", "说明", "备注"),
    "post_category": ("岗位类别",),
    "purpose": ("专项用途", "用途"),
}
HEADERS = {f: names[0] for f, names in FIELDS.items()}
HEADERS["school_id"] = "学校（调出学校）"
_ALIASES = {name: f for f, names in FIELDS.items() for name in names}
_NOISE = re.compile(r"[\s*＊※:：]|（.*?）|\(.*?\)|【.*?】")
REQUIRED = ("kind", "count", "doc_no")


def norm(text) -> str:
    return _NOISE.sub("", str(text or ""))


@dataclass
class QuotaRow:
    file: str
    sheet: str
    row: int  # the Excel row number
    values: dict[str, object]
    columns: dict[str, str] = field(default_factory=dict)  # field → column header as written

    def where(self, fieldname: str | None = None) -> str:
        at = f"文件“{self.file}”，工作表“{self.sheet}”，第 {self.row} 行"
        if fieldname and fieldname in self.columns:
            at += f"，“{self.columns[fieldname]}”列"
        return at


def _header(sheet: RawSheet) -> tuple[int, dict[int, str]] | None:
    """(row index, column → field) of the first row in the first 15 that names the required columns."""
    for r, cells in enumerate(sheet.rows[:15]):
        found: dict[int, str] = {}
        for c, v in enumerate(cells):
            f = _ALIASES.get(norm(v))
            if f is not None and f not in found.values():
                found[c] = f
        if all(f in found.values() for f in REQUIRED):
            return r, found
    return None


def _text(v) -> object:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        return v.strip()
    return v


def read(path: Path | str) -> tuple[list[QuotaRow], list[str]]:
    """(rows, problems): the filled rows of every sheet with a header naming 类型, 编制数 and 文号; a problem for
    a file with no such sheet. Instruction rows (填写说明…) and empty rows are left out."""
    path = Path(path)
    rows: list[QuotaRow] = []
    found_any = False
    for sheet in read_file(path):
        if sheet.hidden:
            continue
        head = _header(sheet)
        if head is None:
            continue
        found_any = True
        r0, mapping = head
        headers = sheet.rows[r0]
        for r in range(r0 + 1, len(sheet.rows)):
            cells = sheet.rows[r]
            values = {f: _text(cells[c]) if c < len(cells) else "" for c, f in mapping.items()}
            if not any(v not in ("", None) for v in values.values()):
                continue
            first = str(cells[0] if cells else "")
            if first.startswith("填写说明") or first.startswith("说明"):
                continue
            rows.append(
                QuotaRow(path.name, sheet.name, r + 1, values, {f: str(headers[c]).strip() for c, f in mapping.items()})
            )
    problems = (
        []
        if found_any
        else [f"文件“{path.name}”中没有找到编制台账表：表头应含“类型”“编制数”“文号”（可先下载空白模板）"]
    )
    return rows, problems
