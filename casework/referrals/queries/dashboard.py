"""What supervisors and the coordinator watch: open referrals by institution and status, the
overdue ones, and the referrals closed in the last 30 days by institution and the code they
closed with (the monthly report's columns, casework.governance.reports.closures). An NGO's
staff see their own NGO's referrals as they are, and the overdue ones one by one; the
coordinator and administrators see the whole network as counts only, suppressed together
(casework/privacy/figures.py), since they may not see those rows."""

from collections.abc import Mapping, Sequence
from datetime import timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from casework.access import GOVERNORS, network_of
from casework.actors import NGO_ROLES, Actor
from casework.audit_actions import AuditAction
from casework.errors import PermissionDenied
from casework.governance.reports.closures import (
    CLOSINGS,
    by_outcome_code,
    by_report_outcome,
    closing_of,
    words_of_closing,
)
from casework.network.model import Member, Network
from casework.outbox import latest_flow_runs
from casework.privacy.figures import CountTable, ShownTable, shown_figures
from casework.referrals.model import Referral
from casework.referrals.reasons import ReferralOutcome
from casework.referrals.states import OPEN_STATUSES, ReferralStatus, ReportOutcome
from casework.referrals.views import (
    ClosedTable,
    ClosingColumn,
    Dashboard,
    OpenColumn,
    OpenTable,
    OverdueReferral,
)
from casework.uow import UnitOfWork

# Columns in the order a referral moves through them, each status whose deadline can pass
# followed by its overdue ones; a draft has not reached anyone yet.
OPEN_COLUMNS = tuple(
    OpenColumn(status, overdue)
    for status in ReferralStatus
    if status in OPEN_STATUSES - {ReferralStatus.DRAFT}
    for overdue in ((False, True) if status.facts.running_deadline else (False,))
)

# A rolling window rather than the calendar month, so that the table is never empty on the 1st;
# the month as a whole is the monthly report's.
CLOSED_DAYS = 30
CLOSING_COLUMNS = tuple(ClosingColumn(*words_of_closing(c)) for c in CLOSINGS)


def _scope(uow: UnitOfWork, actor: Actor):
    """(condition on referrals, the network or NGO it covers, whether the actor may see the
    referrals counted)."""
    if actor.role in GOVERNORS:
        network = uow.session.get_one(Network, network_of(uow.session, actor))
        return Referral.network_id == network.id, network, False
    if actor.role in NGO_ROLES and actor.organisation_id is not None:
        ngo = uow.session.get_one(Member, actor.organisation_id)
        return Referral.ngo_id == ngo.id, ngo, True
    raise PermissionDenied(
        "dashboard.forbidden", "the dashboard is for an NGO's staff and the network's coordinator"
    )


def _open_counts(uow: UnitOfWork, condition) -> dict[tuple[str, OpenColumn], int]:
    overdue = case((Referral.is_overdue(uow.now()), True), else_=False)
    rows = uow.session.execute(
        select(Member.name, Referral.status, overdue, func.count(Referral.id))
        .join(Member, Member.id == Referral.institution_id)
        .where(condition, Referral.status.in_({c.status for c in OPEN_COLUMNS}))
        .group_by(Member.name, Referral.status, overdue)
    ).all()
    return {(name, OpenColumn(status, bool(late))): n for name, status, late, n in rows}


def _closed_counts(uow: UnitOfWork, condition) -> dict[tuple[str, str], int]:
    """Referrals closed in the window by (institution, closures.CLOSINGS column)."""
    rows = uow.session.execute(
        select(Referral, Member.name)
        .join(Member, Member.id == Referral.institution_id)
        .where(
            condition,
            Referral.status.not_in(OPEN_STATUSES),
            Referral.closed_at >= uow.now() - timedelta(days=CLOSED_DAYS),
        )
    ).all()
    counts: dict[tuple[str, str], int] = {}
    for referral, name in rows:
        outcome = referral.status.facts.report_outcome
        assert outcome is not None  # every closed status has its report column
        key = (name, closing_of(referral, outcome))
        counts[key] = counts.get(key, 0) + 1
    return counts


def _closed_table(closed: ShownTable) -> ClosedTable:
    """The closed table as shown, with its totals by outcome each a sum of shown cells."""
    grouped = by_report_outcome(closed)
    return ClosedTable(
        closed.rows,
        CLOSING_COLUMNS,
        closed.cells,
        closed.row_totals,
        closed.column_totals,
        closed.total,
        by_outcome=[
            (outcome, sum(c.outcome is outcome for c in CLOSING_COLUMNS), total)
            for outcome, total in zip(ReportOutcome, grouped.column_totals, strict=True)
        ],
        by_outcome_code={ReferralOutcome(k): v for k, v in by_outcome_code(closed).items()},
    )


def board(
    scope: str,
    counts: Mapping[tuple[str, OpenColumn], int],
    overdue: Sequence[OverdueReferral],
    *,
    sees_rows: bool,
    closed: Mapping[tuple[str, str], int] | None = None,
) -> Dashboard:
    """Everything the dashboard shows, from the open counts by (institution, column), the
    overdue referrals and the closed counts by (institution, closing), as the viewer may see
    it: both tables suppressed by the one call."""
    institutions = sorted({name for name, _ in counts})
    table = CountTable(
        institutions,
        [f"{c.status}{'/overdue' if c.overdue else ''}" for c in OPEN_COLUMNS],
        [[counts.get((name, c), 0) for c in OPEN_COLUMNS] for name in institutions],
    )
    closed = closed or {}
    closing = sorted({name for name, _ in closed})
    closed_table = CountTable(
        closing, CLOSINGS, [[closed.get((name, c), 0) for c in CLOSINGS] for name in closing]
    )
    shown = shown_figures(
        {"open": table, "closed": closed_table}, sees_rows=sees_rows, listed=overdue
    )
    open_table = shown.tables["open"]
    return Dashboard(
        scope=scope,
        open=OpenTable(
            institutions,
            OPEN_COLUMNS,
            open_table.cells,
            open_table.row_totals,
            open_table.column_totals,
            open_table.total,
            suppressed=not sees_rows,
        ),
        closed=_closed_table(shown.tables["closed"]),
        overdue=shown.listed,
    )


def _overdue(uow: UnitOfWork, actor: Actor, condition, *, limit: int) -> list[OverdueReferral]:
    institution, ngo = aliased(Member), aliased(Member)
    rows = uow.session.execute(
        select(Referral, institution.name, ngo.name)
        .join(institution, institution.id == Referral.institution_id)
        .join(ngo, ngo.id == Referral.ngo_id)
        .where(condition, Referral.is_overdue(uow.now()))
        .order_by(Referral.current_due_at, Referral.id)
        .limit(limit)
    ).all()
    runs = latest_flow_runs(uow.session, [str(r.id) for r, _, _ in rows])
    return [
        OverdueReferral(
            referral_id=r.id,
            case_id=r.case_id if r.ngo_id == actor.organisation_id else None,
            serial=r.serial,
            service=r.service,
            status=r.status,
            institution=institution_name,
            ngo=ngo_name,
            due_at=r.current_due_at,
            escalation_level=r.escalation_level,
            flow_run_id=runs.get(str(r.id)),
        )
        for r, institution_name, ngo_name in rows
    ]


def dashboard(uow: UnitOfWork, *, actor: Actor, overdue_limit: int = 100) -> Dashboard:
    """The actor's dashboard; reading it is audited like any read of case data."""
    with uow:
        condition, scope, sees_rows = _scope(uow, actor)
        shown = board(
            scope.name,
            _open_counts(uow, condition),
            _overdue(uow, actor, condition, limit=overdue_limit) if sees_rows else [],
            sees_rows=sees_rows,
            closed=_closed_counts(uow, condition),
        )
        uow.audit(actor, AuditAction.REFERRAL_DASHBOARD_READ, scope)
        uow.commit()
        return shown
