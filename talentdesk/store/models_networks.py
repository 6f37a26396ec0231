"""School-to-school pairing (issue 21 §3): 城乡对口学校一体化, 结对帮扶, 联校/集团化办学, 教共体 — a pairing or group
of two or more schools with one lead school, its kind (the bureau's editable list), term, agreed actions and 文号.

Activities and placements are not linked by a column: what happened in a pairing is derived from its schools and
term (services.deployment.school_pairings.happenings), so the activity register and the placements stay as
they are and a pairing entered afterwards still counts what was already recorded.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, School, Versioned


class SchoolPairingKind(Versioned, Base):
    """A kind of the bureau's list (城乡对口学校一体化, 结对帮扶 …), in the order the list offers them."""

    __tablename__ = "school_pairing_kind"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class SchoolPairing(Versioned, Base):
    """A pairing or group of schools: name, kind (a name of the list as it was when recorded), lead school, START
    … END (None: still running), agreed actions (one a line), 文号, note."""

    __tablename__ = "school_pairing"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    lead_school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    start: Mapped[PartialDate] = mapped_column(index=True)
    end: Mapped[PartialDate | None]
    actions: Mapped[str | None] = mapped_column(Text)  # 协议措施, one a line
    doc_number: Mapped[str | None] = mapped_column(String(60))  # 文号
    note: Mapped[str | None] = mapped_column(Text)
    lead_school: Mapped[School] = relationship()


class SchoolPairingSchool(Versioned, Base):
    """A school of a pairing (the lead school is one of them), with its part (牵头校/成员校/帮扶校/受援校)."""

    __tablename__ = "school_pairing_school"
    __table_args__ = (UniqueConstraint("pairing_id", "school_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("school_pairing.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(10))
    school: Mapped[School] = relationship()


NETWORK_MODELS = (SchoolPairingKind, SchoolPairing, SchoolPairingSchool)
