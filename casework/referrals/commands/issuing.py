"""Issuing a referral on the standard form: routed, numbered and given its deadlines in one
audited transaction."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from casework import access
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.model import ConsentPurpose
from casework.beneficiaries.queries import require_consent
from casework.cases.model import Case, Need
from casework.cases.states import CaseStatus, NeedStatus
from casework.errors import Conflict
from casework.network.queries import place_of
from casework.network.services import ServiceCode
from casework.orm import new_id
from casework.referrals import routing
from casework.referrals.model import Referral
from casework.referrals.serials import next_serial
from casework.referrals.states import ReferralStatus, Urgency
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class ReferralIssued:
    referral_id: uuid.UUID
    serial: str
    status: ReferralStatus
    institution_id: int
    accept_due_at: datetime  # the memorandum's deadlines, from the moment of issue
    complete_due_at: datetime

    @classmethod
    def of(cls, referral: Referral) -> "ReferralIssued":
        # Issued referrals are numbered and dated at once.
        assert referral.serial is not None and referral.accept_due_at is not None
        assert referral.complete_due_at is not None
        return cls(
            referral.id,
            referral.serial,
            referral.status,
            referral.institution_id,
            referral.accept_due_at,
            referral.complete_due_at,
        )


def request_referral(
    uow: UnitOfWork,
    *,
    actor: Actor,
    case_id: uuid.UUID,
    service: ServiceCode,
    institution_id: int | None = None,
    urgency: Urgency = Urgency.ROUTINE,
) -> ReferralIssued:
    """Route, number and date a referral in one transaction, so the caseworker gets the serial
    at once; the referral flow then does the slower work (form, notifications). Anyone but
    the case's NGO staff gets NotFound from the case lookup, never a 403 that confirms it."""
    with uow:
        referral = issue_on_case(
            uow,
            actor=actor,
            target=case_to_issue_on(uow.session, case_id, actor),
            service=service,
            institution_id=institution_id,
            urgency=urgency,
        )
        uow.commit()
        return ReferralIssued.of(referral)


@dataclass(frozen=True)
class CaseToIssueOn:
    """What issuing reads first: the case, locked, with its needs, and where the case's NGO
    stands in the network. Not the consent: a statement that waited for the case's lock
    still answers from before the wait, and a revocation that held the lock must be seen
    (casework.beneficiaries.commands.consent locks the cases before it revokes); it is read
    after the lock."""

    case: Case
    network_id: int
    sub_network_id: int | None
    network_code: str


def case_to_issue_on(session: Session, case_id: uuid.UUID, actor: Actor) -> CaseToIssueOn:
    """The case to issue a referral on, locked; NotFound to anyone but its NGO's staff."""
    case = access.ngo_case_or_refusal(session, actor, access.locked_case(session, case_id), case_id)
    ngo = place_of(session, case.ngo_id)
    assert ngo is not None  # a case's NGO is a member (a foreign key)
    return CaseToIssueOn(case, ngo.network_id, ngo.sub_network_id, ngo.network_code)


def issue_on_case(
    uow: UnitOfWork,
    *,
    actor: Actor,
    target: CaseToIssueOn,
    service: ServiceCode,
    institution_id: int | None,
    urgency: Urgency,
) -> Referral:
    """Within the caller's transaction, on the case it read (case_to_issue_on): refuse a
    closed case or one without consent, route, number, date and audit the referral, and queue
    the referral flow (form, notices). Every way of issuing a referral goes through here."""
    session, case = uow.session, target.case
    if case.is_closed:
        raise Conflict(
            "referral.case_closed",
            "case is {status}; no new referrals",
            field="case",
            status=case.status,
        )
    require_consent(session, case.beneficiary_id, ConsentPurpose.REFERRAL)
    now = uow.now()
    today = uow.calendar.today(now)
    chosen = routing.route(
        session,
        network_id=target.network_id,
        ngo_id=case.ngo_id,
        service=service,
        day=today,
        institution_id=institution_id,
        near=routing.Nearness(case.district, target.sub_network_id),
    )
    need = case.open_need_for(service)
    if need is None:
        need = Need(case_id=case.id, service=service, status=NeedStatus.OPEN, created_at=now)
        uow.insert(need)
        case.needs.append(need)
    if case.status is CaseStatus.OPEN:
        case.move_to(CaseStatus.ACTIVE, now=now)

    complete_due = uow.calendar.deadline(now, chosen.completion_deadline, chosen.deadline_unit)
    referral = Referral(
        id=new_id(),
        case_id=case.id,
        need_id=need.id,
        network_id=target.network_id,
        ngo_id=case.ngo_id,
        institution_id=chosen.institution_id,
        memorandum_id=chosen.memorandum_id,
        service=service,
        urgency=urgency,
        status=ReferralStatus.DRAFT,
        created_at=now,
        serial=next_serial(
            session,
            network_id=target.network_id,
            network_code=target.network_code,
            year=today.year,
        ),
        accept_due_at=uow.calendar.deadline(now, chosen.response_deadline, chosen.deadline_unit),
        complete_due_at=complete_due,
        deadline_unit=chosen.deadline_unit,
        valid_until=uow.calendar.today(complete_due),
    )
    referral.move_to(ReferralStatus.REQUESTED, now=now)
    uow.insert(referral)  # through Core, now: nothing here changes it again
    uow.audit(actor, AuditAction.REFERRAL_REQUESTED, referral)
    uow.enqueue("referral", referral_id=str(referral.id))
    return referral
