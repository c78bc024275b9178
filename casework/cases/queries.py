"""Reads of cases for the owning NGO, and a case's history from the audit trail and the flow
runs that did the work; each read is audited."""

import uuid
from collections.abc import Collection

from sqlalchemy import bindparam, select

from casework import access, outbox
from casework.accounts.model import User
from casework.actors import Actor
from casework.audit import AuditEntry, chain_order
from casework.audit_actions import AuditAction
from casework.beneficiaries.model import Beneficiary
from casework.cases.model import Case, Outcome
from casework.cases.search import CaseSearch
from casework.cases.views import (
    CaseDetail,
    CaseHistory,
    CaseSummary,
    FlowRun,
    NeedView,
    TimelineEntry,
)
from casework.errors import PermissionDenied
from casework.network.model import Member
from casework.referrals.model import Referral
from casework.referrals.queries.referrals import referrals_of_case
from casework.uow import UnitOfWork

# Audit actions that only read ("case.read", "referral.inbox_read", "case.listed"): the
# timeline shows what changed.
_READS = ("%read", "%.listed")


def get_case(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> CaseDetail:
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        beneficiary = uow.session.get_one(Beneficiary, case.beneficiary_id)
        outcome = uow.session.scalar(select(Outcome).where(Outcome.case_id == case.id))
        detail = CaseDetail(
            **vars(CaseSummary.of(case, beneficiary.display_code)),
            beneficiary_id=case.beneficiary_id,
            ngo_id=case.ngo_id,
            needs=[
                NeedView(n.id, n.service, n.status, n.proposed_institution_id) for n in case.needs
            ],
            referrals=referrals_of_case(uow.session, case.id, today=uow.calendar.today(uow.now())),
            outcome_resolved=None if outcome is None else outcome.resolved,
            caseworker=None
            if case.caseworker_id is None
            else uow.session.get_one(User, case.caseworker_id).username,
            closing_reason=case.closing_reason,
            district=case.district,
            profile=case.profile,
        )
        uow.audit(actor, AuditAction.CASE_READ, case)
        uow.commit()
        return detail


# The summary's columns, not whole cases (loading a page of ORM objects only to copy five
# fields out of each was a third of the request), in a statement built once: building it
# anew was a tenth.
_CASE_PAGE = (
    select(Case.id, Beneficiary.display_code, Case.status, Case.opened_at, Case.closed_at)
    .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
    .where(Case.ngo_id == bindparam("ngo"))
    .order_by(Case.opened_at.desc(), Case.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)


def list_cases(
    uow: UnitOfWork,
    *,
    actor: Actor,
    search: CaseSearch = CaseSearch(),
    limit: int = 100,
    offset: int = 0,
) -> list[CaseSummary]:
    """The cases of the actor's own NGO that `search` finds, newest first."""
    _require_ngo_staff(actor)
    conditions = search.conditions(actor, uow.calendar)
    stmt = _CASE_PAGE.where(*conditions) if conditions else _CASE_PAGE
    with uow:
        page = {"ngo": actor.organisation_id, "limit": limit, "offset": offset}
        # On the connection: rows of columns need none of the ORM's loading.
        rows = [CaseSummary(*row) for row in uow.session.connection().execute(stmt, page)]
        uow.audit(actor, AuditAction.CASE_LISTED, _ngo_of(actor))
        uow.commit()
        return rows


def case_codes(
    uow: UnitOfWork, *, actor: Actor, case_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """The display code of each of `case_ids` that the actor's NGO owns; any other is left
    out, as if it did not exist (the ids come from outside, e.g. Prefect's run tags).
    Audited as a listing of the NGO's cases."""
    _require_ngo_staff(actor)
    with uow:
        rows = uow.session.execute(
            select(Case.id, Case.ngo_id, Beneficiary.display_code)
            .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
            .where(Case.id.in_(set(case_ids)))
        )
        codes = {case_id: code for case_id, ngo, code in rows if access.is_ngo_staff_of(actor, ngo)}
        uow.audit(actor, AuditAction.CASE_LISTED, _ngo_of(actor))
        uow.commit()
        return codes


def _ngo_of(actor: Actor) -> Member:
    """The actor's NGO as the subject of an audit row, which needs only its table and id: not
    loaded, since the account's organisation exists (a foreign key) and a listing is already
    limited to NGO staff (_require_ngo_staff)."""
    return Member(id=actor.organisation_id)


def _require_ngo_staff(actor: Actor) -> None:
    if actor.organisation_id is None or not access.is_ngo_staff_of(actor, actor.organisation_id):
        raise PermissionDenied("case.list_ngo_staff_only", "only NGO staff list cases")


def case_history(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> CaseHistory:
    """The case's timeline, oldest first, and its flow runs, newest first; audited."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        serials = dict(
            uow.session.execute(
                select(Referral.id, Referral.serial).where(Referral.case_id == case.id)
            ).all()
        )
        ids = {str(case.id): None} | {str(rid): serial for rid, serial in serials.items()}
        entries = uow.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.object_type.in_(("cases", "referrals")),
                AuditEntry.object_id.in_(ids),
                *(AuditEntry.action.not_like(read) for read in _READS),
            )
            .order_by(*chain_order())
        )
        timeline = [TimelineEntry(e.at, e.action, e.actor_role, ids[e.object_id]) for e in entries]
        runs = [
            FlowRun(m.flow, m.created_at, m.dispatched_at, m.flow_run_id, m.last_error)
            for m in outbox.runs_of(uow.session, list(ids))
        ]
        uow.audit(actor, AuditAction.CASE_HISTORY_READ, case)
        uow.commit()
        return CaseHistory(timeline, runs)
