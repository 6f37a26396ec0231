"""The report catalogue: NAME → title, parameters and a compute function; rendering to PDF, Excel, JSON.

A compute function is `compute(db, params: Params) -> ReportTable | Report` (pure data: it reads the
database and returns rows, never writes files). Registering a report is one line in CATALOGUE:

    Entry("staffing", "编制测算表", "talentdesk.reports.staffing:compute", ("year", "scope")),

The function is named by its import path and imported only when the report is run, so the
catalogue stays cheap to import and one area's missing module never breaks another's report.
Parameters an entry lists are offered by the GUI and checked by the command line:
year (学年/年度), month (月份), period (统计期间 --from/--to/--since), compare (与上一同长期间比较 --compare),
scope (统计范围), teacher (教师名单).
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from talentdesk.errors import UserError
from talentdesk.reports import ReportTable
from talentdesk.reports.params import Params

PARAMETERS = {
    "year": "学年/年度",
    "month": "月份",
    "scope": "统计范围",
    "teacher": "教师",
    "period": "统计期间",
    "compare": "与上期比较",
}
# reports that count events over time take a period (--from/--to, --since); the others are a snapshot (a school
# year's census date, today) and refuse one (the command line and the 报表 page alike)


@dataclass
class Report:
    """A computed report: one or more tables, notes under them and summary figures (JSON `summary`).

    `form` is set for official forms (登记表) that have their own PDF layout: an object with
    `draw_pdf(path, report)`; the tables then hold the same content for Excel and JSON.
    """

    title: str
    parts: list[ReportTable]
    notes: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    scope_label: str = ""
    period_label: str = ""
    made: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    exporter: str = ""
    unit: str = ""  # 填报单位 (setting "report_unit")
    form: object | None = None
    teacher_ids: dict = field(default_factory=dict)  # (part index, row, column) → teacher ids behind a figure
    charts: list = field(default_factory=list)  # [(title, [(label, value)], reference or None)] drawn after the tables
    sections: list = field(
        default_factory=list
    )  # [(heading, [paragraph, …])]: a draft's text (.docx) before the tables
    signatures: tuple[str, ...] = ()  # 制表人/审核人/单位负责人…: signature lines under the last table (PDF and Excel)
    stamp: str = ""  # "（单位盖章）": a stamp area beside the signatures

    @property
    def main(self) -> ReportTable:
        return self.parts[0]


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    target: str  # "module:function"
    parameters: tuple[str, ...] = ("scope",)
    kind: str = "statistics"  # statistics | form | list
    description: str = ""
    connection: bool = False  # the function reads through params.connection (the catalogue's one connection)
    drill_costs: bool = False  # the teachers behind its figures (options drill) cost more than the figures: the
    #                            报表 page shows the figures first and gathers the lists in the background

    def function(self) -> Callable:
        module, _, attr = self.target.partition(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as e:
            raise UserError(f"报表“{self.title}”暂不可用（{e}）") from None

    @property
    def available(self) -> bool:
        module = self.target.partition(":")[0]
        return importlib.util.find_spec(module) is not None


CATALOGUE: list[Entry] = [
    Entry(
        "registration",
        "教师信息登记表",
        "talentdesk.reports.registration:compute",
        ("scope", "teacher"),
        "form",
        "每名教师一页 A4：身份信息、照片、学历、资格、职称、工作经历、骨干与荣誉、考核、培训，签字盖章栏",
    ),
    Entry(
        "roster",
        "教师花名册",
        "talentdesk.reports.roster_report:compute",
        ("scope", "teacher"),
        "list",
        "可按范围筛选，身份证号可遮挡或完整",
    ),
    Entry(
        "structure",
        "教师队伍结构统计表",
        "talentdesk.reports.structure:compute",
        ("scope",),
        "statistics",
        "按学校统计性别、年龄、学历、职称、学段、学科、用工形式、骨干，乡镇小计与全县（全市）合计",
    ),
    Entry(
        "balance",
        "义务教育优质均衡发展教师指标",
        "talentdesk.reports.balance:compute",
        ("year", "scope"),
        "statistics",
        "每百名学生高于规定学历教师、县级及以上骨干教师、体育艺术专任教师数，差异系数",
    ),
    Entry(
        "hiring-plan",
        "教师招聘计划表",
        "talentdesk.reports.recruitment_lists:hiring_plan",
        ("year", "scope"),
        "form",
        "按编制缺额、到龄退休和学科缺口测算并经编辑的年度招聘计划（含审批栏）",
    ),
    Entry(
        "recruits",
        "招聘录用名单",
        "talentdesk.reports.recruitment_lists:recruits",
        ("year", "period"),
        "list",
        "招聘批次的报名与录用人员；按年度或统计期间（批次年度）",
    ),
    Entry(
        "obligations",
        "服务期履约名单",
        "talentdesk.reports.recruitment_lists:obligation_list",
        ("year",),
        "list",
        "公费师范生、优师计划、特岗教师的服务期、转编与违约；本年到期",
    ),
    Entry(
        "student-pool",
        "本地生源在读大学生名单",
        "talentdesk.reports.recruitment_lists:student_list",
        ("year",),
        "list",
        "标出本年毕业且所学学科本县紧缺的学生",
    ),
    Entry(
        "talents",
        "人才认定与待遇名单",
        "talentdesk.reports.recruitment_lists:talent_list",
        ("year", "period"),
        "list",
        "人才认定和银龄讲学、柔性引进协议；给出年度或统计期间时只列期间内认定或开始的",
    ),
    Entry(
        "subsidies",
        "乡村教师生活补助发放表",
        "talentdesk.reports.recruitment_lists:subsidy_list",
        ("month", "scope"),
        "list",
        "按实际任教学校的补助档次和在岗天数折算，供财务发放",
    ),
    Entry(
        "services",
        "人才服务与师德记录",
        "talentdesk.reports.recruitment_lists:service_list",
        ("year", "period"),
        "list",
        "子女入学、公寓、购房补贴等服务（按申请日期）和师德记录（按年度）",
    ),
    Entry(
        "annual",
        "年度人才工作统计",
        "talentdesk.reports.annual:compute",
        ("year", "period", "compare", "scope"),
        "statistics",
        "招聘、培训、交流、结对、职称、骨干与荣誉、提拔、减少，与上年对比；或多年期间（如 2021—2025 年）每年一列并合计",
        drill_costs=True,
    ),
    Entry(
        "activities",
        "教师活动统计",
        "talentdesk.reports.activities:compute",
        ("year", "period", "scope"),
        "statistics",
        "送教下乡、联片教研、公开课、师德、走访慰问等活动（含结对和工作室的活动）：按类别×级别、按学校的次数，人次与节/堂/次/学时",
    ),
    Entry(
        "school-pairings",
        "学校结对统计",
        "talentdesk.reports.school_pairings:compute",
        ("year", "period", "scope"),
        "statistics",
        "城乡对口学校一体化、结对帮扶、集团化办学、教共体：期间内有效的结对，按类型和逐个结对的交流教师、结对活动和人次",
    ),
    Entry(
        "competitions",
        "教学竞赛统计",
        "talentdesk.reports.competitions:compute",
        ("year", "period", "scope"),
        "statistics",
        "优质课、基本功、说课等教学竞赛：参赛、推荐上一级和各等级获奖人次，按级别、类别、学科、城乡和学校",
    ),
    Entry(
        "research-roles",
        "教研任职统计",
        "talentdesk.reports.research_roles:compute",
        ("year", "period", "scope"),
        "statistics",
        "兼职教研员、学科教研员、蒲公英导师、教研坊主、评委库等：期间内在任的人数，按角色×级别、学科和学校，附任职名单",
    ),
    Entry(
        "programmes",
        "培养项目统计",
        "talentdesk.reports.programmes:compute",
        ("year", "period", "scope"),
        "statistics",
        "人才工程和培养项目（万人计划、齐鲁名师、学科带头人培养对象、青年骨干等）：按项目、按级别的成员、新入选、培养结果和达成目标的名单",
    ),
    Entry(
        "degree-study",
        "学历提升统计",
        "talentdesk.reports.degree_study:compute",
        ("year", "period", "scope"),
        "statistics",
        "专升本、攻读硕士和博士：期间内在读、入学、毕业、退学人数按攻读学历，脱产时间和学费补助，毕业教师名单",
    ),
    Entry(
        "research-projects",
        "课题研究统计",
        "talentdesk.reports.research:compute",
        ("year", "period", "scope"),
        "statistics",
        "国家、省、市、县级课题：期间内立项按级别×类别（重点、一般、专项…），在研、结题、获奖、撤项按级别和学校，附课题名单",
    ),
    Entry(
        "summary",
        "工作总结数据稿",
        "talentdesk.reports.summary:compute",
        ("period", "compare", "scope"),
        "statistics",
        "引才、育才、留才、用才：期间的数字写成句子，附统计表，保存为 Word（.docx）供修改；默认近五年",
    ),
    Entry(
        "monthly",
        "人才数据月报",
        "talentdesk.reports.monthly:compute",
        ("month", "period", "scope"),
        "statistics",
        "本月教师总量与增减（新进、离开、调动、交流安排、职称），与上月对比；或统计期间（至多12个月）每月一列",
    ),
    Entry(
        "monthly-counties",
        "各区县人才数据月报汇总",
        "talentdesk.reports.monthly_counties:monthly_counties",
        ("month",),
        "statistics",
        "市局：各区县报来的月报数字（数据交换包）逐县列出并合计",
        connection=True,
    ),
    Entry(
        "monthly-watch",
        "各区县重点指标监测预警",
        "talentdesk.reports.monthly_watch:compute",
        ("month",),
        "statistics",
        "市局：各区县的月报重点指标（关键人才流失、乡村教师流失率、流失倾向、逾期响应）及预警标记",
    ),
    # reports of the other areas register here (one line each):
    Entry(
        "staffing",
        "编制测算表",
        "talentdesk.reports.staffing:compute",
        ("year", "scope"),
        "statistics",
        "按学校和学段：学生数、按师生比应配、核定编制、在编在岗、空编或超编，全县（全市）合计",
    ),
    Entry(
        "quota",
        "编制台账统计",
        "talentdesk.reports.quota:compute",
        ("year", "period", "scope"),
        "statistics",
        "期间内编制核定、核增、核减、调剂、专项编制和周转池借出收回（按类型和学校），编制使用率，"
        "编制总量与按标准应配（按学段），空编与超编学校及调剂建议，全县事业编制与教育占比",
    ),
    Entry(
        "rotation",
        "交流轮岗完成情况",
        "talentdesk.reports.deployment_tables:rotation_compute",
        ("year", "period", "scope"),
        "statistics",
        "各派出学校符合条件人数、应交流人数、骨干比例与尚差，附年度方案（范围内学校派出的教师）；"
        "统计期间内各年度逐年列出并合计",
    ),
    Entry(
        "postings",
        "援派选派统计",
        "talentdesk.reports.postings:compute",
        ("year", "period", "scope"),
        "statistics",
        "援藏、援疆、援边、对口支援：期间内报名、选派、未选派人数，按派往省份和类别的选派人数，各次选派的报名进度，"
        "期间内在外的教师",
    ),
    Entry(
        "rural-honour",
        "乡村从教荣誉人选名单",
        "talentdesk.reports.deployment_tables:rural_compute",
        ("scope",),
        "list",
        "乡村学校累计从教满30/20/10年（含本数）的国家、省、县级人选，含退休；已获该级证书的不再列入该级",
    ),
    Entry(
        "attrition",
        "教师减少与流失预警",
        "talentdesk.reports.deployment_tables:attrition_compute",
        ("year", "period"),
        "statistics",
        "近五年（或统计期间每年）按离岗方式、学历、职称、年龄段、学校类型的减少人数，及流失预警名单",
    ),
    Entry(
        "studio-stats",
        "名师工作室统计",
        "talentdesk.reports.cultivation_totals:studio_stats",
        ("year", "period", "scope"),
        "statistics",
        "名师、名校长、名班主任工作室按类别和级别的个数、主持人、培养对象和成员人数，附工作室名单",
    ),
    Entry(
        "mentor-stats",
        "导师与师徒结对统计",
        "talentdesk.reports.cultivation_totals:mentor_stats",
        ("year", "period", "scope"),
        "statistics",
        "每年新结对数、导师和青年教师人数，按城乡方向（城区→乡村、城区→镇区、镇区→乡村）的结对数",
    ),
    Entry(
        "tiers",
        "人才梯队与名优教师统计",
        "talentdesk.reports.talent_tiers:compute",
        ("scope",),
        "statistics",
        "教坛新秀、骨干教师、学科带头人、名师、特级教师按级别的人数，正高级教师；各学校名优教师占在岗教师的比例",
    ),
    Entry(
        "shortage",
        "学科缺口统计",
        "talentdesk.reports.shortage:compute",
        ("year", "scope"),
        "statistics",
        "按课程周课时测算各学校、学段、学科的缺口和全县（全市）合计，与招聘计划的学科缺口相同",
    ),
    Entry(
        "redeploy",
        "调配参考名单",
        "talentdesk.reports.redeploy:compute",
        ("year", "scope"),
        "statistics",
        "按乡镇的学科富余与缺口、各学校学科余缺，持高学段教师资格的教师（可向上调配）",
    ),
    Entry(
        "redeploy-plan",
        "教师调配方案",
        "talentdesk.reports.redeploy_plan:compute",
        ("year", "period", "scope"),
        "statistics",
        "一个学年的调配方案（谁调往哪所学校、理由、文号），方案对各学校学科余缺的影响，期间教师调动按原因统计",
    ),
    Entry(
        "talent-stats",
        "人才认定与服务统计",
        "talentdesk.reports.talent_totals:compute",
        ("year", "period", "scope"),
        "statistics",
        "A—E 类人才、国务院和省政府特殊津贴，子女入学办结件数、购房补贴人数和金额，乡村从教荣誉证书发放数",
    ),
    Entry(
        "talent-recognition",
        "人才认定进度与引进人才经费",
        "talentdesk.reports.talent_steps:compute",
        ("year", "period", "scope"),
        "statistics",
        "人才认定各环节（申报、初审、认定）按类别的人数，引进人才协议约定与已发经费，经费发放表（领款人签字），期满提醒",
    ),
    Entry(
        "mentoring",
        "师徒结对情况统计",
        "talentdesk.reports.cultivation_tables:mentoring_stats",
        ("year", "period"),
        "statistics",
        "按结对项目：结对数、进行中、期满、提前终止、考核、活动；给出年度或期间时只计期间内开始的结对",
    ),
    Entry(
        "training",
        "教师培训学时统计",
        "talentdesk.reports.cultivation_tables:training_stats",
        ("year", "period", "scope"),
        "statistics",
        "按学校（任教学校）：本周期（或 --year 所在周期）学时进度落后、已达标人数与人均学时，范围合计；"
        "统计期间：国培…校本各年人次、学时和各学校参训",
    ),
    Entry(
        "appraisal",
        "年度考核与师德考核统计",
        "talentdesk.reports.appraisal:compute",
        ("year", "period", "scope"),
        "statistics",
        "年度考核和师德考核结果：每个考核年度各等次人数和优秀率，按城乡类型和学校（编制学校）",
    ),
    Entry(
        "leaders",
        "学校领导班子与职务",
        "talentdesk.reports.leaders:compute",
        ("month", "period", "scope"),
        "list",
        "各校领导班子和中层（年龄、职称、任现职年限），缺少校长或书记的学校，校长任期满名单（供校长交流），"
        "期间内按职务的提拔任用人数和名单",
    ),
    Entry(
        "titles",
        "职称与岗位设置",
        "talentdesk.reports.titles:compute",
        ("month", "period", "scope"),
        "statistics",
        "期间内按评审方式和职称的取得人数；各校高级、中级、初级岗位核定、已聘、空缺、超岗，岗位已满教师待聘的学校；"
        "评而未聘人数（按城乡、学校）和名单，等待年限",
    ),
    Entry(
        "named",
        "三名工程与称号考核",
        "talentdesk.reports.named_designations:compute",
        ("month", "period", "scope"),
        "statistics",
        "名师、名校长、名班主任按级别的在任人数和期间新认定；期间内称号考核结果（继续保留、撤销、降级，按称号和级别）"
        "和名单；任期中期或届满待考核的称号",
    ),
]


def names() -> list[str]:
    return [e.name for e in CATALOGUE]


def entry(name: str) -> Entry:
    for e in CATALOGUE:
        if e.name == name:
            return e
    raise UserError(f"没有名为“{name}”的报表。可用的报表：{'、'.join(names())}")


def as_report(result, params: Params, title: str) -> Report:
    if isinstance(result, ReportTable):
        notes = [result.note] if result.note else []
        result = Report(title=result.title or title, parts=[result], notes=notes)
    if not result.scope_label:
        result.scope_label = params.scope.label
    if not result.exporter:
        result.exporter = params.exporter
    return result


def compute(db, name: str, params: Params | None = None) -> Report:
    """Run report NAME; the bureau's saved policy is used unless params carries one explicitly.

    The user must be allowed to print; the exporter is the signed-in person (their name). Roles that may not reveal
    full ID numbers get them masked (mask=True); asking for them explicitly (mask=False) needs the right."""
    from talentdesk.services.accounts import access

    e = entry(name)
    params = params or Params()
    result = None
    with db.engine.connect() as conn:  # one connection for the rights, the bureau and (if it wants) the report
        who = access.require(db, "print", conn)
        # the person's name on the watermark and footer; nobody's before any account exists (never the OS login)
        params.exporter = access.person_name(db, who)
        if "mask" not in params.options:
            if not who.can("reveal_id"):
                params.options["mask"] = True
        elif not params.options["mask"]:
            access.require(db, "reveal_id", conn)
        unit, whole = _bureau(conn, params)
        if e.connection:
            conn.rollback()  # no read transaction held open while the report runs
            params.connection = conn
            try:
                result = e.function()(db, params)
            finally:
                params.connection = None
    if result is None:
        result = e.function()(db, params)
    report = as_report(result, params, e.title)
    from talentdesk.reports import basis

    report.notes.append(basis.note(e.name))  # the documents its figures follow (issue 19 §3)
    if report.scope_label == params.scope.label and whole:  # the whole database
        report.scope_label = whole
    if not report.unit:
        report.unit = unit
    return report


def _bureau(conn, params: Params) -> tuple[str, str | None]:
    """What every report needs besides its own figures, read in one statement (on a server each statement and
    each connection costs round trips): the saved policy, put into params unless it carries one; the 填报单位;
    for the county scope the label of the whole database (全县/全市), else None."""
    from sqlalchemy import select

    from talentdesk.reports.params import is_city, whole_label_of
    from talentdesk.services.platform.paper_settings import UNIT_KEY, unit_from_value
    from talentdesk.services.platform.settings import POLICY_KEY, policy_from_value
    from talentdesk.store.models import Setting

    def saved(key: str):
        return select(Setting.value).where(Setting.key == key).scalar_subquery()

    policy, unit, city = conn.execute(select(saved(POLICY_KEY), saved(UNIT_KEY), is_city())).one()
    if params.policy is None:
        params.policy = policy_from_value(policy)
    return unit_from_value(unit), whole_label_of(city) if params.scope.text == "county" else None


def has_full_ids(report: Report) -> bool:
    """Whether any ID-number column of the report holds an unmasked number."""
    for part in report.parts:
        cols = [i for i, h in enumerate(part.headers) if "身份证" in str(h)]
        for row in part.rows:
            for i in cols:
                v = row[i] if i < len(row) else None
                if v and "*" not in str(v) and len(str(v)) >= 15:
                    return True
    return False


def record_output(db, report: Report, path=None, how: str = "导出") -> None:
    """An export or print of REPORT with full ID numbers goes to the audit trail (issue 8 §5)."""
    from talentdesk.services.accounts import access

    if has_full_ids(report):
        rows = sum(len(p.rows) for p in report.parts)
        access.record_disclosure(db, table="report", what=f"{how}{report.title} {rows} 行", path=path)


def unit_name(db) -> str:
    """The bureau's name printed as 填报单位 (services.platform.paper_settings), or ""."""
    from talentdesk.services.platform import paper_settings  # start-up: keeps SQLAlchemy out of `import catalogue`

    return paper_settings.unit_name(db)


# ------------------------------------------------------------------ rendering


def to_json(report: Report) -> dict:
    """`{"title", "columns", "rows", "notes", "summary"}` of the main table; further tables under "parts"."""
    main = report.main
    out = {
        "title": report.title,
        "columns": list(main.headers),
        "rows": [list(r) for r in main.rows],
        "notes": list(report.notes),
        "summary": report.summary,
        "scope": report.scope_label,
        "period": report.period_label,
        "made": report.made.isoformat(sep=" "),
    }
    if report.sections:
        out["sections"] = [{"heading": h, "paragraphs": list(ps)} for h, ps in report.sections]
    if len(report.parts) > 1:
        out["parts"] = [
            {"title": p.title, "columns": list(p.headers), "rows": [list(r) for r in p.rows]} for p in report.parts[1:]
        ]
    return out


def _json_default(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if hasattr(v, "iso"):
        return v.iso()
    return str(v)


def render(report: Report, path: Path | str, *, watermark: bool = True) -> Path:
    """Write REPORT to PATH; the suffix chooses the format (.pdf, .xlsx, .docx, .json)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        if report.form is not None:
            report.form.draw_pdf(path, report)
        else:
            from talentdesk.reports.render_pdf import write_pdf

            write_pdf(report, path, watermark=watermark)
    elif suffix == ".xlsx":
        from talentdesk.reports.xlsx import write_tables

        write_tables(
            report.parts,
            path,
            notes=report.notes,
            scope=report.scope_label,
            made=report.made,
            exporter=report.exporter,
            unit=report.unit,
            period=report.period_label,
            signatures=report.signatures,
            stamp=report.stamp,
        )
    elif suffix == ".json":
        text = json.dumps(to_json(report), ensure_ascii=False, indent=1, default=_json_default)
        _write_text(path, text)
    elif suffix == ".docx":
        from talentdesk.reports.render_docx import write_docx

        write_docx(report, path)
    else:
        raise UserError(f"不支持的输出格式“{path.suffix or path.name}”：请用 .pdf、.xlsx、.docx 或 .json 结尾的文件名")
    return path


def _write_text(path: Path, text: str) -> None:
    import os

    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入 {path}：{e.strerror or e}") from None
