"""The month's figures for the network report, which every member's staff read. Each
population of the month (referrals issued, accepted, closed; escalations; breaches; cases
resolved) is counted in one table only, all of them suppressed by one call to the shared
`shown_figures`, and every other place that quotes one (the tiles, the charts, the trend)
quotes that table's shown values: a part published on its own elsewhere could undo the
suppression."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.actors import Actor
from casework.audit import ChainAnchor, chain_head
from casework.audit_actions import AuditAction
from casework.audit_seal import seal_audit_trail
from casework.calendar import WorkCalendar
from casework.cases.model import Case
from casework.cases.states import CaseStatus
from casework.escalation.model import OVERDUE_REASON, Escalation
from casework.governance import access
from casework.governance.breaches.model import MemorandumBreach
from casework.governance.reports.closures import (
    CLOSINGS,
    by_outcome_code,
    by_report_outcome,
    closing_of,
)
from casework.governance.reports.summaries import (
    DecisionLine,
    MeetingLine,
    MemorandumLine,
    decision_lines,
    meeting_line,
    memorandum_line,
)
from casework.network.model import Member
from casework.network.queries import existing_network
from casework.network.services import CATEGORY_OF, ServiceCategory
from casework.privacy.figures import CountTable, ShownTable, shown_figures
from casework.referrals.model import Referral
from casework.referrals.states import ReferralStatus, ReportOutcome
from casework.uow import UnitOfWork

CATEGORIES = [c.value for c in ServiceCategory]
# What became of the referrals closed in the month: every closed status has its column.
OUTCOMES = [o.value for o in ReportOutcome]
ACCEPTANCE_BUCKETS = (("within-1-day", 1), ("1-2-days", 2), ("2-5-days", 5), ("over-5-days", None))
ESCALATION_LEVELS = ["1", "2", "3", "4"]
ESCALATION_REASONS = list(OVERDUE_REASON.values())
BREACH_KINDS = ["anonymous", "free", "voluntary", "several"]  # which guarantee a breach failed
MIN_FOR_STATISTICS = 10  # no median of fewer acceptances than a small cell
TREND_MONTHS = 12


@dataclass(frozen=True)
class AcceptanceTime:
    category: str
    median_days: float | None  # None: fewer than MIN_FOR_STATISTICS acceptances
    p90_days: float | None


@dataclass(frozen=True)
class TrendPoint:
    month: str
    issued: str  # the grand total of that month's `issued` table, as it shows


@dataclass(frozen=True)
class MonthlyFigures:
    network_name: str
    month: str  # "2026-02"
    as_of: str  # the month's last day: decisions and the memorandum as they stood then
    headline: dict[str, str]
    issued: ShownTable  # referrals issued: receiving institution x service category
    acceptance: ShownTable  # referrals accepted: category x days to acceptance
    acceptance_times: list[AcceptanceTime]
    outcomes: ShownTable  # referrals closed: category x outcome (sums of `closings`)
    closings: ShownTable  # the same referrals: category x closing reason (closures.CLOSINGS)
    outcome_codes: dict[str, str]  # the same referrals by outcome code (sums of `closings`)
    escalations: ShownTable  # steps taken: level x missed deadline
    breaches: ShownTable  # breaches opened: institution x guarantee failed
    trend: list[TrendPoint]
    meeting: MeetingLine | None
    decisions: list[DecisionLine]
    memorandum: MemorandumLine | None
    # The audit chain's head when the figures were read, published so that every member holds
    # an anchor no one with the database alone can move.
    audit_chain: ChainAnchor


def month_bounds(calendar: WorkCalendar, month: date) -> tuple[datetime, datetime]:
    """The month in the region's time zone, as an interval [start, end) of aware datetimes."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (
        datetime.combine(first, time(0), tzinfo=calendar.zone),
        datetime.combine(following, time(0), tzinfo=calendar.zone),
    )


def _between(column, bounds: tuple[datetime, datetime]):
    return column.is_not(None) & (column >= bounds[0]) & (column < bounds[1])


def _grid(rows: list[str], columns: list[str], pairs: list[tuple[str, str]]) -> CountTable:
    counts = [[0] * len(columns) for _ in rows]
    for row, column in pairs:
        counts[rows.index(row)][columns.index(column)] += 1
    return CountTable(rows, columns, counts)


def _outcome(status: ReferralStatus) -> ReportOutcome:
    """A closed referral's outcome column; a status without one is an error, never dropped."""
    outcome = status.facts.report_outcome
    if outcome is None:
        raise ValueError(f"a referral closed in the month is {status.value}, which has no outcome")
    return outcome


def _column(table: ShownTable, column: str) -> str:
    return table.column_totals[table.columns.index(column)]


class _Month:
    """The month's rows of one network, read once."""

    def __init__(self, session: Session, network_id: int, bounds) -> None:
        self.session, self.network_id, self.bounds = session, network_id, bounds
        self.names = dict(session.execute(select(Member.id, Member.name)).all())

    def referrals(self, column) -> list[Referral]:
        return list(
            self.session.scalars(
                select(Referral).where(
                    Referral.network_id == self.network_id, _between(column, self.bounds)
                )
            )
        )

    def issued(self) -> CountTable:
        referrals = self.referrals(Referral.requested_at)
        pairs = [(self.names[r.institution_id], CATEGORY_OF[r.service].value) for r in referrals]
        return _grid(sorted({row for row, _ in pairs}), CATEGORIES, pairs)

    def acceptance(self) -> tuple[CountTable, list[AcceptanceTime]]:
        days: dict[str, list[float]] = {c: [] for c in CATEGORIES}
        pairs = []
        for r in self.referrals(Referral.accepted_at):
            waited = (r.accepted_at - r.requested_at).total_seconds() / 86400
            category = CATEGORY_OF[r.service].value
            days[category].append(waited)
            bucket = next(b for b, limit in ACCEPTANCE_BUCKETS if limit is None or waited <= limit)
            pairs.append((category, bucket))
        times = [
            AcceptanceTime(
                c, round(statistics.median(v), 1), round(statistics.quantiles(v, n=10)[-1], 1)
            )
            if len(v) >= MIN_FOR_STATISTICS
            else AcceptanceTime(c, None, None)
            for c, v in days.items()
        ]
        return _grid(CATEGORIES, [b for b, _ in ACCEPTANCE_BUCKETS], pairs), times

    def closings(self) -> CountTable:
        pairs = [
            (CATEGORY_OF[r.service].value, closing_of(r, _outcome(r.status)))
            for r in self.referrals(Referral.closed_at)
        ]
        return _grid(CATEGORIES, CLOSINGS, pairs)

    def escalations(self) -> CountTable:
        steps = self.session.execute(
            select(Escalation.level, Escalation.reason)
            .join(Referral, Referral.id == Escalation.referral_id)
            .where(
                Referral.network_id == self.network_id,
                _between(Escalation.escalated_at, self.bounds),
            )
        ).all()
        return _grid(ESCALATION_LEVELS, ESCALATION_REASONS, [(str(lv), rs) for lv, rs in steps])

    def breaches(self) -> CountTable:
        opened = self.session.scalars(
            select(MemorandumBreach)
            .join(Member, Member.id == MemorandumBreach.member_id)
            .where(
                Member.network_id == self.network_id,
                _between(MemorandumBreach.opened_at, self.bounds),
            )
        ).all()
        pairs = [
            (
                self.names[b.member_id],
                b.guarantees_failed if "," not in b.guarantees_failed else "several",
            )
            for b in opened
        ]
        return _grid(sorted({row for row, _ in pairs}), BREACH_KINDS, pairs)

    def cases_resolved(self) -> int:
        return len(
            self.session.scalars(
                select(Case.id)
                .join(Member, Member.id == Case.ngo_id)
                .where(
                    Member.network_id == self.network_id,
                    Case.status == CaseStatus.RESOLVED,
                    _between(Case.closed_at, self.bounds),
                )
            ).all()
        )


def _trend(session: Session, network_id: int, calendar: WorkCalendar, month: date):
    points = []
    for back in range(TREND_MONTHS - 1, -1, -1):
        year, index = divmod(month.year * 12 + month.month - 1 - back, 12)
        start = date(year, index + 1, 1)
        issued = _Month(session, network_id, month_bounds(calendar, start)).issued()
        # The grand total as that month's own report shows it, beside its table.
        shown = shown_figures({"issued": issued}, sees_rows=False).tables["issued"]
        points.append(TrendPoint(f"{year:04d}-{index + 1:02d}", shown.total))
    return points


def headline(shown: dict[str, ShownTable]) -> dict[str, str]:
    """The tiles, each quoting a shown table."""
    return {
        "issued": shown["issued"].total,
        "accepted": shown["acceptance"].total,
        "delivered": _column(shown["outcomes"], ReportOutcome.DELIVERED),
        "cases_resolved": shown["cases_resolved"].total,
        "escalations": shown["escalations"].total,
        "breaches": shown["breaches"].total,
    }


def monthly_figures(
    uow: UnitOfWork, *, actor: Actor, network_id: int, month: date
) -> MonthlyFigures:
    access.require_governor(actor, "assemble the network report")
    bounds = month_bounds(uow.calendar, month)
    as_of = bounds[1].date() - timedelta(days=1)
    seal_audit_trail(uow)  # the anchor the report publishes covers the trail up to now
    with uow:
        session = uow.session
        network = existing_network(session, network_id)
        this = _Month(session, network_id, bounds)
        acceptance, times = this.acceptance()
        counted = {
            "issued": this.issued(),
            "acceptance": acceptance,
            "closings": this.closings(),
            "escalations": this.escalations(),
            "breaches": this.breaches(),
            "cases_resolved": CountTable.lone(this.cases_resolved()),
        }
        shown = shown_figures(counted, sees_rows=False).tables
        shown["outcomes"] = by_report_outcome(shown["closings"])
        figures = MonthlyFigures(
            network_name=network.name,
            month=f"{month.year:04d}-{month.month:02d}",
            as_of=as_of.isoformat(),
            headline=headline(shown),
            issued=shown["issued"],
            acceptance=shown["acceptance"],
            acceptance_times=times,
            outcomes=shown["outcomes"],
            closings=shown["closings"],
            outcome_codes=by_outcome_code(shown["closings"]),
            escalations=shown["escalations"],
            breaches=shown["breaches"],
            trend=_trend(session, network_id, uow.calendar, month),
            meeting=meeting_line(session, uow.calendar, network_id, month),
            decisions=decision_lines(session, network_id, month, as_of),
            memorandum=memorandum_line(session, network_id, as_of),
            audit_chain=chain_head(session),
        )
        uow.audit(actor, AuditAction.NETWORK_REPORT_FIGURES_READ, network)
        uow.commit()
        return figures
