"""Keys for exchange packages (issue 15 §4): each database has its own key pair, and registers the public keys of
the units it exchanges packages with (the city registers each county's, a county registers the city's).

A key pair is an Ed25519 signing key and an X25519 encryption key (the maintained `cryptography` package; the
package itself is sealed with RFC 9180 HPKE, services/exchange_crypto.py). Its fingerprint is the first 128 bits of
the SHA-256 of both public keys, shown in groups of four (“3F2A 9C01 …”) to read out on the phone when a public key
file carried by hand is registered.

Where the keys live:
- the public keys (this database's own and the registered ones) in the Setting "exchange_keys" of the database, so
  every clerk of a shared database sees the same registrations (changes audited as any setting);
- the private keys in the per-user data folder of the PC account that created them (beside the settings file:
  <data>/keys/<fingerprint>.key, readable by that account only). A copied database or a backup on a lost USB stick
  therefore carries no private key: it cannot sign packages as the county nor read packages sent to the city.
  The risk taken: whoever can read that account's files (the account itself, a PC administrator) can use the key;
  and the key is lost with the PC account: then the unit makes a new key pair (`package key export --new`), and the
  other side registers the new public key (again with the fingerprint read out on the phone). Only that PC account
  can sign and open packages for this database.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from talentdesk import config
from talentdesk.errors import UserError
from talentdesk.services.accounts import access
from talentdesk.store import setting_rows
from talentdesk.store.uow import UnitOfWork

SETTING_KEY = "exchange_keys"
SUFFIX = ".tdkey"
PUBLIC_FORMAT = "talentdesk-public-key"
PRIVATE_FORMAT = "talentdesk-private-key"
ROLES = {"county": "区县", "city": "市局"}
_MAX_KEY_FILE = 64 * 1024


class KeyRefused(UserError):
    """A key file or registration that is refused (Chinese message)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text, size: int) -> bytes:
    try:
        raw = base64.b64decode(str(text), validate=True)
    except (ValueError, TypeError):
        raise KeyRefused("密钥文件中的公钥不是有效的编码") from None
    if len(raw) != size:
        raise KeyRefused("密钥文件中的公钥长度不对")
    return raw


@dataclass(frozen=True)
class PublicKey:
    """A unit's public keys: Ed25519 (verifies its signatures) and X25519 (packages sent to it are sealed to it)."""

    role: str  # county | city: what the unit said it is
    name: str  # 青禾县 / 禾川市
    sign: bytes
    box: bytes
    created: str = ""

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(b"talentdesk-key\0" + self.sign + self.box).hexdigest()[:32].upper()

    @property
    def grouped(self) -> str:
        return grouped(self.fingerprint)

    def verifier(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.sign)

    def recipient(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.box)

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            self.verifier().verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def to_dict(self) -> dict:
        return {
            "format": PUBLIC_FORMAT,
            "version": 1,
            "role": self.role,
            "name": self.name,
            "sign_ed25519": _b64(self.sign),
            "box_x25519": _b64(self.box),
            "created": self.created,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, d) -> PublicKey:
        if not isinstance(d, dict) or d.get("format") != PUBLIC_FORMAT:
            raise KeyRefused("不是 TalentDesk 公钥文件")
        if d.get("version") != 1:
            raise KeyRefused(f"公钥文件版本 {d.get('version')} 不受支持，请升级程序")
        role, name = d.get("role"), d.get("name")
        if role not in ROLES:
            raise KeyRefused(f"公钥文件中的单位类型“{role}”不对")
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > 50:
            raise KeyRefused("公钥文件中没有单位名称")
        key = cls(
            role,
            name.strip(),
            _unb64(d.get("sign_ed25519"), 32),
            _unb64(d.get("box_x25519"), 32),
            str(d.get("created") or "")[:30],
        )
        if d.get("fingerprint") not in (None, key.fingerprint):
            raise KeyRefused("公钥文件的指纹与其中的公钥不符：文件被改动过")
        return key


def grouped(fingerprint: str) -> str:
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


@dataclass(frozen=True)
class OwnKey:
    """This database's key pair (the private half read from this PC account's data folder)."""

    public: PublicKey
    signer: Ed25519PrivateKey
    opener: X25519PrivateKey

    def sign(self, data: bytes) -> bytes:
        return self.signer.sign(data)


# --- the private key files -------------------------------------------------------------------------


def key_folder() -> Path:
    return config.paths().data / "keys"


def _private_path(fingerprint: str) -> Path:
    return key_folder() / f"{fingerprint}.key"


def _write_private(key: OwnKey) -> Path:
    from cryptography.hazmat.primitives import serialization as ser

    folder = key_folder()
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    raw = ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption()
    body = {
        "format": PRIVATE_FORMAT,
        "version": 1,
        "name": key.public.name,
        "created": key.public.created,
        "fingerprint": key.public.fingerprint,
        "sign_ed25519": _b64(key.signer.private_bytes(*raw)),
        "box_x25519": _b64(key.opener.private_bytes(*raw)),
    }
    path = _private_path(key.public.fingerprint)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(body, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def _read_private(public: PublicKey) -> OwnKey | None:
    try:
        body = json.loads(_private_path(public.fingerprint).read_text(encoding="utf-8"))
        signer = Ed25519PrivateKey.from_private_bytes(base64.b64decode(body["sign_ed25519"]))
        opener = X25519PrivateKey.from_private_bytes(base64.b64decode(body["box_x25519"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    key = OwnKey(public, signer, opener)
    if _public_of(key.signer, key.opener, public.role, public.name, public.created).fingerprint != public.fingerprint:
        return None  # a file that does not hold this key
    return key


def _public_of(signer: Ed25519PrivateKey, opener: X25519PrivateKey, role: str, name: str, created: str) -> PublicKey:
    from cryptography.hazmat.primitives import serialization as ser

    raw = ser.Encoding.Raw, ser.PublicFormat.Raw
    return PublicKey(
        role, name, signer.public_key().public_bytes(*raw), opener.public_key().public_bytes(*raw), created
    )


# --- the registry (Setting "exchange_keys") ----------------------------------------------------------


def _registry(db) -> dict:
    with db.sessions() as s:
        return setting_rows.get_dict(s, SETTING_KEY)


def _save(db, data: dict) -> None:
    with UnitOfWork(db) as uow:
        setting_rows.put(uow.session, SETTING_KEY, json.dumps(data, ensure_ascii=False, sort_keys=True))
        uow.commit()


def _public(d) -> PublicKey | None:
    try:
        return PublicKey.from_dict(d)
    except UserError:
        return None


def own_public(db) -> PublicKey | None:
    """This database's public key (None: no key pair made yet)."""
    return _public(_registry(db).get("own"))


def own_key(db) -> OwnKey | None:
    """This database's key pair when its private half is on this PC account (else None)."""
    public = own_public(db)
    return _read_private(public) if public else None


def require_own(db) -> OwnKey:
    public = own_public(db)
    if public is None:
        raise UserError(
            "本库还没有密钥：请先在“数据交换”页面的“本机密钥”中导出本库公钥（会生成密钥），交对方登记后再交换数据包"
        )
    key = _read_private(public)
    if key is None:
        raise UserError(
            f"本库密钥（指纹 {public.grouped}）的私钥不在这台电脑的这个 Windows 账户上（密钥只保存在生成它的"
            f"账户中）。请在生成密钥的电脑上操作，或生成新密钥（数据交换 → 导出本机公钥，或 package key export --new）"
            f"并请对方重新登记"
        )
    return key


def create_own(db, *, role: str, name: str, replace: bool = False) -> OwnKey:
    """Make this database's key pair (the private half saved in this PC account's data folder). Audited."""
    access.require(db, "settings")
    if role not in ROLES:
        raise UserError(f"单位类型只能是 county（区县）或 city（市局），不能是“{role}”")
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise UserError("请填写本单位名称（区县名或市名，最多 50 个字）")
    if own_public(db) is not None and not replace:
        raise UserError("本库已有密钥；要换新密钥请明确要求（--new），换后对方须重新登记新公钥")
    signer, opener = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    created = dt.datetime.now().replace(microsecond=0).isoformat()
    key = OwnKey(_public_of(signer, opener, role, name, created), signer, opener)
    _write_private(key)
    data = _registry(db)
    data["own"] = key.public.to_dict()
    _save(db, data)
    return key


def export_public(
    db, path: Path | str, *, role: str | None = None, name: str | None = None, new: bool = False
) -> PublicKey:
    """Write this database's public key file (making the key pair first when there is none, or when NEW).
    The file holds no secret: it is carried by hand to the other side, which registers it."""
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    public = own_public(db)
    if public is None or new or (role and role != public.role) or (name and name.strip() != public.name):
        if public is not None and not new:
            raise UserError(
                f"本库的密钥登记为{ROLES[public.role]}“{public.name}”；要以别的名义导出须生成新密钥（--new），"
                f"对方须重新登记"
            )
        from talentdesk.services.exchange import packages as exchange

        name = name or (public.name if public else None) or exchange.remembered(db).get("county") or ""
        role = role or (public.role if public else None) or "county"
        public = create_own(db, role=role, name=name, replace=new).public
    elif _read_private(public) is None:
        require_own(db)  # says where the private half is
    text = json.dumps(public.to_dict(), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return public


def read_public(path: Path | str) -> PublicKey:
    """A public key file (not registered yet: show its fingerprint first)."""
    path = Path(path)
    try:
        if path.stat().st_size > _MAX_KEY_FILE:
            raise KeyRefused(f"“{path.name}”太大，不是公钥文件")
        body = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise KeyRefused(f"无法读取公钥文件“{path.name}”：{e.strerror or e}") from None
    except (ValueError, UnicodeDecodeError):
        raise KeyRefused(f"“{path.name}”不是公钥文件") from None
    return PublicKey.from_dict(body)


def register(db, key: PublicKey, *, fingerprint: str, name: str | None = None, role: str | None = None) -> dict:
    """Register the other side's public key: a county's (the city receives its data and monthly packages) or the
    city's (a county receives its codes packages). FINGERPRINT is the one the clerk confirmed (read out on the
    phone): it must be this key's. A county already registered with another key is replaced (audited)."""
    access.require(db, "settings")
    if "".join(str(fingerprint).split()).upper() != key.fingerprint:
        raise UserError("确认的指纹与公钥文件的指纹不一致，未登记")
    role = role or key.role
    if role not in ROLES:
        raise UserError(f"单位类型只能是 county（区县）或 city（市局），不能是“{role}”")
    name = (name or key.name).strip()
    if not name or len(name) > 50:
        raise UserError("请填写对方单位名称（最多 50 个字）")
    own = own_public(db)
    data = _registry(db)
    entry = PublicKey(role, name, key.sign, key.box, key.created).to_dict()
    entry["registered_at"] = dt.datetime.now().replace(microsecond=0).isoformat()
    entry["registered_by"] = access.current(db).user
    if own is not None and own.fingerprint == key.fingerprint and role == own.role and name != own.name:
        raise UserError("这是本库自己的公钥，不能登记为另一个单位")
    if role == "city":
        data["city"] = entry
    else:
        data.setdefault("counties", {})[name] = entry
    _save(db, data)
    return entry


def unregister(db, role: str, name: str) -> None:
    access.require(db, "settings")
    data = _registry(db)
    if role == "city" and (data.get("city") or {}).get("name") == name:
        data.pop("city")
    elif name in (data.get("counties") or {}):
        data["counties"].pop(name)
    else:
        raise UserError(f"没有登记“{name}”的公钥")
    _save(db, data)


def registered(db) -> list[dict]:
    """The registered public keys: {role, role_label, name, fingerprint, grouped, registered_at, registered_by}."""
    data = _registry(db)
    entries = ([data["city"]] if isinstance(data.get("city"), dict) else []) + [
        v for _, v in sorted((data.get("counties") or {}).items())
    ]
    out = []
    for e in entries:
        key = _public(e)
        if key is not None:
            out.append(
                dict(
                    role=key.role,
                    role_label=ROLES[key.role],
                    name=key.name,
                    fingerprint=key.fingerprint,
                    grouped=key.grouped,
                    registered_at=str(e.get("registered_at") or ""),
                    registered_by=str(e.get("registered_by") or ""),
                )
            )
    return out


def city_key(db) -> PublicKey | None:
    return _public(_registry(db).get("city"))


def county_key(db, name: str) -> PublicKey | None:
    return _public((_registry(db).get("counties") or {}).get(name))


@dataclass(frozen=True)
class Keyring:
    """What reading a package needs from this database: its own key pair (None when its private half is not on
    this PC account) and the registered public keys."""

    own_public: PublicKey | None
    own: OwnKey | None
    city: PublicKey | None
    counties: dict

    def signer(self, kind: str, county: str) -> PublicKey | None:
        """The registered key that must have signed a package of KIND named COUNTY (codes: the city's)."""
        return self.city if kind == "codes" else self.counties.get(county)


def keyring(db) -> Keyring:
    data = _registry(db)
    own = _public(data.get("own"))
    counties = {n: k for n, e in (data.get("counties") or {}).items() if (k := _public(e)) is not None}
    return Keyring(own, _read_private(own) if own else None, _public(data.get("city")), counties)
