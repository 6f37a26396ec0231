"""What the row-per-record importers of the cultivation area share (programme members, degree study, growth goals):
the member columns' header words and the programme a row names. The rest — reading the sheets, the columns, the
teacher a row names, the plan and writing it as one import batch — is every area's: services/platform/record_import,
whose names are here too.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentdesk.services.cultivation.programmes import programme_label
from talentdesk.services.platform.record_import import (
    ERROR,
    NOTE,
    Columns,
    Plan,
    Problem,
    Result,
    Row,
    Wording,
    _date,
    _Teachers,
    _text,
    apply,
    columns,
    header_map,
    sheets,
)
from talentdesk.store.models_programmes import TalentProgramme

__all__ = [
    "ERROR",
    "NOTE",
    "Columns",
    "Plan",
    "Problem",
    "Result",
    "Row",
    "Wording",
    "_Teachers",
    "_date",
    "_text",
    "apply",
    "columns",
    "header_map",
    "sheets",
]


ID_NUMBER = "身份证号 身份证号码 公民身份号码 证件号码 身份证件号码"  # the headers of the ID number column
SCHOOL = "学校 所在学校 工作单位 单位 任职学校"  # of the teacher's school (it tells teachers of one name apart)
PROGRAMME = "项目 项目名称 培养项目 人才工程 工程名称 计划名称"  # of the programme's name
COHORT = "批次 年份 届次 期次 年度"  # of its cohort
MEMBER = {  # which member of which programme a row is about
    "programme": PROGRAMME,
    "cohort": COHORT,
    "name": "姓名 教师姓名 成员姓名",
    "id_number": ID_NUMBER,
    "school": SCHOOL,
}


class Programmes:
    """The registered programmes by name, for the 项目 and 批次 columns."""

    def __init__(self, session: Session):
        self.by_name: dict[str, list[TalentProgramme]] = {}
        for p in session.scalars(select(TalentProgramme)):
            self.by_name.setdefault(p.name, []).append(p)
            session.expunge(p)

    def find(self, sheet: Columns, number: int, cells: dict) -> TalentProgramme | None:
        """The programme the row names, or None with a problem said."""
        pname, cohort = _text(cells.get("programme")), _text(cells.get("cohort"))
        if not pname:
            sheet.problem(number, "programme", "没有填写项目")
            return None
        found = self.by_name.get(pname, [])
        if cohort is not None:
            found = [p for p in found if (p.cohort or "") == cohort]
        if not found:
            which = programme_label(pname, cohort)
            sheet.problem(number, "programme", f"程序中没有登记培养项目“{which}”，请先在“培养项目”中登记")
            return None
        if len(found) > 1:
            cohorts = "、".join(p.cohort or "无批次" for p in found)
            sheet.problem(number, "cohort", f"项目“{pname}”有 {len(found)} 个批次（{cohorts}），请填写批次")
            return None
        return found[0]
