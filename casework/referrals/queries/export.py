"""An NGO's referrals for its supervisor's spreadsheet: one plain row per referral, of codes and
dates only (docs/interop.md, "CSV"). The columns are selected one by one, so that no free-text
note, no identity and no UIC hash can reach an export by a change elsewhere."""

from datetime import date, datetime, tzinfo
from typing import NamedTuple

from sqlalchemy import select

from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.beneficiaries.model import Beneficiary
from casework.cases.model import Case
from casework.errors import PermissionDenied
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.referrals.model import Referral
from casework.referrals.queries.institution import InboxFilter
from casework.referrals.reasons import ReferralOutcome
from casework.referrals.states import ReferralStatus
from casework.uow import UnitOfWork


class ReferralRow(NamedTuple):
    """Moments in the region's time zone; codes as casework stores them."""

    display_code: str  # the NGO's own code for the beneficiary
    serial: str | None
    service: ServiceCode
    institution: str  # the member's name
    created_at: datetime
    requested_at: datetime | None
    accepted_at: datetime | None
    completed_at: datetime | None
    closed_at: datetime | None
    valid_until: date | None
    status: ReferralStatus
    status_reason: str | None  # a code of casework/referrals/reasons.py
    outcome: ReferralOutcome | None


class ReferralExport(NamedTuple):
    ngo_id: int
    day: date  # the local day it was read: the file is named after the NGO and this day
    rows: list[ReferralRow]


def referrals_for_export(
    uow: UnitOfWork,
    *,
    actor: Actor,
    issued_from: date | None = None,
    issued_to: date | None = None,
) -> ReferralExport:
    """The referrals of the supervisor's NGO issued on the local days `issued_from` to
    `issued_to` (both included, either open; a draft was issued on none), oldest first and
    in serial order within a moment; one audited read."""
    if actor.role is not Role.SUPERVISOR or actor.organisation_id is None:
        raise PermissionDenied(
            "referral.export_supervisors_only", "only an NGO's supervisors export its referrals"
        )
    days = InboxFilter(issued_from=issued_from, issued_to=issued_to)
    conditions = [Referral.ngo_id == actor.organisation_id, *days.conditions(uow.calendar)]
    zone = uow.calendar.zone
    with uow:
        ngo = uow.session.get_one(Member, actor.organisation_id)
        found = uow.session.execute(
            select(
                Beneficiary.display_code,
                Referral.serial,
                Referral.service,
                Member.name,
                Referral.created_at,
                Referral.requested_at,
                Referral.accepted_at,
                Referral.completed_at,
                Referral.closed_at,
                Referral.valid_until,
                Referral.status,
                Referral.status_reason,
                Referral.outcome,
            )
            .join(Member, Member.id == Referral.institution_id)
            .join(Case, Case.id == Referral.case_id)
            .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
            .where(*conditions)
            .order_by(Referral.created_at, Referral.serial, Referral.id)
        ).all()
        rows = [ReferralRow._make(_local(value, zone) for value in row) for row in found]
        uow.audit(actor, AuditAction.REFERRALS_EXPORTED, ngo)
        uow.commit()
        return ReferralExport(ngo.id, uow.calendar.today(uow.now()), rows)


def _local(value: object, zone: tzinfo) -> object:
    """A moment in the region's time, as its people read it; anything else as it is."""
    return value.astimezone(zone) if isinstance(value, datetime) else value
