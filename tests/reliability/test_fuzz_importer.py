"""The importer fuzzed with mutated workbooks and CSVs: no crash, no partial write, a message every time.

Runs for TD_FUZZ_SECONDS (CI 20 s; the issue's figure: a few minutes). Seeds: a generated workbook
(school list + teacher list), a GBK and a UTF-8 CSV, and the shared sample files when present.
Mutations: cell values replaced by hostile text (formulas, control characters, huge numbers, dates,
rare characters, very long strings), rows and columns deleted, headers shuffled, merged cells, sheets
emptied; for the raw bytes: flips, truncation, splices. Every outcome must be a clerk's message
(a refused file, rows with issues, or rows to import), and a failed apply must leave no trace.
"""

import contextlib
import datetime as dt
import random
import time
from pathlib import Path

import openpyxl
import pytest

from talentdesk.domain import idnumber
from talentdesk.errors import UserError
from talentdesk.importing.plan import INSERT, UPDATE, build_plan
from talentdesk.services.people import schools
from talentdesk.services.platform import imports

from .conftest import SCHOOL, content_digest, env_int, name_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]
SAMPLES = Path("/work/shared/samples")
HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\t",
    "\r\n",
    "",
    " ",
    "0",
    "1e309",
    "-1",
    "9" * 40,
    "３７１５２１",
    "䶮𠮷堃",
    "x" * 5000,
    "NULL",
    "'; DROP TABLE teacher; --",
    "1900-02-29",
    "2099-13-45",
    "\x00",
    "\u202e",
    "3.71521198805138e+17",
    "是",
    "否",
    "在编",
    "一级教师",
    "中学高级",
    "本科",
    "—",
]


def _seed_workbook(path: Path, n: int = 12) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "学校基本情况"
    ws.append(["学校名称", "学校标识码", "乡镇", "城乡类型", "办学类型"])
    ws.append([SCHOOL, "2137000009", "城关镇", "城区", "初中"])
    ws.append(["模糊测试小学", "2137000010", "青禾镇", "镇区", "小学"])
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
            "联系电话",
        ]
    )
    for i in range(n):
        birth = dt.date(1970 + i, 1 + i % 12, 3 + i)
        ws.append(
            [
                i + 1,
                SCHOOL,
                name_for(i + 7),
                idnumber.make("371599", birth, 200 + i),
                birth,
                f"{birth.year + 22}-09",
                "本科",
                "一级教师",
                "初中",
                "语文",
                "在编",
                "13900000000",
            ]
        )
    wb.save(path)
    return path


def _seed_csv(path: Path, encoding: str, n: int = 10) -> Path:
    lines = ["学校,姓名,身份证号,出生日期,职称,用工形式"]
    for i in range(n):
        birth = dt.date(1975 + i, 2, 10 + i)
        lines.append(f"{SCHOOL},{name_for(i + 40)},{idnumber.make('371598', birth, 300 + i)},{birth},二级教师,在编")
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _set(ws, r, c, value) -> None:
    with contextlib.suppress(Exception):  # a merged cell, or a character openpyxl cannot store (IllegalCharacterError)
        ws.cell(r, c).value = value


def _mutate_workbook(src: Path, dst: Path, rng: random.Random) -> Path:
    wb = openpyxl.load_workbook(src)
    for _ in range(rng.randint(1, 6)):
        ws = rng.choice(wb.worksheets)
        op = rng.randrange(7)
        r, c = rng.randint(1, max(1, ws.max_row)), rng.randint(1, max(1, ws.max_column))
        if op <= 2:
            _set(
                ws,
                r,
                c,
                rng.choice(
                    HOSTILE
                    + [rng.random() * 10 ** rng.randint(0, 20), dt.date(1899, 12, 31), rng.randint(-(10**18), 10**18)]
                ),
            )
        elif op == 3:
            ws.delete_rows(r)
        elif op == 4:
            ws.delete_cols(c)
        elif op == 5 and ws.max_column > 1:
            row1 = [ws.cell(1, j).value for j in range(1, ws.max_column + 1)]
            rng.shuffle(row1)
            for j, v in enumerate(row1, start=1):
                _set(ws, 1, j, v)
        elif op == 6 and ws.max_row > 2:
            ws.merge_cells(start_row=r, start_column=c, end_row=min(ws.max_row, r + 1), end_column=c)
    try:
        wb.save(dst)
    except Exception:  # openpyxl cannot save some of its own mutations (merged over moved cells): bytes instead
        return _mutate_bytes(src, dst, rng)
    return dst


def _mutate_bytes(src: Path, dst: Path, rng: random.Random) -> Path:
    data = bytearray(src.read_bytes())
    op = rng.randrange(3)
    if op == 0:
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif op == 1:
        del data[rng.randrange(1, len(data)) :]
    else:
        a = rng.randrange(len(data))
        data[a:a] = data[rng.randrange(len(data)) :][: rng.randint(1, 400)]
    dst.write_bytes(bytes(data))
    return dst


def test_fuzzed_files_never_crash_or_half_write(db, tmp_path):
    seconds = env_int("TD_FUZZ_SECONDS", 20)
    schools.save(db, None, {"name": SCHOOL, "kind": "初中"})
    seeds = [
        _seed_workbook(tmp_path / "seed.xlsx"),
        _seed_csv(tmp_path / "seed_gbk.csv", "gb18030"),
        _seed_csv(tmp_path / "seed_utf8.csv", "utf-8-sig"),
    ]
    if SAMPLES.exists():
        seeds += sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in (".xlsx", ".csv"))
    rng = random.Random(20261121)
    stats = {"files": 0, "refused": 0, "rows_with_issues": 0, "applied": 0, "apply_refused": 0}
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
        seed = rng.choice(seeds)
        dst = tmp_path / f"m{n % 5}{seed.suffix}"
        if seed.suffix == ".xlsx" and rng.random() < 0.7:
            _mutate_workbook(seed, dst, rng)
        else:
            _mutate_bytes(seed, dst, rng)
        stats["files"] += 1
        plan = build_plan(db, [dst])  # must never raise: a bad file is a message in the plan
        fp = plan.files[0]
        rows = plan.rows()
        assert fp.error or rows, f"silent outcome for case {n}: {dst.name} ({seed.name})"
        if fp.error:
            stats["refused"] += 1
            continue
        if any(r.issues for r in rows):
            stats["rows_with_issues"] += 1
        if not any(r.status in (INSERT, UPDATE) for r in rows):
            continue
        before = content_digest(db.path)
        try:
            imports.apply_plan(db, plan)
            stats["applied"] += 1
        except UserError:
            stats["apply_refused"] += 1
            after = content_digest(db.path)
            assert {k: v for k, v in after.items() if k != "audit_log"} == {
                k: v for k, v in before.items() if k != "audit_log"
            }, f"partial write in case {n}"
    print(
        f"\nimporter fuzzing: {stats['files']} mutated files in {seconds} s from {len(seeds)} seeds; refused with a "
        f"message {stats['refused']}, rows with issues {stats['rows_with_issues']}, applied {stats['applied']}, "
        f"apply refused {stats['apply_refused']}; no crash, no partial write"
    )
