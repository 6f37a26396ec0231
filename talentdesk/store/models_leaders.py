"""School leaders and their posts (职务, issue 20 §1): the bureau's list of post names and each teacher's post
records as a dated history (domain.leaders has the rules)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, School, Teacher, Versioned


class LeaderPostName(Versioned, Base):
    """A post name of the bureau's list (校长, 教务主任 …) and the category it counts under (domain.leaders)."""

    __tablename__ = "leader_post_name"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    category: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class LeaderPost(Versioned, Base):
    """A post (职务) a teacher held at a school from START to END (None: held now), with how they came to it and
    the steps of the appointment (任职程序)."""

    __tablename__ = "leader_post"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    post: Mapped[str] = mapped_column(String(30))  # a name of the list (as it was when recorded)
    method: Mapped[str | None] = mapped_column(String(10))  # 任职方式: 任命/聘任/挂职/试用期
    start: Mapped[PartialDate | None]  # 任职时间
    end: Mapped[PartialDate | None]  # 离任时间
    end_reason: Mapped[str | None] = mapped_column(String(50))  # 离任原因
    recommended: Mapped[PartialDate | None]  # 民主推荐
    evaluation: Mapped[str | None] = mapped_column(String(30))  # 民主测评结果
    inspected: Mapped[PartialDate | None]  # 组织考察
    publicised: Mapped[PartialDate | None]  # 公示
    document: Mapped[str | None] = mapped_column(String(60))  # 任职文件号
    note: Mapped[str | None] = mapped_column(Text)
    teacher: Mapped[Teacher] = relationship()
    school: Mapped[School] = relationship()


LEADER_MODELS = (LeaderPostName, LeaderPost)
