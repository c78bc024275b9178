"""Commands on referrals: request on the standard form, and each step an institution or the
issuing NGO takes afterwards. Each is one audited transaction."""

import uuid
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Update, bindparam, select, update

from casework import access
from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.cases.model import Need
from casework.cases.states import NeedStatus
from casework.errors import Conflict, IllegalTransition, InvalidInput, PermissionDenied
from casework.referrals.cancellation import notify_institution_of_cancellation
from casework.referrals.model import Referral
from casework.referrals.reasons import (
    NOTE_MAX_LENGTH,
    CancelReason,
    EngineReason,
    HoldReason,
    RejectReason,
)
from casework.referrals.routing import eligible_institution_ids
from casework.referrals.states import OPEN_STATUSES, ReferralStatus
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class Attestations:
    """The institution's statement that the service was anonymous, free and voluntary."""

    anonymous: bool
    free: bool
    voluntary: bool


# What the audit trail records for each step an institution takes.
_INSTITUTION_STEPS = {
    ReferralStatus.ACCEPTED: AuditAction.REFERRAL_ACCEPTED,
    ReferralStatus.REJECTED: AuditAction.REFERRAL_REJECTED,
    ReferralStatus.IN_PROGRESS: AuditAction.REFERRAL_IN_PROGRESS,
    ReferralStatus.COMPLETED: AuditAction.REFERRAL_COMPLETED,
}


# What an institution may put on hold: a service it has taken on.
_HOLDABLE = frozenset({ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS})


def _for_institution(uow: UnitOfWork, actor: Actor, referral_id: uuid.UUID) -> Referral:
    """The referral, locked, for a step its institution's focal point takes."""
    referral = access.referral_for_institution(uow.session, referral_id, actor, for_update=True)
    if not (actor.role is Role.FOCAL_POINT or actor.is_system):
        raise PermissionDenied(
            "referral.focal_point_only", "only the institution's focal point acts on a referral"
        )
    return referral


def _institution_step(
    uow: UnitOfWork,
    *,
    actor: Actor,
    referral_id: uuid.UUID,
    target: ReferralStatus,
    reason: str | None = None,
    note: str | None = None,
) -> Referral:
    referral = _for_institution(uow, actor, referral_id)
    referral.move_to(target, now=uow.now(), reason=reason, note=note)
    uow.audit(actor, _INSTITUTION_STEPS[target], referral)
    return referral


def accept_referral(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> ReferralStatus:
    with uow:
        referral = _institution_step(
            uow, actor=actor, referral_id=referral_id, target=ReferralStatus.ACCEPTED
        )
        uow.commit()
        return referral.status


def reject_referral(
    uow: UnitOfWork,
    *,
    actor: Actor,
    referral_id: uuid.UUID,
    reason_code: RejectReason,
    note: str = "",
    suggested_member_id: int | None = None,
) -> ReferralStatus:
    """Decline with a coded reason, a note back to the NGO, and perhaps a member to try instead."""
    note = _checked_note(note)
    with uow:
        referral = _institution_step(
            uow,
            actor=actor,
            referral_id=referral_id,
            target=ReferralStatus.REJECTED,
            reason=RejectReason(reason_code),
            note=note,
        )
        if suggested_member_id is not None:
            _check_suggestion(uow, referral, suggested_member_id)
        referral.suggested_member_id = suggested_member_id
        uow.commit()
        return referral.status


def _checked_note(note: str) -> str | None:
    """The note as stored: trimmed, None when blank, refused when longer than the column."""
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            "referral.note_too_long",
            "a note holds at most {limit} characters",
            field="note",
            limit=NOTE_MAX_LENGTH,
        )
    return note or None


def _check_suggestion(uow: UnitOfWork, referral: Referral, member_id: int) -> None:
    """A suggestion must be somewhere the NGO could refer to today: routing's own rule."""
    eligible = eligible_institution_ids(
        uow.session,
        network_id=referral.network_id,
        service=referral.service,
        day=uow.calendar.today(uow.now()),
        exclude=referral.institution_id,
    )
    if member_id not in eligible:
        raise InvalidInput(
            "referral.suggestion_not_offering",
            "member {member_id} is not another member of the network offering '{service}'",
            field="suggested_member_id",
            member_id=member_id,
            service=referral.service.value,
        )


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
    # One conditional UPDATE, not a load: a need already closed or withdrawn stays so.
    session = uow.session
    session.execute(_meet_need(), {"need_id": referral.need_id})
    loaded = session.identity_map.get(session.identity_key(Need, referral.need_id))
    if loaded is not None:  # a Core statement leaves an object in the session as it was
        session.expire(loaded, ["status"])
    uow.enqueue("confirmation", referral_id=str(referral.id))


@cache
def _meet_need() -> Update:
    """Built once, and Core: the ORM's bulk UPDATE cost more CPU than the rest of the command."""
    needs = Need.__table__
    return (
        update(needs)
        .where(needs.c.id == bindparam("need_id"), needs.c.status == NeedStatus.OPEN)
        .values(status=NeedStatus.MET)
    )


def cancel_referral(
    uow: UnitOfWork,
    *,
    actor: Actor,
    referral_id: uuid.UUID,
    reason_code: CancelReason,
    note: str = "",
) -> ReferralStatus:
    """The issuing NGO withdraws the referral; the institution is told only `cancelled`."""
    note = _checked_note(note)
    with uow:
        referral = access.referral_for_ngo(uow.session, referral_id, actor, for_update=True)
        referral.move_to(
            ReferralStatus.CANCELLED, now=uow.now(), reason=CancelReason(reason_code), note=note
        )
        uow.audit(actor, AuditAction.REFERRAL_CANCELLED, referral)
        notify_institution_of_cancellation(uow, actor=actor, referral=referral)
        uow.commit()
        return referral.status


def hold_referral(
    uow: UnitOfWork,
    *,
    actor: Actor,
    referral_id: uuid.UUID,
    reason_code: HoldReason,
    note: str = "",
) -> ReferralStatus:
    """The institution pauses a service it has taken on (waiting for results, say): deadlines
    stop counting until it resumes. Only a started service: holding a referral not yet
    accepted would stop the clock on the institution's own answer. The code is the published
    reason (casework/referrals/reasons.py), the note what the NGO is told beside it."""
    note = _checked_note(note)
    with uow:
        referral = _for_institution(uow, actor, referral_id)
        if referral.status not in _HOLDABLE:
            raise IllegalTransition("referral", referral.status, ReferralStatus.ON_HOLD)
        referral.move_to(
            ReferralStatus.ON_HOLD, now=uow.now(), reason=HoldReason(reason_code), note=note
        )
        uow.audit(actor, AuditAction.REFERRAL_ON_HOLD, referral)
        uow.commit()
        return referral.status


def resume_referral(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> ReferralStatus:
    """The institution takes up a held service where it left it; its deadlines move on by the
    time spent on hold."""
    with uow:
        referral = _for_institution(uow, actor, referral_id)
        resume_to = referral.status_before_hold or ReferralStatus.REQUESTED
        referral.move_to(resume_to, now=uow.now())
        uow.audit(actor, AuditAction.REFERRAL_RESUMED, referral)
        uow.commit()
        return referral.status


def cancel_open_referrals_of_case(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> int:
    """Wind down what a closed case left open. Idempotent: a second run finds nothing.
    Refused while the case is open: the resolution flow may be started by hand, and must
    not cancel the referrals of a case that is still being worked."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor, for_update=True)
        if not case.is_closed:
            raise Conflict(
                "case.not_closed",
                "case is {status}; its referrals are wound down only once it is closed",
                field="case",
                status=case.status,
            )
        referrals = uow.session.scalars(
            select(Referral)
            .where(Referral.case_id == case.id, Referral.status.in_(OPEN_STATUSES))
            .with_for_update()
        ).all()
        for referral in referrals:
            referral.move_to(
                ReferralStatus.CANCELLED, now=uow.now(), reason=EngineReason.CASE_CLOSED
            )
            uow.audit(actor, AuditAction.REFERRAL_CANCELLED, referral)
            notify_institution_of_cancellation(uow, actor=actor, referral=referral)
        uow.commit()
        return len(referrals)
