"""Read models of referrals: what the issuing NGO, its supervisors, the form, an institution
and anyone holding a genuine form may see."""

import re
import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import get_type_hints

from casework.network.districts import District
from casework.network.services import ServiceCode
from casework.privacy.display_codes import ALPHABET
from casework.referrals.model import Referral
from casework.referrals.reasons import ReferralOutcome, reason_of
from casework.referrals.serials import is_valid_serial
from casework.referrals.states import ReferralStatus, ReportOutcome, Urgency

_DISPLAY_CODE = re.compile(f"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


@dataclass(frozen=True)
class ReferralView:
    id: uuid.UUID
    case_id: uuid.UUID
    serial: str | None
    service: ServiceCode
    urgency: Urgency
    status: ReferralStatus
    status_reason: str | None  # a code of casework/referrals/reasons.py
    status_note: str | None
    outcome: ReferralOutcome | None  # once closed
    suggested_member_id: int | None  # where a declining institution suggests to go instead
    ngo_id: int
    institution_id: int
    requested_at: datetime | None
    valid_until: date | None
    accept_due_at: datetime | None
    complete_due_at: datetime | None
    accepted_at: datetime | None
    completed_at: datetime | None
    escalation_level: int
    reissued_as_id: uuid.UUID | None  # the referral issued in its place on a new form
    reissuable: bool  # its form lapsed unused and it was not reissued yet

    @classmethod
    def of(cls, r: Referral, *, today: date) -> "ReferralView":
        return cls(
            id=r.id,
            case_id=r.case_id,
            serial=r.serial,
            service=r.service,
            urgency=r.urgency,
            status=r.status,
            status_reason=r.status_reason,
            status_note=r.status_note,
            outcome=r.outcome,
            suggested_member_id=r.suggested_member_id,
            ngo_id=r.ngo_id,
            institution_id=r.institution_id,
            requested_at=r.requested_at,
            valid_until=r.valid_until,
            accept_due_at=r.accept_due_at,
            complete_due_at=r.complete_due_at,
            accepted_at=r.accepted_at,
            completed_at=r.completed_at,
            escalation_level=r.escalation_level,
            reissued_as_id=r.reissued_as_id,
            reissuable=r.reissuable(today),
        )

    @property
    def reason(self) -> StrEnum | None:
        """The coded reason, to show in words (the `label` filter)."""
        return reason_of(self.status, self.status_reason)


@dataclass(frozen=True)
class OpenColumn:
    """A status, or the referrals of that status already past their deadline."""

    status: ReferralStatus
    overdue: bool


@dataclass(frozen=True)
class OpenTable:
    """Open referrals by receiving institution (rows) and status (columns), the overdue ones
    in a column of their own beside their status's: one table, so that suppression sees
    every count the page shows."""

    institutions: list[str]
    columns: tuple[OpenColumn, ...]
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    total: str
    suppressed: bool  # counts 1 to 9 read "<10" (seen from outside the owning NGO)


@dataclass(frozen=True)
class ClosingColumn:
    """A column of the closed table (casework.governance.reports.closures.CLOSINGS): its
    outcome column and, for a decline or a cancellation, the code it closed with."""

    outcome: ReportOutcome
    reason: StrEnum | None


@dataclass(frozen=True)
class ClosedTable:
    """Referrals closed lately (queries.dashboard.CLOSED_DAYS) by receiving institution (rows)
    and why they closed (columns), counted once and suppressed with the open table; every other
    total of the same referrals is a sum of its shown cells (privacy.figures.sum_of_shown)."""

    institutions: list[str]
    columns: tuple[ClosingColumn, ...]
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]  # by code (declines and cancellations), delivered and lapsed
    total: str
    by_outcome: list[tuple[ReportOutcome, int, str]]  # outcome column, its width, its total
    by_outcome_code: dict[ReferralOutcome, str]  # what became of them, closed-loop


@dataclass(frozen=True)
class OverdueReferral:
    referral_id: uuid.UUID
    case_id: uuid.UUID | None  # only for the issuing NGO's staff, who may open the case
    serial: str | None
    service: ServiceCode
    status: ReferralStatus
    institution: str
    ngo: str
    due_at: datetime
    escalation_level: int
    flow_run_id: str | None  # the referral's latest flow run, to open in the Prefect UI


@dataclass(frozen=True)
class Dashboard:
    scope: str  # the NGO's name, or the network's
    open: OpenTable
    closed: ClosedTable
    overdue: list[OverdueReferral]  # only to those who may see these referrals: their NGO


@dataclass(frozen=True)
class Guarantees:
    """What the memorandum promises the bearer for this service's category."""

    anonymous: bool
    voluntary: bool
    free: bool


@dataclass(frozen=True)
class ReferralForm:
    """Exactly what the form shows: no name, no UIC; the beneficiary is the receiving
    institution's own code (casework.beneficiaries.pseudonyms.institution_code)."""

    referral_id: uuid.UUID
    serial: str
    network_code: str
    network_name: str
    memorandum_version: int
    memorandum_signed_on: date
    guarantees: Guarantees
    ngo_id: int
    ngo_name: str
    institution_id: int
    institution_name: str
    service: ServiceCode
    urgency: Urgency
    issued_on: date
    valid_until: date
    institution_code: str
    slip_code: str
    ngo_language: str | None  # the language the NGO prints in, unless a request asks another
    # Where to go and when, and whom to call back: the directory's entries (None: not kept).
    institution_district: District | None = None
    institution_address: str | None = None
    institution_opening_hours: str | None = None
    institution_contact: str | None = None
    ngo_phone: str | None = None


class Serial(str):
    """A form serial with a valid check digit, and nothing else."""

    def __new__(cls, value: str) -> "Serial":
        if not is_valid_serial(value) or value != value.strip().upper():
            raise ValueError("not a form serial")
        return super().__new__(cls, value)


class DisplayCode(str):
    """A code that stands for a beneficiary (XXXX-XXXX), and nothing else."""

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
    valid_until: date | None
    display_code: DisplayCode  # this institution's own code for the beneficiary
    issuing_ngo_id: int
    status: ReferralStatus  # a cancellation shows as "cancelled", never with its reason

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
            valid_until=referral.valid_until,
            display_code=DisplayCode(display_code),
            issuing_ngo_id=referral.ngo_id,
            status=referral.status,
        )


def _runtime_types(annotation) -> tuple[type, ...]:
    return tuple(getattr(annotation, "__args__", (annotation,)))


_ALLOWED = {
    name: _runtime_types(hint) for name, hint in get_type_hints(InstitutionReferralView).items()
}


@dataclass(frozen=True)
class PublicReferralStatus:
    serial: str
    status: ReferralStatus
    service: ServiceCode
    ngo_id: int
    institution_id: int
    institution_name: str
    issued_on: date
    valid_until: date
