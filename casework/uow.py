"""Unit of work: one database transaction per command, committed only here."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from casework import audit, locked_rows, outbox
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.calendar import WorkCalendar
from casework.clock import Clock, SystemClock
from casework.db import autocommitting, is_sqlite, unreachable
from casework.errors import ConcurrentUpdate, DatabaseUnavailable
from casework.orm import Base, insert_rows
from casework.privacy.keys import KeyRing


@contextmanager
def _unavailable_if_unreachable() -> Iterator[None]:
    """A failure of the database to answer, raised as DatabaseUnavailable (the API's 503)."""
    try:
        yield
    except Exception as failure:
        if unreachable(failure):
            raise DatabaseUnavailable() from failure
        raise


def _close(session: Session) -> None:
    """close() rolls back whatever was not committed but, unlike rollback(), leaves loaded
    objects readable (detached), so a query may return what it read."""
    try:
        session.close()
    except Exception as failure:
        # A rollback on a connection the server dropped: the server has rolled back already
        # and the pool discards the connection, so what the block did stands (or fails
        # on its own). Raising here turned a read that had succeeded into a 500.
        if not unreachable(failure):
            raise


class UnitOfWork:
    """`with uow:` opens a transaction that rolls back unless `uow.commit()` is called.

    The object is reusable: each `with` block is a new session and a new transaction. It also
    carries what commands need besides the database: the clock, the calendar and the keys."""

    session: Session

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        keys: KeyRing,
        clock: Clock | None = None,
        calendar: WorkCalendar | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.keys = keys
        self.clock = clock or SystemClock()
        self.calendar = calendar or WorkCalendar()
        self._commit_guards: list[Callable[[UnitOfWork], None]] = []
        self._ahead: Session | None = None  # opened by read_ahead, for the next block

    def guard_commits(self, guard: "Callable[[UnitOfWork], None]") -> None:
        """Run `guard` inside every transaction this unit commits, just before the commit: what
        it writes commits with the command's effect, what it raises rolls the effect back."""
        self._commit_guards.append(guard)

    @contextmanager
    def one_read(self) -> Iterator[Connection]:
        """`with uow.one_read() as connection:` for one statement that only reads, of columns
        (a token's lookup on every request): a pooled connection without a session, whose
        making and events cost more than the statement. On PostgreSQL it runs outside a
        transaction, as a statement alone is atomic: the BEGIN and ROLLBACK were two round
        trips of three. SQLite keeps its transaction (its BEGIN is ours: casework.db)."""
        engine = self._session_factory.kw["bind"]
        reader = engine if is_sqlite(engine) else autocommitting(engine)
        with _unavailable_if_unreachable(), reader.connect() as connection:
            yield connection

    @contextmanager
    def read_ahead(self) -> Iterator[Connection]:
        """`with uow.read_ahead() as connection:` to read in the transaction that the next
        `with uow:` block goes on with: one session, one pooled connection and one BEGIN for
        both (the API's token lookup, then the endpoint's work: the request's one session).
        A read of its own (one_read) cost a checkout, and on PostgreSQL an isolation change,
        of its own. Whoever reads ahead calls release() once the request is done, for the
        case that no block came. On SQLite, whose every transaction takes the write lock
        (casework.db), the endpoint would hold it from the lookup on, through whatever it does
        before its block: there the read stays one of its own."""
        if is_sqlite(self._session_factory.kw["bind"]):
            with self.one_read() as connection:
                yield connection
            return
        if self._ahead is None:
            self._ahead = self._new_session()
        with _unavailable_if_unreachable():
            yield self._ahead.connection()

    def release(self) -> None:
        """End the transaction read_ahead opened, if no `with uow:` block took it on."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            _close(ahead)

    def _new_session(self) -> Session:
        session = self._session_factory()
        audit.bind_keys(session, self.keys)
        return session

    def __enter__(self) -> "UnitOfWork":
        self.session, self._ahead = self._ahead or self._new_session(), None
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        refusals = audit.take_refusals(self.session)
        _close(self.session)
        if refusals:
            with _unavailable_if_unreachable():
                self._audit_refusals(refusals)
        if isinstance(exc, StaleDataError):
            raise ConcurrentUpdate("record") from exc
        if exc is not None and unreachable(exc):
            # One refusal for every entrypoint: the API answers 503, a page says so.
            raise DatabaseUnavailable() from exc

    def _audit_refusals(self, refusals: list[audit.Refusal]) -> None:
        """In a transaction of its own: the refused request's rolled back with it."""
        with self._new_session() as session:
            audit.record_refusals(session, at=self.now(), refusals=refusals)
            session.commit()

    def commit(self) -> None:
        locked_rows.write_changes(self.session)
        for guard in self._commit_guards:
            guard(self)
        try:
            self.session.commit()
        except StaleDataError as exc:
            raise ConcurrentUpdate("record") from exc

    def now(self) -> datetime:
        return self.clock.now()

    def audit(self, actor: Actor, action: AuditAction, obj: object) -> None:
        audit.record(self.session, at=self.now(), actor=actor, action=action, obj=obj)

    def insert(self, *objects: Base) -> None:
        """Write new objects as rows now, through Core, parents first (casework.orm)."""
        insert_rows(self.session.connection(), *objects)

    def enqueue(
        self, flow: str, *, available_at: datetime | None = None, **parameters: str
    ) -> None:
        outbox.enqueue(
            self.session, now=self.now(), flow=flow, available_at=available_at, **parameters
        )
