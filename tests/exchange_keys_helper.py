"""Key set-up for exchange tests: databases built once per module keep their private keys in a module folder, and
each test (with its own TALENTDESK_HOME) gets a copy of them, as a clerk's PC account keeps its keys."""

from __future__ import annotations

import shutil
from pathlib import Path

from talentdesk.services.exchange import keys


def make_key(db, role: str, name: str) -> keys.PublicKey:
    return keys.create_own(db, role=role, name=name).public


def register(db, key: keys.PublicKey, name: str | None = None) -> None:
    """Register KEY in DB as the clerk does after comparing the fingerprint on the phone."""
    keys.register(db, key, fingerprint=key.grouped, name=name)


def adopt(db, key: keys.PublicKey | None) -> keys.PublicKey | None:
    """Make KEY (whose private half is in this test's key folder) DB's own key; returns the previous one."""
    data = keys._registry(db)
    before = keys._public(data.get("own"))
    if key is None:
        data.pop("own", None)
    else:
        data["own"] = key.to_dict()
    keys._save(db, data)
    return before


def copy_private_keys(src: Path) -> None:
    """The private key files of folder SRC into this test's key folder."""
    dst = keys.key_folder()
    dst.mkdir(parents=True, exist_ok=True)
    for f in Path(src).glob("*.key"):
        shutil.copy2(f, dst / f.name)
