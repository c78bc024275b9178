"""What a member institution sees of a referral: a small fixed schema in which no field can
hold a name, a UIC, a phone number or a case note. Every field is an id, an enum, a date, or
a string type that accepts only its own pattern (a form serial, a display code); the types
are checked when a view is built, not merely declared. The display code is the institution's
own code for the beneficiary, derived for the institution the referral is addressed to, so
that two institutions comparing their records cannot link one person's services."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, select

from casework import access
from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.beneficiaries.pseudonyms import institution_code
from casework.calendar import WorkCalendar
from casework.cases.model import Case
from casework.errors import NotFound, PermissionDenied
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.referrals.model import Referral
from casework.referrals.queries.referrals import get_referral
from casework.referrals.serials import canonical_serial
from casework.referrals.states import OPEN_STATUSES, Deadline, ReferralStatus
from casework.referrals.views import InstitutionReferralView, ReferralView
from casework.uow import UnitOfWork


def _views(
    uow: UnitOfWork,
    *conditions,
    order_by=(Referral.requested_at.desc(), Referral.id),
    limit: int | None = None,
    offset: int = 0,
) -> list[InstitutionReferralView]:
    rows = uow.session.execute(
        select(Referral, Case.beneficiary_id)
        .join(Case, Case.id == Referral.case_id)
        .where(*conditions, Referral.status != ReferralStatus.DRAFT)
        .order_by(*order_by)
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


@dataclass(frozen=True)
class InboxFilter:
    """What the inbox can be narrowed to, besides the serial on a form."""

    status: ReferralStatus | None = None
    open_only: bool = False
    service: ServiceCode | None = None
    issued_from: date | None = None  # local days, both ends included
    issued_to: date | None = None

    def conditions(self, calendar: WorkCalendar) -> list[ColumnElement[bool]]:
        start, end = calendar.days_span(self.issued_from, self.issued_to, last_field="issued_to")
        found: list[ColumnElement[bool]] = []
        if self.status is not None:
            found.append(Referral.status == self.status)
        if self.open_only:
            found.append(Referral.status.in_(OPEN_STATUSES))
        if self.service is not None:
            found.append(Referral.service == self.service)
        if start is not None:
            found.append(Referral.requested_at >= start)
        if end is not None:
            found.append(Referral.requested_at < end)
        return found


def require_focal_point(actor: Actor) -> int:
    if actor.role is not Role.FOCAL_POINT or actor.organisation_id is None:
        raise PermissionDenied(
            "inbox.focal_point_only", "only an institution's focal point has an inbox"
        )
    return actor.organisation_id


def institution_inbox(
    uow: UnitOfWork,
    *,
    actor: Actor,
    narrow: InboxFilter = InboxFilter(),
    serial: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[InstitutionReferralView]:
    """Referrals addressed to the focal point's institution, newest first; audited. `serial`
    finds the one on a form a beneficiary brings (as typed: case and spaces do not matter)."""
    institution_id = require_focal_point(actor)
    conditions = [Referral.institution_id == institution_id, *narrow.conditions(uow.calendar)]
    if serial is not None:
        conditions.append(Referral.serial == (canonical_serial(serial) or ""))
    with uow:
        views = _views(uow, *conditions, limit=limit, offset=offset)
        uow.audit(
            actor, AuditAction.REFERRAL_INBOX_READ, uow.session.get_one(Member, institution_id)
        )
        uow.commit()
        return views


@dataclass(frozen=True)
class OverdueAtInstitution:
    """A referral the institution is late on: which deadline passed, and when."""

    referral: InstitutionReferralView
    deadline: Deadline  # accept (answer the referral) or complete (deliver the service)
    due_at: datetime
    escalation_level: int


def institution_overdue(
    uow: UnitOfWork, *, actor: Actor, limit: int = 100
) -> list[OverdueAtInstitution]:
    """The focal point's institution's referrals past the deadline their status runs (the
    one the escalation sweep watches), longest overdue first; audited as an inbox read."""
    institution_id = require_focal_point(actor)
    with uow:
        now = uow.now()
        views = _views(
            uow,
            Referral.institution_id == institution_id,
            Referral.is_overdue(now),
            order_by=(Referral.current_due_at, Referral.id),
            limit=limit,
        )
        found = []
        for view in views:
            # Loaded by the query above: the session's identity map answers without SQL.
            referral = uow.session.get_one(Referral, view.referral_id)
            assert referral.current_due_at is not None and view.status.facts.running_deadline
            found.append(
                OverdueAtInstitution(
                    referral=view,
                    deadline=view.status.facts.running_deadline,
                    due_at=referral.current_due_at,
                    escalation_level=referral.escalation_level,
                )
            )
        uow.audit(
            actor, AuditAction.REFERRAL_INBOX_READ, uow.session.get_one(Member, institution_id)
        )
        uow.commit()
        return found


def read_referral(
    uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID
) -> ReferralView | InstitutionReferralView:
    """A referral as the actor may see it: its institution's focal point gets the institution
    view, staff of the issuing NGO the full one; anyone else NotFound."""
    if actor.role is Role.FOCAL_POINT:
        return institution_referral(uow, actor=actor, referral_id=referral_id)
    return get_referral(uow, actor=actor, referral_id=referral_id)
