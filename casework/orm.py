"""Declarative base and column types shared by every feature's tables, and the plain INSERT of
the new rows a command makes (insert_rows, insert_unless_taken)."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache

from sqlalchemy import Connection, DateTime, Enum, Insert, MetaData, TypeDecorator, insert, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, MappedColumn, Mapper, mapped_column

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


@cache
def _insert_of(mapper: Mapper) -> tuple[Insert, tuple[tuple[str, str], ...]]:
    """A mapped class's INSERT and its (attribute, column) pairs, worked out once."""
    pairs = tuple((prop.key, prop.columns[0].key) for prop in mapper.column_attrs)
    return insert(mapper.local_table), pairs


def insert_rows(connection: Connection, *objects: Base) -> None:
    """Write new objects of mapped classes as plain rows through Core, now, one statement
    each, in the order given (parents first), without adding them to a session.

    For the rows a command creates and does not change again in its transaction (a case and
    its needs at intake, an issued referral): the ORM's unit of work cost about 600 calls of
    Python for every class a flush inserted, more than the INSERTs. Column defaults apply as
    in the ORM; a versioned row starts at version 1; an id the database gives (a serial
    key) is set on the object. The objects stay transient: relationships are not followed,
    so each child names its parent's id."""
    for obj in objects:
        mapper, row = _row_of(obj)
        result = connection.execute(_insert_of(mapper)[0], row)
        if len(mapper.primary_key) == 1 and mapper.primary_key[0].key not in row:
            (given,) = result.inserted_primary_key
            setattr(obj, mapper.get_property_by_column(mapper.primary_key[0]).key, given)


def insert_unless_taken(connection: Connection, obj: Base, *, unique: str) -> bool:
    """Write `obj`, which names its own id, as insert_rows does, unless a row already holds
    its value of the unique column `unique`: then nothing is written and the answer is False.
    One statement (INSERT ... ON CONFLICT DO NOTHING), where a read first was a round trip
    more on every intake."""
    mapper, row = _row_of(obj)
    statement = _insert_skipping_conflicts(connection.dialect.name, mapper, unique)
    return connection.execute(statement, row).first() is not None


def _row_of(obj: Base) -> tuple[Mapper, dict]:
    """A new object's column values, a versioned row starting at version 1."""
    mapper = inspect(type(obj))
    values = obj.__dict__
    pairs = _insert_of(mapper)[1]
    row = {column: values[attribute] for attribute, column in pairs if attribute in values}
    version = mapper.version_id_col
    if version is not None and version.key not in row:
        row[version.key] = 1
        setattr(obj, mapper.get_property_by_column(version).key, 1)
    return mapper, row


@cache
def _insert_skipping_conflicts(dialect: str, mapper: Mapper, unique: str) -> Insert:
    dialect_insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    table = mapper.local_table
    skipping = dialect_insert(table).on_conflict_do_nothing(index_elements=[unique])
    return skipping.returning(*table.primary_key)  # a row back: written
