"""Exchange packages (issue 10): what a city database received from its counties (and a county from the city).

exchange_package: one row per imported package file (its manifest checksum is unique, so the same file
imported twice changes nothing). exchange_row: which rows of the city database came from which county's
data package, so a newer package replaces exactly that county's previous rows. exchange_figure: the
人才数据月报 figures a county sent for a month.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentdesk.store.models import Base


class ExchangePackage(Base):
    __tablename__ = "exchange_package"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # data | monthly | codes
    county: Mapped[str] = mapped_column(String(50), index=True)  # the sender (区县, or the city for codes)
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    exporter: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)  # the manifest checksum
    file_name: Mapped[str | None] = mapped_column(String(255))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(50))
    summary: Mapped[str | None] = mapped_column(Text)  # JSON: counts, renamed schools, ID-number clashes


class ExchangeRow(Base):
    """A row of the city database that a county's data package brought (table, id) → county."""

    __tablename__ = "exchange_row"
    __table_args__ = (Index("ix_exchange_row_county_table", "county", "table_name"),)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    county: Mapped[str] = mapped_column(String(50))


class ExchangeFigure(Base):
    """One line of a county's 人才数据月报 for a month (本月 and 上月 as the county computed them)."""

    __tablename__ = "exchange_figure"
    __table_args__ = (Index("ix_exchange_figure_period_county", "period", "county"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("exchange_package.id", ondelete="CASCADE"), index=True)
    county: Mapped[str] = mapped_column(String(50))
    period: Mapped[str] = mapped_column(String(7))
    line: Mapped[int] = mapped_column(Integer)  # order on the report
    section: Mapped[str] = mapped_column(String(20))
    item: Mapped[str] = mapped_column(String(60))
    this_month: Mapped[int] = mapped_column(Integer)
    last_month: Mapped[int] = mapped_column(Integer)
