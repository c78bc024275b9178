"""The rows a command reads to change, through Core: read locked, changed as plain objects of
the mapped classes, and written back with the transaction's commit (casework.uow).

The ORM's locked read and its flush of one changed object took half of a referral step's
time, more than the statements they ran (docs/operations.md). These objects stay outside the
session, like the new rows insert_rows writes (casework.orm): no identity map, no
relationships, no autoflush. So a command that queries a table after changing one of its
rows this way must not count on seeing the change before commit; none does (each reads
what it changes first).

A versioned row (a referral, a case) is written only if its version is still the one read,
and gets the next one; otherwise ConcurrentUpdate, as the ORM's own version check did."""

import uuid
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from sqlalchemy import Select, Update, bindparam, inspect, select, update
from sqlalchemy.orm import Mapper, Session

from casework.errors import ConcurrentUpdate
from casework.orm import Base

Model = TypeVar("Model", bound=Base)
_READ = "casework.locked_rows.read"


@dataclass
class _Read:
    """An object read here and its column values as read (then as last written)."""

    obj: Base
    values: dict[str, object]


@cache
def _columns(mapper: Mapper) -> tuple[tuple[str, str], ...]:
    """(attribute, column) pairs of a mapped class."""
    return tuple((prop.key, prop.columns[0].key) for prop in mapper.column_attrs)


@cache
def _locked_select(mapper: Mapper, key: str) -> Select:
    table = mapper.local_table
    stmt = select(table).where(table.c[key] == bindparam("key")).with_for_update()
    return stmt.order_by(*table.primary_key)


def read_locked(session: Session, model: type[Model], object_id: uuid.UUID) -> Model | None:
    """The row of `model` with id `object_id`, locked for the rest of the transaction, as an
    object outside the session; None if there is none."""
    found = read_all_locked(session, model, "id", object_id)
    return found[0] if found else None


def read_all_locked(
    session: Session, model: type[Model], column: str, value: object
) -> list[Model]:
    """Every row of `model` whose `column` holds `value` (the needs of a case), locked, in
    primary-key order, as objects outside the session."""
    mapper = inspect(model)
    rows = session.connection().execute(_locked_select(mapper, column), {"key": value})
    read = session.info.setdefault(_READ, [])
    objects = []
    for row in rows:
        obj = mapper.class_manager.new_instance()
        values = {attribute: row._mapping[col] for attribute, col in _columns(mapper)}
        # Set as loaded, not as changed: the values land in the instance's dict, as the ORM's
        # own loading puts them.
        obj.__dict__.update(values)
        read.append(_Read(obj, values))
        objects.append(obj)
    return objects


@cache
def _update_of(mapper: Mapper, changed: frozenset[str]) -> Update:
    """The UPDATE of the `changed` columns of one row by primary key, and if the class is
    versioned, only at the version read, moving it to the next (write_changes binds them)."""
    table = mapper.local_table
    (key,) = mapper.primary_key
    stmt = update(table).where(key == bindparam("row_key"))
    values = {column: bindparam(f"new_{column}") for column in changed}
    version = mapper.version_id_col
    if version is not None:
        stmt = stmt.where(version == bindparam("version_read"))
        values[version.key] = bindparam("next_version")
    return stmt.values(values)


def write_changes(session: Session) -> None:
    """Write what changed in the objects read here since they were read (or last written):
    one UPDATE for each changed row. The unit of work calls it as it commits."""
    for read in session.info.get(_READ, ()):
        mapper = inspect(type(read.obj))
        now = {attribute: getattr(read.obj, attribute) for attribute, _ in _columns(mapper)}
        changed = {
            column: now[attribute]
            for attribute, column in _columns(mapper)
            if now[attribute] != read.values[attribute]
        }
        if not changed:
            continue
        (key,) = mapper.primary_key
        parameters = {f"new_{column}": value for column, value in changed.items()}
        parameters["row_key"] = now[mapper.get_property_by_column(key).key]
        if mapper.version_id_col is not None:
            version = mapper.get_property_by_column(mapper.version_id_col).key
            parameters["version_read"] = read.values[version]
            parameters["next_version"] = now[version] = read.values[version] + 1
            setattr(read.obj, version, now[version])
        stmt = _update_of(mapper, frozenset(changed))
        if session.connection().execute(stmt, parameters).rowcount != 1:
            raise ConcurrentUpdate("record")
        read.values = now
