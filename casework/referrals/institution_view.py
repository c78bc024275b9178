"""What a member institution sees of a referral: a small fixed schema in which no field can
hold a name, a UIC, a phone number or a case note. Every field is an id, an enum, a date, or
a string type that accepts only its own pattern (a form serial, a display code); the types
are checked when a view is built, not merely declared."""

import re
import uuid
from dataclasses import dataclass, fields
from datetime import date
from typing import get_type_hints

from sqlalchemy import select

from casework import access
from casework.actors import Actor, Role
from casework.beneficiaries.model import Beneficiary
from casework.cases.model import Case
from casework.errors import NotFound, PermissionDenied
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.privacy.display_codes import ALPHABET
from casework.referrals.model import Referral
from casework.referrals.queries import ReferralView, get_referral
from casework.referrals.serials import is_valid_serial
from casework.referrals.states import OPEN_STATUSES, ReferralStatus, Urgency
from casework.uow import UnitOfWork

_DISPLAY_CODE = re.compile(f"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


class Serial(str):
    """A form serial with a valid check digit, and nothing else."""

    def __new__(cls, value: str) -> "Serial":
        if not is_valid_serial(value) or value != value.strip().upper():
            raise ValueError("not a form serial")
        return super().__new__(cls, value)


class DisplayCode(str):
    """A beneficiary's random display code (XXXX-XXXX), and nothing else."""

    def __new__(cls, value: str) -> "DisplayCode":
        if not _DISPLAY_CODE.match(value):
            raise ValueError("not a display code")
        return super().__new__(cls, value)


@dataclass(frozen=True)
class InstitutionReferralView:
    referral_id: uuid.UUID
    serial: Serial
    service: ServiceCode
    urgency: Urgency
    status: ReferralStatus  # a cancellation shows as "cancelled", never with its reason
    valid_until: date | None
    display_code: DisplayCode
    issuing_ngo_id: int

    def __post_init__(self) -> None:
        for field in fields(self):
            allowed = _ALLOWED[field.name]
            if not isinstance(getattr(self, field.name), allowed):
                raise TypeError(f"{field.name} must be {allowed}")

    @classmethod
    def of(cls, referral: Referral, display_code: str) -> "InstitutionReferralView":
        return cls(
            referral_id=referral.id,
            serial=Serial(referral.serial or ""),
            service=referral.service,
            urgency=referral.urgency,
            status=referral.status,
            valid_until=referral.valid_until,
            display_code=DisplayCode(display_code),
            issuing_ngo_id=referral.ngo_id,
        )


def _runtime_types(annotation) -> tuple[type, ...]:
    return tuple(getattr(annotation, "__args__", (annotation,)))


_ALLOWED = {
    name: _runtime_types(hint) for name, hint in get_type_hints(InstitutionReferralView).items()
}


def _views(
    uow: UnitOfWork, *conditions, limit: int | None = None, offset: int = 0
) -> list[InstitutionReferralView]:
    rows = uow.session.execute(
        select(Referral, Beneficiary.display_code)
        .join(Case, Case.id == Referral.case_id)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(*conditions, Referral.status != ReferralStatus.DRAFT)
        .order_by(Referral.requested_at.desc(), Referral.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [InstitutionReferralView.of(referral, code) for referral, code in rows]


def institution_referral(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID
) -> InstitutionReferralView:
    """One referral addressed to the actor's institution; the read is audited."""
    with uow:
        referral = access.referral_for_institution(uow.session, referral_id, actor)
        views = _views(uow, Referral.id == referral.id)
        if not views:
            raise NotFound(f"referral {referral_id} not found")
        uow.audit(actor, "referral.read", referral)
        uow.commit()
        return views[0]


def institution_inbox(
    uow: UnitOfWork,
    *,
    actor: Actor,
    status: ReferralStatus | None = None,
    open_only: bool = False,
    serial: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[InstitutionReferralView]:
    """Referrals addressed to the focal point's institution, newest first; audited. `serial`
    finds the one on a form a beneficiary brings (as typed: case and spaces do not matter)."""
    if actor.role is not Role.FOCAL_POINT or actor.organisation_id is None:
        raise PermissionDenied("only an institution's focal point has an inbox")
    conditions = [Referral.institution_id == actor.organisation_id]
    if status is not None:
        conditions.append(Referral.status == status)
    if open_only:
        conditions.append(Referral.status.in_(OPEN_STATUSES))
    if serial is not None:
        conditions.append(Referral.serial == "".join(serial.split()).upper())
    with uow:
        views = _views(uow, *conditions, limit=limit, offset=offset)
        uow.audit(actor, "referral.inbox_read", uow.session.get_one(Member, actor.organisation_id))
        uow.commit()
        return views


def read_referral(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID
) -> ReferralView | InstitutionReferralView:
    """A referral as the actor may see it: its institution's focal point gets the institution
    view, staff of the issuing NGO the full one; anyone else NotFound."""
    if actor.role is Role.FOCAL_POINT:
        return institution_referral(uow, actor=actor, referral_id=referral_id)
    return get_referral(uow, actor=actor, referral_id=referral_id)
