"""The figures of a period's network report (a month, a quarter, a year or everything since
the network's founding), which every member's staff read. Each population of the period
(referrals issued, accepted, closed; escalations; breaches; cases resolved) is counted in one
table only, all of them suppressed by one call to the shared `shown_figures`, and every other
place that quotes one (the tiles, the charts, the trend) quotes that table's shown values: a
part published on its own elsewhere could undo the suppression.

To add a table: a `ShownTable` field on `ReportFigures`, its count in `_Rows.tables` (the one
suppressed set; it then also counts towards `sparse` and shows in the CSV), and a section in
reports/templates/network_report.html.j2 (its `counts` macro draws any ShownTable)."""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.actors import Actor
from casework.audit import ChainAnchor, chain_head
from casework.audit_actions import AuditAction
from casework.audit_seal import seal_audit_trail
from casework.cases.model import Case
from casework.cases.states import CaseStatus
from casework.escalation.model import OVERDUE_REASON, Escalation
from casework.governance import access
from casework.governance.breaches.model import MemorandumBreach
from casework.governance.memoranda.queries import founded_on
from casework.governance.reports.closures import (
    CLOSINGS,
    by_outcome_code,
    by_report_outcome,
    closing_of,
)
from casework.governance.reports.commitment_shares import CommitmentLine, commitment_shares
from casework.governance.reports.commitments import (
    ACCEPTANCE_TABLE,
    SERVICE_TABLE,
    CommitmentCounts,
    count_commitments,
)
from casework.governance.reports.counting import MIN_FOR_STATISTICS, between, grid
from casework.governance.reports.people import group_labels, people_tables
from casework.governance.reports.periods import Period, PeriodKind, day_bounds, month_of
from casework.governance.reports.summaries import (
    DecisionLine,
    MeetingLine,
    MemorandumLine,
    decision_lines,
    meeting_lines,
    memorandum_line,
)
from casework.network.model import Member
from casework.network.queries import existing_network
from casework.network.services import CATEGORY_OF, ServiceCategory
from casework.privacy.figures import CountTable, ShownTable, shown_figures
from casework.privacy.small_cells import SMALL
from casework.referrals.model import Referral
from casework.referrals.states import ReferralStatus, ReportOutcome
from casework.uow import UnitOfWork

CATEGORIES = [c.value for c in ServiceCategory]
# What became of the referrals closed in the period: every closed status has its column.
OUTCOMES = [o.value for o in ReportOutcome]
ACCEPTANCE_BUCKETS = (("within-1-day", 1), ("1-2-days", 2), ("2-5-days", 5), ("over-5-days", None))
ESCALATION_LEVELS = ["1", "2", "3", "4"]
ESCALATION_REASONS = list(OVERDUE_REASON.values())
BREACH_KINDS = ["anonymous", "free", "voluntary", "several"]  # which guarantee a breach failed
MEETINGS_SHOWN = 12
TREND_MONTHS = 12  # a month's trend: the twelve months up to it
# A period is sparse when at least this share of its non-zero cells are small (1 to 9), i.e.
# would show as "<10": its report then points to the longer period.
SPARSE_SHARE = 0.8
# A longer period's trend counts the referrals its `issued` table counts, by month or year.
SAME_TOTAL = [("issued", "trend")]


@dataclass(frozen=True)
class AcceptanceTime:
    category: str
    median_days: float | None  # None: fewer than MIN_FOR_STATISTICS acceptances
    p90_days: float | None


@dataclass(frozen=True)
class TrendPoint:
    period: str  # a month ("2026-02") or, in the trend since founding, a year ("2025")
    issued: str  # referrals issued then, as shown (see `report_figures`)


@dataclass(frozen=True)
class ReportFigures:
    network_name: str
    period: str  # the period's key: "2026-02", "2026-Q1", "2026" or "all"
    period_kind: str  # PeriodKind: month, quarter, year, all
    starts_on: str  # the period's first day (since founding: the first memorandum's start)
    as_of: str  # the period's last day: decisions and the memorandum as they stood then
    # The longer period's key when most of this one's figures are too small to show.
    sparse_hint: str | None
    headline: dict[str, str]
    issued: ShownTable  # referrals issued: receiving institution x service category
    acceptance: ShownTable  # referrals accepted: category x days to acceptance
    acceptance_times: list[AcceptanceTime]
    outcomes: ShownTable  # referrals closed: category x outcome (sums of `closings`)
    closings: ShownTable  # the same referrals: category x closing reason (closures.CLOSINGS)
    outcome_codes: dict[str, str]  # the same referrals by outcome code (sums of `closings`)
    escalations: ShownTable  # steps taken: level x missed deadline
    breaches: ShownTable  # breaches opened: institution x guarantee failed
    # People helped (people.py): by referrer, by need category and by population group; the
    # groups' names as the coordinator keeps them (code -> {"en", "ru", "tg"}).
    people: ShownTable
    people_by_need: ShownTable
    people_by_group: ShownTable
    group_labels: dict[str, dict[str, str]]
    # Commitments kept (commitments.py): referrals by the deadline that fell in the period,
    # with the shares and medians those shown tables allow. Declines by reason and breaches
    # opened are counted in `closings` and `breaches` here: a second count of the same
    # referrals could be subtracted from the first.
    commitments_acceptance: ShownTable
    commitments_service: ShownTable
    commitments: list[CommitmentLine]
    trend: list[TrendPoint]
    meetings: list[MeetingLine]  # the period's meetings, latest first (at most MEETINGS_SHOWN)
    meetings_held: int  # all of them, not cancelled
    decisions: list[DecisionLine]
    memorandum: MemorandumLine | None
    # The audit chain's head when the figures were read, published so that every member holds
    # an anchor no one with the database alone can move.
    audit_chain: ChainAnchor


def _outcome(status: ReferralStatus) -> ReportOutcome:
    """A closed referral's outcome column; a status without one is an error, never dropped."""
    outcome = status.facts.report_outcome
    if outcome is None:
        raise ValueError(f"a referral closed in the period is {status.value}, which has no outcome")
    return outcome


def _column(table: ShownTable, column: str) -> str:
    return table.column_totals[table.columns.index(column)]


class _Rows:
    """The rows of one network in one interval, read once."""

    def __init__(self, session: Session, network_id: int, bounds) -> None:
        self.session, self.network_id, self.bounds = session, network_id, bounds
        self.names = dict(session.execute(select(Member.id, Member.name)).all())

    @cached_property
    def commitments(self) -> CommitmentCounts:
        return count_commitments(self.session, self.network_id, self.bounds)

    def referrals(self, column) -> list[Referral]:
        return list(
            self.session.scalars(
                select(Referral).where(
                    Referral.network_id == self.network_id, between(column, self.bounds)
                )
            )
        )

    def issued(self) -> CountTable:
        referrals = self.referrals(Referral.requested_at)
        pairs = [(self.names[r.institution_id], CATEGORY_OF[r.service].value) for r in referrals]
        return grid(sorted({row for row, _ in pairs}), CATEGORIES, pairs)

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
        return grid(CATEGORIES, [b for b, _ in ACCEPTANCE_BUCKETS], pairs), times

    def closings(self) -> CountTable:
        pairs = [
            (CATEGORY_OF[r.service].value, closing_of(r, _outcome(r.status)))
            for r in self.referrals(Referral.closed_at)
        ]
        return grid(CATEGORIES, CLOSINGS, pairs)

    def escalations(self) -> CountTable:
        steps = self.session.execute(
            select(Escalation.level, Escalation.reason)
            .join(Referral, Referral.id == Escalation.referral_id)
            .where(
                Referral.network_id == self.network_id,
                between(Escalation.escalated_at, self.bounds),
            )
        ).all()
        return grid(ESCALATION_LEVELS, ESCALATION_REASONS, [(str(lv), rs) for lv, rs in steps])

    def breaches(self) -> CountTable:
        opened = self.session.scalars(
            select(MemorandumBreach)
            .join(Member, Member.id == MemorandumBreach.member_id)
            .where(
                Member.network_id == self.network_id,
                between(MemorandumBreach.opened_at, self.bounds),
            )
        ).all()
        pairs = [
            (
                self.names[b.member_id],
                b.guarantees_failed if "," not in b.guarantees_failed else "several",
            )
            for b in opened
        ]
        return grid(sorted({row for row, _ in pairs}), BREACH_KINDS, pairs)

    def tables(self) -> tuple[dict[str, CountTable], list[AcceptanceTime]]:
        """Every table of the period, to be suppressed together: the one place a table is
        added (see the module's docstring)."""
        acceptance, times = self.acceptance()
        counted = {
            "issued": self.issued(),
            "acceptance": acceptance,
            "closings": self.closings(),
            "escalations": self.escalations(),
            "breaches": self.breaches(),
            "cases_resolved": CountTable.lone(self.cases_resolved()),
            **people_tables(self.session, self.network_id, self.bounds),
            ACCEPTANCE_TABLE: self.commitments.tables[ACCEPTANCE_TABLE],
            SERVICE_TABLE: self.commitments.tables[SERVICE_TABLE],
        }
        return counted, times

    def cases_resolved(self) -> int:
        return len(
            self.session.scalars(
                select(Case.id)
                .join(Member, Member.id == Case.ngo_id)
                .where(
                    Member.network_id == self.network_id,
                    Case.status == CaseStatus.RESOLVED,
                    between(Case.closed_at, self.bounds),
                )
            ).all()
        )


def is_sparse(tables: list[CountTable]) -> bool:
    """Whether at least SPARSE_SHARE of the tables' non-zero cells are small (1 to 9): cells
    only, not totals; a period with no count at all is empty, not sparse."""
    counts = [n for table in tables for row in table.counts for n in row if n > 0]
    small = sum(n in SMALL for n in counts)
    return bool(counts) and small >= SPARSE_SHARE * len(counts)


def _months_back(month: date, count: int) -> list[Period]:
    """The `count` months up to and including `month`'s, oldest first."""
    index = month.year * 12 + month.month - 1
    return [month_of(date(i // 12, i % 12 + 1, 1)) for i in range(index - count + 1, index + 1)]


def _issued_shown(session: Session, network_id: int, bounds) -> str:
    """A month's referrals issued, as that month's own report shows its total."""
    issued = _Rows(session, network_id, bounds).issued()
    return shown_figures({"issued": issued}, sees_rows=False).tables["issued"].total


def _trend_parts(period: Period, first: date, following: date) -> list[tuple[str, date, date]]:
    """The parts a quarter's, a year's or since founding's trend counts: the months of a
    quarter or a year, the years since founding; (key, first day, day after)."""
    if period.kind is not PeriodKind.ALL:
        return [(m.key, *m.days(founded=None, today=following)) for m in period.months()]
    last = following - timedelta(days=1)
    return [
        (f"{year:04d}", max(first, date(year, 1, 1)), min(following, date(year + 1, 1, 1)))
        for year in range(first.year, last.year + 1)
    ]


def headline(shown: dict[str, ShownTable]) -> dict[str, str]:
    """The tiles, each quoting a shown table."""
    return {
        "issued": shown["issued"].total,
        "accepted": shown["acceptance"].total,
        "delivered": _column(shown["outcomes"], ReportOutcome.DELIVERED),
        "cases_resolved": shown["cases_resolved"].total,
        "escalations": shown["escalations"].total,
        "breaches": shown["breaches"].total,
        "people_helped": shown["people"].total,
    }


def shown_report(
    counted: dict[str, CountTable], commitments: CommitmentCounts | None = None
) -> dict[str, Any]:
    """The report's tables suppressed together, with what is read off them (the tiles, the
    outcomes, the commitment shares and a longer period's trend), as `ReportFigures` fields:
    the report and its specimen (reports/specimen.py) suppress and read their counts alike."""
    shown = shown_figures(counted, sees_rows=False, same_total=SAME_TOTAL).tables
    shown["outcomes"] = by_report_outcome(shown["closings"])
    fields: dict[str, Any] = {
        "headline": headline(shown),
        "issued": shown["issued"],
        "acceptance": shown["acceptance"],
        "outcomes": shown["outcomes"],
        "closings": shown["closings"],
        "outcome_codes": by_outcome_code(shown["closings"]),
        "escalations": shown["escalations"],
        "breaches": shown["breaches"],
        "people": shown["people"],
        "people_by_need": shown["people_by_need"],
        "people_by_group": shown["people_by_group"],
        "commitments_acceptance": shown[ACCEPTANCE_TABLE],
        "commitments_service": shown[SERVICE_TABLE],
        "commitments": commitment_shares(shown, commitments),
    }
    if "trend" in shown:  # a longer period's parts: one row of the same suppression
        trend = shown["trend"]
        fields["trend"] = [
            TrendPoint(key, value) for key, value in zip(trend.columns, trend.cells[0], strict=True)
        ]
    return fields


def report_figures(
    uow: UnitOfWork, *, actor: Actor, network_id: int, period: Period
) -> ReportFigures:
    """The period's figures, suppressed. The trend: for a month, the twelve months up to it,
    each as its own month's report shows it (none of them is part of another figure here);
    for a quarter or a year, its months, and since founding, its years: those parts add up
    to the period's totals, so they are one more table (one row) in the same suppression,
    whose complements keep a hidden part from being the total less the others."""
    access.require_governor(actor, "assemble the network report")
    seal_audit_trail(uow)  # the anchor the report publishes covers the trail up to now
    with uow:
        session, calendar = uow.session, uow.calendar
        network = existing_network(session, network_id)
        founded = founded_on(session, network_id)
        first, following = period.days(founded=founded, today=calendar.today(uow.now()))
        as_of = following - timedelta(days=1)
        this = _Rows(session, network_id, day_bounds(calendar, first, following))
        counted, times = this.tables()
        sparse = is_sparse(list(counted.values()))
        if period.kind is not PeriodKind.MONTH:
            parts = _trend_parts(period, first, following)
            issued = [
                _Rows(session, network_id, day_bounds(calendar, a, b)).referrals(
                    Referral.requested_at
                )
                for _, a, b in parts
            ]
            counted["trend"] = CountTable(
                ["issued"], [key for key, _, _ in parts], [[len(rows) for rows in issued]]
            )
        fields = shown_report(counted, this.commitments)
        if period.kind is PeriodKind.MONTH:
            month = date(period.year, period.number, 1)
            fields["trend"] = [
                TrendPoint(m.key, _issued_shown(session, network_id, m.bounds(calendar, **today)))
                for m in _months_back(month, TREND_MONTHS)
                for today in [{"founded": None, "today": following}]
            ]
            fields["trend"][-1] = TrendPoint(period.key, fields["issued"].total)
        meetings = meeting_lines(session, calendar, network_id, first, as_of)
        longer = period.longer()
        figures = ReportFigures(
            **fields,
            network_name=network.name,
            period=period.key,
            period_kind=period.kind.value,
            starts_on=first.isoformat(),
            as_of=as_of.isoformat(),
            sparse_hint=longer.key if sparse and longer is not None else None,
            acceptance_times=times,
            group_labels=group_labels(session, network_id),
            meetings=meetings[:MEETINGS_SHOWN],
            meetings_held=len(meetings),
            decisions=decision_lines(session, network_id, first, as_of),
            memorandum=memorandum_line(session, network_id, as_of),
            audit_chain=chain_head(session),
        )
        uow.audit(actor, AuditAction.NETWORK_REPORT_FIGURES_READ, network)
        uow.commit()
        return figures
