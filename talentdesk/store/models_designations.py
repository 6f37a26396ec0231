"""Designation reviews (issue 20 §3): a 名师/名校长/名班主任 (or any designation) is reviewed during its term
(考核) and kept, lowered or withdrawn (能上能下).

A review that ends its designation (撤销, 降级) keeps the end the designation had before (`end_before`) and, for
降级, the designation of the lower level it started (`successor_id`), so deleting the review puts both back.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, Versioned


class DesignationReview(Versioned, Base):
    """One review of a designation: date, 考核 result, decision, reason, who decided and the document (文号)."""

    __tablename__ = "designation_review"
    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(ForeignKey("designation.id", ondelete="CASCADE"), index=True)
    # the designation's teacher, so the review shows in the teacher's 变更记录 (audit rows by teacher)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    date: Mapped[PartialDate] = mapped_column(index=True)
    stage: Mapped[str | None] = mapped_column(String(10))  # 期中考核 / 期满考核 / None (another time)
    result: Mapped[str | None] = mapped_column(String(10))  # 优秀/合格/基本合格/不合格
    decision: Mapped[str] = mapped_column(String(10))  # 继续保留/撤销/降级
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    document: Mapped[str | None] = mapped_column(String(100))
    end_before: Mapped[PartialDate | None]  # the designation's end before a 撤销/降级 ended it
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("designation.id", ondelete="SET NULL"))
