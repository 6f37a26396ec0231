"""`talentdesk self-test`: prove an installed copy works, offscreen, without touching the user's data.

In a temporary folder (or --keep DIR): create a new database, import a teacher spreadsheet generated
here (one school, three teachers with rare name characters) through the real importer (its reading
child process), refuse a hostile spreadsheet and survive its reader's abort, print a
one-page PDF (自检报告) with the PDF font chain and check every character has a font, export the
teacher roster to .xlsx and read it back, then open the Qt application and the main window offscreen
once and close it. Prints a Chinese summary; returns 0, or 1 with the failing step and the reason.

Used by CI on the built bundle (dist/TalentDesk/talentdesk self-test) and by the installer docs
("after installing, run talentdesk-cli self-test").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from talentdesk import __version__

RARE = "䶮𠮷堃"  # Ext-A, Ext-B and a common-but-rare-in-fonts name character
SCHOOL = "自检县第一小学"
TEACHERS = (("李䶮", 1985, 121), ("吉𠮷", 1990, 132), ("张堃", 1978, 143))  # name, birth year, sequence
COUNTY = "371521"


class SelfTestFailed(RuntimeError):
    pass


def _say(out, text: str) -> None:
    try:
        out(text)
    except UnicodeEncodeError:  # a GBK console cannot show 𠮷: show the rest
        enc = getattr(sys.stdout, "encoding", None) or "ascii"
        out(text.encode(enc, errors="replace").decode(enc))


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailed(message)


@contextlib.contextmanager
def _env(**values: str):
    """Set environment variables for the duration (restored afterwards, also in-process callers)."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# --- steps -------------------------------------------------------------------------------------


def write_sample(path: Path) -> Path:
    """A school list and a teacher list in one workbook, headers as schools write them."""
    import openpyxl

    from talentdesk.domain import idnumber

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "学校基本情况"
    ws.append(["学校名称", "学校标识码", "乡镇", "城乡类型", "办学类型"])
    ws.append([SCHOOL, "2137000001", "城关镇", "城区", "小学"])
    ws = wb.create_sheet("教师信息")
    ws.append(
        [
            "序号",
            "学校",
            "姓名",
            "身份证号",
            "出生日期",
            "参加工作年月",
            "最高学历",
            "职称",
            "任教学段",
            "任教学科",
            "用工形式",
        ]
    )
    for i, (name, year, seq) in enumerate(TEACHERS, start=1):
        id_number = idnumber.make(COUNTY, dt.date(year, 3, 12), seq)
        ws.append(
            [i, SCHOOL, name, id_number, f"{year}-03-12", f"{year + 22}-09", "本科", "一级教师", "小学", "语文", "在编"]
        )
    wb.save(path)
    return path


def step_import(db, folder: Path) -> str:
    from talentdesk.importing.plan import build_plan
    from talentdesk.services.people import teachers as teacher_svc
    from talentdesk.services.platform.imports import apply_plan
    from talentdesk.services.platform.settings import load_policy

    sample = write_sample(folder / "自检教师名单.xlsx")
    plan = build_plan(db, [sample], policy=load_policy(db))
    counts = plan.counts()
    problems = [f"{r.where}：{i.message}" for r in plan.rows() for i in r.issues if i.severity == "error"]
    _check(not problems, "导入检查发现错误：" + "；".join(problems))
    _check(counts["insert"] == 1 + len(TEACHERS), f"导入计划应新增 {1 + len(TEACHERS)} 行，实际 {counts}")
    result = apply_plan(db, plan)
    _check(result.batch_id is not None, "导入没有写入数据库")
    n = teacher_svc.count(db)
    _check(n == len(TEACHERS), f"导入后应有 {len(TEACHERS)} 名教师，实际 {n} 名")
    return f"导入 {sample.name}：新增学校 1 所、教师 {n} 名（批次 {result.batch_id}）"


def write_far_cell(path: Path) -> Path:
    """A 2 KB workbook with one cell at XFD150000: a reader that sizes the sheet by its extent asks for 78.6 GB."""
    import zipfile

    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="150000"><c r="XFD150000"><v>1</v></c></row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="名单" sheetId="1" r:id="r1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def step_hostile_file(db, folder: Path) -> str:
    """The far cell is refused by the checks; with the checks off, the reading child process aborts (a Rust
    abort) and the file is refused while this program goes on: the child of the bundled program works."""
    from talentdesk.importing.plan import build_plan
    from talentdesk.importing.safety import Limits

    bomb = write_far_cell(folder / "自检恶意表格.xlsx")
    refused = build_plan(db, [bomb]).files[0].error or ""
    _check("XFD150000" in refused, f"远处单元格的表格没有被拒绝：{refused or '已读取'}")
    unchecked = Limits(max_cols=1 << 20, max_cells=1 << 40)
    crashed = build_plan(db, [bomb], limits=unchecked).files[0].error or ""
    _check("异常退出" in crashed, f"读取进程异常退出没有被隔离：{crashed or '已读取'}")
    return "单元格 XFD150000 的表格已拒绝；读取进程异常退出时只拒绝该文件，程序继续运行"


def _roster(db):
    from talentdesk.reports.roster import teacher_roster
    from talentdesk.store.uow import UnitOfWork

    with UnitOfWork(db) as uow:
        return teacher_roster(uow.session)


def step_pdf(db, folder: Path) -> str:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from talentdesk import resources
    from talentdesk.reports.pdf import fonts

    try:
        body, heading = fonts.body(), fonts.heading()
    except fonts.FontMissing as e:
        raise SelfTestFailed(str(e)) from None
    table = _roster(db)
    lines = [
        f"程序版本：TalentDesk {__version__}　　系统：{platform.system()} {platform.release()}",
        f"生成时间：{dt.datetime.now():%Y年%m月%d日 %H:%M}",
        f"生僻字检查：{'　'.join(RARE)}",
        f"{table.title}（{table.note}）：",
    ]
    lines += [f"　{r[0]}　{r[11]}　{r[8]}　{r[10]}" for r in table.rows]
    lines.append("字体：" + "、".join(body.names))
    title = "自检报告"
    missing = heading.missing(title) | set().union(*(body.missing(x) for x in lines))
    _check(not missing, f"PDF 字体缺字：{''.join(sorted(missing))}（请确认 resources/fonts 中有霞鹜文楷）")
    for ch in RARE:
        _check(not body.missing(ch), f"PDF 字体缺少生僻字 {ch}")
    path = folder / "自检报告.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setTitle(title)
    width, height = A4
    fonts.draw_string(c, width / 2, height - 90, title, 22, heading, align="center")
    y = height - 140
    for text in lines:
        fonts.draw_string(c, 72, y, text, 12, body)
        y -= 22
    c.showPage()
    c.save()
    data = path.read_bytes()
    _check(data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), "PDF 文件不完整")
    _check(b"/FontFile2" in data, "PDF 没有嵌入字体")
    rare_font = resources.find_font("LXGWWenKai-Regular.ttf")
    if getattr(sys, "frozen", False):  # an installed copy must print with its own fonts, not the PC's
        bundled = resources.root() / "fonts"
        _check(
            rare_font is not None and bundled in rare_font.parents,
            f"安装包中缺少自带字体 {bundled / 'LXGWWenKai-Regular.ttf'}",
        )
    return (
        f"{path.name}：{len(data) // 1024} KB，{len(RARE)} 个生僻字均有字体（{body.font_for('𠮷')}："
        f"{rare_font or '系统字体'}）"
    )


def step_xlsx(db, folder: Path) -> str:
    import openpyxl

    from talentdesk.reports.roster import export_roster

    path = folder / "自检花名册.xlsx"
    table = export_roster(db, path)
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    names = {r[0] for r in rows[1:]}
    _check(names == {t[0] for t in TEACHERS}, f"花名册姓名不对：{sorted(map(str, names))}")
    return f"{path.name}：{table.note}，读回 {len(rows) - 1} 行"


def step_docx(db, folder: Path) -> str:
    import docx

    from talentdesk.reports.catalogue import Report
    from talentdesk.reports.render_docx import write_docx

    table = _roster(db)
    path = write_docx(
        Report(title="自检 Word 文档", parts=[table], sections=[("一、生僻字", ["　".join(RARE)])]),
        folder / "自检.docx",
    )
    text = [p.text for p in docx.Document(str(path)).paragraphs]
    _check("　".join(RARE) in text, "Word 文档读回的文字不对")
    return f"{path.name}：{path.stat().st_size // 1024} KB，读回 {len(text)} 段"


def step_gui(db) -> str:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QApplication

    from talentdesk.gui import app as gui_app
    from talentdesk.gui.main_window import MainWindow
    from talentdesk.store.database import open_database

    created = QApplication.instance() is None
    with (
        _env(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM") or "offscreen") if created else contextlib.nullcontext()
    ):
        qapp = gui_app.make_app([sys.argv[0] if sys.argv else "talentdesk"])
    families = gui_app.setup_fonts(qapp)
    _check(bool(families), "没有找到中文屏幕字体：界面文字会显示成方框")
    rare_ok = {ch: any(QFontMetrics(QFont(f)).inFontUcs4(ord(ch)) for f in families) for ch in RARE}
    _check(all(rare_ok.values()), f"屏幕字体缺少生僻字：{''.join(c for c, ok in rare_ok.items() if not ok)}")
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    _check(cancel == "取消", f"Qt 中文翻译没有加载（“Cancel”仍显示为“{cancel}”）")
    window = MainWindow(db, open_database=open_database)
    try:
        window.show()
        qapp.processEvents()
        rows = window.teachers.model.rowCount()
        _check(rows == len(TEACHERS), f"教师列表应显示 {len(TEACHERS)} 行，实际 {rows} 行")
        platform_name = qapp.platformName()
    finally:
        window.close()
        window.deleteLater()
        qapp.processEvents()
    return (
        f"主窗口已打开并关闭（{platform_name}），教师列表 {rows} 行，"
        f"屏幕字体 {families[0]} 等 {len(families)} 种，Qt 中文翻译已加载"
    )


def step_server_driver() -> str:
    """The PostgreSQL driver loads (a bundle that left out psycopg's libpq or the ssl module could open local files
    but never a server database). No connection is made."""
    import psycopg
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://selftest@127.0.0.1:1/none")  # never connected
    engine.dispose()
    return f"psycopg {psycopg.__version__}（{psycopg.pq.__impl__} 实现，libpq {psycopg.pq.version() // 10000}）"


def step_solver() -> str:
    """The rotation and redeployment plans are solved (a bundle that left out scipy, numpy or a module they import,
    such as unittest for numpy.testing, opens but stops when the clerk asks for a plan): a 3 × 3 assignment."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    _rows, cols = linear_sum_assignment(np.array([[4.0, 1.0, 3.0], [2.0, 0.0, 5.0], [3.0, 2.0, 2.0]]))  # rows sorted
    _check(cols.tolist() == [1, 0, 2], "交流与调配方案的最优分配计算结果不对")
    return "交流轮岗与调配方案的最优分配可以计算"


def step_package_keys(folder: Path) -> str:
    """Exchange packages are signed and sealed (a bundle without cryptography's OpenSSL bindings could neither
    send nor read one): a package written by a stand-in county for a stand-in city is opened and verified."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from talentdesk.services.exchange import keys
    from talentdesk.services.exchange import package_file as fmt

    def pair(role: str, name: str) -> keys.OwnKey:
        s, b = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
        return keys.OwnKey(keys._public_of(s, b, role, name, ""), s, b)

    county, city = pair("county", "自检县"), pair("city", "自检市")
    manifest = {
        "format": fmt.FORMAT,
        "version": fmt.VERSION,
        "kind": "monthly",
        "county": "自检县",
        "period": "2026-01",
        "exporter": "自检",
        "created": "2026-01-31T00:00:00",
        "app_version": __version__,
        "schema": "",
    }
    path = folder / "自检数据包.tdpkg"
    fmt.write(
        path,
        manifest,
        {"figures.jsonl": fmt.jsonl([{"section": "自检", "item": "䶮", "this": 1, "last": 0}])},
        signer=county,
        recipient=city.public,
    )
    pkg = fmt.read(path, keys.Keyring(city.public, city, None, {"自检县": county.public}))
    _check(pkg.ok, "数据包签名或解密失败：" + (pkg.problem() if not pkg.ok else ""))
    return "Ed25519 签名、HPKE 加密的数据包已写入并核实"


# --- runner ------------------------------------------------------------------------------------


def run(keep: Path | str | None = None, out: Callable[[str], None] = print) -> int:
    """Run every step; 0 when all pass, 1 (with the reason printed) on the first failure."""
    started = time.perf_counter()
    _say(
        out,
        f"教育人才工作台 TalentDesk {__version__} 自检（{platform.system()} {platform.machine()}，"
        f"Python {platform.python_version()}）",
    )
    with contextlib.ExitStack() as stack:
        if keep:
            folder = Path(keep).resolve()
            folder.mkdir(parents=True, exist_ok=True)
        else:
            folder = Path(
                stack.enter_context(
                    tempfile.TemporaryDirectory(prefix="talentdesk-selftest-", ignore_cleanup_errors=True)
                )
            )
        stack.enter_context(_env(TALENTDESK_HOME=str(folder / "home")))  # never the user's settings
        db = None
        step = "新建数据库"
        try:
            from talentdesk.store.database import open_database

            t0 = time.perf_counter()
            db_file = folder / "自检.db"
            if db_file.exists():
                db_file.unlink()
            db = open_database(db_file)
            _say(out, f"✓ {step}：{db_file.name}（{time.perf_counter() - t0:.1f} 秒）")
            for step, action in (
                ("导入表格", lambda: step_import(db, folder)),
                ("拒绝恶意表格", lambda: step_hostile_file(db, folder)),
                ("生成 PDF", lambda: step_pdf(db, folder)),
                ("导出 Excel", lambda: step_xlsx(db, folder)),
                ("保存 Word", lambda: step_docx(db, folder)),
                ("打开主窗口", lambda: step_gui(db)),
                ("服务器数据库驱动", step_server_driver),
                ("方案求解", step_solver),
                ("数据包加密签名", lambda: step_package_keys(folder)),
            ):
                t0 = time.perf_counter()
                text = action()
                _say(out, f"✓ {step}：{text}（{time.perf_counter() - t0:.1f} 秒）")
        except Exception as e:  # any failure: say which step and why, exit 1
            known = isinstance(e, SelfTestFailed) or hasattr(e, "message")  # messages written for the clerk
            reason = getattr(e, "message", None) or (str(e) if known else f"{type(e).__name__}: {e}")
            _say(out, f"✗ {step}失败：{reason}")
            if not known:
                _say(out, traceback.format_exc().rstrip())
            _say(out, "自检未通过。")
            return 1
        finally:
            if db is not None:
                db.dispose()
        where = f"，文件保存在 {folder}" if keep else ""
        _say(
            out,
            f"自检通过：数据库、导入（含拒绝恶意表格）、PDF、Excel、Word、图形界面、服务器数据库驱动、方案求解、数据包加密签名均正常，"
            f"用时 {time.perf_counter() - started:.1f} 秒{where}。",
        )
    return 0
