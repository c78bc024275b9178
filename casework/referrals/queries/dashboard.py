"""What supervisors and the coordinator watch: open referrals by institution and status, and
the overdue ones. An NGO's staff see their own NGO's referrals as they are; the coordinator
and administrators see the whole network, with small cells suppressed (docs/design.md)."""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from casework.access import GOVERNORS, network_of
from casework.actors import NGO_ROLES, Actor
from casework.audit_actions import AuditAction
from casework.errors import PermissionDenied
from casework.network.model import Member, Network
from casework.outbox import latest_flow_runs
from casework.privacy.small_cells import suppress_table
from casework.referrals.model import Referral
from casework.referrals.states import OPEN_STATUSES, ReferralStatus
from casework.referrals.views import Dashboard, OpenTable, OverdueReferral
from casework.uow import UnitOfWork

# Columns in the order a referral moves through them; a draft has not reached anyone yet.
OPEN_COLUMNS = tuple(s for s in ReferralStatus if s in OPEN_STATUSES - {ReferralStatus.DRAFT})


def _scope(uow: UnitOfWork, actor: Actor):
    """(condition on referrals, the network or NGO it covers, whether counts are suppressed)."""
    if actor.role in GOVERNORS:
        network = uow.session.get_one(Network, network_of(uow.session, actor))
        return Referral.network_id == network.id, network, True
    if actor.role in NGO_ROLES and actor.organisation_id is not None:
        ngo = uow.session.get_one(Member, actor.organisation_id)
        return Referral.ngo_id == ngo.id, ngo, False
    raise PermissionDenied(
        "dashboard.forbidden", "the dashboard is for an NGO's staff and the network's coordinator"
    )


def _open_table(uow: UnitOfWork, condition, *, suppressed: bool) -> OpenTable:
    rows = uow.session.execute(
        select(Member.name, Referral.status, func.count(Referral.id))
        .join(Member, Member.id == Referral.institution_id)
        .where(condition, Referral.status.in_(OPEN_COLUMNS))
        .group_by(Member.name, Referral.status)
    ).all()
    institutions = sorted({name for name, _, _ in rows})
    counts = [[0] * len(OPEN_COLUMNS) for _ in institutions]
    for name, status, count in rows:
        counts[institutions.index(name)][OPEN_COLUMNS.index(status)] = count
    if not institutions:
        zeros = ["0"] * len(OPEN_COLUMNS)
        return OpenTable([], OPEN_COLUMNS, [], [], zeros, "0", suppressed)
    if suppressed:
        shown = suppress_table(counts)
        cells = [list(row) for row in shown.cells]
        row_totals, column_totals = list(shown.row_totals), list(shown.column_totals)
        total = shown.grand_total
    else:
        cells = [[str(c) for c in row] for row in counts]
        row_totals = [str(sum(row)) for row in counts]
        column_totals = [str(sum(column)) for column in zip(*counts, strict=True)]
        total = str(sum(map(sum, counts)))
    return OpenTable(
        institutions, OPEN_COLUMNS, cells, row_totals, column_totals, total, suppressed
    )


def _overdue(uow: UnitOfWork, actor: Actor, condition, *, limit: int) -> list[OverdueReferral]:
    institution, ngo = aliased(Member), aliased(Member)
    rows = uow.session.execute(
        select(Referral, institution.name, ngo.name)
        .join(institution, institution.id == Referral.institution_id)
        .join(ngo, ngo.id == Referral.ngo_id)
        .where(condition, Referral.current_due_at < uow.now())
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
        condition, scope, suppressed = _scope(uow, actor)
        board = Dashboard(
            scope=scope.name,
            open=_open_table(uow, condition, suppressed=suppressed),
            overdue=_overdue(uow, actor, condition, limit=overdue_limit),
        )
        uow.audit(actor, AuditAction.REFERRAL_DASHBOARD_READ, scope)
        uow.commit()
        return board
