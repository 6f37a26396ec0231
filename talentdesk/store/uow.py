"""Unit of work: `with UnitOfWork(db) as uow: …; uow.commit()` — rolls back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from talentdesk.errors import ReadOnlyError

if TYPE_CHECKING:
    from talentdesk.store.database import Database


class UnitOfWork:
    # Opened by __enter__ and closed by __exit__: use it only inside the `with` block.
    session: Session

    def __init__(self, db: Database, *, batch_id: int | None = None) -> None:
        self.db = db
        self._batch_id = batch_id

    def __enter__(self) -> UnitOfWork:
        self.session = self.db.sessions()
        if self._batch_id is not None:
            self.session.info["batch_id"] = self._batch_id
        return self

    def commit(self) -> None:
        if self.db.read_only:
            raise ReadOnlyError("数据库以只读方式打开，不能保存修改")
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
