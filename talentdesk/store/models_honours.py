"""The bureau's list of honour names (荣誉名录) and the free texts of honour records the clerk mapped to it
(issue 17 §2): honours are counted by name and level, not as free text (domain.honours matches them)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentdesk.store.models import Base, Versioned


class HonourName(Versioned, Base):
    """A name of the bureau's list: 优秀教师, 优秀班主任 … and local ones such as 红烛教师."""

    __tablename__ = "honour_name"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class HonourAlias(Versioned, Base):
    """A free text of honour records (normalised, domain.honours.normalise) mapped once to a name of the list, with
    the level the text stands for when it says one."""

    __tablename__ = "honour_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200), unique=True)
    name_id: Mapped[int] = mapped_column(ForeignKey("honour_name.id", ondelete="CASCADE"), index=True)
    level: Mapped[str | None] = mapped_column(String(10))


HONOUR_MODELS = (HonourName, HonourAlias)
