"""The role matrix over the areas built after the foundation (issue 8 §4–§6): cultivation (师徒结对,
名师工作室, 培训, 后备人才) and deployment (交流轮岗, 人编一致, 乡村从教, 流失预警).

- every write function of these services refuses a 查阅员 with a Chinese message before it touches
  anything (the database is byte-for-byte the same afterwards);
- a real write of each sub-area is refused to the 查阅员 and done for the 录入员;
- forms and exports with ID numbers: full numbers only for the 管理员, each such output in the audit
  trail; everybody else gets masked numbers and no 含完整身份证号 audit row; the exporter is the
  signed-in user.
"""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

import talentdesk.services as services_pkg
from talentdesk.reports import cultivation_tables, deployment_tables
from talentdesk.reports.forms import rotation_approval, training_record
from talentdesk.services.accounts import access, accounts
from talentdesk.services.accounts.access import CLERK, VIEWER, PermissionDenied
from talentdesk.services.cultivation import mentoring, pairing_suggest, studios, training
from talentdesk.services.cultivation import tiers as talent
from talentdesk.services.deployment import (
    attrition,
    consistency,
    placements,
    quota_ledger,
    responses,
    rotation,
    rural,
)
from talentdesk.services.platform import audit_trail, workspace
from tests import cultivation_builder, deployment_builder

from .conftest import content_digest

# Service modules of the two areas; every function in them that commits must check the user's right first.
AREA_MODULES = {  # the name WRITES uses → the file under talentdesk/services
    "mentoring": "cultivation/mentoring",
    "pairing_suggest": "cultivation/pairing_suggest",
    "studios": "cultivation/studios",
    "training": "cultivation/training",
    "talent": "cultivation/tiers",
    "cultivation_people": "cultivation/persons",
    "placements": "deployment/placements",
    "rotation": "deployment/rotation",
    "consistency": "deployment/consistency",
    "rural": "deployment/rural",
    "attrition": "deployment/attrition",
    "responses": "deployment/responses",
    "quota_ledger": "deployment/quota_ledger",
}

# Every write function, called with placeholder arguments: the permission check comes first, so the
# 查阅员 is refused before the arguments are even looked at.
WRITES = {
    "mentoring.save_programme": lambda db: mentoring.save_programme(db, None, {"name": "x"}),
    "mentoring.delete_programme": lambda db: mentoring.delete_programme(db, 1),
    "mentoring.save_pairing": lambda db: mentoring.save_pairing(db, None, {}),
    "mentoring.delete_pairings": lambda db: mentoring.delete_pairings(db, [1]),
    "mentoring.close_expired": lambda db: mentoring.close_expired(db),
    "mentoring.save_activities": lambda db: mentoring.save_activities(db, 1, []),
    "pairing_suggest.accept": lambda db: pairing_suggest.accept(db, None, [(1, 2)]),
    "studios.save": lambda db: studios.save(db, None, {}),
    "studios.delete": lambda db: studios.delete(db, 1),
    "training.save_course": lambda db: training.save_course(db, None, {}),
    "training.delete_course": lambda db: training.delete_course(db, 1),
    "talent.save_reserve": lambda db: talent.save_reserve(db, None, {}),
    "talent.delete_reserve": lambda db: talent.delete_reserve(db, 1),
    "placements.save": lambda db: placements.save(db, None, {}),
    "placements.end": lambda db: placements.end(db, 1, "2026-01"),
    "placements.delete": lambda db: placements.delete(db, 1),
    "placements.restore": lambda db: placements.restore(db, {}),
    "placements.transfer": lambda db: placements.transfer(db, 1, 1, "2026-01"),
    "rotation.create_year": lambda db: rotation.create_year(db, 2026),
    "rotation.set_quality_schools": lambda db: rotation.set_quality_schools(db, 1, []),
    "rotation.set_exclusion": lambda db: rotation.set_exclusion(db, 1, 1, "病休"),
    "rotation.propose": lambda db: rotation.propose(db, 1),
    "rotation.add_proposal": lambda db: rotation.add_proposal(db, 1, 1),
    "rotation.update_proposal": lambda db: rotation.update_proposal(db, 1, {}),
    "rotation.remove_proposal": lambda db: rotation.remove_proposal(db, 1),
    "rotation.approve": lambda db: rotation.approve(db, 1),
    "rotation.revoke": lambda db: rotation.revoke(db, 1),
    "consistency.apply": lambda db: consistency.apply(db, 1, None),
    "rural.record": lambda db: rural.record(db, [1], "县", 2026),
    "rural.remove": lambda db: rural.remove(db, 1, "县"),
    "attrition.record_separation": lambda db: attrition.record_separation(db, 1, "辞职", "2026-01"),
    "attrition.delete_separation": lambda db: attrition.delete_separation(db, 1),
    "attrition.add_situation": lambda db: attrition.add_situation(db, 1, "两地分居"),
    "attrition.close_situation": lambda db: attrition.close_situation(db, 1),
    "attrition.save_rule": lambda db: attrition.save_rule(db, None, {"name": "x"}),
    "attrition.save_rule_by_name": lambda db: attrition.save_rule_by_name(db, "x", {"name": "x"}),
    "attrition.delete_rule": lambda db: attrition.delete_rule(db, "x"),
    "attrition.reset_rules": lambda db: attrition.reset_rules(db),
    "attrition.set_codes": lambda db: attrition.set_codes(db, 1, {"reason_code": "待遇"}),
    "responses.save_response": lambda db: responses.save_response(db, 1, None, {"outcome": "留任"}),
    "responses.delete_response": lambda db: responses.delete_response(db, 1),
    "responses.save_offer_choices": lambda db: responses.save_offer_choices(db, ["子女入学"]),
    "quota_ledger.save_decision": lambda db: quota_ledger.save_decision(db, None, {"kind": "核增"}),
    "quota_ledger.void_decision": lambda db: quota_ledger.void_decision(db, 1, "错"),
    "quota_ledger.save_county": lambda db: quota_ledger.save_county(db, {"school_year": 2025}),
    "quota_ledger.import_file": lambda db: quota_ledger.import_file(db, "编制台账.xlsx"),
}
IMPORT_WRITES = {"quota_ledger.import_file"}  # need the import right (导入和撤销导入), not the edit right


def _writing_functions() -> set[str]:
    """module.function of every top-level function in AREA_MODULES whose body commits a unit of work."""
    out = set()
    folder = Path(services_pkg.__file__).parent
    for mod, file in AREA_MODULES.items():
        tree = ast.parse((folder / f"{file}.py").read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                src = ast.unparse(node)
                if ".commit()" in src or "save_pairing(" in src:
                    out.add(f"{mod}.{node.name}")
    return out


def test_every_write_function_of_the_areas_is_in_the_matrix():
    missing = _writing_functions() - set(WRITES)
    assert not missing, f"write functions without a role check in this test: {sorted(missing)}"


@pytest.fixture
def world(tmp_path):
    ws = workspace.open_workspace(tmp_path / "areas.db")
    db = ws.db
    cult = cultivation_builder.build(db)
    dep = deployment_builder.build(db)
    accounts.create_admin(db, "admin", "admin-pass-1")
    for login, role in (("clerk", CLERK), ("viewer", VIEWER)):
        accounts.save_user(db, None, login, role, "", f"{login}-pass-1")
    yield ws, cult, dep, tmp_path
    ws.close(backup_on_exit=False)


def as_(ws, login):
    accounts.sign_in(ws.db, login, f"{login}-pass-1")


def test_viewer_changes_nothing_anywhere(world):
    ws, cult, dep, tmp_path = world
    as_(ws, "viewer")
    before = content_digest(ws.path)
    for name, call in WRITES.items():
        with pytest.raises(PermissionDenied) as e:
            call(ws.db)
        right = "导入和撤销导入" if name in IMPORT_WRITES else "录入和修改"
        assert f"查阅员“viewer”没有“{right}”的权限" in e.value.message, name
    assert content_digest(ws.path) == before  # not a row, not an audit entry
    print(f"\n查阅员 refused by {len(WRITES)} write functions of the cultivation and deployment services")


def _real_writes(cult, dep):
    t, sch = cult["t"], cult["schools"]
    return {
        "师徒结对项目": lambda db: mentoring.save_programme(db, None, {"name": "青蓝工程", "year": "2026"}),
        "名师工作室": lambda db: studios.save(
            db,
            None,
            {
                "name": "李䶮数学工作室",
                "kind": "名师工作室",
                "level": "县级",
                "host_id": t["李䶮"],
                "school_id": sch["城关中学"],
                "start": "2025-09",
            },
        ),
        "培训项目": lambda db: training.save_course(
            db, None, {"name": "新教师岗前培训", "level": "县级", "start": "2026-08", "hours": "24"}
        ),
        "后备人才库": lambda db: talent.save_reserve(
            db, None, {"teacher_id": t["张堃"], "pool": "后备名师", "entered": "2026-01"}
        ),
        "交流记录": lambda db: placements.save(
            db,
            None,
            {
                "teacher_id": dep["城2"],
                "to_school_id": dep["v1"],
                "kind": "支教",
                "start": "2025-09",
                "planned_end": "2026-07",
            },
        ),
        "交流轮岗年度": lambda db: rotation.create_year(db, 2025),
        "乡村从教证书": lambda db: rural.record(db, [dep["甲0"]], "县", 2026),
        "流失预警规则": lambda db: attrition.save_rule(db, None, {"name": "新规则", "age_below": "35"}),
        "离岗登记": lambda db: attrition.record_separation(db, dep["甲1"], "辞职", "2026-01", "个人原因"),
        "编制台账": lambda db: quota_ledger.save_decision(
            db, None, {"kind": "入池", "decided_on": "2025-09-01", "doc_no": "县编办〔2025〕1号", "count": 2}
        ),
    }


def test_each_area_write_refused_to_viewer_done_for_clerk(world):
    ws, cult, dep, tmp_path = world
    as_(ws, "admin")
    _, before = audit_trail.entries(ws.db)
    for _label, call in _real_writes(cult, dep).items():
        as_(ws, "viewer")
        with pytest.raises(PermissionDenied, match="权限"):
            call(ws.db)
        as_(ws, "clerk")
        call(ws.db)  # 录入员: allowed
    as_(ws, "admin")
    rows, after = audit_trail.entries(ws.db)  # newest first
    added = [r for r in rows[: after - before] if r[2] == "新增"]
    assert added and {r[1] for r in added} == {"clerk"}  # every change made here is the clerk's


def _pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _full_id_rows(db) -> list[tuple]:
    rows, _ = audit_trail.entries(db)
    return [r for r in rows if "含完整身份证号" in (r[8] or "")]


def test_forms_show_full_ids_to_admin_only_and_audit_them(world):
    ws, cult, dep, tmp_path = world
    db = ws.db
    tid = cult["t"]["张堃"]
    full = cultivation_builder.make_id(1980, 12)
    masked = full[:6] + "*" * 8 + full[-4:]
    as_(ws, "admin")
    yid = rotation.create_year(db, 2025)
    rotation.propose(db, yid)
    pids = [r[0] for r in rotation.proposals(db, yid)][:2]
    assert pids
    for login in ("viewer", "clerk"):  # 查阅员 and 录入员 print with masked ID numbers
        as_(ws, login)
        text = _pdf_text(training_record.write(db, [tid], tmp_path / f"登记表_{login}.pdf"))
        assert masked in text and full not in text
        with pytest.raises(PermissionDenied, match="查看、打印和导出完整身份证号与电话"):
            training_record.write(db, [tid], tmp_path / "x.pdf", full=True)
        out, n = rotation_approval.write_for(db, pids, tmp_path / f"审批表_{login}.pdf")
        assert n == len(pids) and "********" in _pdf_text(out)
    as_(ws, "admin")
    assert not _full_id_rows(db)
    text = _pdf_text(training_record.write(db, [tid], tmp_path / "登记表_admin.pdf"))
    assert full in text
    rotation_approval.write_for(db, pids, tmp_path / "审批表_admin.pdf")
    rows = _full_id_rows(db)
    assert len(rows) == 2 and {r[1] for r in rows} == {"admin"}
    assert any("培训学时登记表" in r[8] for r in rows) and any("交流轮岗审批表" in r[8] for r in rows)


def test_exports_mask_by_default_full_only_for_admin_and_name_the_exporter(world):
    ws, cult, dep, tmp_path = world
    db = ws.db
    as_(ws, "admin")
    studios.save(
        db,
        None,
        {
            "name": "李䶮数学工作室",
            "kind": "名师工作室",
            "level": "县级",
            "host_id": cult["t"]["李䶮"],
            "school_id": cult["schools"]["城关中学"],
            "start": "2025-09",
        },
        [{"teacher_id": cult["t"]["吉𠮷"], "role": "成员", "joined": "2025-09"}],
    )
    for login in ("viewer", "clerk"):
        as_(ws, login)
        with pytest.raises(PermissionDenied):
            cultivation_tables.export(db, "studios", tmp_path / "full.xlsx", full=True)
        cultivation_tables.export(db, "studios", tmp_path / f"s_{login}.xlsx")
        wb = load_workbook(tmp_path / f"s_{login}.xlsx")
        assert wb.properties.creator == login and "内部资料" in wb.properties.description
        # the table starts under the sheet's title and 填报单位 lines (row 3 is its header)
        ids = [r[3] for r in wb.worksheets[1].iter_rows(min_row=4, values_only=True) if r[3]]
        assert ids and all("*" in v for v in ids)
        member = studios.get(db, studios.list_rows(db)[0][0])["members"][0]
        assert "*" in member["id_number"]
        deployment_tables.export(db, "placements", tmp_path / f"p_{login}.xlsx")
        assert load_workbook(tmp_path / f"p_{login}.xlsx").properties.creator == login
    as_(ws, "admin")
    assert not _full_id_rows(db)
    cultivation_tables.export(db, "studios", tmp_path / "s_admin.xlsx", full=True)
    ids = [r[3] for r in load_workbook(tmp_path / "s_admin.xlsx").worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert cultivation_builder.make_id(2000, 21) in ids
    assert len(_full_id_rows(db)) == 1


def test_nobody_signed_in_prints_nothing(world):
    ws, cult, dep, tmp_path = world
    access.sign_out(ws.db)
    with pytest.raises(PermissionDenied, match="请先登录"):
        training_record.write(ws.db, [cult["t"]["张堃"]], tmp_path / "x.pdf")
    with pytest.raises(PermissionDenied, match="请先登录"):
        deployment_tables.export(ws.db, "staffing", tmp_path / "x.xlsx")


def test_catalogue_reports_by_role(world):
    """统计报表 (registration forms carry full numbers by default): masked for 录入员/查阅员, refused when
    they ask for full numbers, full for the 管理员 with the saved file audited; the exporter is the user."""
    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params

    ws, cult, dep, tmp_path = world
    db = ws.db
    tid = cult["t"]["李䶮"]
    for login in ("viewer", "clerk"):
        as_(ws, login)
        report = catalogue.compute(db, "registration", Params(teacher_ids=[tid], exporter="someone-else"))
        assert report.exporter == login and not catalogue.has_full_ids(report)
        with pytest.raises(PermissionDenied, match="完整身份证号"):
            catalogue.compute(db, "registration", Params(teacher_ids=[tid], options={"mask": False}))
    as_(ws, "admin")
    report = catalogue.compute(db, "registration", Params(teacher_ids=[tid]))
    assert catalogue.has_full_ids(report)
    catalogue.record_output(db, report, tmp_path / "登记表.pdf")
    rows = _full_id_rows(db)
    assert len(rows) == 1 and "教师信息登记表" in rows[0][8] and rows[0][1] == "admin"
