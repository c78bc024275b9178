"""Read models of cases for the owning NGO; each read is audited."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from casework import access
from casework.actors import Actor
from casework.beneficiaries.model import Beneficiary
from casework.cases.model import Case, Outcome
from casework.cases.states import CaseStatus, NeedStatus
from casework.errors import PermissionDenied
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.referrals.queries.referrals import referrals_of_case
from casework.referrals.views import ReferralView
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class NeedView:
    id: int
    service: ServiceCode
    status: NeedStatus
    proposed_institution_id: int | None


@dataclass(frozen=True)
class CaseSummary:
    id: uuid.UUID
    display_code: str
    status: CaseStatus
    opened_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class CaseDetail(CaseSummary):
    beneficiary_id: uuid.UUID
    ngo_id: int
    needs: list[NeedView]
    referrals: list[ReferralView]
    outcome_resolved: bool | None


def get_case(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> CaseDetail:
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        beneficiary = uow.session.get_one(Beneficiary, case.beneficiary_id)
        outcome = uow.session.scalar(select(Outcome).where(Outcome.case_id == case.id))
        detail = CaseDetail(
            id=case.id,
            display_code=beneficiary.display_code,
            status=case.status,
            opened_at=case.opened_at,
            closed_at=case.closed_at,
            beneficiary_id=case.beneficiary_id,
            ngo_id=case.ngo_id,
            needs=[
                NeedView(n.id, n.service, n.status, n.proposed_institution_id) for n in case.needs
            ],
            referrals=referrals_of_case(uow.session, case.id),
            outcome_resolved=None if outcome is None else outcome.resolved,
        )
        uow.audit(actor, "case.read", case)
        uow.commit()
        return detail


def list_cases(
    uow: UnitOfWork,
    *,
    actor: Actor,
    status: CaseStatus | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[CaseSummary]:
    """The cases of the actor's own NGO, newest first."""
    if actor.organisation_id is None or not access.is_ngo_staff_of(actor, actor.organisation_id):
        raise PermissionDenied("only NGO staff list cases")
    with uow:
        stmt = (
            select(Case, Beneficiary.display_code)
            .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
            .where(Case.ngo_id == actor.organisation_id)
            .order_by(Case.opened_at.desc(), Case.id)
            .limit(limit)
            .offset(offset)
        )
        if status is not None:
            stmt = stmt.where(Case.status == status)
        rows = [
            CaseSummary(c.id, code, c.status, c.opened_at, c.closed_at)
            for c, code in uow.session.execute(stmt)
        ]
        uow.audit(actor, "case.listed", uow.session.get_one(Member, actor.organisation_id))
        uow.commit()
        return rows
