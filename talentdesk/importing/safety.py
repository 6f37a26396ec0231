"""Refuse hostile or oversized files before a parser touches them (bounded time and memory).

- size of the file on disk;
- for zip containers (.xlsx/.xlsm/.ods): total and per-member uncompressed sizes and the
  compression ratio (zip bombs), read from the zip directory without decompressing;
- for .xlsx/.xlsm sheets: the number of <row> elements, counted by streaming the sheet XML in
  chunks (never parsed, so no entity expansion) and stopped at the limit;
- XML DOCTYPE/ENTITY declarations in any XML member are refused (python-calamine does not
  expand entities, but openpyxl would; we refuse them up front so no parser ever sees them).

All limits are parameters (Limits) with defaults; messages are for the clerk.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from talentdesk.services.errors import UserError


class FileRefused(UserError):
    """A file the importer will not read (too big, damaged, or built to harm the program)."""


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * 1024 * 1024
    max_total_uncompressed: int = 1024 * 1024 * 1024
    max_member_uncompressed: int = 600 * 1024 * 1024
    max_ratio: float = 150.0  # uncompressed / compressed for a member larger than ratio_floor
    ratio_floor: int = 8 * 1024 * 1024
    max_rows: int = 200_000  # per sheet
    max_members: int = 10_000


DEFAULT = Limits()
_ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
_ROW_TAG = re.compile(rb"<(?:\w+:)?(?:table-)?row[\s>/]")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def check_file(path: Path, limits: Limits = DEFAULT) -> None:
    """Raise FileRefused when PATH must not be read. Cheap: reads only the zip directory and streams XML."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as e:
        raise FileRefused(f"无法打开文件“{name}”：{e.strerror or e}") from None
    if size > limits.max_file_bytes:
        raise FileRefused(f"文件“{name}”有 {_mb(size)}，超过导入上限 {_mb(limits.max_file_bytes)}，请拆分后再导入")
    if path.suffix.lower() in _ZIP_SUFFIXES:
        _check_zip(path, limits)


def _check_zip(path: Path, limits: Limits) -> None:
    name = path.name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError, RuntimeError):
        raise FileRefused(f"文件“{name}”已损坏或不是 Excel/ODS 文件，请让学校重新保存后发送") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise FileRefused(f"文件“{name}”内部结构异常（{len(infos)} 个部件），已拒绝导入")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > limits.max_member_uncompressed or total > limits.max_total_uncompressed:
                raise FileRefused(f"文件“{name}”解压后超过 {_mb(limits.max_total_uncompressed)}（可能是恶意构造的"
                                  f"压缩炸弹），已拒绝导入")
            if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise FileRefused(f"文件“{name}”的压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍，"
                                  f"可能是压缩炸弹），已拒绝导入")
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels")):
                try:
                    _scan_xml(zf, info, name, limits)
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
                    # a damaged member (found by fuzzing: bad deflate data, CRC errors, truncation)
                    raise FileRefused(f"文件“{name}”已损坏，请让学校重新保存后发送") from None


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Limits) -> None:
    """Stream one XML member: refuse DTD/entity declarations; count rows of worksheets up to the limit.

    Rows are first counted with a cheap upper bound (the occurrences of 'row', which every row tag holds); only
    when that bound passes the limit is the member streamed again and counted exactly.
    """
    is_sheet = "worksheets/" in info.filename or info.filename.endswith("content.xml")
    with zf.open(info) as f:
        head = f.read(4096)
        if _DOCTYPE.search(head):
            raise FileRefused(f"文件“{name}”包含 XML 实体声明（可能是恶意构造的文件），已拒绝导入")
        if not is_sheet:
            return
        bound, tail, chunk = 0, b"", head
        while chunk:
            # every row tag ('<row', 'x:row', 'table-row') holds 'row' (an xlsx row twice: <row> and </row>);
            # a 2-byte tail cannot hold a whole 3-byte needle: nothing is counted twice
            part = tail + chunk
            bound += part.count(b"row")
            if bound > limits.max_rows:
                break
            tail = chunk[-2:]
            chunk = f.read(1 << 20)
        else:
            return
    _count_rows_exactly(zf, info, name, limits)


def _count_rows_exactly(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Limits) -> None:
    rows = 0
    tail = b""
    with zf.open(info) as f:
        chunk = f.read(1 << 20)
        while chunk:
            # a 4-byte tail cannot hold a whole match, so nothing is counted twice
            rows += len(_ROW_TAG.findall(tail + chunk))
            if rows > limits.max_rows:
                raise FileRefused(f"文件“{name}”的一个工作表超过 {limits.max_rows:,} 行，超出导入上限，"
                                  f"请拆分后再导入")
            tail = chunk[-4:]
            chunk = f.read(1 << 20)


def check_rows(name: str, sheet: str, nrows: int, limits: Limits = DEFAULT) -> None:
    """For formats without a cheap pre-scan (.xls, .csv): refuse a sheet with too many rows."""
    if nrows > limits.max_rows:
        raise FileRefused(f"文件“{name}”的工作表“{sheet}”有 {nrows:,} 行，超过导入上限 {limits.max_rows:,} 行，"
                          f"请拆分后再导入")
