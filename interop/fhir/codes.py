"""The code lists a FHIR resource of ours is coded in: FHIR's own where one fits (Task and
ServiceRequest status, consent scope), ours for the engine's lists, one system per list, so
that a code is read in the list it was given from (the lists share `other`)."""

from enum import StrEnum

from casework.beneficiaries.model import ConsentPurpose
from casework.network.model import MemberKind
from casework.network.services import ServiceCategory, ServiceCode
from casework.referrals.reasons import (
    CancelReason,
    EngineReason,
    HoldReason,
    ReferralOutcome,
    RejectReason,
)
from casework.referrals.states import ReferralStatus, Urgency

# Names our code lists and identifiers; a name, never fetched (docs/interop.md).
CANONICAL = "https://referral-engine.example/fhir"

FORM_SERIAL = f"{CANONICAL}/sid/form-serial"
MEMBER_ID = f"{CANONICAL}/sid/member"
NGO_DISPLAY_CODE = f"{CANONICAL}/sid/display-code"  # the issuing NGO's code for a person


def institution_code_system(institution_id: int) -> str:
    """Each institution's codes for people are its own namespace: they link to nothing else."""
    return f"{CANONICAL}/sid/institution-code/{institution_id}"


SYSTEM_OF: dict[type[StrEnum], str] = {
    RejectReason: f"{CANONICAL}/CodeSystem/reject-reason",
    CancelReason: f"{CANONICAL}/CodeSystem/cancel-reason",
    HoldReason: f"{CANONICAL}/CodeSystem/hold-reason",
    EngineReason: f"{CANONICAL}/CodeSystem/engine-reason",
    ReferralOutcome: f"{CANONICAL}/CodeSystem/referral-outcome",
    ServiceCode: f"{CANONICAL}/CodeSystem/service",
    ServiceCategory: f"{CANONICAL}/CodeSystem/service-category",
    MemberKind: f"{CANONICAL}/CodeSystem/member-kind",
    ConsentPurpose: f"{CANONICAL}/CodeSystem/consent-purpose",
}
TASK_OUTPUT = f"{CANONICAL}/CodeSystem/task-output"  # anonymous, free, voluntary, outcome

# FHIR R4 request-status of the ServiceRequest behind each referral status (its Task carries
# the status itself: ReferralStatus.facts.fhir_code).
SERVICE_REQUEST_STATUS: dict[ReferralStatus, str] = {
    ReferralStatus.DRAFT: "draft",
    ReferralStatus.REQUESTED: "active",
    ReferralStatus.ACCEPTED: "active",
    ReferralStatus.IN_PROGRESS: "active",
    ReferralStatus.ON_HOLD: "on-hold",
    ReferralStatus.COMPLETED: "completed",
    ReferralStatus.REJECTED: "revoked",
    ReferralStatus.CANCELLED: "revoked",
    ReferralStatus.FAILED: "revoked",
}
PRIORITY: dict[Urgency, str] = {Urgency.ROUTINE: "routine", Urgency.URGENT: "urgent"}

# http://terminology.hl7.org/CodeSystem/organization-type
ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
ORGANIZATION_TYPE_OF: dict[MemberKind, str] = {
    MemberKind.GOVERNMENT: "govt",
    MemberKind.NGO: "cg",  # community group
    MemberKind.MEDIA: "other",
}


def coding(code: StrEnum) -> dict:
    return {"system": SYSTEM_OF[type(code)], "code": code.value}


def concept(code: StrEnum) -> dict:
    return {"coding": [coding(code)]}
