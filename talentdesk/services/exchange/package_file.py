"""The exchange package file (*.tdpkg), version 2 (issue 15 §4): signed by the sender, sealed to the recipient.

Outer zip: envelope.json (plain: format, version, kind, county, period, created, signer and recipient fingerprints,
how the content is sealed, content size) and content.bin. content.bin is the inner zip, sealed with RFC 9180 HPKE
(X25519, HKDF-SHA256, AES-256-GCM; the `cryptography` package) to the recipient's registered X25519 key, the
envelope bound to it as HPKE info, so nobody without the recipient's private key reads it and no byte of the
envelope or the content can change unnoticed. Codes packages (the city's policy parameters, sent to every county,
nothing personal) are signed but not sealed.

Inner zip: manifest.json, signature.json and the JSON Lines payload files. manifest.json: {format, version, kind,
county, period, exporter, created, app_version, schema, signer, recipient, files: {name: sha256},
payload_sha256, manifest_sha256}; manifest_sha256 is the sha256 of the canonical JSON of the manifest without that
field (it names the package: the same file imported twice is recognised by it). signature.json: the sender's
Ed25519 signature of the canonical manifest, which covers every payload file through its checksum. The reader
accepts a package only when the signature is by the key registered for the county the manifest names (codes: the
registered city key), so a package cannot claim another county and cannot be forged without the county's key.

Reading is bounded like the importer's (importing/safety.py): file size, member count and names (duplicate and
unknown members refused), declared sizes and compression ratio are checked from the zip directory before anything
is decompressed, and every member is read no further than its declared size (a size that differs is refused).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke

from talentdesk.files import part_path, publish
from talentdesk.importing.safety import DEFAULT as IMPORT_LIMITS
from talentdesk.importing.safety import FileRefused

FORMAT = "talentdesk-package"
VERSION = 2
SUFFIX = ".tdpkg"
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
ENVELOPE = "envelope.json"
CONTENT = "content.bin"
KINDS = {"data": "区县数据", "monthly": "人才数据月报", "codes": "代码表和政策参数"}
SEALED = "HPKE-X25519-HKDF-SHA256-AES-256-GCM"  # RFC 9180, base mode
PLAIN = "none"  # codes packages: signed, not sealed
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_MEMBER = re.compile(r"^[a-z][a-z0-9_]{0,60}\.jsonl$")
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_FINGERPRINT = re.compile(r"^[0-9A-F]{32}$")
REQUIRED = (
    "format",
    "version",
    "kind",
    "county",
    "period",
    "exporter",
    "created",
    "app_version",
    "schema",
    "signer",
    "recipient",
    "files",
    "payload_sha256",
    "manifest_sha256",
)
ENVELOPE_FIELDS = (
    "format",
    "version",
    "kind",
    "county",
    "period",
    "created",
    "signer",
    "recipient",
    "sealing",
    "content_size",
)


def payload_names(kind: str) -> set[str]:
    """The payload files a package of KIND may hold (any other member is refused)."""
    if kind == "data":
        from talentdesk.services.exchange import honours, post_names
        from talentdesk.services.exchange.tables import DATA_TABLES

        return {f"{t.name}.jsonl" for t in DATA_TABLES} | {honours.FILE, post_names.FILE}
    return {"monthly": {"figures.jsonl"}, "codes": {"settings.jsonl"}}.get(kind, set())


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = IMPORT_LIMITS.max_file_bytes
    max_total_uncompressed: int = IMPORT_LIMITS.max_total_uncompressed
    max_member_uncompressed: int = IMPORT_LIMITS.max_member_uncompressed
    max_ratio: float = IMPORT_LIMITS.max_ratio
    ratio_floor: int = IMPORT_LIMITS.ratio_floor
    max_members: int = 100
    max_manifest_bytes: int = 1024 * 1024
    max_text_chars: int = 32_767  # a spreadsheet cell's most: no imported value is longer


DEFAULT = Limits()


class PackageRefused(FileRefused):
    """A package that is not imported (damaged, changed, unsigned, too big, of another kind); nothing was written."""


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
    envelope: dict | None = None  # the outer, readable part (also when the content cannot be opened here)

    @property
    def ok(self) -> bool:
        return self.manifest is not None and bool(self.checks) and all(c.ok for c in self.checks)

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

    def fail(self, label: str, detail: str) -> Package:
        self.checks.append(Check(label, False, detail))
        return self


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


def _zip(members: list[tuple[str, bytes]], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression, compresslevel=6 if compression else None) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def write(path: Path, manifest: dict, files: dict[str, bytes], *, signer, recipient=None) -> dict:
    """Write the package file (safely: NAME.part, then replace), signed by SIGNER (exchange_keys.OwnKey) and sealed
    to RECIPIENT (exchange_keys.PublicKey; None: signed only, for codes packages). Returns the sealed manifest."""
    for name in files:
        if not _MEMBER.match(name):
            raise ValueError(f"bad payload name {name!r}")
    sealed = seal(
        {**manifest, "signer": signer.public.fingerprint, "recipient": recipient.fingerprint if recipient else None},
        files,
    )
    signature = {
        "signer": signer.public.fingerprint,
        "ed25519": base64.b64encode(signer.sign(canonical(sealed))).decode("ascii"),
    }
    inner = _zip(
        [
            (MANIFEST, json.dumps(sealed, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")),
            (SIGNATURE, json.dumps(signature).encode("ascii")),
        ]
        + sorted(files.items())
    )
    envelope = {
        k: sealed[k] for k in ("format", "version", "kind", "county", "period", "created", "signer", "recipient")
    }
    envelope["sealing"] = SEALED if recipient else PLAIN
    content = _SUITE.encrypt(inner, recipient.recipient(), info=canonical(envelope)) if recipient else inner
    envelope["content_size"] = len(content)
    path = Path(path)
    tmp = part_path(path)

    def save():
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr(ENVELOPE, json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=True))
            zf.writestr(CONTENT, content)

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


_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError)


def read(path: Path, keyring=None, limits: Limits = DEFAULT) -> Package:
    """Open and verify a package with KEYRING (exchange_keys.Keyring: this database's key pair and the registered
    keys); the result lists every check (Package.ok). Never raises for the content."""
    path = Path(path)
    pkg = Package(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        return pkg.fail("打开文件", str(e.strerror or e))
    if size > limits.max_file_bytes:
        return pkg.fail("文件大小", f"{_mb(size)}，超过上限 {_mb(limits.max_file_bytes)}")
    try:
        zf = zipfile.ZipFile(path)
    except _ZIP_ERRORS:
        return pkg.fail("文件格式", f"“{path.name}”已损坏或不是数据交换包（.tdpkg）")
    with zf:
        infos = _members(pkg, zf, limits)
        if infos is None:
            return pkg
        if MANIFEST in infos and ENVELOPE not in infos:
            return pkg.fail(
                "签名",
                "这是未签名、未加密的旧格式数据包（版本 1），不能证明来自哪个单位，已拒绝。"
                "请对方升级程序、双方登记公钥后重新导出",
            )
        if set(infos) != {ENVELOPE, CONTENT}:
            unknown = sorted(set(infos) - {ENVELOPE, CONTENT})
            return pkg.fail(
                "文件结构",
                f"包内有不认识的文件“{'、'.join(unknown)}”"
                if unknown
                else "缺少 envelope.json 或 content.bin，不是数据交换包",
            )
        if not _fits(pkg, infos, limits, {ENVELOPE: limits.max_manifest_bytes}):
            return pkg
        try:
            envelope = json.loads(_read_member(zf, infos[ENVELOPE]).decode("utf-8"))
        except (*_ZIP_ERRORS, UnicodeDecodeError):
            return pkg.fail("信封", "envelope.json 已损坏或不是有效的 JSON")
        if not _envelope_ok(pkg, envelope):
            return pkg
        pkg.envelope = envelope
        if infos[CONTENT].file_size != envelope["content_size"]:
            return pkg.fail(
                "文件大小",
                f"content.bin 有 {infos[CONTENT].file_size:,} 字节，信封记录 "
                f"{envelope['content_size']:,} 字节：文件被改动或截断",
            )
        try:
            content = _read_member(zf, infos[CONTENT])
        except _ZIP_ERRORS:
            return pkg.fail("文件格式", "content.bin 已损坏（压缩数据或 CRC 校验错误，或大小与目录不符）")
    inner = _open(pkg, envelope, content, keyring)
    if inner is None:
        return pkg
    try:
        zf = zipfile.ZipFile(io.BytesIO(inner))
    except _ZIP_ERRORS:
        return pkg.fail("内容", "解密后的内容已损坏")
    with zf:
        _read_inner(pkg, zf, envelope, keyring, limits)
    return pkg


def _members(pkg: Package, zf: zipfile.ZipFile, limits: Limits) -> dict | None:
    """The zip's members by name; None (with the check) when there are too many or one name appears twice
    (a second member of the same name would be read instead of the first by some readers)."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        pkg.fail("文件结构", f"包内有 {len(infos)} 个文件，不是数据交换包")
        return None
    names = [i.filename for i in infos]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        pkg.fail("文件结构", f"包内有重名的文件“{'、'.join(twice)}”（可能被人为构造），已拒绝")
        return None
    return {i.filename: i for i in infos}


def _fits(pkg: Package, infos: dict, limits: Limits, small: dict[str, int]) -> bool:
    total = 0
    for member, info in infos.items():
        total += info.file_size
        if info.file_size > small.get(member, limits.max_member_uncompressed) or total > limits.max_total_uncompressed:
            pkg.fail("文件大小", f"解压后超过 {_mb(limits.max_total_uncompressed)}（可能是恶意构造的压缩炸弹）")
            return False
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            pkg.fail("文件大小", f"压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍，可能是压缩炸弹）")
            return False
    return True


def _envelope_ok(pkg: Package, e) -> bool:
    if not isinstance(e, dict) or e.get("format") != FORMAT:
        pkg.fail("信封", "不是 TalentDesk 数据交换包")
        return False
    if e.get("version") != VERSION:
        pkg.fail(
            "信封", f"数据包格式版本 {e.get('version')} 不受支持（本程序支持版本 {VERSION}），请双方使用同一版本的程序"
        )
        return False
    missing = [k for k in ENVELOPE_FIELDS if k not in e]
    bad = (
        missing
        or e["kind"] not in KINDS
        or not isinstance(e["county"], str)
        or not isinstance(e["period"], str)
        or not isinstance(e["signer"], str)
        or not _FINGERPRINT.match(e["signer"])
        or e["sealing"] not in (SEALED, PLAIN)
        or (e["sealing"] == SEALED) != isinstance(e["recipient"], str)
        or not isinstance(e["content_size"], int)
        or isinstance(e["content_size"], bool)
    )
    if bad:
        pkg.fail("信封", f"缺少 {'、'.join(missing)}" if missing else "envelope.json 的内容不对")
        return False
    if e["kind"] != "codes" and e["sealing"] != SEALED:
        pkg.fail("加密", f"{KINDS[e['kind']]}数据包没有加密，已拒绝")
        return False
    return True


def _open(pkg: Package, envelope: dict, content: bytes, keyring) -> bytes | None:
    """The inner zip: decrypted with this database's key when the package is sealed."""
    if envelope["sealing"] == PLAIN:
        return content
    own = keyring.own_public if keyring else None
    label = "解密"
    if own is None or own.fingerprint != envelope["recipient"]:
        from talentdesk.services.exchange.keys import grouped

        mine = f"本库密钥的指纹是 {own.grouped}" if own else "本库还没有密钥"
        return (
            pkg.fail(
                label,
                f"这个数据包是加密发给指纹为 {grouped(envelope['recipient'])} 的单位的，{mine}："
                f"没有对方的私钥无法读取其内容",
            )
            and None
        )
    if keyring.own is None:
        return pkg.fail(label, f"本库密钥（指纹 {own.grouped}）的私钥不在这台电脑的这个账户上，无法解密") and None
    info = canonical({k: envelope[k] for k in envelope if k != "content_size"})
    try:
        inner = _SUITE.decrypt(content, keyring.own.opener, info=info)
    except (InvalidTag, ValueError):
        return pkg.fail(label, "解密失败：数据包被改动、损坏，或不是用本库公钥加密的") and None
    pkg.checks.append(Check(label, True, f"发给本库（指纹 {own.grouped}），已解密"))
    return inner


def _read_inner(pkg: Package, zf: zipfile.ZipFile, envelope: dict, keyring, limits: Limits) -> None:
    infos = _members(pkg, zf, limits)
    if infos is None:
        return
    if MANIFEST not in infos or SIGNATURE not in infos:
        pkg.fail("文件结构", "缺少清单 manifest.json 或签名 signature.json")
        return
    allowed = payload_names(envelope["kind"])
    unknown = sorted(n for n in infos if n not in (MANIFEST, SIGNATURE) and n not in allowed)
    if unknown:
        pkg.fail("文件结构", f"包内有不认识的文件“{'、'.join(unknown)}”")
        return
    if not _fits(pkg, infos, limits, {MANIFEST: limits.max_manifest_bytes, SIGNATURE: 4096}):
        return
    pkg.checks.append(Check("文件结构", True, f"{len(infos)} 个文件"))
    try:
        manifest = json.loads(_read_member(zf, infos[MANIFEST]).decode("utf-8"))
        signature = json.loads(_read_member(zf, infos[SIGNATURE]).decode("utf-8"))
    except (*_ZIP_ERRORS, UnicodeDecodeError):
        pkg.fail("清单", "manifest.json 或 signature.json 已损坏或不是有效的 JSON")
        return
    if not _manifest_ok(pkg, manifest):
        return
    same = [
        k
        for k in ("format", "version", "kind", "county", "period", "created", "signer", "recipient")
        if envelope.get(k) != manifest.get(k)
    ]
    if same:
        pkg.fail("信封", f"信封与清单的 {'、'.join(same)} 不一致：数据包被改动过")
        return
    if not _signature_ok(pkg, manifest, signature, keyring):
        return
    pkg.manifest = manifest
    expected = manifest["files"]
    extra = sorted(set(infos) - set(expected) - {MANIFEST, SIGNATURE})
    missing = sorted(set(expected) - set(infos))
    if extra or missing:
        pkg.fail(
            "文件清单",
            "；".join(
                ([f"多出未登记的文件 {'、'.join(extra)}"] if extra else [])
                + ([f"缺少 {'、'.join(missing)}"] if missing else [])
            ),
        )
        return
    for member in sorted(expected):
        try:
            data = _read_member(zf, infos[member])
        except _ZIP_ERRORS:
            pkg.fail(f"数据文件 {member}", "已损坏（压缩数据或 CRC 校验错误，或大小与目录不符）")
            return
        actual = sha256(data)
        if actual != expected[member]:
            pkg.fail(
                f"数据文件 {member}",
                f"校验值不符（清单记录 {expected[member][:12]}…，实际 {actual[:12]}…）：文件被改动或损坏",
            )
            return
        pkg.files[member] = data
        pkg.checks.append(Check(f"数据文件 {member}", True, f"{len(data):,} 字节，校验值相符"))
    pkg.checks.append(Check("数据总校验值", True, manifest["payload_sha256"][:16] + "…"))


def _signature_ok(pkg: Package, manifest: dict, signature, keyring) -> bool:
    from talentdesk.services.exchange.keys import ROLES, grouped

    kind, county = manifest["kind"], manifest["county"]
    who = "市局" if kind == "codes" else f"区县“{county}”"
    key = keyring.signer(kind, county) if keyring else None
    if key is None:
        pkg.fail(
            "签名",
            f"本库没有登记{who}的公钥，无法确认数据包来自{who}，已拒绝。请先登记对方的公钥文件"
            f"（数据交换 → 登记对方公钥），并与对方电话核对指纹",
        )
        return False
    if kind == "codes" and key.name != county:
        pkg.fail("签名", f"数据包署名“{county}”，但本库登记的市局是“{key.name}”")
        return False
    try:
        raw = base64.b64decode(str(signature.get("ed25519")), validate=True) if isinstance(signature, dict) else b""
    except ValueError:
        raw = b""
    if (
        manifest["signer"] != key.fingerprint
        or not isinstance(signature, dict)
        or signature.get("signer") != manifest["signer"]
    ):
        pkg.fail(
            "签名",
            f"数据包不是由本库登记的{who}的密钥签名的（签名密钥指纹 {grouped(str(manifest['signer']))}，"
            f"登记的{ROLES[key.role]}密钥指纹 {key.grouped}）：可能是冒充{who}的数据包，已拒绝",
        )
        return False
    if not raw or not key.verify(raw, canonical(manifest)):
        pkg.fail("签名", "签名与内容不符：数据包被改动过或是伪造的，已拒绝")
        return False
    pkg.checks.append(Check("签名", True, f"{who}的登记密钥（指纹 {key.grouped}）签名，内容未被改动"))
    return True


def _manifest_ok(pkg: Package, m) -> bool:
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        pkg.checks.append(Check("清单", False, "不是 TalentDesk 数据交换包"))
        return False
    if m.get("version") != VERSION:
        pkg.checks.append(
            Check("清单", False, f"数据包格式版本 {m.get('version')} 不受支持（本程序支持版本 {VERSION}），请升级程序")
        )
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


def load(path: Path, keyring, limits: Limits = DEFAULT) -> Package:
    """read() and raise PackageRefused (saying what does not match) unless every check passed."""
    pkg = read(path, keyring, limits)
    if not pkg.ok:
        raise PackageRefused(pkg.problem())
    return pkg
