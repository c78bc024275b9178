"""Counting rows, to show that a refused command left the database as it was."""

from sqlalchemy import func, select

from casework.models import Base
from casework.uow import UnitOfWork


def row_counts(uow: UnitOfWork) -> dict[str, int]:
    with uow:
        return {
            name: uow.session.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }
