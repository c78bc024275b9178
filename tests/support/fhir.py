"""Referrals in every state a Task shows, and FHIR R4B validation of what the engine writes."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from fhir.resources.R4B import get_fhir_model_class

from casework.clock import FrozenClock
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.reasons import CancelReason, HoldReason, RejectReason
from casework.uow import UnitOfWork
from tests.support.network import Demo

NOTE = "Free text that never leaves the engine"


@dataclass(frozen=True)
class Fates:
    """Referrals to the AIDS centre by fate, issued an hour apart; one to the TB dispensary."""

    requested: uuid.UUID
    accepted: uuid.UUID
    started: uuid.UUID
    held: uuid.UUID
    completed: uuid.UUID
    rejected: uuid.UUID
    cancelled: uuid.UUID
    elsewhere: uuid.UUID  # to the TB dispensary: another institution's

    def at_the_aids_centre(self) -> set[uuid.UUID]:
        return {getattr(self, name) for name in self.__dataclass_fields__} - {self.elsewhere}


def referrals_of_every_fate(uow: UnitOfWork, d: Demo, clock: FrozenClock) -> Fates:
    def issue(service: ServiceCode = ServiceCode.HIV_TESTING) -> uuid.UUID:
        clock.advance(timedelta(hours=1))
        return d.issue_referral(uow, service)

    focal = {"actor": d.focal()}
    ids = {name: issue() for name in ("requested", "accepted", "started", "held", "completed")}
    ids |= {"rejected": issue(), "cancelled": issue(), "elsewhere": issue(ServiceCode.TB_SCREENING)}
    for name in ("accepted", "started", "held", "completed"):
        referrals.accept_referral(uow, referral_id=ids[name], **focal)
    for name in ("started", "held"):
        referrals.start_referral(uow, referral_id=ids[name], **focal)
    referrals.hold_referral(
        uow, referral_id=ids["held"], reason_code=HoldReason.AWAITING_RESULTS, note=NOTE, **focal
    )
    referrals.complete_referral(
        uow,
        referral_id=ids["completed"],
        **focal,
        attestations=referrals.Attestations(anonymous=True, free=True, voluntary=False),
    )
    referrals.reject_referral(
        uow, referral_id=ids["rejected"], reason_code=RejectReason.NO_CAPACITY, note=NOTE, **focal
    )
    referrals.cancel_referral(
        uow,
        actor=d.caseworker(),
        referral_id=ids["cancelled"],
        reason_code=CancelReason.CLIENT_DECLINED,
        note=NOTE,
    )
    return Fates(**ids)


def validated(resource: dict) -> object:
    """The resource parsed by fhir.resources' R4B model of its type (raises when invalid)."""
    return get_fhir_model_class(resource["resourceType"]).model_validate(resource)
