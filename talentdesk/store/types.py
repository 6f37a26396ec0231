"""Column types mapping domain values to dialect-neutral SQL."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from talentdesk.domain.dates import PartialDate


class PartialDateType(TypeDecorator[PartialDate]):
    """A PartialDate stored as ISO text ('1985', '1985-03', '1985-03-12'); sorts chronologically."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: PartialDate | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, PartialDate):
            return value.iso()
        if isinstance(value, str):
            parsed = PartialDate.from_iso(value)
            return parsed.iso() if parsed else None  # '' stores NULL, as it reads back
        raise TypeError(f"PartialDate expected, got {type(value).__name__}")

    def process_result_value(self, value: str | None, dialect: Dialect) -> PartialDate | None:
        return PartialDate.from_iso(value) if value else None
