"""Shared pieces of the reliability proof suite (issue 8).

Repetition counts are environment variables so CI stays quick while a full run gives the figures:
TD_KILL_REPEATS (kill -9 during import, CI 4, full 30), TD_CORRUPT_COPIES (100), TD_FUZZ_SECONDS
(importer fuzzing, CI 20, full a few minutes). Each test prints its figures (pytest -s shows them).
"""

import csv
import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from talentdesk.domain import idnumber
from talentdesk.services.accounts import accounts

SCHOOL = "可靠性测试第一中学"


def env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@pytest.fixture(autouse=True)
def fast_hash():
    accounts.use_hasher(PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    yield
    accounts.use_hasher(PasswordHasher())


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"


def name_for(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[i // len(SURNAMES) % len(GIVEN)] + GIVEN[i // 7 % len(GIVEN)]


def write_teacher_csv(path: Path, n: int, *, county: str = "371521") -> Path:
    """N valid teachers of one school, as a school would send them (UTF-8 CSV with BOM)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(
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
        for i in range(n):
            birth = dt.date(1965 + i % 35, 1 + i % 12, 1 + i % 28)
            number = idnumber.make(county, birth, 100 + i % 900 if i < 900 else (i // 900) * 7 % 900 + 100)
            w.writerow(
                [
                    i + 1,
                    SCHOOL,
                    name_for(i),
                    number,
                    birth.isoformat(),
                    f"{birth.year + 22}-09",
                    "本科",
                    "一级教师",
                    "初中",
                    "数学",
                    "在编",
                ]
            )
    return path


def unique_ids_csv(path: Path, n: int) -> Path:
    """Like write_teacher_csv but every ID number distinct (county code varies)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(
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
        for i in range(n):
            birth = dt.date(1965 + i % 35, 1 + i % 12, 1 + i % 28)
            number = idnumber.make(f"3715{21 + i // 900 % 70:02d}", birth, 100 + i % 900)
            w.writerow(
                [
                    i + 1,
                    SCHOOL,
                    name_for(i),
                    number,
                    birth.isoformat(),
                    f"{birth.year + 22}-09",
                    "本科",
                    "一级教师",
                    "初中",
                    "数学",
                    "在编",
                ]
            )
    return path


def content_digest(path: Path) -> dict[str, tuple[int, str]]:
    """Every table: (row count, SHA-256 of all rows in rowid order)."""
    con = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        out = {}
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for n in names:
            h = hashlib.sha256()
            count = 0
            for row in con.execute(f'SELECT * FROM "{n}" ORDER BY rowid'):
                h.update(repr(row).encode("utf-8"))
                count += 1
            out[n] = (count, h.hexdigest())
        return out
    finally:
        con.close()


def scalar_count(path: Path, table: str) -> int:
    con = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()
