"""Commitments kept: for each institution and service category, how the referrals whose
memorandum deadlines fell due in a period met them, the declines it made by reason, and the
breaches opened and resolved. Counted here as `CountTable`s for the caller's one
`shown_figures` call; every share and median is then worked out from the shown tables
(commitment_shares.py), so none bypasses the suppression.

Each table counts one population, each referral in one column only (docs/governance.md,
"Commitments kept"): a table whose columns overlapped would let a reader bound a hidden cell
by another, which the suppression does not see. A referral is judged in the period its own
deadline falls in, not the one it was issued in: so a month's figures are final once its
deadlines have passed, and no table repeats the report's `issued` table with other columns."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.governance.breaches.model import MemorandumBreach
from casework.governance.reports.counting import Bounds, between, grid
from casework.network.model import Member
from casework.network.services import CATEGORY_OF
from casework.privacy.figures import CountTable
from casework.referrals.model import Referral
from casework.referrals.reasons import RejectReason
from casework.referrals.states import ReferralStatus

ACCEPTED_IN_TIME = "accepted-in-time"
ACCEPTED_LATE = "accepted-late"
DECLINED = "declined"
LAPSED = "lapsed"  # still unanswered when the deadline passed
NOT_JUDGED = "not-judged"  # withdrawn before the deadline, or the deadline still ahead
ACCEPTANCE = [ACCEPTED_IN_TIME, ACCEPTED_LATE, DECLINED, LAPSED, NOT_JUDGED]

SERVED_IN_TIME = "served-in-time"
SERVED_LATE = "served-late"
NOT_SERVED = "not-served"  # unserved when the deadline passed
SERVICE = [SERVED_IN_TIME, SERVED_LATE, NOT_SERVED, NOT_JUDGED]

DECLINE_REASONS = [r.value for r in RejectReason]

OPENED_STILL_OPEN = "opened-still-open"
OPENED_AND_RESOLVED = "opened-and-resolved"
RESOLVED_OPENED_EARLIER = "resolved-opened-earlier"
BREACHES = [OPENED_STILL_OPEN, OPENED_AND_RESOLVED, RESOLVED_OPENED_EARLIER]

# The names of the tables, as the caller hands them to `shown_figures`.
ACCEPTANCE_TABLE = "commitments_acceptance"
SERVICE_TABLE = "commitments_service"
DECLINES_TABLE = "commitments_declines"
BREACHES_TABLE = "commitments_breaches"


@dataclass(frozen=True)
class RowKey:
    member_id: int
    category: str


@dataclass
class CommitmentCounts:
    """The exact counts, the row each label stands for, and the days each referral took
    (for medians, which commitment_shares.py gives only where the shown count allows)."""

    tables: dict[str, CountTable]
    rows: dict[str, RowKey] = field(default_factory=dict)
    days_to_accept: dict[str, list[float]] = field(default_factory=dict)
    days_to_serve: dict[str, list[float]] = field(default_factory=dict)


def row_label(institution: str, category: str) -> str:
    return f"{institution} · {category}"


def _days(since: datetime, until: datetime) -> float:
    return (until - since).total_seconds() / 86400


def _stopped_waiting(r: Referral, now: datetime) -> datetime:
    """When the referral stopped waiting on the institution: closed, put on hold (time on
    hold does not count against it), or not yet."""
    return r.closed_at or r.held_at or now


def acceptance_column(r: Referral, now: datetime) -> str:
    """A referral's column in the acceptance table; its acceptance deadline is `accept_due_at`
    and meeting it exactly is in time."""
    assert r.accept_due_at is not None
    if r.accepted_at is not None:
        return ACCEPTED_IN_TIME if r.accepted_at <= r.accept_due_at else ACCEPTED_LATE
    if r.status is ReferralStatus.REJECTED:
        return DECLINED
    return LAPSED if _stopped_waiting(r, now) > r.accept_due_at else NOT_JUDGED


def service_column(r: Referral, now: datetime) -> str:
    """An accepted referral's column in the service table, by `complete_due_at`."""
    assert r.complete_due_at is not None
    if r.completed_at is not None:
        return SERVED_IN_TIME if r.completed_at <= r.complete_due_at else SERVED_LATE
    return NOT_SERVED if _stopped_waiting(r, now) > r.complete_due_at else NOT_JUDGED


class _Period:
    def __init__(self, session: Session, network_id: int, bounds: Bounds, now: datetime):
        self.session, self.network_id, self.bounds, self.now = session, network_id, bounds, now
        self.names = dict(
            session.execute(
                select(Member.id, Member.name).where(Member.network_id == network_id)
            ).all()
        )
        self.rows: dict[str, RowKey] = {}

    def _referrals(self, *where) -> list[Referral]:
        return list(
            self.session.scalars(
                select(Referral).where(Referral.network_id == self.network_id, *where)
            )
        )

    def _row(self, r: Referral) -> str:
        category = CATEGORY_OF[r.service].value
        label = row_label(self.names[r.institution_id], category)
        self.rows[label] = RowKey(r.institution_id, category)
        return label

    def acceptance(self, days: dict[str, list[float]]) -> CountTable:
        pairs = []
        for r in self._referrals(between(Referral.accept_due_at, self.bounds)):
            column, row = acceptance_column(r, self.now), self._row(r)
            pairs.append((row, column))
            if r.accepted_at is not None and r.requested_at is not None:
                days[row].append(_days(r.requested_at, r.accepted_at))
        return grid(sorted({row for row, _ in pairs}), ACCEPTANCE, pairs)

    def service(self, days: dict[str, list[float]]) -> CountTable:
        pairs = []
        for r in self._referrals(
            Referral.accepted_at.is_not(None), between(Referral.complete_due_at, self.bounds)
        ):
            row = self._row(r)
            pairs.append((row, service_column(r, self.now)))
            if r.completed_at is not None and r.requested_at is not None:
                days[row].append(_days(r.requested_at, r.completed_at))
        return grid(sorted({row for row, _ in pairs}), SERVICE, pairs)

    def declines(self) -> CountTable:
        """Declines made in the period (not those of the acceptance table's referrals: that
        table's `declined` column split by reason would be the same population twice)."""
        declined = self._referrals(
            Referral.status == ReferralStatus.REJECTED, between(Referral.closed_at, self.bounds)
        )
        pairs = [
            (
                self.names[r.institution_id],
                r.status_reason if r.status_reason in DECLINE_REASONS else RejectReason.OTHER,
            )
            for r in declined
        ]
        return grid(sorted({row for row, _ in pairs}), DECLINE_REASONS, pairs)

    def breaches(self) -> CountTable:
        start, end = self.bounds
        touched = self.session.scalars(
            select(MemorandumBreach)
            .join(Member, Member.id == MemorandumBreach.member_id)
            .where(
                Member.network_id == self.network_id,
                between(MemorandumBreach.opened_at, self.bounds)
                | between(MemorandumBreach.resolved_at, self.bounds),
            )
        ).all()
        pairs = []
        for b in touched:
            resolved_here = b.resolved_at is not None and start <= b.resolved_at < end
            if b.opened_at < start:
                column = RESOLVED_OPENED_EARLIER
            else:
                column = OPENED_AND_RESOLVED if resolved_here else OPENED_STILL_OPEN
            pairs.append((self.names[b.member_id], column))
        return grid(sorted({row for row, _ in pairs}), BREACHES, pairs)


def count_commitments(
    session: Session, network_id: int, bounds: Bounds, *, now: datetime | None = None
) -> CommitmentCounts:
    """The period's exact counts, referrals still waiting judged as they stand at `now`: by
    default the period's end, right for a period that is over; pass the clock's now for one
    still running (a deadline still ahead is then not judged yet)."""
    period = _Period(session, network_id, bounds, now or bounds[1])
    days_to_accept: dict[str, list[float]] = defaultdict(list)
    days_to_serve: dict[str, list[float]] = defaultdict(list)
    tables = {
        ACCEPTANCE_TABLE: period.acceptance(days_to_accept),
        SERVICE_TABLE: period.service(days_to_serve),
        DECLINES_TABLE: period.declines(),
        BREACHES_TABLE: period.breaches(),
    }
    return CommitmentCounts(tables, period.rows, dict(days_to_accept), dict(days_to_serve))


def commitment_tables(
    session: Session, network_id: int, bounds: Bounds, *, now: datetime | None = None
) -> dict[str, CountTable]:
    """The four tables, to pass through the page's or report's one `shown_figures` call."""
    return count_commitments(session, network_id, bounds, now=now).tables
