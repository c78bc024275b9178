"""Commitments kept at the monthly meeting: the figures of the calendar month before the
meeting's month, which every member's staff see suppressed (governors exactly), and the
members whose exact figures fall below the network's threshold, each of whom gets an agenda
item by itself. A member is judged only on a share whose denominator is at least
MIN_FOR_STATISTICS, so that the item says nothing of a small number."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from casework.calendar import WorkCalendar
from casework.governance.meetings.model import Meeting
from casework.governance.reports.commitment_shares import (
    BreachLine,
    CommitmentLine,
    breach_lines,
    commitment_shares,
)
from casework.governance.reports.commitments import (
    ACCEPTANCE_TABLE,
    BREACHES_TABLE,
    DECLINES_TABLE,
    SERVICE_TABLE,
    CommitmentCounts,
    RowKey,
    count_commitments,
)
from casework.network.model import Network
from casework.privacy.figures import ShownTable, shown_figures


@dataclass(frozen=True)
class CommitmentLineView:
    """One row as the viewer may see it: shares as "83%", None where not shown."""

    row: str
    accepted_in_time: str | None
    served_in_time: str | None
    median_days_to_accept: float | None
    median_days_to_serve: float | None


@dataclass(frozen=True)
class Shortfall:
    """A category in which a member fell below the threshold, with its shares as shown."""

    category: str
    accepted_in_time: str | None
    served_in_time: str | None


@dataclass(frozen=True)
class MeetingCommitments:
    month: str  # "2026-02": the calendar month before the meeting's
    threshold_percent: int
    acceptance: ShownTable
    service: ShownTable
    declines: ShownTable
    breaches: ShownTable
    lines: list[CommitmentLineView]
    breach_lines: list[BreachLine]


def month_before(meeting: Meeting) -> date:
    first = date.fromisoformat(f"{meeting.month}-01")
    return (first - timedelta(days=1)).replace(day=1)


def meeting_counts(
    session: Session, calendar: WorkCalendar, meeting: Meeting, now: datetime
) -> CommitmentCounts:
    # The month as the region counts it, by local days (not the report module's helper:
    # reports import meetings, so meetings do not import the report's figures).
    month = month_before(meeting)
    last = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    start, end = calendar.days_span(month, last, last_field="month")
    assert start is not None and end is not None
    bounds = (start, end)
    return count_commitments(session, meeting.network_id, bounds, now=now)


def _judged(counts: CommitmentCounts) -> dict[str, CommitmentLine]:
    """Every row's shares on the exact counts (what a governor is shown)."""
    exact = shown_figures(counts.tables, sees_rows=True).tables
    return {line.row: line for line in commitment_shares(exact)}


def members_below(counts: CommitmentCounts, threshold_percent: int) -> dict[int, list[RowKey]]:
    """The members with a category whose share accepted, or served, within the deadlines is
    below the threshold; a share of fewer than MIN_FOR_STATISTICS is not judged."""
    below: dict[int, list[RowKey]] = {}
    for row, line in _judged(counts).items():
        shares = [s for s in (line.accepted_in_time, line.served_in_time) if s is not None]
        if any(s.below(threshold_percent) for s in shares):
            key = counts.rows[row]
            below.setdefault(key.member_id, []).append(key)
    return below


def _shown(share) -> str | None:
    return None if share is None else str(share)


def meeting_commitments(
    session: Session,
    calendar: WorkCalendar,
    meeting: Meeting,
    *,
    now: datetime,
    sees_rows: bool,
) -> tuple[MeetingCommitments, dict[int, list[Shortfall]]]:
    """The month's figures as this viewer may see them, and per member its shortfalls
    (judged exactly, quoted with the shares this viewer is shown)."""
    counts = meeting_counts(session, calendar, meeting, now)
    shown = shown_figures(counts.tables, sees_rows=sees_rows).tables
    lines = {line.row: line for line in commitment_shares(shown, counts)}
    network = session.get_one(Network, meeting.network_id)
    threshold = network.commitment_threshold_percent
    shortfalls: dict[int, list[Shortfall]] = {}
    for member_id, keys in members_below(counts, threshold).items():
        for key in keys:
            line = next(v for r, v in lines.items() if counts.rows[r] == key)
            shortfalls.setdefault(member_id, []).append(
                Shortfall(key.category, _shown(line.accepted_in_time), _shown(line.served_in_time))
            )
    figures = MeetingCommitments(
        month=month_before(meeting).strftime("%Y-%m"),
        threshold_percent=threshold,
        acceptance=shown[ACCEPTANCE_TABLE],
        service=shown[SERVICE_TABLE],
        declines=shown[DECLINES_TABLE],
        breaches=shown[BREACHES_TABLE],
        lines=[
            CommitmentLineView(
                line.row,
                _shown(line.accepted_in_time),
                _shown(line.served_in_time),
                line.median_days_to_accept,
                line.median_days_to_serve,
            )
            for line in lines.values()
        ],
        breach_lines=breach_lines(shown),
    )
    return figures, shortfalls
