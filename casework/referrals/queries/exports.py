"""What the network's exports read (interop/: FHIR R4 for now): plain records of the columns
they map, never ORM objects, and never a name, a phone or UIC letters. A beneficiary is its
NGO's pseudonymous display code; the whole export is one audited read."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Select, select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.model import Beneficiary, Consent, ConsentPurpose
from casework.cases.model import Case
from casework.errors import NotFound
from casework.network.model import Member, MemberKind, MemberService, Network
from casework.network.services import ServiceCode
from casework.referrals.model import Referral
from casework.referrals.reasons import ReferralOutcome, reason_of
from casework.referrals.states import ReferralStatus, Urgency
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class MemberRecord:
    id: int
    name: str  # the institution's public name
    kind: MemberKind
    active: bool  # a member today


@dataclass(frozen=True)
class OfferedService:
    member_id: int
    service: ServiceCode


@dataclass(frozen=True)
class ReferralRecord:
    """A referral as a Task and its ServiceRequest carry it: the coded reason, never the note."""

    id: uuid.UUID
    serial: str | None
    service: ServiceCode
    urgency: Urgency
    status: ReferralStatus
    status_reason: str | None  # a code of casework/referrals/reasons.py
    outcome: ReferralOutcome | None
    ngo_id: int
    institution_id: int
    created_at: datetime
    requested_at: datetime | None
    updated_at: datetime
    valid_until: date | None
    attested_anonymous: bool | None
    attested_free: bool | None
    attested_voluntary: bool | None

    @property
    def reason(self) -> StrEnum | None:
        return reason_of(self.status, self.status_reason)


# The columns of a ReferralRecord, in its fields' order.
RECORD_COLUMNS = (
    Referral.id,
    Referral.serial,
    Referral.service,
    Referral.urgency,
    Referral.status,
    Referral.status_reason,
    Referral.outcome,
    Referral.ngo_id,
    Referral.institution_id,
    Referral.created_at,
    Referral.requested_at,
    Referral.updated_at,
    Referral.valid_until,
    Referral.attested_anonymous,
    Referral.attested_free,
    Referral.attested_voluntary,
)


@dataclass(frozen=True)
class ExportedReferral:
    record: ReferralRecord
    beneficiary_id: uuid.UUID


@dataclass(frozen=True)
class BeneficiaryRecord:
    id: uuid.UUID
    ngo_id: int
    display_code: str  # the NGO's own pseudonymous code (XXXX-XXXX)


@dataclass(frozen=True)
class ConsentRecord:
    """A beneficiary's latest consent to one purpose (and member, when it names one)."""

    beneficiary_id: uuid.UUID
    purpose: ConsentPurpose
    member_id: int | None
    granted_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class NetworkExport:
    members: list[MemberRecord]
    services: list[OfferedService]
    referrals: list[ExportedReferral]
    beneficiaries: list[BeneficiaryRecord]
    consents: list[ConsentRecord]


def member_records(uow: UnitOfWork, *conditions) -> list[MemberRecord]:
    """The members the conditions choose, by id, each active if a member today."""
    today = uow.calendar.today(uow.now())
    return [
        MemberRecord(m.id, m.name, m.kind, m.is_member_on(today))
        for m in uow.session.scalars(select(Member).where(*conditions).order_by(Member.id))
    ]


def network_export(
    uow: UnitOfWork, *, actor: Actor, network_id: int, since: date | None = None
) -> NetworkExport:
    """A network's members, services, referrals, beneficiaries and consents, in one audited
    read. `since` keeps the referrals changed from that local day on, and only the
    beneficiaries and consents they need."""
    with uow:
        session = uow.session
        network = session.get(Network, network_id)
        if network is None:
            raise NotFound(
                "network.not_found", "network {network_id} not found", network_id=network_id
            )
        members = member_records(uow, Member.network_id == network_id)
        services = [
            OfferedService(member_id, service)
            for member_id, service in session.execute(
                select(MemberService.member_id, MemberService.service)
                .join(Member, Member.id == MemberService.member_id)
                .where(Member.network_id == network_id)
                .order_by(MemberService.member_id, MemberService.service)
            )
        ]
        chosen = [Referral.network_id == network_id]
        if since is not None:
            chosen.append(Referral.updated_at >= uow.calendar.day_start(since))
        referrals = [
            ExportedReferral(ReferralRecord(*row[:-1]), row[-1])
            for row in session.execute(
                select(*RECORD_COLUMNS, Case.beneficiary_id)
                .join(Case, Case.id == Referral.case_id)
                .where(*chosen)
                .order_by(Referral.updated_at, Referral.id)
            )
        ]
        people = _beneficiaries_needed(network_id, chosen if since is not None else None)
        beneficiaries = [
            BeneficiaryRecord(*row)
            for row in session.execute(
                select(Beneficiary.id, Beneficiary.ngo_id, Beneficiary.display_code)
                .where(Beneficiary.id.in_(people))
                .order_by(Beneficiary.id)
            )
        ]
        latest: dict[tuple, ConsentRecord] = {}
        for row in session.execute(
            select(
                Consent.beneficiary_id,
                Consent.purpose,
                Consent.member_id,
                Consent.granted_at,
                Consent.revoked_at,
            )
            .where(Consent.beneficiary_id.in_(people))
            .order_by(Consent.granted_at, Consent.id)
        ):
            consent = ConsentRecord(*row)
            latest[(consent.beneficiary_id, consent.purpose, consent.member_id)] = consent
        uow.audit(actor, AuditAction.NETWORK_FHIR_EXPORTED, network)
        uow.commit()
        return NetworkExport(members, services, referrals, beneficiaries, list(latest.values()))


def _beneficiaries_needed(network_id: int, referrals_chosen: list | None) -> Select:
    """The beneficiaries of the chosen referrals, or (choosing none) of the network's NGOs."""
    if referrals_chosen is None:
        return (
            select(Beneficiary.id)
            .join(Member, Member.id == Beneficiary.ngo_id)
            .where(Member.network_id == network_id)
        )
    return (
        select(Case.beneficiary_id)
        .join(Referral, Referral.case_id == Case.id)
        .where(*referrals_chosen)
    )
