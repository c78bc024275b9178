"""Commands on referrals: request on the standard form, and each step an institution or the
issuing NGO takes afterwards. Each is one audited transaction."""

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from casework import access
from casework.actors import Actor, Role
from casework.beneficiaries.model import ConsentPurpose
from casework.beneficiaries.queries import require_consent
from casework.cases.model import Need
from casework.cases.states import CaseStatus, NeedStatus
from casework.errors import Conflict, PermissionDenied
from casework.network.model import Member, Network
from casework.network.services import ServiceCode
from casework.referrals import routing
from casework.referrals.model import Referral
from casework.referrals.serials import next_serial
from casework.referrals.states import OPEN_STATUSES, ReferralStatus, Urgency
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class ReferralIssued:
    referral_id: uuid.UUID
    serial: str
    status: ReferralStatus
    institution_id: int


@dataclass(frozen=True)
class Attestations:
    """The institution's statement that the service was anonymous, free and voluntary."""

    anonymous: bool
    free: bool
    voluntary: bool


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
        session = uow.session
        case = access.case_for_ngo(session, case_id, actor, for_update=True)
        if case.is_closed:
            raise Conflict(f"case is {case.status.value}; no new referrals", field="case")
        require_consent(session, case.beneficiary_id, ConsentPurpose.REFERRAL)
        now = uow.now()
        today = uow.calendar.today(now)
        ngo = session.get_one(Member, case.ngo_id)
        network = session.get_one(Network, ngo.network_id)
        chosen = routing.route(
            session,
            network_id=network.id,
            ngo_id=ngo.id,
            service=service,
            day=today,
            institution_id=institution_id,
        )
        need = case.open_need_for(service)
        if need is None:
            need = Need(service=service, status=NeedStatus.OPEN, created_at=now)
            case.needs.append(need)
            uow.session.flush()
        if case.status is CaseStatus.OPEN:
            case.move_to(CaseStatus.ACTIVE, now=now)

        commitment = chosen.memorandum.commitment_for(service.category)
        assert commitment is not None  # routing refuses a service the memorandum does not cover
        complete_due = uow.calendar.deadline(
            now, commitment.completion_deadline, commitment.deadline_unit
        )
        referral = Referral(
            case_id=case.id,
            need_id=need.id,
            network_id=network.id,
            ngo_id=ngo.id,
            institution_id=chosen.institution.id,
            memorandum_id=chosen.memorandum.id,
            service=service,
            urgency=urgency,
            status=ReferralStatus.DRAFT,
            created_at=now,
            serial=next_serial(
                session, network_id=network.id, network_code=network.code, year=today.year
            ),
            accept_due_at=uow.calendar.deadline(
                now, commitment.response_deadline, commitment.deadline_unit
            ),
            complete_due_at=complete_due,
            deadline_unit=commitment.deadline_unit,
            valid_until=uow.calendar.today(complete_due),
        )
        referral.move_to(ReferralStatus.REQUESTED, now=now)
        session.add(referral)
        session.flush()
        uow.audit(actor, "referral.requested", referral)
        uow.enqueue("referral", referral_id=str(referral.id))
        uow.commit()
        return ReferralIssued(
            referral.id, referral.serial, referral.status, referral.institution_id
        )


def _institution_step(
    uow: UnitOfWork,
    *,
    actor: Actor,
    referral_id: uuid.UUID,
    target: ReferralStatus,
    reason: str | None = None,
) -> Referral:
    referral = access.referral_for_institution(uow.session, referral_id, actor, for_update=True)
    if not (actor.role is Role.FOCAL_POINT or actor.is_system):
        raise PermissionDenied("only the institution's focal point acts on a referral")
    referral.move_to(target, now=uow.now(), reason=reason)
    uow.audit(actor, f"referral.{target.value}", referral)
    return referral


def accept_referral(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> ReferralStatus:
    with uow:
        referral = _institution_step(
            uow, actor=actor, referral_id=referral_id, target=ReferralStatus.ACCEPTED
        )
        uow.commit()
        return referral.status


def reject_referral(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID, reason: str
) -> ReferralStatus:
    if not reason.strip():
        raise Conflict("a rejection needs a reason", field="reason")
    with uow:
        referral = _institution_step(
            uow,
            actor=actor,
            referral_id=referral_id,
            target=ReferralStatus.REJECTED,
            reason=reason.strip(),
        )
        uow.commit()
        return referral.status


def start_referral(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> ReferralStatus:
    with uow:
        referral = _institution_step(
            uow, actor=actor, referral_id=referral_id, target=ReferralStatus.IN_PROGRESS
        )
        uow.commit()
        return referral.status


def complete_referral(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID, attestations: Attestations
) -> ReferralStatus:
    """The visit happened and meets the need; the confirmation flow checks the attestations."""
    with uow:
        referral = _institution_step(
            uow, actor=actor, referral_id=referral_id, target=ReferralStatus.COMPLETED
        )
        record_completion(uow, referral, attestations)
        uow.commit()
        return referral.status


def record_completion(uow: UnitOfWork, referral: Referral, attestations: Attestations) -> None:
    """What every way of completing a referral does once its status is `completed`: keep the
    attestations, meet the need, and let the confirmation flow check the attestations."""
    referral.attested_anonymous = attestations.anonymous
    referral.attested_free = attestations.free
    referral.attested_voluntary = attestations.voluntary
    need = uow.session.get_one(Need, referral.need_id)
    if need.status is NeedStatus.OPEN:
        need.status = NeedStatus.MET
    uow.enqueue("confirmation", referral_id=str(referral.id))


def cancel_referral(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID, reason: str = "cancelled by the NGO"
) -> ReferralStatus:
    with uow:
        referral = access.referral_for_ngo(uow.session, referral_id, actor, for_update=True)
        referral.move_to(ReferralStatus.CANCELLED, now=uow.now(), reason=reason)
        uow.audit(actor, "referral.cancelled", referral)
        uow.commit()
        return referral.status


def hold_referral(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID, reason: str
) -> ReferralStatus:
    """Pause a referral (the beneficiary is in hospital elsewhere, say); deadlines stop counting."""
    with uow:
        referral = access.referral_for_ngo(uow.session, referral_id, actor, for_update=True)
        referral.move_to(ReferralStatus.ON_HOLD, now=uow.now(), reason=reason)
        uow.audit(actor, "referral.on-hold", referral)
        uow.commit()
        return referral.status


def resume_referral(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> ReferralStatus:
    with uow:
        referral = access.referral_for_ngo(uow.session, referral_id, actor, for_update=True)
        resume_to = referral.status_before_hold or ReferralStatus.REQUESTED
        referral.move_to(resume_to, now=uow.now())
        uow.audit(actor, "referral.resumed", referral)
        uow.commit()
        return referral.status


def cancel_open_referrals_of_case(
    uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID, reason: str
) -> int:
    """Wind down what a closed case left open. Idempotent: a second run finds nothing."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        referrals = uow.session.scalars(
            select(Referral)
            .where(Referral.case_id == case.id, Referral.status.in_(OPEN_STATUSES))
            .with_for_update()
        ).all()
        for referral in referrals:
            referral.move_to(ReferralStatus.CANCELLED, now=uow.now(), reason=reason)
            uow.audit(actor, "referral.cancelled", referral)
        uow.commit()
        return len(referrals)
