"""The published code lists a referral's steps take beside optional free text: why an
institution declines, why an NGO cancels, why a service is put on hold, and what became of
the referral (closed-loop practice). Reports and dashboards count by these codes; their words
are in texts/labels.py, served translated by `GET /api/v1/reason-codes`."""

from enum import StrEnum


class RejectReason(StrEnum):
    """Why an institution declines a referral."""

    SERVICE_NOT_OFFERED = "service_not_offered"
    NO_CAPACITY = "no_capacity"
    NOT_ELIGIBLE = "not_eligible"
    FORM_INVALID = "form_invalid"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    OTHER = "other"


class CancelReason(StrEnum):
    """Why the issuing NGO cancels a referral."""

    CLIENT_DECLINED = "client_declined"
    NEED_MET_ELSEWHERE = "need_met_elsewhere"
    ISSUED_IN_ERROR = "issued_in_error"
    CLIENT_UNREACHABLE = "client_unreachable"
    OTHER = "other"


class HoldReason(StrEnum):
    """Why an institution puts a started service on hold (FHIR Task `on-hold`)."""

    AWAITING_CLIENT = "awaiting_client"
    AWAITING_RESULTS = "awaiting_results"
    AWAITING_DOCUMENTS = "awaiting_documents"
    CAPACITY = "capacity"
    OTHER = "other"


class ReferralOutcome(StrEnum):
    """What became of a referral for the beneficiary, closed-loop style."""

    SERVICE_RECEIVED = "service_received"
    CLIENT_DECLINED = "client_declined"
    NOT_ELIGIBLE = "not_eligible"
    NO_CAPACITY = "no_capacity"
    COULD_NOT_REACH = "could_not_reach"
    OTHER = "other"
