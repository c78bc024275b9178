"""Form serials: per network and year, gap-free, with a Damm check digit.

Damm's algorithm detects every single-digit error and every swap of adjacent digits."""

import re
from functools import cache
from typing import NamedTuple

from sqlalchemy import ForeignKey, Integer, Update, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from casework.orm import Base

# Damm's totally anti-symmetric quasigroup of order 10.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
SERIAL_PATTERN = re.compile(
    r"^(?P<network>[A-Z]{2,8})-(?P<year>\d{4})-(?P<number>\d{6,})-(?P<check>\d)$"
)

_COMPACT_SERIAL = re.compile(
    r"^(?P<network>[A-Z]{2,8})(?P<year>\d{4})(?P<number>\d{6,})(?P<check>\d)$"
)
_SEPARATORS = re.compile(r"[\s-]+")


def damm_digit(digits: str) -> int:
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return interim


def format_serial(network_code: str, year: int, number: int) -> str:
    body = f"{year:04d}{number:06d}"
    return f"{network_code}-{year:04d}-{number:06d}-{damm_digit(body)}"


class SerialParts(NamedTuple):
    network_code: str
    year: int
    number: int


def parse_serial(serial: str) -> SerialParts | None:
    """The parts of a well-formed serial whose check digit holds; None otherwise."""
    match = SERIAL_PATTERN.match(serial.strip().upper())
    if match is None or damm_digit(match["year"] + match["number"] + match["check"]) != 0:
        return None
    return SerialParts(match["network"], int(match["year"]), int(match["number"]))


def canonical_serial(typed: str) -> str | None:
    """A serial as someone typed it (any case, spaces or hyphens anywhere, or none) in its
    printed form; None when it cannot be a serial. The check digit is not checked: a wrong
    one simply matches nothing."""
    match = _COMPACT_SERIAL.match(_SEPARATORS.sub("", typed).upper())
    if match is None:
        return None
    return f"{match['network']}-{match['year']}-{match['number']}-{match['check']}"


def is_valid_serial(serial: str) -> bool:
    return parse_serial(serial) is not None


class SerialCounter(Base):
    __tablename__ = "serial_counters"

    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(Integer)


def next_serial(session: Session, *, network_id: int, network_code: str, year: int) -> str:
    """Take the next number in the caller's transaction: a rollback gives it back, so no gaps.
    Concurrent callers queue on the counter row."""
    counter = {"network": network_id, "counter_year": year}
    # On the connection: through the session, the UPDATE first flushed the command's pending
    # changes (a flush of its own, besides the commit's) and went the ORM's bulk-update way.
    number = session.connection().execute(_bump(), counter).scalar()
    if number is None:
        try:
            with session.begin_nested():
                session.add(SerialCounter(network_id=network_id, year=year, last_value=1))
            number = 1
        except IntegrityError:  # another transaction created this year's counter first
            number = session.connection().execute(_bump(), counter).scalar()
    return format_serial(network_code, year, number)


@cache
def _bump() -> Update:
    """Built once: on every referral issued, building it cost more than running it."""
    table = SerialCounter.__table__
    return (
        update(table)
        .where(
            table.c.network_id == bindparam("network"), table.c.year == bindparam("counter_year")
        )
        .values(last_value=table.c.last_value + 1)
        .returning(table.c.last_value)
    )


def last_issued(session: Session, *, network_id: int, year: int) -> int:
    value = session.scalar(
        select(SerialCounter.last_value).where(
            SerialCounter.network_id == network_id, SerialCounter.year == year
        )
    )
    return value or 0
