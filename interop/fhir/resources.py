"""One FHIR R4 resource (a dict) per read-model record. `ref(type, id)` says how a resource
names another: the export points inside its bundle, the API at its own endpoints."""

from collections.abc import Callable
from datetime import UTC, date, datetime

from casework.network.services import ServiceCode
from casework.referrals.queries.exports import (
    BeneficiaryRecord,
    ConsentRecord,
    MemberRecord,
    OfferedService,
    ReferralRecord,
)
from interop.fhir import codes

Ref = Callable[[str, str], str]


def instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def healthcare_service_id(member_id: int, service: ServiceCode) -> str:
    return f"{member_id}-{service.value.replace('_', '-')}"  # a FHIR id has no underscore


def consent_id(consent: ConsentRecord) -> str:
    """One Consent per beneficiary, purpose (and member named): stable across grants."""
    parts = [str(consent.beneficiary_id), consent.purpose.value.replace("_", "-")]
    if consent.member_id is not None:
        parts.append(str(consent.member_id))
    return ".".join(parts)


def reference(ref: Ref, kind: str, id: object) -> dict:
    return {"reference": ref(kind, str(id))}


def organization(member: MemberRecord) -> dict:
    return {
        "resourceType": "Organization",
        "id": str(member.id),
        "identifier": [{"system": codes.MEMBER_ID, "value": str(member.id)}],
        "active": member.active,
        "type": [
            {
                "coding": [
                    {
                        "system": codes.ORGANIZATION_TYPE,
                        "code": codes.ORGANIZATION_TYPE_OF[member.kind],
                    },
                    codes.coding(member.kind),
                ]
            }
        ],
        "name": member.name,
    }


def healthcare_service(offered: OfferedService, *, active: bool, ref: Ref) -> dict:
    return {
        "resourceType": "HealthcareService",
        "id": healthcare_service_id(offered.member_id, offered.service),
        "active": active,
        "providedBy": reference(ref, "Organization", offered.member_id),
        "category": [codes.concept(offered.service.category)],
        "type": [codes.concept(offered.service)],
    }


def patient(beneficiary: BeneficiaryRecord) -> dict:
    """Only the NGO's pseudonymous code: no name, birth date, gender or anything else."""
    return {
        "resourceType": "Patient",
        "id": str(beneficiary.id),
        "identifier": [{"system": codes.NGO_DISPLAY_CODE, "value": beneficiary.display_code}],
    }


def _serial(record: ReferralRecord) -> list[dict]:
    return [] if record.serial is None else [{"system": codes.FORM_SERIAL, "value": record.serial}]


def service_request(record: ReferralRecord, *, subject: dict, ref: Ref) -> dict:
    """`subject` is the Reference to the person: the export's Patient, or the institution's
    own code for them in its feed."""
    resource = {
        "resourceType": "ServiceRequest",
        "id": str(record.id),
        "meta": {"lastUpdated": instant(record.updated_at)},
        "identifier": _serial(record),
        "status": codes.SERVICE_REQUEST_STATUS[record.status],
        "intent": "order",
        "category": [codes.concept(record.service.category)],
        "priority": codes.PRIORITY[record.urgency],
        "code": codes.concept(record.service),
        "subject": subject,
        "authoredOn": instant(record.requested_at or record.created_at),
        "requester": reference(ref, "Organization", record.ngo_id),
        "performer": [reference(ref, "Organization", record.institution_id)],
    }
    return _without_empty(resource)


def task(record: ReferralRecord, *, subject: dict, ref: Ref) -> dict:
    """The referral's step: its status and coded reason (never the free-text note), the
    institution's attestations and the outcome, and the form's validity. `subject` is for
    whom, as in its ServiceRequest."""
    reason = record.reason
    resource = {
        "resourceType": "Task",
        "id": str(record.id),
        "meta": {"lastUpdated": instant(record.updated_at)},
        "identifier": _serial(record),
        "status": record.status.facts.fhir_code,
        "statusReason": None if reason is None else codes.concept(reason),
        "intent": "order",
        "priority": codes.PRIORITY[record.urgency],
        "code": {
            "coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]
        },
        "focus": reference(ref, "ServiceRequest", record.id),
        "for": subject,
        "authoredOn": instant(record.requested_at or record.created_at),
        "lastModified": instant(record.updated_at),
        "requester": reference(ref, "Organization", record.ngo_id),
        "owner": reference(ref, "Organization", record.institution_id),
        "restriction": _validity(record.requested_at, record.valid_until),
        "output": _outputs(record),
    }
    return _without_empty(resource)


def _validity(issued: datetime | None, valid_until: date | None) -> dict | None:
    period = {}
    if issued is not None:
        period["start"] = instant(issued)
    if valid_until is not None:
        period["end"] = valid_until.isoformat()
    return {"period": period} if period else None


def _outputs(record: ReferralRecord) -> list[dict]:
    attested = {
        "anonymous": record.attested_anonymous,
        "free": record.attested_free,
        "voluntary": record.attested_voluntary,
    }
    outputs = [
        {"type": _output_type(name), "valueBoolean": value}
        for name, value in attested.items()
        if value is not None
    ]
    if record.outcome is not None:
        outputs.append(
            {"type": _output_type("outcome"), "valueCodeableConcept": codes.concept(record.outcome)}
        )
    return outputs


def _output_type(code: str) -> dict:
    return {"coding": [{"system": codes.TASK_OUTPUT, "code": code}]}


def consent(consent: ConsentRecord, *, ngo_id: int, ref: Ref) -> dict:
    """A beneficiary's consent to one purpose, recorded by its NGO: permitted from its grant
    until its revocation. An opt-in to privacy (sharing) rather than to treatment."""
    period = {"start": instant(consent.granted_at)}
    if consent.revoked_at is not None:
        period["end"] = instant(consent.revoked_at)
    provision: dict = {
        "type": "permit",
        "period": period,
        "purpose": [codes.coding(consent.purpose)],
    }
    if consent.member_id is not None:
        provision["actor"] = [
            {
                "role": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                            "code": "IRCP",  # information recipient
                        }
                    ]
                },
                "reference": reference(ref, "Organization", consent.member_id),
            }
        ]
    return {
        "resourceType": "Consent",
        "id": consent_id(consent),
        "status": "active" if consent.revoked_at is None else "inactive",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [
            {
                "coding": [
                    {"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}
                ]
            }
        ],
        "patient": reference(ref, "Patient", consent.beneficiary_id),
        "dateTime": instant(consent.granted_at),
        "organization": [reference(ref, "Organization", ngo_id)],
        "policyRule": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}
            ]
        },
        "provision": provision,
    }


def _without_empty(resource: dict) -> dict:
    """FHIR has no empty elements: leave out what a record does not have."""
    return {key: value for key, value in resource.items() if value not in (None, [], {})}
