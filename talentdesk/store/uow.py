"""Unit of work: `with UnitOfWork(db) as uow: …; uow.commit()` — rolls back unless committed."""

from __future__ import annotations

from sqlalchemy.orm import Session


class ReadOnlyError(RuntimeError):
    pass


class UnitOfWork:
    def __init__(self, db, *, batch_id: int | None = None):
        self.db = db
        self.session: Session | None = None
        self._batch_id = batch_id

    def __enter__(self) -> "UnitOfWork":
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

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
            self.session = None
