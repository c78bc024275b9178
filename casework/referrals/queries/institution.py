"""What a member institution sees of a referral: a small fixed schema in which no field can
hold a name, a UIC, a phone number or a case note. Every field is an id, an enum, a date, or
a string type that accepts only its own pattern (a form serial, a display code); the types
are checked when a view is built, not merely declared. The display code is the institution's
own code for the beneficiary, derived for the institution the referral is addressed to, so
that two institutions comparing their records cannot link one person's services."""

import uuid

from sqlalchemy import select

from casework import access
from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.beneficiaries.pseudonyms import institution_code
from casework.cases.model import Case
from casework.errors import NotFound, PermissionDenied
from casework.network.model import Member
from casework.referrals.model import Referral
from casework.referrals.queries.referrals import get_referral
from casework.referrals.states import OPEN_STATUSES, ReferralStatus
from casework.referrals.views import InstitutionReferralView, ReferralView
from casework.uow import UnitOfWork


def _views(
    uow: UnitOfWork, *conditions, limit: int | None = None, offset: int = 0
) -> list[InstitutionReferralView]:
    rows = uow.session.execute(
        select(Referral, Case.beneficiary_id)
        .join(Case, Case.id == Referral.case_id)
        .where(*conditions, Referral.status != ReferralStatus.DRAFT)
        .order_by(Referral.requested_at.desc(), Referral.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [
        InstitutionReferralView.of(
            referral,
            institution_code(
                uow.keys, beneficiary_id=beneficiary_id, institution_id=referral.institution_id
            ),
        )
        for referral, beneficiary_id in rows
    ]


def institution_referral(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID
) -> InstitutionReferralView:
    """One referral addressed to the actor's institution; the read is audited."""
    with uow:
        referral = access.referral_for_institution(uow.session, referral_id, actor)
        views = _views(uow, Referral.id == referral.id)
        if not views:
            raise NotFound(
                "referral.not_found", "referral {referral_id} not found", referral_id=referral_id
            )
        uow.audit(actor, AuditAction.REFERRAL_READ, referral)
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
        raise PermissionDenied(
            "inbox.focal_point_only", "only an institution's focal point has an inbox"
        )
    conditions = [Referral.institution_id == actor.organisation_id]
    if status is not None:
        conditions.append(Referral.status == status)
    if open_only:
        conditions.append(Referral.status.in_(OPEN_STATUSES))
    if serial is not None:
        conditions.append(Referral.serial == "".join(serial.split()).upper())
    with uow:
        views = _views(uow, *conditions, limit=limit, offset=offset)
        uow.audit(
            actor,
            AuditAction.REFERRAL_INBOX_READ,
            uow.session.get_one(Member, actor.organisation_id),
        )
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
