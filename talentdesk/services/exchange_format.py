"""The exchange package file (*.tdpkg): a zip holding manifest.json and JSON Lines payload files.

manifest.json: {format, version, kind, county, period, exporter, created, app_version, schema,
files: {name: sha256}, payload_sha256, manifest_sha256}. payload_sha256 covers the list of files and
their checksums; manifest_sha256 is the sha256 of the canonical JSON of the manifest without that field,
so any byte changed in the manifest or in a payload file is found. The manifest checksum names the package
(the same file imported twice is recognised by it).

Reading is bounded like the importer's (importing/safety.py): file size, member count and names,
declared sizes and compression ratio are checked from the zip directory before anything is decompressed,
and every member is read no further than its declared size.
A checksum finds damage and changes made by hand, not a forger who recomputes it (no signature).
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from talentdesk.importing.safety import DEFAULT as IMPORT_LIMITS
from talentdesk.importing.safety import FileRefused
from talentdesk.reports.files import part_path, publish

FORMAT = "talentdesk-package"
VERSION = 1
SUFFIX = ".tdpkg"
MANIFEST = "manifest.json"
KINDS = {"data": "区县数据", "monthly": "人才数据月报", "codes": "代码表和政策参数"}
_MEMBER = re.compile(r"^[a-z][a-z0-9_]{0,60}\.jsonl$")
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REQUIRED = ("format", "version", "kind", "county", "period", "exporter", "created", "app_version", "schema",
            "files", "payload_sha256", "manifest_sha256")


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = IMPORT_LIMITS.max_file_bytes
    max_total_uncompressed: int = IMPORT_LIMITS.max_total_uncompressed
    max_member_uncompressed: int = IMPORT_LIMITS.max_member_uncompressed
    max_ratio: float = IMPORT_LIMITS.max_ratio
    ratio_floor: int = IMPORT_LIMITS.ratio_floor
    max_members: int = 100
    max_manifest_bytes: int = 1024 * 1024


DEFAULT = Limits()


class PackageRefused(FileRefused):
    """A package that is not imported (damaged, changed, too big, of another kind); nothing was written."""


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class Package:
    path: Path
    manifest: dict | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.manifest is not None and all(c.ok for c in self.checks)

    @property
    def sha256(self) -> str:
        return self.manifest["manifest_sha256"]

    def problem(self) -> str:
        bad = [c for c in self.checks if not c.ok]
        text = "；".join(f"{c.label}：{c.detail}" if c.detail else c.label for c in bad)
        return f"数据包“{self.path.name}”未通过校验，已拒绝导入，未写入任何数据。{text}"

    def lines(self, name: str):
        """The JSON objects of payload file NAME, one per line, with their line numbers."""
        for number, line in enumerate(self.files.get(name, b"").decode("utf-8").splitlines(), 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except ValueError:
                    raise PackageRefused(f"数据包“{self.path.name}”的 {name} 第 {number} 行不是有效的 JSON") from None


def canonical(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seal(manifest: dict, files: dict[str, bytes]) -> dict:
    """The manifest with the checksums of FILES, of the payload and of itself."""
    out = {k: v for k, v in manifest.items() if k not in ("files", "payload_sha256", "manifest_sha256")}
    out["files"] = {name: sha256(data) for name, data in sorted(files.items())}
    out["payload_sha256"] = sha256(canonical(out["files"]))
    out["manifest_sha256"] = sha256(canonical(out))
    return out


def jsonl(rows) -> bytes:
    return b"".join(canonical(r) + b"\n" for r in rows)


def write(path: Path, manifest: dict, files: dict[str, bytes]) -> dict:
    """Write the package file (safely: NAME.part, then replace). Returns the sealed manifest."""
    for name in files:
        if not _MEMBER.match(name):
            raise ValueError(f"bad payload name {name!r}")
    sealed = seal(manifest, files)
    path = Path(path)
    tmp = part_path(path)

    def save():
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST, json.dumps(sealed, ensure_ascii=False, indent=1, sort_keys=True))
            for name, data in sorted(files.items()):
                zf.writestr(name, data)

    publish(tmp, path, save)
    return sealed


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with zf.open(info) as f:
        data = f.read(info.file_size + 1)  # never more than declared (+1 to notice a lie)
    if len(data) != info.file_size:
        raise zipfile.BadZipFile("size differs from the directory")
    return data


def read(path: Path, limits: Limits = DEFAULT) -> Package:
    """Open and verify a package; the result lists every check (Package.ok). Never raises for the content."""
    path = Path(path)
    pkg = Package(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as e:
        pkg.checks.append(Check("打开文件", False, str(e.strerror or e)))
        return pkg
    if size > limits.max_file_bytes:
        pkg.checks.append(Check("文件大小", False, f"{_mb(size)}，超过上限 {_mb(limits.max_file_bytes)}"))
        return pkg
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError, RuntimeError):
        pkg.checks.append(Check("文件格式", False, f"“{name}”已损坏或不是数据交换包（.tdpkg）"))
        return pkg
    with zf:
        infos = {i.filename: i for i in zf.infolist()}
        if not _structure_ok(pkg, infos, limits):
            return pkg
        try:
            raw = _read_member(zf, infos[MANIFEST])
            manifest = json.loads(raw.decode("utf-8"))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, UnicodeDecodeError, ValueError, RuntimeError):
            pkg.checks.append(Check("清单", False, "manifest.json 已损坏或不是有效的 JSON"))
            return pkg
        if not _manifest_ok(pkg, manifest):
            return pkg
        pkg.manifest = manifest
        expected = manifest["files"]
        extra = sorted(set(infos) - set(expected) - {MANIFEST})
        missing = sorted(set(expected) - set(infos))
        if extra or missing:
            pkg.checks.append(Check("文件清单", False, "；".join(
                ([f"多出未登记的文件 {'、'.join(extra)}"] if extra else []) +
                ([f"缺少 {'、'.join(missing)}"] if missing else []))))
            return pkg
        for member in sorted(expected):
            try:
                data = _read_member(zf, infos[member])
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError):
                pkg.checks.append(Check(f"数据文件 {member}", False, "已损坏（压缩数据或 CRC 校验错误）"))
                return pkg
            actual = sha256(data)
            if actual != expected[member]:
                pkg.checks.append(Check(f"数据文件 {member}", False, f"校验值不符（清单记录 {expected[member][:12]}…，"
                                                                   f"实际 {actual[:12]}…）：文件被改动或损坏"))
                return pkg
            pkg.files[member] = data
            pkg.checks.append(Check(f"数据文件 {member}", True, f"{len(data):,} 字节，校验值相符"))
        pkg.checks.append(Check("数据总校验值", True, manifest["payload_sha256"][:16] + "…"))
    return pkg


def _structure_ok(pkg: Package, infos: dict, limits: Limits) -> bool:
    if len(infos) > limits.max_members:
        pkg.checks.append(Check("文件结构", False, f"包内有 {len(infos)} 个文件，不是数据交换包"))
        return False
    if MANIFEST not in infos:
        pkg.checks.append(Check("文件结构", False, "缺少清单 manifest.json，不是数据交换包"))
        return False
    total = 0
    for member, info in infos.items():
        if member != MANIFEST and not _MEMBER.match(member):
            pkg.checks.append(Check("文件结构", False, f"包内有不认识的文件“{member}”"))
            return False
        total += info.file_size
        limit = limits.max_manifest_bytes if member == MANIFEST else limits.max_member_uncompressed
        if info.file_size > limit or total > limits.max_total_uncompressed:
            pkg.checks.append(Check("文件大小", False, f"解压后超过 {_mb(limits.max_total_uncompressed)}"
                                                   f"（可能是恶意构造的压缩炸弹）"))
            return False
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            pkg.checks.append(Check("文件大小", False, f"压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍，"
                                                   f"可能是压缩炸弹）"))
            return False
    pkg.checks.append(Check("文件结构", True, f"{len(infos)} 个文件"))
    return True


def _manifest_ok(pkg: Package, m) -> bool:
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        pkg.checks.append(Check("清单", False, "不是 TalentDesk 数据交换包"))
        return False
    if m.get("version") != VERSION:
        pkg.checks.append(Check("清单", False, f"数据包格式版本 {m.get('version')} 不受支持（本程序支持版本 {VERSION}），"
                                            f"请升级程序"))
        return False
    missing = [k for k in REQUIRED if k not in m]
    if missing:
        pkg.checks.append(Check("清单", False, f"缺少 {'、'.join(missing)}"))
        return False
    body = {k: v for k, v in m.items() if k != "manifest_sha256"}
    if sha256(canonical(body)) != m["manifest_sha256"]:
        pkg.checks.append(Check("清单校验值", False, "清单 manifest.json 的内容与其校验值不符：清单被改动过"))
        return False
    pkg.checks.append(Check("清单校验值", True, m["manifest_sha256"][:16] + "…"))
    files = m["files"]
    if not isinstance(files, dict) or not all(isinstance(v, str) and _MEMBER.match(k) for k, v in files.items()):
        pkg.checks.append(Check("清单", False, "文件清单格式不对"))
        return False
    if sha256(canonical(files)) != m["payload_sha256"]:
        pkg.checks.append(Check("数据总校验值", False, "文件清单与数据总校验值不符：清单被改动过"))
        return False
    if m["kind"] not in KINDS:
        pkg.checks.append(Check("清单", False, f"不认识的数据包类型“{m['kind']}”"))
        return False
    if not isinstance(m["period"], str) or not _PERIOD.match(m["period"]):
        pkg.checks.append(Check("清单", False, f"统计月份“{m['period']}”不对"))
        return False
    if not isinstance(m["county"], str) or not m["county"].strip() or len(m["county"]) > 50:
        pkg.checks.append(Check("清单", False, "没有区县名称"))
        return False
    return True


def load(path: Path, limits: Limits = DEFAULT) -> Package:
    """read() and raise PackageRefused (saying what does not match) unless every check passed."""
    pkg = read(path, limits)
    if not pkg.ok:
        raise PackageRefused(pkg.problem())
    return pkg
