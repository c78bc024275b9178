"""Declarative base and column types shared by every feature's tables."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import DateTime, Enum, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, MappedColumn, mapped_column

from casework.languages import DEFAULT_LANGUAGE, Language

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: SQLite keeps no time zone, PostgreSQL would convert."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; use the clock")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def enum_column(enum_type: type[StrEnum], length: int = 30) -> Enum:
    """Enums are stored as their values in a plain string column: portable and readable."""
    return Enum(
        enum_type,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
    )


def language_column() -> MappedColumn:
    """The language a reader (an account, a contact) is written to in: the region's by default."""
    return mapped_column(
        enum_column(Language, length=2),
        default=DEFAULT_LANGUAGE,
        server_default=DEFAULT_LANGUAGE.value,
    )
